import ZooKeeperAdmin

/// Everything one poll of one member returned, already parsed; nil for sources not asked this round.
///
/// The poller fills this (it owns the sockets and runs the round planner's schedule: `cons`, `dump`, `hash` on
/// slower intervals, `envi` once); `MemberSnapshot.assemble` turns it into numbers, without I/O. Each field is
/// the slot of one ``SignalTable`` row.
public struct MemberReplies: Sendable, Hashable {
    /// `srvr`: mode, zxid, node count (the one word the default whitelist allows).
    public var srvr: ProbeResult<ServerStatsReply>?
    /// `mntr`: every metric.
    public var mntr: ProbeResult<MonitorReply>?
    /// `conf`: settings and the membership block.
    public var conf: ProbeResult<ConfReply>?
    /// `isro`: read-only or not.
    public var isro: ProbeResult<ReadOnlyReply>?
    /// `envi`: versions and host (asked once).
    public var envi: ProbeResult<EnvironmentReply>?
    /// `cons`: client connections (slow interval).
    public var cons: ProbeResult<ConsReply>?
    /// `dump`: sessions and their ephemerals (slow interval).
    public var dump: ProbeResult<DumpReply>?
    /// `hash`: tree digests (slow interval).
    public var hash: ProbeResult<HashReply>?
    /// `wchs`: watch summary.
    public var wchs: ProbeResult<WatchSummaryReply>?
    /// AdminServer `monitor` (ignores the 4lw whitelist).
    public var adminMonitor: ProbeResult<MonitorReply>?
    /// AdminServer `voting_view`: the membership.
    public var adminVotingView: ProbeResult<VotingViewReply>?
    /// AdminServer `zabstate` (answers while LOOKING too).
    public var adminZabState: ProbeResult<ZabStateReply>?
    /// AdminServer `leader`: names the leader from a follower.
    public var adminLeader: ProbeResult<LeaderReply>?
    /// AdminServer `server_stats`: the JSON `srvr`.
    public var adminServerStats: ProbeResult<AdminServerStatsReply>?

    /// How the client port was reached (TLS or plaintext) and the certificate chain the probes saw; set by the
    /// poller, not a ``SignalTable`` row.
    public var tls: MemberTLS?

    /// Nothing asked yet; the poller sets the sources it asked.
    public init() {}

    /// The status of every source that was asked (one per ``SignalTable`` source).
    public var statuses: [SignalSource: SourceStatus] {
        var result: [SignalSource: SourceStatus] = [:]
        for row in SignalTable.bySource {
            if let probe = row.probe(in: self) { result[row.source] = probe.status }
        }
        return result
    }
}
