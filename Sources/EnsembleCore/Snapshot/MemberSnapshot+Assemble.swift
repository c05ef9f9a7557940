import ZooKeeperAdmin

extension MemberSnapshot {
    /// Builds a snapshot from one poll's replies.
    ///
    /// `previous` (this member's last snapshot) supplies the slow sources (`envi`, `cons`, `dump`,
    /// `hash`) when they were not asked this round. Reachability: any source that shows serving
    /// data wins; then a not-serving answer (also `isro` = `null`, empty replies, a 500 from `monitor`,
    /// zabstate with no phase); then refused connections (`down`); then timeouts (`unresponsive`).
    public static func assemble(
        endpoint: MemberEndpoint, time: Double, replies: MemberReplies, previous: MemberSnapshot? = nil
    ) -> MemberSnapshot {
        let monitor = replies.mntr?.value ?? replies.adminMonitor?.value
        let srvr = replies.srvr?.value
        let adminStats = replies.adminServerStats?.value
        let zab = replies.adminZabState?.value
        let srvrSaysNotServing =
            replies.srvr.map { probe in
                if case .unusable(let failure) = probe { return failure == .notServing || failure == .empty }
                return false
            } ?? false

        var snapshot = MemberSnapshot(
            endpoint: endpoint, time: time,
            reachability: reachability(replies: replies, srvrSaysNotServing: srvrSaysNotServing))
        snapshot.sources = replies.statuses
        snapshot.tls = tlsFacts(replies.tls, previous: previous?.tls)

        if snapshot.reachability == .serving {
            snapshot.role =
                srvr?.mode ?? monitor?.string("server_state").map { ServerMode(parsing: $0) } ?? adminStats?.mode
                ?? replies.adminLeader?.value.map { $0.isLeader ? .leader : .follower }
        }
        snapshot.version =
            srvr?.version ?? monitor?.string("version").flatMap { ZooKeeperVersion(parsing: $0) } ?? adminStats?.version
            ?? replies.envi?.value?.zooKeeperVersion ?? previous?.version
        let conf = replies.conf?.value
        snapshot.serverID = conf?.serverID ?? zab?.myid ?? previous?.serverID
        snapshot.zxid = srvr?.zxid ?? zab?.lastZxid ?? adminStats?.lastProcessedZxid
        // zab_epoch must fit the zxid's 32-bit epoch field; anything else is not trusted.
        snapshot.epoch = zab?.epoch.flatMap { (0...0xffff_ffff).contains($0) ? $0 : nil } ?? snapshot.zxid?.epoch
        if let zxid = srvr?.zxid, let count = srvr?.nodeCount {
            snapshot.znodesAtZxid = ZnodeCountSample(zxid: zxid, znodes: count)
        } else if let zxid = adminStats?.lastProcessedZxid, let count = adminStats?.nodeCount {
            snapshot.znodesAtZxid = ZnodeCountSample(zxid: zxid, znodes: count)
        }
        snapshot.latency = srvr?.latency ?? adminStats?.latency
        if snapshot.latency == nil, let monitor, let avg = monitor.double("avg_latency"),
            let min = monitor.double("min_latency"), let max = monitor.double("max_latency")
        {
            snapshot.latency = LatencyStats(min: min, avg: avg, max: max)
        }
        snapshot.outstandingRequests =
            srvr?.outstanding ?? monitor?.int("outstanding_requests") ?? adminStats?.outstanding
        snapshot.connections = srvr?.connections ?? monitor?.int("num_alive_connections") ?? adminStats?.connections
        snapshot.znodes = srvr?.nodeCount ?? monitor?.int("znode_count") ?? adminStats?.nodeCount
        if let monitor {
            snapshot.globalSessions = monitor.int("global_sessions")
            snapshot.ephemerals = monitor.int("ephemerals_count")
            snapshot.dataSize = monitor.int("approximate_data_size")
            snapshot.watches = monitor.int("watch_count")
            snapshot.openFileDescriptors = monitor.int("open_file_descriptor_count")
            snapshot.maxFileDescriptors = monitor.int("max_file_descriptor_count")
            snapshot.syncedFollowers = monitor.int("synced_followers")
            snapshot.learners = monitor.int("learners")
            snapshot.quorumSize = monitor.int("quorum_size")
            snapshot.peerState = monitor.string("peer_state")
            snapshot.uptimeMs = monitor.int("uptime")
            snapshot.digestMismatches = monitor.int("digest_mismatches_count")
            var counters: [String: Int64] = [:]
            for (key, value) in monitor.metrics where MemberSnapshot.retainsCounter(key) {
                if let number = value.int64, case .int = value { counters[key] = number }
            }
            // 3.8 prints the count of slow fsyncs only in the AdminServer's server_stats (slow cadence). Between two
            // readings of it the last one is carried, so a serving member's counters keep the same names every round
            // (history shares one layout, and counters that stand still are not walked).
            if snapshot.isServing, counters["fsync_threshold_exceed_count"] == nil {
                if let exceeded = adminStats?.fsyncThresholdExceedCount {
                    counters["fsync_threshold_exceed_count"] = exceeded
                } else if replies.adminServerStats == nil, let previous, previous.isServing,
                    let carried = previous.counter("fsync_threshold_exceed_count")
                {
                    counters["fsync_threshold_exceed_count"] = carried
                }
            }
            snapshot.counterValues = CounterValues(counters, reusing: previous?.counterValues.layout)
        } else if snapshot.isServing, let exceeded = adminStats?.fsyncThresholdExceedCount {
            snapshot.counterValues = CounterValues(
                ["fsync_threshold_exceed_count": exceeded], reusing: previous?.counterValues.layout)
        }
        if snapshot.uptimeMs == nil { snapshot.uptimeMs = adminStats?.uptime }
        if let leader = replies.adminLeader?.value { snapshot.leaderID = leader.leaderID }
        if let readOnly = replies.isro?.value {
            snapshot.readOnly = readOnly == .readOnly
        } else if let readOnly = adminStats?.readOnly {
            snapshot.readOnly = readOnly
        }
        if let conf, !conf.membership.isEmpty {
            snapshot.membership = conf.membership.sorted { $0.id < $1.id }
            snapshot.membershipLines = conf.membershipLines
            snapshot.configVersion = conf.configVersion
        } else if let view = replies.adminVotingView?.value, !view.servers.isEmpty {
            snapshot.membership = view.servers
            snapshot.membershipLines = view.servers.map(\.description)
        }
        snapshot.maxClientConnections = conf?.maxClientConnections ?? previous?.maxClientConnections
        // Sources a poller reads only on its slow cadence (they change when a member restarts or an
        // election happens, and the poller re-reads them then): carried over while the member keeps serving.
        if snapshot.reachability == .serving, let previous, previous.reachability == .serving {
            if snapshot.membership == nil, replies.conf?.value == nil, replies.adminVotingView == nil,
                carriesOver(replies.conf)
            {
                snapshot.membership = previous.membership
                snapshot.membershipLines = previous.membershipLines
                snapshot.configVersion = previous.configVersion
            }
            if replies.adminLeader == nil, snapshot.leaderID == nil { snapshot.leaderID = previous.leaderID }
            if replies.isro == nil, replies.adminServerStats == nil, snapshot.readOnly == nil {
                snapshot.readOnly = previous.readOnly
            }
        }

        // Slow sources: fresh when asked, else carried over from the previous poll (also when the
        // poller only repeated a remembered whitelist refusal, which says nothing new).
        snapshot.digests = replies.hash?.value?.digests ?? (carriesOver(replies.hash) ? previous?.digests : nil)
        snapshot.ephemeralsBySession =
            replies.dump?.value?.ephemeralsBySession
            ?? (carriesOver(replies.dump) ? previous?.ephemeralsBySession : nil)
        snapshot.clientConnections =
            replies.cons?.value?.connections ?? (carriesOver(replies.cons) ? previous?.clientConnections : nil)
        snapshot.watchSummary =
            replies.wchs?.value ?? (carriesOver(replies.wchs) && snapshot.isServing ? previous?.watchSummary : nil)
        if snapshot.watches == nil { snapshot.watches = snapshot.watchSummary?.totalWatches }
        // The heap limit is read once (envi); a restart may change -Xmx, so it is kept only while the member serves.
        snapshot.heapMaxBytes =
            replies.envi?.value?.maxMemory.flatMap(heapBytes)
            ?? (snapshot.isServing && previous?.isServing == true ? previous?.heapMaxBytes : nil)
        if let previous { snapshot.share(with: previous) }
        return snapshot
    }

    /// Takes `previous`'s copy of every part that did not change (the server list, the sources' statuses, the
    /// peer state, TLS facts): a member that keeps serving repeats them every round, and history keeps hundreds
    /// of rounds, so equal parts are stored once.
    mutating func share(with previous: MemberSnapshot) {
        if membership == previous.membership { membership = previous.membership }
        if membershipLines == previous.membershipLines { membershipLines = previous.membershipLines }
        if sources == previous.sources { sources = previous.sources }
        if peerState == previous.peerState { peerState = previous.peerState }
        if version == previous.version { version = previous.version }
        if tls == previous.tls { tls = previous.tls }
    }

    /// This poll's TLS facts; a chain seen before is kept while no probe finished a handshake this round (a
    /// member that stops answering still has the certificate it had), and so is the last plaintext-port answer
    /// while that port was not asked again.
    static func tlsFacts(_ current: MemberTLS?, previous: MemberTLS?) -> MemberTLS? {
        guard var tls = current else { return nil }
        guard let previous, previous.secure == tls.secure else { return tls }
        if tls.chain.isEmpty, !previous.chain.isEmpty {
            tls.chain = previous.chain
            tls.observedAt = tls.observedAt ?? previous.observedAt
        }
        if tls.plaintextAnswers == nil, tls.plaintextPort == previous.plaintextPort {
            tls.plaintextAnswers = previous.plaintextAnswers
        }
        return tls
    }

    /// `os.memory.max` as ZooKeeper prints it (`256MB`: `Runtime.maxMemory()` in MiB) in bytes.
    static func heapBytes(_ text: String) -> Int64? {
        var digits = Substring(text)
        var unit: Int64 = 1
        for (suffix, scale) in [("GB", Int64(1) << 30), ("MB", Int64(1) << 20), ("KB", Int64(1) << 10), ("B", 1)]
        where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            unit = scale
            break
        }
        guard let value = Int64(digits), value > 0, value <= Int64.max / unit else { return nil }
        return value * unit
    }

    private static func reachability(replies: MemberReplies, srvrSaysNotServing: Bool) -> Reachability {
        // srvr is the primary signal: a stale "Mode: follower" elsewhere must not hide a not-serving srvr.
        if replies.srvr?.value != nil { return .serving }
        if srvrSaysNotServing { return .notServing }
        if SignalTable.all.contains(where: { $0.showsServing && $0.probe(in: replies)?.value != nil }) {
            return .serving
        }
        if let zab = replies.adminZabState?.value, zab.phase == "broadcast" { return .serving }

        var failures: [TransportFailure] = []
        var answeredWithoutData = false
        for word in SignalTable.words {
            switch word.probe(in: replies) {
            case .unreachable(let failure)?: failures.append(failure)
            case .unusable?, .value?: answeredWithoutData = true
            case nil: break
            }
        }
        let fourLetterUnreachable = isUnreachable(replies.srvr) || isUnreachable(replies.mntr)
        if answeredWithoutData && !fourLetterUnreachable { return .notServing }
        // The AdminServer answering while the client port is silent still means the process is up.
        let adminAnswered = [
            replies.adminMonitor.map { $0.value != nil || isUnusable($0) },
            replies.adminZabState.map { $0.value != nil || isUnusable($0) },
            replies.adminLeader.map { $0.value != nil || isUnusable($0) },
            replies.adminVotingView.map { $0.value != nil || isUnusable($0) },
        ].contains(true)
        if failures.contains(.timedOut) { return .unresponsive }
        if adminAnswered || answeredWithoutData { return .notServing }
        return .down
    }

    private static func carriesOver<T>(_ probe: ProbeResult<T>?) -> Bool {
        switch probe {
        case nil, .unusable(.notWhitelisted)?: return true
        default: return false
        }
    }

    private static func isUnreachable<T>(_ probe: ProbeResult<T>?) -> Bool {
        if case .unreachable = probe { return true }
        return false
    }

    private static func isUnusable<T>(_ probe: ProbeResult<T>) -> Bool {
        if case .unusable = probe { return true }
        return false
    }
}
