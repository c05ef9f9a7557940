import Foundation
import NIOSSL
import X509

extension PeerCertificateSummary {
    /// Summarises a certificate as swift-certificates reads it: subject and issuer as RFC 4514 strings, the
    /// DNS and IP subject alternative names, the validity period and the serial number in hex.
    ///
    /// A SAN extension that does not decode leaves the names empty rather than losing the rest of the summary.
    public init(certificate: Certificate) {
        var names: [String] = []
        if let sans = try? certificate.extensions.subjectAlternativeNames {
            for name in sans {
                switch name {
                case .dnsName(let dns): names.append("DNS:\(dns)")
                case .ipAddress(let octets): names.append("IP:" + Self.ipText(Array(octets.bytes)))
                case .rfc822Name(let mail): names.append("email:\(mail)")
                case .uniformResourceIdentifier(let uri): names.append("URI:\(uri)")
                default: continue
                }
            }
        }
        self.init(
            subject: certificate.subject.description, issuer: certificate.issuer.description,
            subjectAlternativeNames: names, notBefore: certificate.notValidBefore,
            notAfter: certificate.notValidAfter,
            serialNumber: certificate.serialNumber.bytes.map { String(format: "%02X", $0) }.joined())
    }

    /// Summarises a certificate a TLS peer presented (swift-nio-ssl's form); nil when its DER does not parse.
    public init?(certificate: NIOSSLCertificate) {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
            return nil
        }
        self.init(certificate: parsed)
    }

    /// `127.0.0.1`, or an IPv6 address in full hex groups; other lengths as hex.
    static func ipText(_ bytes: [UInt8]) -> String {
        switch bytes.count {
        case 4:
            return bytes.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2).map {
                String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
            }
            .joined(separator: ":")
        default:
            return bytes.map { String(format: "%02x", $0) }.joined()
        }
    }
}
