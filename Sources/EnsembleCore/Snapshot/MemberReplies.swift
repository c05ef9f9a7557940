import ZooKeeperAdmin

/// Everything one poll of one member returned, already parsed; nil for sources not asked this round.
///
/// The poller fills this (it owns the sockets and the schedule: `cons`, `dump`, `hash` on slower
/// intervals, `envi` once); `MemberSnapshot.assemble` turns it into numbers, without I/O.
public struct MemberReplies: Sendable, Hashable {
    public var srvr: ProbeResult<ServerStatsReply>?
    public var mntr: ProbeResult<MonitorReply>?
    public var conf: ProbeResult<ConfReply>?
    public var isro: ProbeResult<ReadOnlyReply>?
    public var envi: ProbeResult<EnvironmentReply>?
    public var cons: ProbeResult<ConsReply>?
    public var dump: ProbeResult<DumpReply>?
    public var hash: ProbeResult<HashReply>?
    public var wchs: ProbeResult<WatchSummaryReply>?
    public var adminMonitor: ProbeResult<MonitorReply>?
    public var adminVotingView: ProbeResult<VotingViewReply>?
    public var adminZabState: ProbeResult<ZabStateReply>?
    public var adminLeader: ProbeResult<LeaderReply>?
    public var adminServerStats: ProbeResult<AdminServerStatsReply>?

    public init() {}

    /// The status of every source that was asked.
    public var statuses: [SignalSource: SourceStatus] {
        var result: [SignalSource: SourceStatus] = [:]
        func note<T>(_ source: SignalSource, _ probe: ProbeResult<T>?) {
            if let probe { result[source] = probe.status }
        }
        note(.srvr, srvr)
        note(.mntr, mntr)
        note(.conf, conf)
        note(.isro, isro)
        note(.envi, envi)
        note(.cons, cons)
        note(.dump, dump)
        note(.hash, hash)
        note(.wchs, wchs)
        note(.adminMonitor, adminMonitor)
        note(.adminVotingView, adminVotingView)
        note(.adminZabState, adminZabState)
        note(.adminLeader, adminLeader)
        note(.adminServerStats, adminServerStats)
        return result
    }
}
