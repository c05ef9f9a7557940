import ZooKeeperTLS

/// A member's TLS facts as `zkscope check --json` prints them (the `tls` key of each member).
///
/// The keys are a public contract: `secure`, `subject`, `issuer`, `notAfter`, `daysLeft`, `chain`. Dates are
/// ISO 8601 in UTC; the subject, issuer and dates are the member's own certificate's, `daysLeft` counts whole
/// days from the poll; unknown values are `null` (a TLS member that has not finished a handshake yet).
public struct TLSSummary: Hashable, Sendable, Codable {
    /// Whether the member was polled over TLS.
    public var secure: Bool
    /// The member's certificate's subject.
    public var subject: String?
    /// Its issuer.
    public var issuer: String?
    /// When it expires (`2026-12-04T11:30:00Z`).
    public var notAfter: String?
    /// Whole days it has left at the poll; negative once expired.
    public var daysLeft: Int?
    /// Every certificate the member presented, its own first.
    public var chain: [CertificateSummary]

    /// Summarises one poll's facts.
    public init(_ tls: MemberTLS) {
        secure = tls.secure
        subject = tls.leaf?.subject
        issuer = tls.leaf?.issuer
        notAfter = tls.leaf.map { CertificateText.date($0.notAfter) }
        daysLeft = tls.daysLeft
        chain = tls.chain.map(CertificateSummary.init)
    }

    private enum CodingKeys: String, CodingKey {
        case secure, subject, issuer, notAfter, daysLeft, chain
    }

    /// Encodes every key, `null` included: a script can rely on each being present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(secure, forKey: .secure)
        try container.encode(subject, forKey: .subject)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(notAfter, forKey: .notAfter)
        try container.encode(daysLeft, forKey: .daysLeft)
        try container.encode(chain, forKey: .chain)
    }
}

/// One certificate of a member's chain in `check --json`: `subject`, `issuer`, `subjectAlternativeNames`,
/// `notBefore`, `notAfter` (ISO 8601, UTC) and `serialNumber` (hex).
public struct CertificateSummary: Hashable, Sendable, Codable {
    /// Subject distinguished name.
    public var subject: String
    /// Issuer distinguished name.
    public var issuer: String
    /// `DNS:name` / `IP:address`.
    public var subjectAlternativeNames: [String]
    /// Start of validity.
    public var notBefore: String
    /// End of validity.
    public var notAfter: String
    /// Serial number in hexadecimal.
    public var serialNumber: String

    /// The printable form of a certificate summary.
    public init(_ certificate: PeerCertificateSummary) {
        subject = certificate.subject
        issuer = certificate.issuer
        subjectAlternativeNames = certificate.subjectAlternativeNames
        notBefore = CertificateText.date(certificate.notBefore)
        notAfter = CertificateText.date(certificate.notAfter)
        serialNumber = certificate.serialNumber
    }
}
