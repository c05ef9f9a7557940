import Foundation
import ZooKeeperAdmin

@testable import EnsembleCore

/// Loads real captures from `Fixtures/` (copied from zookeeper-facts; ZooKeeper 3.8.0 output).
enum Capture {
    static func text(_ path: String) throws -> String {
        guard let base = Bundle.module.resourceURL else { throw Missing(path: path) }
        return String(
            decoding: try Data(contentsOf: base.appendingPathComponent("Fixtures").appendingPathComponent(path)),
            as: UTF8.self)
    }

    struct Missing: Error { var path: String }

    /// Parses the given capture files (or literal texts) into one poll's replies.
    static func replies(
        srvr: String? = nil, mntr: String? = nil, conf: String? = nil, hash: String? = nil,
        zabstate: String? = nil, isro: String? = nil, srvrText: String? = nil, mntrText: String? = nil
    ) throws -> MemberReplies {
        var replies = MemberReplies()
        if let text = try srvrText ?? srvr.map(text) { replies.srvr = ProbeResult { try ServerStatsReply.parse(text) } }
        if let text = try mntrText ?? mntr.map(text) { replies.mntr = ProbeResult { try MonitorReply.parse(text) } }
        if let conf {
            let body = try text(conf)
            replies.conf = ProbeResult { try ConfReply.parse(body) }
        }
        if let hash {
            let body = try text(hash)
            replies.hash = ProbeResult { try HashReply.parse(body) }
        }
        if let zabstate {
            let body = try text(zabstate)
            replies.adminZabState = ProbeResult { try ZabStateReply.parse(body) }
        }
        if let isro {
            let body = try text(isro)
            replies.isro = ProbeResult { try ReadOnlyReply.parse(body) }
        }
        return replies
    }

    /// A member whose client port refuses connections.
    static var down: MemberReplies {
        var replies = MemberReplies()
        replies.srvr = .unreachable(.connectionRefused)
        replies.mntr = .unreachable(.connectionRefused)
        return replies
    }

    /// A member that accepts but never answers.
    static var hung: MemberReplies {
        var replies = MemberReplies()
        replies.srvr = .unreachable(.timedOut)
        replies.mntr = .unreachable(.timedOut)
        return replies
    }

    /// A LOOKING member (the real not-serving text).
    static var looking: MemberReplies {
        var replies = MemberReplies()
        replies.srvr = ProbeResult { try ServerStatsReply.parse(ReplyClassifier.notServingText + "\n") }
        replies.mntr = ProbeResult { try MonitorReply.parse(ReplyClassifier.notServingText + "\n") }
        return replies
    }
}

/// Loopback endpoint for lab member N (client port 2180+N), as in the facts lab.
func lab(_ n: Int, expectedID: Int? = nil) -> MemberEndpoint {
    MemberEndpoint(host: "127.0.0.1", clientPort: 2180 + n, expectedID: expectedID)
}

/// Builds a history from rounds of (member number, replies); consecutive rounds are `interval` apart.
func history(
    _ rounds: [[(Int, MemberReplies)]], interval: Double = 2, start: Double = 100
) -> SnapshotHistory {
    var result = SnapshotHistory(capacity: 100)
    var last: [Int: MemberSnapshot] = [:]
    for (index, round) in rounds.enumerated() {
        let time = start + Double(index) * interval
        var members: [MemberSnapshot] = []
        for (n, replies) in round {
            let snapshot = MemberSnapshot.assemble(endpoint: lab(n), time: time, replies: replies, previous: last[n])
            last[n] = snapshot
            members.append(snapshot)
        }
        result.append(EnsembleSnapshot(time: time, members: members))
    }
    return result
}

/// The healthy loaded 3-member ensemble of the kill-leader capture, before the kill (zk3 leads).
func healthyRound() throws -> [(Int, MemberReplies)] {
    try (1...3).map { n in
        (n, try Capture.replies(srvr: "kill-leader/before-zk\(n)-srvr.txt", mntr: "kill-leader/before-zk\(n)-mntr.txt"))
    }
}

/// Codes of findings at or above a severity.
func codes(_ findings: [Finding], atLeast severity: Severity = .info) -> Set<String> {
    Set(findings.filter { $0.severity >= severity }.map(\.code.rawValue))
}

/// A capture with one substring replaced (for synthetic variants of real replies).
func edited(_ path: String, _ old: String, _ new: String) throws -> String {
    let text = try Capture.text(path)
    precondition(text.contains(old), "fixture \(path) lacks \(old)")
    return text.replacingOccurrences(of: old, with: new)
}
