import EnsembleCore
import TUIKit

extension MemberRow {
    /// The TLS column's cell, its colour and the chain line for one member.
    ///
    /// The cell is 4 columns wide: days the certificate has left (`89d`, `2d`; years from 1,000 days, `3y`),
    /// `exp` once expired, `on` while no chain has been seen, `off` for a member polled in plaintext. Within the
    /// `tls-certificate-expiring` windows the cell takes the finding's colours; `off` is a warning beside TLS
    /// members (`tls-inconsistent`).
    static func tls(of member: MemberSnapshot, thresholds: Thresholds, ensembleUsesTLS: Bool)
        -> (cell: String, role: StyleRole, detail: String?)
    {
        guard let tls = member.tls else { return ("-", .normal, nil) }
        guard tls.secure else { return ("off", ensembleUsesTLS ? .statusWarn : .normal, nil) }
        guard let days = tls.daysLeft, let leaf = tls.leaf, let now = tls.observedAt else {
            return ("on", .normal, "TLS, no certificate seen yet")
        }
        let soonest = tls.firstToExpire ?? leaf
        let secondsLeft = soonest.notAfter.timeIntervalSince(now)
        let role: StyleRole
        if secondsLeft <= thresholds.certificateExpiryCriticalDays * 86_400 {
            role = .statusCrit
        } else if secondsLeft <= thresholds.certificateExpiryWarningDays * 86_400 {
            role = .statusWarn
        } else {
            role = .statusOK
        }
        let cell: String
        switch days {
        case ..<0: cell = "exp"
        case 1000...: cell = "\(days / 365)y"
        default: cell = "\(days)d"
        }
        var detail = "TLS " + tls.chain.map(\.subject).joined(separator: " <- ")
        detail += " · issuer \(leaf.issuer) · expires \(CertificateText.date(leaf.notAfter))"
        detail += days < 0 ? " (expired)" : " (\(CertificateText.days(days)) left)"
        if tls.plaintextAnswers == true, let port = tls.plaintextPort { detail += " · plaintext open on \(port)" }
        return (cell, role, detail)
    }
}
