import EnsembleCore
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin

/// The member table fits 120 columns, sizes the Member column to the addresses, and reads lag right after an
/// election.
@Suite struct MemberTableLayoutTests {
    static let loopback = ["127.0.0.1:17953", "127.0.0.1:17957", "127.0.0.1:17961"]

    @Test func everyColumnAtWideScreensWithAMemberColumnSizedToTheAddresses() {
        let layout = MemberTableLayout(width: 160, addresses: Self.loopback)
        // Every column but TLS, which only an ensemble with a TLS member shows (`TLSColumnTests`).
        #expect(layout.columns.map(\.title) == EnsembleViewModel.columns.map(\.title).filter { $0 != "TLS" })
        let member = layout.columns.first { $0.title == "Member" }
        #expect(member?.width == .fixed(15))
    }

    @Test func at120ColumnsEpochAndOutGoAndTheRestFits() {
        let layout = MemberTableLayout(width: 120, addresses: Self.loopback)
        let titles = layout.columns.map(\.title)
        #expect(!titles.contains("Epoch") && !titles.contains("Out"))
        #expect(titles.suffix(4) == ["Wr/s", "R:W", "Uptime", "Rst"])
        let table = TableView(columns: layout.columns)
        let end = table.columnLayout(width: 120).last.map { $0.x + $0.width } ?? 0
        #expect(end <= 120)
        // The cells follow their columns.
        #expect(layout.cellIndices.count == layout.columns.count)
        #expect(!layout.cellIndices.contains(3) && !layout.cellIndices.contains(7) && !layout.cellIndices.contains(12))
    }

    /// Watches per member (`zk_watch_count`, else `wchs`) beside the other counts, in the warning colour above the
    /// `watch-count-high` limit; the column goes after Epoch and Out on narrow screens.
    @Test func watchesColumnShowsEachMembersWatchCountAgainstTheLimit() {
        var tracker = EnsembleTracker(configuration: DashboardFixtures.configuration)
        for time in [0.0, 1.0] {
            var members = (0..<3).map { index in
                DashboardFixtures.member(index, time: time, role: index == 1 ? .leader : .follower)
            }
            members[0].watches = 16
            members[1].watches = 25_000
            tracker.record(EnsembleSnapshot(time: time, members: members))
        }
        let rows = EnsembleViewModel(tracker: tracker).rows
        #expect(rows.map(\.watches) == ["16", "25000", "-"])
        #expect(rows.map(\.watchesRole) == [.normal, .statusWarn, .normal])
        let wide = MemberTableLayout(width: 160, addresses: Self.loopback)
        let column = wide.columns.firstIndex { $0.title == "Watch" }
        #expect(column.map { wide.row(rows[1]).cells[$0] } == "25000")
        #expect(column.map { wide.row(rows[1]).cellRoles[$0] } == .statusWarn)
        #expect(MemberTableLayout(width: 128, addresses: Self.loopback).columns.contains { $0.title == "Watch" })
        #expect(!MemberTableLayout(width: 127, addresses: Self.loopback).columns.contains { $0.title == "Watch" })
        let model = DashboardFixtures.model(tracker)
        let text = model.render(width: 160, height: 30).text()
        let header = text.split(separator: "\n").first { $0.contains("Member") }.map(String.init) ?? ""
        #expect(header.contains("Znodes   Watch"))
        #expect(text.contains("25000"))
    }

    @Test func longNamesShrinkTheMemberColumnBeforeAnythingElseClips() {
        let long = ["zookeeper-1.payments.prod.example.com:2181"]
        let wide = MemberTableLayout(width: 200, addresses: long)
        #expect(wide.columns.first { $0.title == "Member" }?.width == .fixed(40))
        let narrow = MemberTableLayout(width: 120, addresses: long)
        #expect(narrow.columns.first { $0.title == "Member" }?.width == .fixed(15))
        #expect(narrow.columns.last?.title == "Rst")
    }

    @Test func renderedAt120TheUptimeAndRestartsAreOnScreen() {
        let model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        let text = model.render(width: 120, height: 30).text()
        let header = text.split(separator: "\n").first { $0.contains("Member") }.map(String.init) ?? ""
        #expect(header.contains("Uptime") && header.contains("Rst"))
        #expect(text.contains("1h02m"))
    }

    /// Right after an election the followers still show the old epoch's last zxid; until the first write in the
    /// new epoch they are not behind, after it they are at least that many transactions behind.
    @Test func lagAcrossAnEpochChangeIsZeroUntilTheFirstWrite() throws {
        func tracker(leaderCounter: Int64) -> EnsembleTracker {
            var tracker = EnsembleTracker(configuration: DashboardFixtures.configuration)
            var members = (0..<3).map { index in
                DashboardFixtures.member(index, time: 0, role: index == 1 ? .leader : .follower, zxidCounter: 0xa78)
            }
            members[1].zxid = Zxid(epoch: 4, counter: leaderCounter)
            members[1].epoch = 4
            tracker.record(EnsembleSnapshot(time: 0, members: members))
            return tracker
        }
        let quiet = EnsembleViewModel(tracker: tracker(leaderCounter: 0))
        #expect(quiet.rows[0].lag == "0")
        #expect(quiet.rows[0].lagRole == .normal)
        let written = EnsembleViewModel(tracker: tracker(leaderCounter: 5))
        #expect(written.rows[0].lag == "≥5")
        #expect(written.rows[0].lagRole == .statusWarn)
    }
}

/// Beside the ensemble's sparklines, the selected member's own (from 100 columns).
@Suite struct MemberSparklineTests {
    @Test func theSelectedMembersSeriesSitBesideTheEnsembles() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        var text = model.render(width: 120, height: 30).text()
        #expect(text.contains("reads/s ") && text.contains("m1 reads/s"))
        _ = model.handle(.key(.down))
        text = model.render(width: 120, height: 30).text()
        #expect(text.contains("m2 reads/s") && text.contains("m2 lat ms") && !text.contains("m1 reads/s"))
        // Each member serves 100 reads/s in the fixture, the ensemble 300.
        let line = text.split(separator: "\n").first { $0.contains("m2 reads/s") }.map(String.init) ?? ""
        #expect(line.hasSuffix("100") || line.contains(" 100"), "\(line)")
        // Too narrow for two columns of sparklines: the ensemble's alone.
        #expect(!model.render(width: 80, height: 24).text().contains("m2 reads/s"))
    }
}
