import Foundation
import ZooKeeperLab

/// kazoo (python3-kazoo 2.8) as an independent ZooKeeper client: what a real client sees, to check ours
/// and the lab against. Scripts get their arguments in `sys.argv[1:]` (pass `lab.connectString`).
///
/// Always `/usr/bin/python3`: the pyenv python3 on PATH cannot import kazoo. Output is unbuffered (`-u`),
/// so a background script's "READY" line is visible at once.
enum Kazoo {
    /// The Debian interpreter that has kazoo.
    static let python = "/usr/bin/python3"

    /// Runs a script to completion (killed at `timeout`).
    static func run(
        _ script: String, arguments: [String] = [], timeout: Duration = .seconds(60),
        environment extra: [String: String] = [:]
    ) async throws -> WitnessResult {
        try await start(script, arguments: arguments, environment: extra).wait(timeout: timeout)
    }

    /// Starts a long-running script in the background; stop it with `stop()` (or `kill()` to drop its
    /// session without closing it).
    /// `extra` entries are added to the environment (e.g. `KRB5_CONFIG` and `KRB5CCNAME` for Kerberos).
    static func start(
        _ script: String, arguments: [String] = [], environment extra: [String: String] = [:]
    ) throws -> WitnessProcess {
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-kazoo")
        let path = work + "/script.py"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        // The pyenv variables would make /usr/bin/python3 look in the wrong site-packages.
        environment["PYTHONPATH"] = nil
        environment["PYTHONHOME"] = nil
        environment.merge(extra) { $1 }
        return try WitnessRunner.start(
            executable: python, arguments: ["-u", path] + arguments, workDirectory: work, environment: environment)
    }
}
