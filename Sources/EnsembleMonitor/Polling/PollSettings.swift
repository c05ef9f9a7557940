import ZooKeeperTLS

/// How often and how hard the monitor polls each member.
///
/// The defaults keep the load a monitor adds to a server small (one `srvr`, `mntr`, `conf`, `isro`
/// and two AdminServer GETs per second; the expensive `cons`, `dump`, `hash` every ten seconds)
/// and make every probe finish before the next round is due, so a hung member never piles up requests.
public struct PollSettings: Hashable, Sendable {
    /// Time between the starts of two poll rounds.
    public var interval: Duration
    /// Deadline of each probe (connect, send, read to EOF). Nil means 80 % of `interval`, at least
    /// 100 ms and at most 5 s: shorter than the interval, so a SIGSTOPped member is reported
    /// `unresponsive` in the same round instead of delaying the next one.
    public var probeTimeout: Duration?
    /// Time between polls of the expensive sources: `cons`, `dump`, `hash` (and `voting_view`
    /// when `conf` answers, since membership only changes when a member restarts).
    public var slowInterval: Duration
    /// How long a word refused by `4lw.commands.whitelist` is reported from memory before it is
    /// asked again (a member restarted with a new whitelist starts answering after this).
    public var blockedRecheckInterval: Duration
    /// How long an absent AdminServer (refused, or not ZooKeeper's) is left alone before it is tried again.
    public var adminRecheckInterval: Duration
    /// Whether the AdminServer is used at all (off: four-letter words only).
    public var useAdminServer: Bool
    /// Rounds of history the tracker keeps (bounded memory for a monitor that runs for weeks).
    public var historyCapacity: Int
    /// TLS for the members' client ports (`--tls…`, `--client-config`, a zoo.cfg with only a `secureClientPort`),
    /// the same settings the commands' ZooKeeper sessions use; the probes (four-letter words, the AdminServer
    /// over HTTPS where it serves HTTPS) use them too; nil for plaintext.
    public var tls: TLSSettings?

    /// The defaults described above, with the interval given.
    public init(interval: Duration = .seconds(1)) {
        self.interval = interval
        self.probeTimeout = nil
        self.slowInterval = .seconds(10)
        self.blockedRecheckInterval = .seconds(60)
        self.adminRecheckInterval = .seconds(30)
        self.useAdminServer = true
        self.historyCapacity = 600
        self.tls = nil
    }

    /// The probe deadline actually used.
    public var effectiveProbeTimeout: Duration {
        if let probeTimeout { return max(.milliseconds(50), probeTimeout) }
        let derived = interval * 0.8
        return min(.seconds(5), max(.milliseconds(50), derived))
    }

    /// `interval` in seconds, as the tracker's clock counts.
    public var intervalSeconds: Double { interval.seconds }
}
