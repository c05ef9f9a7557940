import EnsembleCore
import Foundation
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin
import ZooKeeperTLS

/// The Ensemble pane's TLS column (days each member's certificate has left, right after State) and the selected
/// member's chain under the table; neither appears for an ensemble polled in plaintext.
@Suite struct TLSColumnTests {
    static let now = Date(timeIntervalSince1970: 1_796_212_800)  // 2026-12-02T12:00:00Z

    static func certificate(days: Double, subject: String) -> PeerCertificateSummary {
        PeerCertificateSummary(
            subject: subject, issuer: "CN=lab CA", subjectAlternativeNames: ["IP:127.0.0.1"],
            notBefore: now.addingTimeInterval(-86_400), notAfter: now.addingTimeInterval(days * 86_400 + 60),
            serialNumber: "01")
    }

    /// Member 1 has 2 days left, member 2 a year, member 3 is polled in plaintext.
    static func tracker(third: MemberTLS = MemberTLS(secure: false)) -> EnsembleTracker {
        var tracker = EnsembleTracker(configuration: DashboardFixtures.configuration)
        for time in [0.0, 1.0] {
            var members = (0..<3).map { index in
                DashboardFixtures.member(index, time: time, role: index == 1 ? .leader : .follower)
            }
            members[0].tls = MemberTLS(
                secure: true,
                chain: [certificate(days: 2, subject: "CN=zk1"), certificate(days: 900, subject: "CN=lab CA")],
                observedAt: now)
            members[1].tls = MemberTLS(
                secure: true, chain: [certificate(days: 365, subject: "CN=zk2")], observedAt: now)
            members[2].tls = third
            tracker.record(EnsembleSnapshot(time: time, members: members))
        }
        return tracker
    }

    @Test func cellsSayDaysLeftInTheExpiryColours() {
        let view = EnsembleViewModel(tracker: Self.tracker())
        #expect(view.usesTLS)
        #expect(view.rows.map(\.tls) == ["2d", "365d", "off"])
        #expect(view.rows.map(\.tlsRole) == [.statusCrit, .statusOK, .statusWarn])
        #expect(
            view.rows[0].tlsDetail
                == "TLS CN=zk1 <- CN=lab CA · issuer CN=lab CA · expires 2026-12-04T12:01:00Z (2 days left)")
        #expect(view.rows[2].tlsDetail == nil)
        let expired = EnsembleViewModel(
            tracker: Self.tracker(
                third: MemberTLS(
                    secure: true, chain: [Self.certificate(days: -3, subject: "CN=zk3")], observedAt: Self.now)))
        #expect(expired.rows[2].tls == "exp")
        #expect(expired.rows[2].tlsRole == .statusCrit)
        let waiting = EnsembleViewModel(tracker: Self.tracker(third: MemberTLS(secure: true, observedAt: Self.now)))
        #expect(waiting.rows[2].tls == "on")
        let decade = EnsembleViewModel(
            tracker: Self.tracker(
                third: MemberTLS(
                    secure: true, chain: [Self.certificate(days: 3650, subject: "CN=zk3")], observedAt: Self.now)))
        #expect(decade.rows[2].tls == "10y")
    }

    @Test func theColumnSitsAfterStateAndStillFits120() {
        let addresses = ["127.0.0.1:17953", "127.0.0.1:17957", "127.0.0.1:17961"]
        let wide = MemberTableLayout(width: 200, addresses: addresses, showTLS: true)
        #expect(Array(wide.columns.map(\.title).prefix(4)) == ["ID", "Member", "State", "TLS"])
        let narrow = MemberTableLayout(width: 120, addresses: addresses, showTLS: true)
        let titles = narrow.columns.map(\.title)
        #expect(titles.contains("TLS") && !titles.contains("Sess") && titles.last == "Rst")
        let end = TableView(columns: narrow.columns).columnLayout(width: 120).last.map { $0.x + $0.width } ?? 0
        #expect(end <= 120)
        // Without TLS nothing changes: no TLS column, Sess kept.
        let plain = MemberTableLayout(width: 120, addresses: addresses)
        #expect(!plain.columns.contains { $0.title == "TLS" } && plain.columns.contains { $0.title == "Sess" })
        // The cells follow their columns.
        let row = EnsembleViewModel(tracker: Self.tracker()).rows[0]
        #expect(narrow.row(row).cells[3] == SafeText("2d"))
        #expect(narrow.row(row).cellRoles[3] == .statusCrit)
    }

    @Test func renderedPaneShowsTheColumnAndTheSelectedMembersChain() {
        let model = DashboardFixtures.model(Self.tracker())
        let text = model.render(width: 160, height: 30).text()
        let header = text.split(separator: "\n").first { $0.contains("Member") }.map(String.init) ?? ""
        #expect(header.contains("State") && header.contains("TLS"))
        #expect(text.contains("365d"))
        #expect(text.contains("m1 TLS CN=zk1 <- CN=lab CA · issuer CN=lab CA · expires 2026-12-04T12:01:00Z"))
        let plain = DashboardFixtures.model(DashboardFixtures.healthyTracker()).render(width: 160, height: 30).text()
        let plainHeader = plain.split(separator: "\n").first { $0.contains("Member") }.map(String.init) ?? ""
        #expect(!plainHeader.contains("TLS"))
    }
}
