import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LabEnsemble {
    /// The default directory of `zkscope lab`: `${TMPDIR:-/tmp}/zkscope-lab`.
    public static var defaultDetachedDirectory: String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return base + "/zkscope-lab"
    }

    /// Each member of a detached lab (read from its `lab.json`) with what `srvr` says now.
    public static func detachedStatus(directory: String) async throws -> (LabState, [Int: LabMemberMode]) {
        let state = try LabState.load(directory: directory)
        var modes: [Int: LabMemberMode] = [:]
        await withTaskGroup(of: (Int, LabMemberMode).self) { group in
            for member in state.members {
                let tls = state.security.flatMap { clientTLS(for: member.id, security: $0, directory: state.directory) }
                group.addTask { (member.id, await probe(host: member.host, port: member.clientPort, tls: tls)) }
            }
            for await (id, mode) in group { modes[id] = mode }
        }
        return (state, modes)
    }

    /// Stops a lab started by another process (`zkscope lab up`), by the PIDs in its state file, and
    /// removes its directory. A PID is only signalled if it still is a java process tagged with this
    /// lab's directory. Returns one line per member saying what happened.
    @discardableResult
    public static func stopDetached(directory: String, timeout: Duration = .seconds(15)) async throws -> [String] {
        let state = try LabState.load(directory: directory)
        var lines: [String] = []
        for member in state.members {
            guard let pid = member.pid else {
                lines.append("member \(member.id): not running")
                continue
            }
            guard ProcessControl.isAlive(pid), ProcessControl.isLabJVM(pid, directory: state.directory) else {
                lines.append("member \(member.id): pid \(pid) is gone or no longer this lab's JVM; left alone")
                continue
            }
            let stopped = await ProcessControl.terminate(pid, timeout: timeout)
            lines.append("member \(member.id): pid \(pid) " + (stopped ? "stopped" : "still running after SIGKILL"))
        }
        guard lines.allSatisfy({ !$0.hasSuffix("still running after SIGKILL") }) else {
            throw LabError("some members could not be stopped:\n" + lines.joined(separator: "\n"))
        }
        try? FileManager.default.removeItem(atPath: directory)
        return lines
    }
}
