import EnsembleCore
import EnsembleMonitor
import TUIKit

/// The human form of `zkscope check`: a Nagios-style status line, the members table, the findings
/// with severity, message, evidence and remedy.
///
/// Nearly every string here comes from outside (addresses and paths from the configuration, roles and
/// versions from `srvr`, AdminServer replies quoted in notes, findings quoting both), so every line goes
/// through `TextSanitizer`: an escape sequence in a server's `Mode:` line cannot reach the terminal.
public enum CheckText {
    /// Renders the whole report.
    public static func render(
        report: CheckReport, configuration: EnsembleConfiguration, sources: [String: SourceReport]
    )
        -> String
    {
        unsafeLines(report: report, configuration: configuration, sources: sources)
            .map(TextSanitizer.visible).joined(separator: "\n")
    }

    /// The lines before sanitizing (table cells are sanitized already, so the columns line up).
    private static func unsafeLines(
        report: CheckReport, configuration: EnsembleConfiguration, sources: [String: SourceReport]
    ) -> [String] {
        var lines: [String] = []
        lines.append(statusLine(report))
        lines.append("Members (\(report.members.count), from \(configuration.source)):")
        let header = [
            "MEMBER", "ID", "STATE", "ROLE", "ZXID", "EPOCH", "ZNODES", "EPHEM", "SESS", "CONN", "READ/S", "WRITE/S",
            "SIGNALS",
        ]
        var rows: [[String]] = [header]
        for member in report.members {
            rows.append(
                [
                    member.address, member.id.map(String.init) ?? "-", member.state.rawValue, member.role ?? "-",
                    member.zxid ?? "-", member.epoch.map(String.init) ?? "-", number(member.znodes),
                    number(member.ephemerals), number(member.sessions), number(member.connections),
                    rate(member.readsPerSecond), rate(member.writesPerSecond),
                    member.signals.isEmpty ? "-" : member.signals.joined(separator: ","),
                ].map(TextSanitizer.visible))
        }
        lines.append(contentsOf: table(rows).map { "  " + $0 })
        let anySecure = report.members.contains { $0.tls?.secure == true }
        for member in report.members {
            guard let source = sources[member.address] else { continue }
            var notes: [String] = []
            // The probe's own words for why a member does not serve (refused, unresolvable, not ZooKeeper's).
            if let reason = member.reason { notes.append("\(member.state.rawValue): \(reason)") }
            if anySecure, let tls = member.tls { notes.append(tlsNote(tls)) }
            if !source.blocked.isEmpty {
                notes.append(
                    "blocked: " + source.blocked.keys.sorted().joined(separator: ",") + " (4lw.commands.whitelist)")
            }
            notes.append("AdminServer " + source.adminServer)
            lines.append("  \(member.address): " + notes.joined(separator: "; "))
        }
        lines.append("")
        if report.findings.isEmpty {
            lines.append("No findings.")
        } else {
            lines.append("Findings (\(report.findings.count)):")
            for finding in report.findings {
                let who = finding.members.isEmpty ? "" : " [" + finding.members.joined(separator: ", ") + "]"
                lines.append("  \(finding.severity.rawValue.uppercased()) \(finding.code)\(who)")
                lines.append("    \(finding.message)")
                if !finding.evidence.isEmpty {
                    let evidence = finding.evidence.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    lines.append("    evidence: " + evidence.joined(separator: ", "))
                }
                lines.append("    remedy: \(finding.remedy)")
            }
        }
        return lines
    }

    /// `ZOOKEEPER OK - 3/3 members serving, leader 127.0.0.1:2182` (the first line Nagios shows).
    public static func statusLine(_ report: CheckReport) -> String {
        let status: String
        switch report.exitCode {
        case 0: status = "OK"
        case 1: status = "WARNING"
        case 2: status = "CRITICAL"
        default: status = "UNKNOWN"
        }
        let serving = report.members.filter { $0.state == .serving }.count
        var text = "ZOOKEEPER \(status) - \(serving)/\(report.members.count) members serving"
        if let leader = report.members.first(where: { $0.role == "leader" }) { text += ", leader \(leader.address)" }
        let worst = report.findings.filter { $0.severity != .info }.map(\.code.rawValue)
        if !worst.isEmpty { text += "; " + Array(Set(worst)).sorted().joined(separator: ", ") }
        return text
    }

    /// `TLS CN=zk1, issuer CN=lab CA, expires 2026-12-04T13:00:00Z (2 days left)`, with the rest of the chain
    /// when there is more than the member's own certificate; `plaintext` for a member polled without TLS.
    static func tlsNote(_ tls: TLSSummary) -> String {
        guard tls.secure else { return "plaintext" }
        guard let subject = tls.subject else { return "TLS (no certificate seen yet)" }
        var note = "TLS \(subject)"
        if let issuer = tls.issuer { note += ", issuer \(issuer)" }
        if let notAfter = tls.notAfter { note += ", expires \(notAfter)" }
        if let days = tls.daysLeft { note += days < 0 ? " (expired)" : " (\(CertificateText.days(days)) left)" }
        if tls.chain.count > 1 { note += ", chain " + tls.chain.map(\.subject).joined(separator: " <- ") }
        return note
    }

    private static func number(_ value: Int64?) -> String { value.map(String.init) ?? "-" }

    private static func rate(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String((value * 10).rounded() / 10)
    }

    /// Left-aligned columns separated by two spaces, measured in terminal columns (cells must be
    /// sanitized already).
    public static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        let cellWidths = rows.map { $0.map(TextSanitizer.displayWidth) }
        for row in cellWidths {
            for (index, width) in row.enumerated() { widths[index] = max(widths[index], width) }
        }
        return rows.indices.map { rowIndex in
            let row = rows[rowIndex]
            return row.indices.map { index in
                let cell = row[index]
                let pad = widths[index] - cellWidths[rowIndex][index]
                return index == row.count - 1 ? cell : cell + String(repeating: " ", count: pad)
            }.joined(separator: "  ")
        }
    }
}
