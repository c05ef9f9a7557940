import EnsembleCore
import TUIKit
import ZooKeeperAdmin

/// One member as the ensemble table shows it: every cell already formatted, with the roles that colour it.
///
/// Built once per poll round (``EnsembleViewModel``), so drawing is a copy of strings, never a computation.
public struct MemberRow: Hashable, Sendable {
    /// `host:port`.
    public var address: String
    /// The member's myid, `-` when unknown.
    public var id: String
    /// leader, follower, observer, standalone, not serving, down, unresponsive.
    public var state: String
    /// Colour of ``state``.
    public var stateRole: StyleRole
    /// Epoch.
    public var epoch: String
    /// Last processed zxid.
    public var zxid: String
    /// Transactions behind the leader (`-` for the leader or when unknown).
    public var lag: String
    /// Whether the lag is worth a colour.
    public var lagRole: StyleRole
    /// Average / max latency in ms.
    public var latency: String
    /// Outstanding requests.
    public var outstanding: String
    /// Client connections.
    public var connections: String
    /// Sessions (ensemble-wide, as this member reports).
    public var sessions: String
    /// Ephemeral nodes.
    public var ephemerals: String
    /// Znodes.
    public var znodes: String
    /// Watches on this member: `zk_watch_count` (data and child watches), else `wchs`'s total (data watches).
    public var watches: String
    /// Warning colour above the `watch-count-high` limit.
    public var watchesRole: StyleRole
    /// Reads per second over the rate window.
    public var reads: String
    /// Writes per second over the rate window.
    public var writes: String
    /// Read:write ratio.
    public var ratio: String
    /// Good (≥ 10:1) or bad.
    public var ratioRole: StyleRole
    /// Uptime of the server instance.
    public var uptime: String
    /// Process restarts seen since the dashboard started (the tracker's count, as in the timeline).
    public var restarts: String
    /// Colour of ``restarts``.
    public var restartsRole: StyleRole
    /// Reads/s per round, oldest first (sparkline).
    public var readSeries: [Double]
    /// Writes/s per round, oldest first (sparkline).
    public var writeSeries: [Double]
    /// Average latency per round, oldest first (sparkline).
    public var latencySeries: [Double]
    /// Sources this member did not answer in the newest round.
    public var missingSignals: [String]
    /// Whether the member answered as serving clients in the newest round.
    public var isServing: Bool
    /// Days the member's certificate has left (`89d`, `exp`), `on` before a chain is seen, `off` in plaintext,
    /// `-` when unknown; the column is shown only when some member speaks TLS.
    public var tls: String = "-"
    /// Colour of ``tls``: the `tls-certificate-expiring` windows, or a warning for plaintext beside TLS.
    public var tlsRole: StyleRole = .normal
    /// The chain the member presented, issuer and expiry, in one line (shown under the table for the selected
    /// member); nil in plaintext.
    public var tlsDetail: String?

    /// The cells in ``EnsembleViewModel/columns`` order.
    public var cells: [String] {
        [
            id, address, state, epoch, zxid, lag, latency, outstanding, connections, sessions, ephemerals, znodes,
            watches, reads, writes, ratio, uptime, restarts, tls,
        ]
    }

    /// Per-cell roles in ``cells`` order (`nil` keeps the row's role).
    public var cellRoles: [StyleRole?] {
        [
            nil, nil, stateRole, nil, nil, lagRole, nil, nil, nil, nil, nil, nil, watchesRole, nil, nil, ratioRole,
            nil, restartsRole, tlsRole,
        ]
    }
}

extension MemberRow {
    /// The State column's text and role: the role while serving, else the reachability.
    static func state(of member: MemberSnapshot) -> (text: String, role: StyleRole) {
        switch member.reachability {
        case .serving:
            switch member.role {
            case .leader?: return ("leader", .leader)
            case .follower?: return ("follower", .follower)
            case .observer?: return ("observer", .observer)
            case .standalone?: return ("standalone", .standalone)
            case .readOnly?: return ("read-only", .statusWarn)
            case .other(let text)?: return (text, .statusInfo)
            case nil: return ("serving", .statusOK)
            }
        case .notServing: return ("not serving", .notServing)
        case .down: return ("down", .down)
        case .unresponsive: return ("unresponsive", .down)
        }
    }

    /// The State column's text.
    static func stateText(_ member: MemberSnapshot) -> String { state(of: member).text }

    /// Builds the row of one member from the tracker's history.
    static func make(
        member: MemberSnapshot, leader: MemberSnapshot?, tracker: EnsembleTracker, sparkRounds: Int,
        ensembleUsesTLS: Bool = false
    ) -> MemberRow {
        let series = tracker.history.series(member.address)
        let windowRates = tracker.rates(of: member.address)
        let (state, stateRole) = Self.state(of: member)
        var lag = "-"
        var lagRole = StyleRole.normal
        if let leader, leader.address != member.address, member.isServing, let mine = member.zxid,
            let theirs = leader.zxid
        {
            if mine.epoch == theirs.epoch {
                let behind = max(0, theirs.counter - mine.counter)
                lag = String(behind)
                lagRole = behind > 1000 ? .statusWarn : .normal
            } else if mine.epoch < theirs.epoch {
                // Followers keep the old epoch's last zxid until the first write of the new one: with nothing
                // committed in the leader's epoch yet, they are not behind at all.
                lag = theirs.counter == 0 ? "0" : "≥" + Format.count(theirs.counter)
                lagRole = theirs.counter == 0 ? .normal : .statusWarn
            }
        }
        let latency = member.latency.map { Format.milliseconds($0.avg) + "/" + Format.milliseconds($0.max) } ?? "-"
        // A member that does not serve has no current rates: the window would show its last known numbers.
        let rates = member.isServing ? windowRates : MemberRates()
        var ratio = Format.ratio(rates.readWriteRatio)
        var ratioRole = StyleRole.normal
        if let value = rates.readWriteRatio {
            ratioRole = value >= 10 ? .ratioGood : .ratioBad
        } else if let reads = rates.readsPerSecond, let writes = rates.writesPerSecond, writes == 0 {
            ratio = reads > 0 ? "∞" : "-"
            ratioRole = reads > 0 ? .ratioGood : .normal
        }
        let restarts = tracker.restartCounts[member.address, default: 0]
        let recent = Array(series.suffix(sparkRounds + 1))
        var readSeries: [Double] = []
        var writeSeries: [Double] = []
        for index in recent.indices.dropFirst() {
            let step = RateCalculator.rates(from: recent[index - 1], to: recent[index])
            readSeries.append(step.readsPerSecond ?? 0)
            writeSeries.append(step.writesPerSecond ?? 0)
        }
        let missing = member.sources.filter { $0.value != .answered }.map(\.key).sorted().map(\.rawValue)
        var row = MemberRow(
            address: member.address,
            id: (member.serverID ?? member.endpoint.expectedID).map(String.init) ?? "-",
            state: state, stateRole: stateRole,
            epoch: member.epoch.map(String.init) ?? "-",
            zxid: member.zxid?.description ?? "-",
            lag: lag, lagRole: lagRole,
            latency: latency,
            outstanding: Format.count(member.outstandingRequests),
            connections: Format.count(member.connections),
            sessions: Format.count(member.globalSessions),
            ephemerals: Format.count(member.ephemerals),
            znodes: Format.count(member.znodes),
            watches: Format.count(member.watches),
            watchesRole: (member.watches ?? 0) > tracker.thresholds.watchCount ? .statusWarn : .normal,
            reads: Format.rate(rates.readsPerSecond),
            writes: Format.rate(rates.writesPerSecond),
            ratio: ratio, ratioRole: ratioRole,
            uptime: Format.duration(seconds: member.uptimeMs.map { Double($0) / 1000 }),
            restarts: String(restarts), restartsRole: restarts > 0 ? .statusWarn : .normal,
            readSeries: readSeries, writeSeries: writeSeries,
            latencySeries: recent.dropFirst().map { $0.latency?.avg ?? 0 },
            missingSignals: missing, isServing: member.reachability == .serving)
        (row.tls, row.tlsRole, row.tlsDetail) = tls(
            of: member, thresholds: tracker.thresholds, ensembleUsesTLS: ensembleUsesTLS)
        return row
    }
}
