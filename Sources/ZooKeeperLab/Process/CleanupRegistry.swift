import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes sure no lab JVM outlives the process that started it, whatever way that process ends.
///
/// Two layers: an `atexit` handler kills every registered JVM when the process exits normally (a test
/// failure included), and a per-lab watchdog shell kills them when the process dies abnormally (a crash,
/// SIGKILL) — it polls the owner PID and a marker file that `shutdown()` removes.
final class CleanupRegistry: @unchecked Sendable {
    static let shared = CleanupRegistry()

    private let lock = NSLock()
    private var pids: [pid_t: String] = [:]
    private var helpers: [pid_t: String] = [:]
    private var directoriesToRemove: Set<String> = []
    private var installed = false

    /// Records a running JVM of the lab at `directory`.
    func register(pid: pid_t, directory: String) {
        lock.withLock {
            pids[pid] = directory
            if !installed {
                installed = true
                atexit { CleanupRegistry.shared.killEverything() }
            }
        }
    }

    /// Records a helper process (a `LabProcess`), identified by its executable path for the exit-time check.
    func registerHelper(pid: pid_t, executable: String) {
        lock.withLock {
            helpers[pid] = executable
            if !installed {
                installed = true
                atexit { CleanupRegistry.shared.killEverything() }
            }
        }
    }

    /// Forgets a JVM or helper that was stopped on purpose (or exited).
    func unregister(pid: pid_t) {
        lock.withLock {
            pids.removeValue(forKey: pid)
            helpers.removeValue(forKey: pid)
        }
    }

    /// Marks a lab directory for removal at exit, if its lab was not shut down.
    func removeAtExit(_ directory: String, _ remove: Bool) {
        lock.withLock {
            if remove { directoriesToRemove.insert(directory) } else { directoriesToRemove.remove(directory) }
        }
    }

    /// Exit handler: SIGKILL (after SIGCONT) every registered JVM that is still that lab's JVM.
    func killEverything() {
        let (victims, helperVictims, directories) = lock.withLock {
            let snapshot = (pids, helpers, directoriesToRemove)
            pids = [:]
            helpers = [:]
            directoriesToRemove = []
            return snapshot
        }
        for (pid, directory) in victims where ProcessControl.isLabJVM(pid, directory: directory) {
            ProcessControl.send(SIGCONT, to: pid)
            ProcessControl.send(SIGKILL, to: pid)
        }
        // Helpers are our children: if the PID is still ours (not reaped), it cannot have been reused.
        for (pid, executable) in helperVictims where ProcessControl.commandLine(of: pid)?.first == executable {
            ProcessControl.send(SIGCONT, to: pid)
            ProcessControl.send(SIGKILL, to: pid)
        }
        for pid in Array(victims.keys) + Array(helperVictims.keys) {
            _ = ProcessControl.waitForExitBlocking(pid, timeout: .seconds(5))
        }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The marker file whose removal tells the watchdog that the lab was shut down properly.
    static func ownerMarker(directory: String) -> String { directory + "/.owner" }

    /// Starts the watchdog shell of one lab. It exits by itself once the marker file is gone.
    /// `owner` is this process except in the watchdog's own test.
    static func startWatchdog(directory: String, removeDirectory: Bool, owner: pid_t = getpid()) -> pid_t? {
        let marker = ownerMarker(directory: directory)
        guard FileManager.default.createFile(atPath: marker, contents: Data("\(owner)\n".utf8)) else { return nil }
        let script = """
            owner="$1"; dir="$2"; marker="$3"; remove="$4"
            while [ -e "$marker" ] && kill -0 "$owner" 2>/dev/null; do sleep 1; done
            [ -e "$marker" ] || exit 0
            for f in "$dir"/*/pid; do
              [ -r "$f" ] || continue
              p=$(cat "$f")
              if tr '\\0' '\\n' < "/proc/$p/cmdline" 2>/dev/null | grep -qxF -- "-Dzkscope.lab=$dir"; then
                kill -CONT "$p"; kill -KILL "$p"
              fi
            done
            rm -f "$marker"
            [ "$remove" = 1 ] && rm -rf -- "$dir"
            exit 0
            """
        return try? Spawner.spawn(
            executable: "/bin/sh",
            arguments: [
                "-c", script, "zkscope-lab-watchdog", "\(owner)", directory, marker, removeDirectory ? "1" : "0",
            ],
            logPath: "/dev/null", newSession: true)
    }
}
