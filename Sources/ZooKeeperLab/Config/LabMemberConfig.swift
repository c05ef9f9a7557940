import Foundation

/// How one member's configuration deviates from the lab's healthy one.
///
/// Each case reproduces a fault from the field (REPORT section 7c/7d): the member is started with
/// it, and a monitor has to notice from the outside.
public struct LabMemberConfig: Sendable, Equatable {
    /// Changes to this member's `server.N` list.
    public var serverListChanges: [ServerListChange]
    /// A whitelist for this member only (`nil` = the lab's).
    public var whitelist: LabWhitelist?
    /// Lines appended to this member's zoo.cfg only.
    public var extraConfigLines: [String]
    /// A data directory whose contents are copied into this member's dataDir before start (snapshots,
    /// txn logs, `currentEpoch`, `acceptedEpoch`; `myid` is rewritten): leftover data from another cluster.
    public var seedDataDirectory: URL?
    /// Whether `start`/`waitUntilServing` should expect this member to serve. A member with a broken
    /// server list never does; it is then only waited for until its process answers `srvr` at all.
    public var expectServing: Bool

    /// A member exactly like the others.
    public static let healthy = LabMemberConfig()

    /// Builds an override; every argument defaults to "no deviation".
    public init(
        serverListChanges: [ServerListChange] = [],
        whitelist: LabWhitelist? = nil,
        extraConfigLines: [String] = [],
        seedDataDirectory: URL? = nil,
        expectServing: Bool = true
    ) {
        self.serverListChanges = serverListChanges
        self.whitelist = whitelist
        self.extraConfigLines = extraConfigLines
        self.seedDataDirectory = seedDataDirectory
        self.expectServing = expectServing
    }
}

/// One edit of a member's `server.N` list.
public enum ServerListChange: Sendable, Equatable {
    /// Adds a server that does not exist (ports reserved but nothing listens): the member stays LOOKING.
    case addServer(id: Int)
    /// Drops a real server from the list: the member stays LOOKING ("need at least 3 servers").
    case removeServer(id: Int)
    /// Gives another server a wrong client port: the member still serves, and only `conf` shows it.
    case clientPort(ofServer: Int, port: Int)
    /// Gives another server a wrong quorum port: the member loops between FOLLOWING and LOOKING if
    /// that server leads.
    case quorumPort(ofServer: Int, port: Int)
}
