/// How a member answered one poll, from best to worst.
///
/// `notServing` is the important middle state: the process is up (it may even answer `ruok`
/// with `imok`) but it has no quorum or keeps failing to sync, so clients cannot use it.
public enum Reachability: String, Hashable, Sendable, Codable, CaseIterable {
    /// Answers requests as leader, follower, observer or standalone.
    case serving
    /// Up, but answers `This ZooKeeper instance is not currently serving requests` (or empty replies).
    case notServing = "not-serving"
    /// Connection refused: no process listens on the client port.
    case down
    /// Accepts the connection but never answers before the deadline (hung or overloaded JVM).
    case unresponsive
}
