import ZooKeeperAdmin

/// Every signal source zkscope polls, one row each: the four-letter words, then the AdminServer endpoints.
///
/// The poller's plan (what is due, what replaces a blocked word), the executor (what to send, how to parse),
/// ``MemberReplies/statuses``, the reachability of a snapshot and `signals-missing` (which words the whitelist
/// line names, which sources make a member blind) all read these rows. To add a source: a ``SignalSource`` case
/// and a ``MemberReplies`` field for it, its parser, one row here, and the use of its value in
/// ``MemberSnapshot/assemble(endpoint:time:replies:previous:)``.
public enum SignalTable {
    /// The word that opens every round: asked first and alone, it decides whether anything else is worth asking
    /// (the one word every whitelist allows).
    public static let opening = SignalDescriptor(
        .word(.srvr), source: .srvr, cadence: .everyRound, needsServing: false, field: \.srvr,
        parse: { try ServerStatsReply.parse($0) })

    /// The four-letter words, `srvr` first, in the order of the whitelist line `signals-missing` suggests.
    public static let words: [SignalDescriptor] = [
        opening,
        SignalDescriptor(
            .word(.mntr), source: .mntr, cadence: .everyRound, carriesMetrics: true, showsServing: true,
            field: \.mntr, parse: { try MonitorReply.parse($0, keeping: MemberSnapshot.metricsRead) }),
        SignalDescriptor(
            .word(.conf), source: .conf, cadence: .refresh, showsServing: true, field: \.conf,
            parse: { try ConfReply.parse($0) }),
        SignalDescriptor(
            .word(.isro), source: .isro, cadence: .refresh, field: \.isro, parse: { try ReadOnlyReply.parse($0) }),
        SignalDescriptor(
            .word(.envi), source: .envi, cadence: .environment, field: \.envi,
            parse: { try EnvironmentReply.parse($0) }),
        SignalDescriptor(
            .word(.cons), source: .cons, cadence: .slow, field: \.cons, parse: { try ConsReply.parse($0) }),
        SignalDescriptor(
            .word(.dump), source: .dump, cadence: .slow, field: \.dump, parse: { try DumpReply.parse($0) }),
        SignalDescriptor(
            .word(.hash), source: .hash, cadence: .slow, field: \.hash, parse: { try HashReply.parse($0) }),
        SignalDescriptor(
            .word(.wchs), source: .wchs, cadence: .slow, field: \.wchs,
            parse: { try WatchSummaryReply.parse($0) }),
    ]

    /// The AdminServer endpoints: their own sources, and the stand-ins for blocked words (which ignore the
    /// 4lw whitelist).
    public static let admin: [SignalDescriptor] = [
        // Answers while LOOKING too, so it is also how an unknown AdminServer is discovered.
        SignalDescriptor(
            .admin(.zabState), source: .adminZabState, cadence: .refresh, needsServing: false,
            field: \.adminZabState, parse: { try ZabStateReply.parse($0) }),
        SignalDescriptor(
            .admin(.leader), source: .adminLeader, cadence: .refresh, showsServing: true, field: \.adminLeader,
            parse: { try LeaderReply.parse($0) }),
        SignalDescriptor(
            .admin(.monitor), source: .adminMonitor, cadence: .standIn, standsInFor: .mntr, carriesMetrics: true,
            showsServing: true, field: \.adminMonitor,
            parse: { try MonitorReply.parseAdmin($0).keeping(MemberSnapshot.metricsRead) }),
        // The membership: in place of a blocked `conf`, and on the slow cadence anyway.
        SignalDescriptor(
            .admin(.votingView), source: .adminVotingView, cadence: .slow, standsInFor: .conf,
            field: \.adminVotingView, parse: { try VotingViewReply.parse($0) }),
        SignalDescriptor(
            .admin(.dump), source: .dump, cadence: .standIn, standsInFor: .dump, field: \.dump, onlyValues: true,
            parse: { try DumpReply.parseAdmin($0) }),
        SignalDescriptor(
            .admin(.hash), source: .hash, cadence: .standIn, standsInFor: .hash, field: \.hash, onlyValues: true,
            parse: { try HashReply.parseAdmin($0) }),
        SignalDescriptor(
            .admin(.watchSummary), source: .wchs, cadence: .standIn, standsInFor: .wchs, field: \.wchs,
            onlyValues: true, parse: { try WatchSummaryReply.parseAdmin($0) }),
        // 3.8 counts slow fsyncs (`fsync_threshold_exceed_count`, for fsync-slow) only here.
        SignalDescriptor(
            .admin(.serverStats), source: .adminServerStats, cadence: .slow, showsServing: true,
            field: \.adminServerStats, parse: { try AdminServerStatsReply.parse($0) }),
        SignalDescriptor(
            .admin(.environment), source: .envi, cadence: .standIn, standsInFor: .envi, field: \.envi,
            onlyValues: true, parse: { try EnvironmentReply.parseAdmin($0) }),
    ]

    /// Every row: words first, so a round stores a word's own reply before its stand-in's value.
    public static let all: [SignalDescriptor] = words + admin

    /// The row that sends `request`.
    public static func descriptor(for request: SignalRequest) -> SignalDescriptor? {
        rowsByRequest[request]
    }

    private static let rowsByRequest: [SignalRequest: SignalDescriptor] = Dictionary(
        all.map { ($0.request, $0) }, uniquingKeysWith: { first, _ in first })

    /// One row per source (the first that reports under it: a word before its stand-ins), for reading a round's
    /// statuses back.
    public static let bySource: [SignalDescriptor] = {
        var seen: Set<SignalSource> = []
        return all.filter { seen.insert($0.source).inserted }
    }()

    /// The sources that carry the metrics (`mntr`, AdminServer `monitor`).
    public static let metricsSources: [SignalSource] = all.filter(\.carriesMetrics).map(\.source)

    /// The `4lw.commands.whitelist` value that enables every word zkscope asks.
    public static var whitelistLine: String {
        "4lw.commands.whitelist=" + words.map(\.request.description).joined(separator: ",")
    }
}
