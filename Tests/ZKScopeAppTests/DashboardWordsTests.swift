import EnsembleCore
import EnsembleMonitor
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin
import ZooKeeperJute

/// The dashboard says what is going on in words that name it: a standalone server is "standalone", a member
/// that does not serve says why, a missing path is missing, writes that are off say so, one interval range.
@Suite struct DashboardWordsTests {
    /// One member polled without a server list, `rounds` times, with the given role (nil: not serving).
    static func single(_ states: [(ServerMode?, Reachability)]) -> EnsembleTracker {
        let endpoint = MemberEndpoint(host: "127.0.0.1", clientPort: 2181)
        var tracker = EnsembleTracker(
            configuration: EnsembleConfiguration(source: "--servers", members: [endpoint]))
        for (round, (role, reachability)) in states.enumerated() {
            var member = DashboardFixtures.member(0, time: Double(round), role: role, reachability: reachability)
            member.endpoint = endpoint
            tracker.record(EnsembleSnapshot(time: Double(round), members: [member]))
        }
        return tracker
    }

    @Test func healthyStandaloneIsStandaloneNotNoQuorum() throws {
        let model = DashboardFixtures.model(Self.single([(.standalone, .serving), (.standalone, .serving)]))
        let quorum = try #require(model.view.quorum)
        #expect(quorum.hasQuorum)
        #expect(quorum.line == "standalone · standalone · a single server: no quorum to lose, no failure tolerated")
        #expect(quorum.role == .statusOK)
        let text = model.render(width: 120, height: 30).text()
        #expect(!text.contains("NO QUORUM"))
        #expect(!text.contains("serving voters"))
        #expect(text.contains("standalone 127.0.0.1:2181"))
    }

    @Test func standaloneThatDiedSaysStandaloneDownAndWhy() throws {
        let model = DashboardFixtures.model(Self.single([(.standalone, .serving), (nil, .down)]))
        let quorum = try #require(model.view.quorum)
        #expect(!quorum.hasQuorum)
        #expect(quorum.line.hasPrefix("standalone · down: connection refused: nothing listens on the port"))
        #expect(quorum.role == .statusCrit)
    }

    @Test func ensembleStillCountsVoters() throws {
        let model = DashboardFixtures.model(DashboardFixtures.trackerWithDownMember())
        let quorum = try #require(model.view.quorum)
        #expect(quorum.standalone == nil)
        #expect(quorum.line.hasPrefix("quorum ok · voters 3 · majority 2 · serving voters 2/3"))
    }

    @Test func membersThatDoNotServeSayWhy() {
        var tracker = DashboardFixtures.healthyTracker()
        var round = tracker.history.latest!
        round.time = 10
        round.members[0].reachability = .down
        round.members[0].role = nil
        round.members[0].sources = [.srvr: .hostNotFound("zk1.invalid")]
        round.members[2].reachability = .down
        round.members[2].role = nil
        round.members[2].sources = [.srvr: .notZooKeeper("binary data: 15 03 03")]
        tracker.record(round)
        let model = DashboardFixtures.model(tracker)
        let text = model.render(width: 250, height: 30).text()
        #expect(text.contains("10.0.0.1:2181 down: host zk1.invalid does not resolve"))
        #expect(text.contains("10.0.0.3:2181 down: the reply is not ZooKeeper's (binary data: 15 03 03)"))
        #expect(model.view.quorum?.signalsNeedAttention == true)
    }

    @Test func treeOfAMissingPathSaysItDoesNotExist() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.runCommand(":tree /missing")
        #expect(model.status == nil)
        _ = model.apply(.children(path: "/", names: ["app"], stat: Stat(numChildren: 1), childStats: [:]))
        _ = model.apply(.missing(path: "/missing"))
        #expect(model.status?.text == "/missing does not exist")
        #expect(model.status?.isError == true)
        #expect(model.tree.revealTarget == nil)
        // An ancestor that is missing names itself.
        _ = model.runCommand(":tree /gone/child")
        _ = model.apply(.missing(path: "/gone"))
        #expect(model.status?.text == "/gone does not exist")
        // A relative path is a usage error, not a missing node.
        _ = model.runCommand(":tree app")
        #expect(model.status?.text.hasPrefix("usage: :tree /path") == true)
        // A node deleted while nobody asked for it says nothing.
        model.setStatus("ok")
        _ = model.apply(.missing(path: "/app"))
        #expect(model.status?.text == "ok")
    }

    @Test func writeKeysInReadOnlyModeSayHowToTurnWritesOn() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.perform(.showPane(.tree))
        _ = model.apply(.children(path: "/", names: ["app"], stat: Stat(numChildren: 1), childStats: [:]))
        _ = model.handle(.key(.down))
        for key in ["c", "e", "d"] {
            model.setStatus("")
            #expect(model.handle(.key(.char(Character(key)))).isEmpty)
            #expect(model.dialog == nil && model.editor == nil)
            #expect(model.status?.text.contains("writes are off") == true, "\(key)")
            #expect(model.status?.text.contains("--allow-writes") == true, "\(key)")
        }
        #expect(model.render(width: 120, height: 30).text().contains("read-only"))
    }

    @Test func oneIntervalRangeEverywhere() {
        let range = PollSettings.intervalRange
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        // `:interval` accepts exactly the range's ends and nothing outside it.
        #expect(model.runCommand(":interval \(range.lowerBound)") == [.setInterval(range.lowerBound)])
        #expect(model.runCommand(":interval \(range.upperBound)") == [.setInterval(range.upperBound)])
        #expect(model.runCommand(":interval \(range.lowerBound / 2)").isEmpty)
        #expect(model.status?.text == "usage: :interval SECONDS (\(PollSettings.intervalRangeText))")
        #expect(model.runCommand(":interval \(range.upperBound + 1)").isEmpty)
        // `-` walks up to the top of the range and `+` down to its bottom.
        var effects: [AppEffect] = []
        for _ in 0..<20 { effects += model.handle(.key(.char("-"))) }
        #expect(effects.last == .setInterval(range.upperBound))
        #expect(model.interval == range.upperBound)
        for _ in 0..<20 { effects += model.handle(.key(.char("+"))) }
        #expect(effects.last == .setInterval(range.lowerBound))
        #expect(model.interval == range.lowerBound)
        #expect(!PollSettings.isValidInterval(.nan) && !PollSettings.isValidInterval(.infinity))
    }

    @Test func detailFromAMemberThatDiedSaysSoAndIsReadAgain() {
        var tracker = DashboardFixtures.healthyTracker()
        var model = DashboardFixtures.model(tracker)
        _ = model.perform(.showPane(.tree))
        _ = model.apply(.children(path: "/", names: ["app"], stat: Stat(numChildren: 1), childStats: [:]))
        _ = model.handle(.key(.down))
        _ = model.apply(
            .detail(NodeDetail(path: "/app", stat: Stat(), data: [], acl: nil, member: "10.0.0.1:2181")))
        #expect(model.render(width: 200, height: 30).text().contains("read from: 10.0.0.1:2181\u{20}"))
        // 10.0.0.1 dies: the detail says the read is from a member that is down now, and asks again once.
        var round = tracker.history.latest!
        round.time = 10
        round.members[0].reachability = .down
        round.members[0].role = nil
        tracker.record(round)
        #expect(model.update(tracker: tracker) == [.tree(.detail(path: "/app"))])
        round.time = 11
        tracker.record(round)
        #expect(model.update(tracker: tracker).isEmpty)
        let text = model.render(width: 200, height: 30).text()
        #expect(text.contains("read from: 10.0.0.1:2181, now down: shown as last read, re-reading"))
        // The re-read from another member replaces it.
        _ = model.apply(
            .detail(NodeDetail(path: "/app", stat: Stat(), data: [], acl: nil, member: "10.0.0.2:2181")))
        let after = model.render(width: 200, height: 30).text()
        #expect(after.contains("read from: 10.0.0.2:2181"))
        #expect(!after.contains("now down"))
    }

    @Test func aNameWithReplacedBytesIsMarkedNotPassedOffAsText() throws {
        // The client decodes names as UTF-8 and replaces an invalid byte with U+FFFD (a real ZooKeeper refuses
        // such a name with BadArguments; a fake or foreign server can send one).
        let name = String(decoding: Array("bad-".utf8) + [0xFF] + Array("-x".utf8), as: UTF8.self)
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.perform(.showPane(.tree))
        _ = model.apply(.children(path: "/", names: [name], stat: Stat(numChildren: 1), childStats: [:]))
        let screen = model.render(width: 120, height: 30)
        #expect(screen.text().contains("bad-<U+FFFD>-x"))
        #expect(!screen.text().contains("\u{FFFD}"))
        let row = try #require(screen.text().components(separatedBy: "\n").firstIndex { $0.contains("bad-<U+FFFD>") })
        #expect(screen.roles(row: row).contains(.controlChar))
        // Data keeps its bytes: the invalid byte itself is shown.
        #expect(TextSanitizer.sanitize(bytes: [0x61, 0xFF]).plain == "a\\xFF")
    }
}
