/// `tls-inconsistent`: members of one ensemble differ in TLS, either some are polled over TLS and some in
/// plaintext, or their certificates come from different issuers.
///
/// Clients configured for one of the two fail on the others, and a plaintext member carries in clear what the
/// rest protect. Both findings are warnings and name the members that differ from the rest: the plaintext ones,
/// and the ones whose issuer is not the one most members share.
public let detectTLSInconsistent: Detector = { history, _, _ in
    guard let latest = history.latest else { return [] }
    let known = latest.members.filter { $0.tls != nil }
    var findings: [Finding] = []
    let secure = known.filter { $0.tls?.secure == true }
    let plaintext = known.filter { $0.tls?.secure == false }
    if !secure.isEmpty, !plaintext.isEmpty {
        let names = plaintext.map(\.address)
        findings.append(
            Finding(
                code: .tlsInconsistent, severity: .warning, members: names,
                message: "\(names.joined(separator: ", ")) \(names.count == 1 ? "speaks" : "speak") plaintext while "
                    + "\(secure.count) of \(known.count) members speak TLS",
                evidence: [
                    "tls": secure.map(\.address).joined(separator: ", "),
                    "plaintext": plaintext.map(\.address).joined(separator: ", "),
                ],
                remedy: "Give every member the same client-port security: a secureClientPort with the ssl.* keystore "
                    + "on the plaintext ones (with serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory)"
            ))
    }
    var byIssuer: [String: [String]] = [:]
    var order: [String] = []
    for member in secure {
        guard let issuer = member.tls?.leaf?.issuer else { continue }
        if byIssuer[issuer] == nil { order.append(issuer) }
        byIssuer[issuer, default: []].append(member.address)
    }
    if order.count > 1 {
        // The issuer most members share is the reference (the first seen on a tie); the others differ.
        let reference = order.max { (byIssuer[$0]?.count ?? 0) < (byIssuer[$1]?.count ?? 0) } ?? order[0]
        let differing = order.filter { $0 != reference }.flatMap { byIssuer[$0] ?? [] }
        var evidence: [String: String] = [:]
        for issuer in order {
            for address in byIssuer[issuer] ?? [] { evidence[address] = issuer }
        }
        findings.append(
            Finding(
                code: .tlsInconsistent, severity: .warning, members: differing,
                message: "\(differing.joined(separator: ", ")) \(differing.count == 1 ? "has" : "have") a certificate "
                    + "from another issuer than \(reference) (\(byIssuer[reference]?.count ?? 0) of \(secure.count) "
                    + "TLS members)",
                evidence: evidence,
                remedy: "Issue every member's certificate from one CA, or make sure every client trusts all the "
                    + "issuers (a client that trusts one CA fails on the members of the other)"))
    }
    return findings
}
