import ZooKeeperAdmin
import ZooKeeperLab

/// Raw four-letter-word replies from lab members, for tests that check the exact text.
enum FourLetterWordProbe {
    /// The verbatim `srvr` reply of member `id`.
    static func srvr(_ lab: LabEnsemble, _ id: Int) async throws -> String {
        guard let member = lab.member(id) else { throw LabError("no member \(id)") }
        return try await FourLetterWordClient.send(.srvr, host: member.host, port: member.clientPort)
    }

    /// The epoch (zxid >> 32) member `id` reports through srvr.
    static func epoch(_ lab: LabEnsemble, _ id: Int) async throws -> UInt64 {
        let reply = try await srvr(lab, id)
        guard let line = reply.split(separator: "\n").first(where: { $0.hasPrefix("Zxid: 0x") }),
            let zxid = UInt64(line.dropFirst("Zxid: 0x".count), radix: 16)
        else { throw LabError("no zxid in srvr of member \(id): \(reply)") }
        return zxid >> 32
    }
}
