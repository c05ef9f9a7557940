import Foundation

/// How the members of a lab relate to each other.
public enum LabTopology: Sendable, Equatable {
    /// One member runs standalone; two or more form one quorum. What most tests want.
    case automatic
    /// Always write `server.N` lines, even for one member (then with `standaloneEnabled=false`, so a
    /// one-node quorum reports `Mode: leader`): the "throwaway quorum" whose epoch grows on restarts.
    case quorum
    /// Every member is its own standalone server (no `server.N` lines), yet the lab lists them as one
    /// ensemble: the "split brain" a monitor must flag, because each says `Mode: standalone`.
    case independentStandalones
}

/// Which four-letter words the members answer.
public enum LabWhitelist: Sendable, Equatable {
    /// `4lw.commands.whitelist=*`: every word, as a monitored production server is usually set up.
    case all
    /// No whitelist line: ZooKeeper's default, where only `srvr` answers (what an untuned Debian install does).
    case serverDefault
    /// An explicit comma-separated list, e.g. `["srvr", "mntr"]`.
    case custom([String])
}

/// Everything that shapes a lab before it starts. The defaults give a 3-member quorum with logs,
/// the AdminServer and every four-letter word, which is the healthy baseline most tests compare against.
public struct LabOptions: Sendable {
    /// Number of members (myids 1...members). Must be at least 1.
    public var members: Int
    /// How many of the members (the highest myids) are non-voting observers: they serve clients and follow the
    /// leader but do not vote. Needs a quorum topology and at least one voter.
    public var observers: Int
    /// Standalone, quorum or independent standalones; see `LabTopology`.
    public var topology: LabTopology
    /// Where the lab lives. `nil` makes a fresh directory under the system temp dir. A given directory
    /// must be absent, empty, or hold an earlier lab's state file, so shutdown never removes foreign files.
    public var directory: URL?
    /// Whether `shutdown()` deletes `directory`. The CLI's `lab down` and tests want this; a debugging
    /// session that wants to read the logs afterwards does not.
    public var removeDirectoryOnShutdown: Bool
    /// Maximum Java heap per member, in MiB (`-Xmx`). 256 MiB is plenty for test trees of a few thousand nodes.
    public var heapMegabytes: Int
    /// Extra JVM flags. The default trims start-up CPU and resident memory on a small shared machine.
    public var jvmOptions: [String]
    /// The four-letter-word whitelist written for every member (a member override can change it).
    public var whitelist: LabWhitelist
    /// Whether the Jetty AdminServer listens on each member's `adminPort` (loopback only).
    public var adminServer: Bool
    /// ZooKeeper's `tickTime` in milliseconds. The minimum session timeout is 2 ticks, so a 500 ms tick
    /// lets session-expiry tests finish in seconds instead of tens of seconds.
    public var tickTimeMilliseconds: Int
    /// `initLimit` and `syncLimit` in ticks.
    public var initLimit: Int
    /// See `initLimit`.
    public var syncLimit: Int
    /// Lines appended verbatim to every member's zoo.cfg (e.g. `maxClientCnxns=0`).
    public var extraConfigLines: [String]
    /// Per-member deviations, keyed by myid: how to build the faulty configurations monitors must catch.
    /// Members with an override start after the others serve (when those form a majority), like a
    /// misconfigured member restarting into a running ensemble; `LabEnsemble.start(_:config:)` does the
    /// same for one member later.
    public var memberOverrides: [Int: LabMemberConfig]
    /// How long `start` waits for every member to serve before failing with the members' log tails.
    public var startupTimeout: Duration
    /// The `java` executable.
    public var javaPath: String
    /// Start the JVMs in their own session and register no cleanup, so they outlive this process
    /// (`zkscope lab up`). Such a lab is stopped by `LabEnsemble.stopDetached(directory:)`.
    public var detached: Bool
    /// Start each member's JVM in its own cgroup v2 group (`zkscope-lab-<lab dir>-zk<id>`, removed at
    /// shutdown), so `LabEnsemble.partition(_:)` can cut its quorum links with iptables. Root only.
    public var ownCgroups: Bool
    /// TLS on the client ports and SASL authentication; `.none` by default. The certificates and the JAAS file
    /// are written under `<lab>/security` (`LabEnsemble.securityFiles`).
    public var security: LabSecurity

    /// Ports for the first start attempt (4 per member: client, quorum, election, admin), instead of
    /// random free ones; lets a test force the "port already taken" retry path.
    var firstAttemptPorts: [Int]?

    /// JVM flags that measurably cut start-up CPU and RSS on 2 cores without changing ZooKeeper's behaviour.
    public static let lightweightJVMOptions = [
        "-Xms16m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
    ]

    /// `lightweightJVMOptions` with the full JIT (C2), as production servers run: for benchmarks that measure a
    /// member's steady throughput, where the C1-only JIT makes the server's own TLS and request path the bottleneck.
    public static let throughputJVMOptions = lightweightJVMOptions.filter { !$0.hasPrefix("-XX:TieredStopAtLevel") }

    /// The healthy default lab; every parameter can be changed afterwards.
    public init(
        members: Int = 3,
        topology: LabTopology = .automatic,
        directory: URL? = nil,
        whitelist: LabWhitelist = .all,
        adminServer: Bool = true,
        tickTimeMilliseconds: Int = 2000,
        memberOverrides: [Int: LabMemberConfig] = [:]
    ) {
        self.members = members
        self.observers = 0
        self.topology = topology
        self.directory = directory
        self.removeDirectoryOnShutdown = true
        self.heapMegabytes = 256
        self.jvmOptions = LabOptions.lightweightJVMOptions
        self.whitelist = whitelist
        self.adminServer = adminServer
        self.tickTimeMilliseconds = tickTimeMilliseconds
        self.initLimit = 10
        self.syncLimit = 5
        self.extraConfigLines = []
        self.memberOverrides = memberOverrides
        self.startupTimeout = .seconds(90)
        self.javaPath = "/usr/bin/java"
        self.detached = false
        self.ownCgroups = false
        self.security = .none
    }

    /// The myids of the observers: the highest `observers` of 1...members (none without a server list).
    var observerIDs: Set<Int> {
        guard writesServerList, observers > 0, members > 1 else { return [] }
        return Set((members - min(observers, members - 1) + 1)...members)
    }

    /// Whether members get `server.N` lines: the difference between standalone and quorum mode.
    var writesServerList: Bool {
        switch topology {
        case .automatic: return members > 1
        case .quorum: return true
        case .independentStandalones: return false
        }
    }
}
