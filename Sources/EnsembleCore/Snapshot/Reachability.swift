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

extension MemberSnapshot {
    /// Why the member is in its state, in words that name the cause and so the fix; nil while serving.
    ///
    /// The state alone hides the cause: `down` is a refused port (start the server), a name that does
    /// not resolve (fix the address) or a port some other service answers on (fix the port). The
    /// dashboard and `check` print this next to the state. Read from the sources the last poll asked,
    /// `srvr` first (the probe that decides the state).
    public var stateReason: String? {
        switch reachability {
        case .serving:
            return nil
        case .down:
            let failures = [sources[.srvr]] + sources.sorted { $0.key < $1.key }.map { Optional($0.value) }
            for status in failures {
                switch status {
                case .hostNotFound?, .notZooKeeper?, .connectionRefused?, .failed?: return status?.description
                default: continue
                }
            }
            return SourceStatus.connectionRefused.description
        case .unresponsive:
            return SourceStatus.timedOut.description
        case .notServing:
            switch sources[.srvr] {
            case .empty?: return "up, but its replies are empty (starting, or changing state)"
            default: return "up, but not serving requests (no quorum, or it cannot join the leader)"
            }
        }
    }
}
