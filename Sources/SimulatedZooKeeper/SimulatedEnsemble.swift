import NIOCore
import NIOPosix
import Synchronization

/// A simulated ZooKeeper ensemble on loopback: `size` members, one of them the leader, each with a client port
/// and an AdminServer port answering with real captured replies (``SimulatedMember``).
///
/// For benchmarks and tests of the poller at a scale no machine runs JVMs at (hundreds of members), not a
/// ZooKeeper: it answers the monitoring words and endpoints only, and never changes role.
public final class SimulatedEnsemble: Sendable {
    /// The members, by myid order.
    public let members: [SimulatedMember]
    private let servers: [SimulatedServer]

    private init(members: [SimulatedMember], servers: [SimulatedServer]) {
        self.members = members
        self.servers = servers
    }

    /// `--servers` text for zkscope: `127.0.0.1:client@admin,…`.
    public var serverList: String {
        members.map { "127.0.0.1:\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
    }

    /// The leader's myid.
    public var leaderID: Int { members.first { $0.isLeader }?.id ?? 0 }

    /// Starts `size` members on free loopback ports; `leaderID` (1-based) leads.
    public static func start(
        size: Int = 3, leaderID: Int = 3, captures: CapturedReplies, load: SimulatedMember.Load = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> SimulatedEnsemble {
        precondition(size >= 1 && (1...size).contains(leaderID), "leaderID must name a member")
        let slots = (0..<size).map { _ in MemberSlot() }
        var servers: [SimulatedServer] = []
        do {
            for slot in slots {
                let read: @Sendable () -> SimulatedMember? = { slot.member.withLock { $0 } }
                servers.append(try await SimulatedServer.start(.fourLetterWords, member: read, port: 0, group: group))
                servers.append(try await SimulatedServer.start(.adminServer, member: read, port: 0, group: group))
            }
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        let clientPorts = stride(from: 0, to: servers.count, by: 2).map { servers[$0].port }
        let clock = SimulatedClock(leaderID: leaderID)
        var members: [SimulatedMember] = []
        for (index, slot) in slots.enumerated() {
            let member = SimulatedMember(
                id: index + 1, clientPorts: clientPorts, adminPort: servers[index * 2 + 1].port, captures: captures,
                clock: clock, load: load)
            slot.member.withLock { $0 = member }
            members.append(member)
        }
        return SimulatedEnsemble(members: members, servers: servers)
    }

    /// Closes every listener.
    public func stop() async {
        for server in servers { await server.stop() }
    }
}

/// Where a listener finds its member, set once the ports of all members are known.
private final class MemberSlot: Sendable {
    let member = Mutex<SimulatedMember?>(nil)
}
