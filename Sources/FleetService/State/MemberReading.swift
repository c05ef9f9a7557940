import EnsembleCore
import Foundation
import ZooKeeperAdmin

/// What `/metrics` says about one member after one poll round: plain numbers taken out of the round's snapshot and
/// report, so the exposition is a pure function of values (testable without a monitor) and a scrape never touches
/// the monitor's history. A value the member did not report is nil, and its series is left out (the contract:
/// "a member that did not answer has no value for the series it could not report").
public struct MemberReading: Hashable, Sendable {
    /// The member as configured (`host:port`): the `member` label.
    public var address: String
    /// serving, not-serving, down or unresponsive.
    public var state: Reachability
    /// leader, follower, observer, standalone, read-only or unknown.
    public var role: String
    /// The ZooKeeper version the member reported, or "unknown".
    public var version: String
    /// Last zxid, epoch and transactions behind the newest serving member's zxid.
    public var zxid: Int64?
    public var epoch: Int64?
    public var lagTransactions: Int64?
    /// Request latency average and maximum, in seconds (ZooKeeper reports milliseconds).
    public var latencyAverageSeconds: Double?
    public var latencyMaximumSeconds: Double?
    public var outstandingRequests: Int64?
    public var connections: Int64?
    public var sessions: Int64?
    public var ephemerals: Int64?
    public var znodes: Int64?
    public var watches: Int64?
    public var readsPerSecond: Double?
    public var writesPerSecond: Double?
    /// Process restarts seen since `serve` started watching (never elections).
    public var restarts: Int
    /// When the certificate the member presented over TLS expires (Unix seconds); nil when polled in plaintext.
    public var certificateExpiry: Double?

    /// A reading with only the always-present facts; the rest are filled in by the caller or stay nil.
    public init(address: String, state: Reachability, role: String = "unknown", version: String = "unknown") {
        self.address = address
        self.state = state
        self.role = role
        self.version = version
        self.restarts = 0
    }

    /// The `role` label of a member's mode: the contract's closed set, so a hostile member's text never becomes a
    /// label value (`other("…")` and unknown modes are `unknown`).
    public static func roleLabel(_ mode: ServerMode?) -> String {
        switch mode {
        case .leader?: return "leader"
        case .follower?: return "follower"
        case .observer?: return "observer"
        case .standalone?: return "standalone"
        case .readOnly?: return "read-only"
        case .other?, nil: return "unknown"
        }
    }
}
