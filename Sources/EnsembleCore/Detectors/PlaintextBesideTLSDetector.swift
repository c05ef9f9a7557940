/// `tls-plaintext-open` (info): a member polled over TLS still answers in plaintext on the client port its
/// configuration names beside the secure one.
///
/// Often deliberate while clients move to TLS, so only worth knowing: everything a client sends there, and the
/// four-letter words' answers, cross the network in clear.
public let detectPlaintextBesideTLS: Detector = { history, _, _ in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        guard let tls = member.tls, tls.secure, tls.plaintextAnswers == true, let port = tls.plaintextPort else {
            return nil
        }
        return Finding(
            code: .tlsPlaintextOpen, severity: .info, members: [member.address],
            message: "\(member.address) also answers in plaintext on port \(port), beside its TLS port",
            evidence: ["plaintext_port": String(port), "tls_port": String(tls.port ?? member.endpoint.clientPort)],
            remedy: "Once every client uses TLS, remove clientPort from the member's zoo.cfg (keep secureClientPort) "
                + "and restart it, so nothing is served in clear")
    }
}
