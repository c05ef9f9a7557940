import Foundation

/// What an operator needs to know about one certificate a server presented: who it is for, who signed it,
/// which names it covers and when it stops being valid.
///
/// The client records the chain of every TLS connection it makes; the monitor turns it into the Ensemble
/// pane's TLS column and into the `tls-certificate-expiring` and `tls-inconsistent` findings.
public struct PeerCertificateSummary: Sendable, Hashable, Codable {
    /// The subject distinguished name, e.g. `CN=zk1.example.com,O=Example`.
    public var subject: String
    /// The issuer distinguished name.
    public var issuer: String
    /// Subject alternative names as `DNS:name` / `IP:address`.
    public var subjectAlternativeNames: [String]
    /// Start of validity.
    public var notBefore: Date
    /// End of validity.
    public var notAfter: Date
    /// Serial number in hexadecimal.
    public var serialNumber: String

    /// Makes a summary.
    public init(
        subject: String, issuer: String, subjectAlternativeNames: [String], notBefore: Date, notAfter: Date,
        serialNumber: String
    ) {
        self.subject = subject
        self.issuer = issuer
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.serialNumber = serialNumber
    }

    /// Whole days from `now` until `notAfter`; negative once the certificate has expired.
    public func daysLeft(at now: Date) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }
}
