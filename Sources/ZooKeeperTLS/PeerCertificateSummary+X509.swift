import Foundation
import NIOSSL
import X509

extension PeerCertificateSummary {
    /// Summarizes a parsed certificate: distinguished names as RFC 4514 strings, SANs as `DNS:`/`IP:`/`URI:`/
    /// `email:`, the serial number in lower-case hexadecimal.
    ///
    /// swift-certificates does the parsing, so a malformed extension cannot be misread by a hand-rolled parser;
    /// a SAN extension that does not decode is left out rather than failing the whole summary.
    public init(_ certificate: Certificate) {
        let names = (try? certificate.extensions.subjectAlternativeNames).flatMap { $0 } ?? SubjectAlternativeNames()
        self.init(
            subject: certificate.subject.description,
            issuer: certificate.issuer.description,
            subjectAlternativeNames: names.map(Self.text(of:)),
            notBefore: certificate.notValidBefore,
            notAfter: certificate.notValidAfter,
            serialNumber: certificate.serialNumber.bytes.map { String(format: "%02x", $0) }.joined())
    }

    /// Summarizes a DER-encoded certificate (what a TLS connection hands over).
    public init(derEncoded bytes: [UInt8]) throws {
        self.init(try Certificate(derEncoded: bytes))
    }

    /// Summarizes a certificate swift-nio-ssl holds (the peer certificate of a connection).
    public init(_ certificate: NIOSSLCertificate) throws {
        try self.init(derEncoded: certificate.toDERBytes())
    }

    /// One SAN the way `openssl x509 -text` writes it.
    static func text(of name: GeneralName) -> String {
        switch name {
        case .dnsName(let name): return "DNS:\(name)"
        case .ipAddress(let octets): return "IP:\(ipText(Array(octets.bytes)))"
        case .uniformResourceIdentifier(let uri): return "URI:\(uri)"
        case .rfc822Name(let mail): return "email:\(mail)"
        case .directoryName(let name): return "DirName:\(name)"
        default: return "othername"
        }
    }

    /// An IPv4 or IPv6 address from its 4 or 16 bytes.
    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        if bytes.count == 16 {
            var groups: [String] = []
            for index in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            }
            return groups.joined(separator: ":")
        }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}

extension PeerCertificateSummary {
    /// Whether the certificate is valid for `name`: a DNS SAN equal to it (or a `*.` wildcard for its first
    /// label), or an IP SAN equal to it when it is an address. Case-insensitive, trailing dot ignored.
    ///
    /// The client checks a configured `--tls-server-name` with this, because swift-nio-ssl also accepts a
    /// certificate whose IP SAN matches the connected address, whatever name was asked for.
    public func covers(name: String) -> Bool {
        var wanted = name.lowercased()
        if wanted.hasSuffix(".") { wanted.removeLast() }
        for san in subjectAlternativeNames {
            if san.hasPrefix("IP:"), san.dropFirst(3) == wanted { return true }
            guard san.hasPrefix("DNS:") else { continue }
            var dns = san.dropFirst(4).lowercased()
            if dns.hasSuffix(".") { dns.removeLast() }
            if dns == wanted { return true }
            if dns.hasPrefix("*."), let dot = wanted.firstIndex(of: "."), wanted[dot...] == dns.dropFirst(1),
                wanted.startIndex != dot
            {
                return true
            }
        }
        return false
    }
}
