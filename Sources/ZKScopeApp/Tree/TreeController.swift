import Foundation

/// Results of tree requests, fed back to ``TreePaneModel/apply(_:)``.
public enum TreeUpdate: Sendable {
    /// Placeholder until the tree lands.
    case none
}

/// Talks to the cluster for the tree pane (stub).
public final class TreeController: Sendable {
    /// Creates a controller.
    public init(connectString: String, log: AppLog, deliver: @escaping @Sendable (TreeUpdate) -> Void) {}
    /// Handles a request.
    public func handle(_ request: TreeRequest) {}
    /// Runs a write.
    public func write(_ request: WriteRequest) async -> (String, Bool) { ("writes are not available yet", true) }
    /// Closes the session.
    public func close() async {}
}

extension TreePaneModel {
    /// Notes the tracker time.
    public mutating func noteTime(_ time: Double) -> [AppEffect] {
        now = time
        return []
    }
    /// Applies an update.
    public mutating func apply(_ update: TreeUpdate) -> [AppEffect] { [] }
}
