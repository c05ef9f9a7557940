import Foundation
import ZooKeeperAdmin
import ZooKeeperTLS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LabEnsemble {
    /// What `srvr` on host:port says right now.
    public static func probe(
        host: String, port: Int, timeout: Duration = .seconds(1), tls: TLSSettings? = nil
    ) async -> LabMemberMode {
        do {
            let reply = try await FourLetterWordClient.send(.srvr, host: host, port: port, timeout: timeout, tls: tls)
            return LabMemberMode.parse(srvr: reply)
        } catch .connectionRefused {
            return .down
        } catch {
            return .unreachable(error.description)
        }
    }

    /// What member `id` says through `srvr` right now (`.down` for an unknown id).
    public func mode(of id: Int, timeout: Duration = .seconds(1)) async -> LabMemberMode {
        guard let member = member(id) else { return .down }
        return await LabEnsemble.probe(
            host: member.host, port: member.clientPort, timeout: timeout, tls: clientTLS(for: id))
    }

    /// Every member's mode, probed concurrently.
    public func modes(timeout: Duration = .seconds(1)) async -> [Int: LabMemberMode] {
        let targets = members
        return await withTaskGroup(of: (Int, LabMemberMode).self) { group in
            for member in targets {
                let tls = clientTLS(for: member.id)
                group.addTask {
                    let mode = await LabEnsemble.probe(
                        host: member.host, port: member.clientPort, timeout: timeout, tls: tls)
                    return (member.id, mode)
                }
            }
            var result: [Int: LabMemberMode] = [:]
            for await (id, mode) in group { result[id] = mode }
            return result
        }
    }

    /// The myid of the member whose `srvr` says `Mode: leader`; nil if none does (or, transiently
    /// during a change of leader, the lowest of several).
    public func leaderID() async -> Int? {
        await modes().filter { $0.value == .serving("leader") }.keys.min()
    }

    /// Waits until every listed member (default: all) serves, i.e. `srvr` says leader/follower/standalone.
    /// Throws with each member's state and log tail when the deadline passes or a member's JVM dies.
    public func waitUntilServing(ids: [Int]? = nil, timeout: Duration = .seconds(60)) async throws {
        try await waitFor(ids: ids ?? self.ids, timeout: timeout, what: "serving", detectPortConflicts: false) {
            $0.role != nil
        }
    }

    /// Waits until every listed member answers `srvr` at all (serving or not): its JVM is up.
    public func waitUntilAnswering(ids: [Int]? = nil, timeout: Duration = .seconds(60)) async throws {
        try await waitFor(ids: ids ?? self.ids, timeout: timeout, what: "answering", detectPortConflicts: false) {
            switch $0 {
            case .serving, .notServing: return true
            case .unexpected, .down, .unreachable: return false
            }
        }
    }

    /// Start-up wait: serving for members whose config expects it, answering for the others.
    func waitUntilReady(ids: [Int], timeout: Duration, detectPortConflicts: Bool) async throws {
        let serving = ids.filter { config(of: $0)?.expectServing ?? true }
        let answering = ids.filter { !serving.contains($0) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        try await waitFor(ids: serving, timeout: timeout, what: "serving", detectPortConflicts: detectPortConflicts) {
            $0.role != nil
        }
        try await waitFor(
            ids: answering, timeout: max(deadline - clock.now, .seconds(1)), what: "answering",
            detectPortConflicts: detectPortConflicts
        ) {
            switch $0 {
            case .serving, .notServing: return true
            case .unexpected, .down, .unreachable: return false
            }
        }
    }

    /// The polling loop behind every wait: bounded by the deadline, 100 ms between rounds.
    func waitFor(
        ids: [Int], timeout: Duration, what: String, detectPortConflicts: Bool,
        accept: @Sendable (LabMemberMode) -> Bool
    ) async throws {
        guard !ids.isEmpty else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last: [Int: LabMemberMode] = [:]
        while true {
            let current = await modes(timeout: .milliseconds(800))
            last = current
            let pending = ids.filter { !(current[$0].map(accept) ?? false) }
            if pending.isEmpty { return }
            for id in pending {
                guard let member = member(id) else { throw LabError("no member \(id) in this lab") }
                let tail = LabEnsemble.logTail(member.logPath)
                if detectPortConflicts, tail.contains("Address already in use") {
                    throw PortConflict(detail: "member \(id): \(tail.split(separator: "\n").last ?? "")")
                }
                if let pid = member.pid, !ProcessControl.isAlive(pid) {
                    forget(id, pid: pid)
                    throw LabError(
                        "member \(id) exited while waiting for it to be \(what)\n" + report(ids: [id], modes: current))
                }
                if member.pid == nil {
                    throw LabError("member \(id) is not running, so it cannot become \(what)")
                }
            }
            if clock.now >= deadline {
                throw LabError(
                    "members \(pending) not \(what) after \(timeout)\n" + report(ids: pending, modes: last))
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Each member's state plus the tail of its log, for error messages.
    func report(ids: [Int], modes: [Int: LabMemberMode]) -> String {
        ids.compactMap { id -> String? in
            guard let member = member(id) else { return nil }
            let mode = modes[id].map(\.description) ?? "unknown"
            return "--- member \(id) (\(member.clientAddress), pid \(member.pid.map(String.init) ?? "none")): \(mode); "
                + "last lines of \(member.logPath):\n\(LabEnsemble.logTail(member.logPath))"
        }.joined(separator: "\n")
    }

    /// The last `lines` lines of a log file (reads at most the last 16 KiB).
    public static func logTail(_ path: String, lines: Int = 25) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "(no log at \(path))" }
        defer { try? handle.close() }
        let size = handle.seekToEndOfFile()
        handle.seek(toFileOffset: size > 16_384 ? size - 16_384 : 0)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

extension LabMemberMode {
    /// Reads a `srvr` reply: `Mode: X` means serving; the not-serving sentence means up but not serving.
    public static func parse(srvr reply: String) -> LabMemberMode {
        if reply.contains("This ZooKeeper instance is not currently serving requests") { return .notServing }
        for line in reply.split(whereSeparator: \.isNewline) where line.hasPrefix("Mode:") {
            let mode = line.dropFirst("Mode:".count).trimmingCharacters(in: .whitespaces)
            if !mode.isEmpty { return .serving(mode) }
        }
        return .unexpected(reply)
    }
}
