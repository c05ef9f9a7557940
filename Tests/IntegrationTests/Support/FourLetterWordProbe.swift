import ZooKeeperAdmin
import ZooKeeperLab

/// Raw four-letter-word replies from lab members, for tests that check the exact text.
enum FourLetterWordProbe {
    /// The verbatim `srvr` reply of member `id`.
    static func srvr(_ lab: LabEnsemble, _ id: Int) async throws -> String {
        guard let member = lab.member(id) else { throw LabError("no member \(id)") }
        return try await FourLetterWordClient.send(.srvr, host: member.host, port: member.clientPort)
    }
}
