import EnsembleCore
import Foundation
import Glibc

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/zkscope-timeline-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? NSTemporaryDirectory() + "/zkscope-timeline-\(UUID().uuidString)"
    }

    /// The state directory the tests use (not yet created: the store creates it).
    var state: String { path + "/state" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Events like the monitor makes.
enum Events {
    static func restart(_ member: String, at time: Double) -> TimelineEvent {
        TimelineEvent(
            time: time, kind: .memberRestarted(.processRestart), members: [member],
            message: "\(member) restarted: uptime and per-process counters started over",
            evidence: ["uptime_before_ms": "90000", "uptime_after_ms": "1200"])
    }

    static func leader(_ from: String?, _ to: String?, at time: Double) -> TimelineEvent {
        TimelineEvent(
            time: time, kind: .leaderChanged(from: from, to: to), members: [from, to].compactMap { $0 },
            message: "Leader is now \(to ?? "?")")
    }

    static func raised(_ member: String, at time: Double) -> TimelineEvent {
        let finding = Finding(
            code: .memberDown, severity: .warning, members: [member], message: "\(member) refuses connections",
            evidence: ["refused_polls": "3"], remedy: "start it")
        return TimelineEvent(
            time: time, kind: .findingRaised(finding), members: [member],
            message: "warning member-down: \(member) refuses connections")
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o777 : nil
    }
}
