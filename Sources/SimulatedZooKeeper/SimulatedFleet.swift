import NIOCore
import NIOPosix

/// Many simulated ensembles (``SimulatedEnsemble``) on one event loop group: the fleet `zkscope-bench fleet`
/// polls, `count` ensembles of three, with the leader on a different myid from one ensemble to the next.
public final class SimulatedFleet: Sendable {
    /// The ensembles, in order.
    public let ensembles: [SimulatedEnsemble]

    private init(ensembles: [SimulatedEnsemble]) { self.ensembles = ensembles }

    /// Starts `count` ensembles of `size` members.
    public static func start(
        count: Int, size: Int = 3, captures: CapturedReplies, load: SimulatedMember.Load = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> SimulatedFleet {
        var ensembles: [SimulatedEnsemble] = []
        do {
            for index in 0..<count {
                ensembles.append(
                    try await SimulatedEnsemble.start(
                        size: size, leaderID: index % size + 1, captures: captures, load: load, group: group))
            }
        } catch {
            for ensemble in ensembles { await ensemble.stop() }
            throw error
        }
        return SimulatedFleet(ensembles: ensembles)
    }

    /// Closes every listener of every ensemble.
    public func stop() async {
        for ensemble in ensembles { await ensemble.stop() }
    }
}
