import Foundation
import ZooKeeperTLS

/// `tls-certificate-expiring`: a member's certificate expires within `certificateExpiryWarningDays` (warning),
/// within `certificateExpiryCriticalDays` or has expired (critical).
///
/// The certificate judged is the one of the presented chain that expires first: an intermediate that runs out
/// breaks verification as surely as the server's own. Time left counts from the poll's wall-clock time
/// (``MemberTLS/observedAt``), so the detector reads no clock and a test fixes "now".
public let detectCertificateExpiry: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        guard let tls = member.tls, tls.secure, let now = tls.observedAt, let certificate = tls.firstToExpire
        else { return nil }
        let secondsLeft = certificate.notAfter.timeIntervalSince(now)
        let day = 86_400.0
        guard secondsLeft <= thresholds.certificateExpiryWarningDays * day else { return nil }
        let expired = secondsLeft <= 0
        let critical = expired || secondsLeft <= thresholds.certificateExpiryCriticalDays * day
        let days = certificate.daysLeft(at: now)
        let which = certificate == tls.leaf ? "certificate" : "chain certificate"
        let notAfter = CertificateText.date(certificate.notAfter)
        let message =
            expired
            ? "\(member.address)'s \(which) \(certificate.subject) expired on \(notAfter): clients that verify refuse it"
            : "\(member.address)'s \(which) \(certificate.subject) expires in \(CertificateText.days(days)) (\(notAfter))"
        return Finding(
            code: .tlsCertificateExpiring, severity: critical ? .critical : .warning, members: [member.address],
            message: message,
            evidence: [
                "subject": certificate.subject, "issuer": certificate.issuer, "not_after": notAfter,
                "days_left": String(days),
            ],
            remedy: "Issue a new certificate for this member (same names: "
                + (certificate.subjectAlternativeNames.isEmpty
                    ? "its host name" : certificate.subjectAlternativeNames.joined(separator: ", "))
                + "), put it in the keystore its ssl.keyStore.location names, and restart the members one at a "
                + "time so the ensemble keeps its quorum")
    }
}
