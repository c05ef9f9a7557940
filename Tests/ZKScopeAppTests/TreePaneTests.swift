import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperJute

/// The tree pane's pure model: lazy expansion, node kinds, paging, filter, and the detail pane's data views.
@Suite struct TreePaneTests {
    static func stat(children: Int32 = 0, owner: Int64 = 0, length: Int32 = 0) -> Stat {
        Stat(
            czxid: 5, mzxid: 6, ctime: 1_700_000_000_000, mtime: 1_700_000_000_000, ephemeralOwner: owner,
            dataLength: length, numChildren: children)
    }

    /// A dashboard on the tree pane with `/app` holding one node of each kind.
    static func model() -> DashboardModel {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        let effects = model.perform(.showPane(.tree))
        #expect(effects == [.tree(.expand(path: "/", listHuge: false)), .tree(.detail(path: "/"))])
        _ = model.apply(
            .children(
                path: "/", names: ["app", "zookeeper"], stat: stat(children: 2),
                childStats: [
                    "/app": stat(children: 5), "/zookeeper": stat(children: 1),
                ]))
        return model
    }

    @Test func expandListsChildrenWithTheirKinds() {
        var model = Self.model()
        #expect(model.tree.rows.count == 3)
        _ = model.handle(.key(.down))
        #expect(model.tree.selectedPath == "/app")
        #expect(model.handle(.key(.right)) == [.tree(.expand(path: "/app", listHuge: false))])
        _ = model.apply(
            .children(
                path: "/app", names: ["plain", "eph", "lock-0000000007", "ctr", "ttl"], stat: Self.stat(children: 5),
                childStats: [
                    "/app/plain": Self.stat(), "/app/eph": Self.stat(owner: 0x1234),
                    "/app/lock-0000000007": Self.stat(), "/app/ctr": Self.stat(owner: Int64.min),
                    "/app/ttl": Self.stat(owner: Int64(bitPattern: 0xFF00_0000_0000_EA60)),
                ]))
        let text = model.render(width: 100, height: 30).text()
        #expect(text.contains("eph eph"))
        #expect(text.contains("lock-0000000007 seq"))
        #expect(text.contains("ctr ctr"))
        #expect(text.contains("ttl ttl 1m00s"))
        #expect(model.tree.rows.count == 8)
        // Collapsing drops the children and stops the watch.
        #expect(model.tree.selectedPath == "/app")
        #expect(model.handle(.key(.left)) == [.tree(.collapse(path: "/app"))])
        #expect(model.tree.rows.count == 3)
    }

    @Test func hugeChildListsAreListedOnlyOnRequestAndPaged() {
        var model = Self.model()
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        _ = model.apply(.children(path: "/app", names: nil, stat: Self.stat(children: 50_000), childStats: [:]))
        #expect(model.render(width: 100, height: 30).text().contains("50000 children: Enter lists them"))
        _ = model.handle(.key(.down))
        #expect(model.handle(.key(.enter)) == [.tree(.expand(path: "/app", listHuge: true))])
        let names = (0..<1200).map { String(format: "n%05d", $0) }
        _ = model.apply(.children(path: "/app", names: names, stat: Self.stat(children: 1200), childStats: [:]))
        #expect(model.tree.rows.count == 3 + 500 + 1)
        _ = model.handle(.key(.end))
        _ = model.handle(.key(.up))
        #expect(model.render(width: 100, height: 30).text().contains("700 more"))
        let effects = model.handle(.key(.enter))
        #expect(model.tree.rows.count == 3 + 1000 + 1)
        guard case .tree(.stats(let paths))? = effects.first else {
            Issue.record("no stats request for the new page: \(effects)")
            return
        }
        #expect(paths.count == 500 && paths.first == "/app/n00500")
    }

    @Test func watchUpdatesAddAndRemoveNodes() {
        var model = Self.model()
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        _ = model.apply(.children(path: "/app", names: ["a", "b"], stat: Self.stat(children: 2), childStats: [:]))
        #expect(model.tree.rows.count == 5)
        _ = model.apply(.children(path: "/app", names: ["b", "c", "d"], stat: Self.stat(children: 3), childStats: [:]))
        let text = model.render(width: 100, height: 30).text()
        #expect(!text.contains("  a ") && text.contains("c") && text.contains("d"))
        _ = model.apply(.stats(["/app/b": nil]))
        #expect(model.tree.rows.count == 5)
    }

    @Test func filterKeepsMatchesAndTheirAncestors() {
        var model = Self.model()
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        _ = model.apply(
            .children(path: "/app", names: ["alpha", "beta"], stat: Self.stat(children: 2), childStats: [:]))
        _ = model.handle(.key(.char("/")))
        for c in "bet" { _ = model.handle(.key(.char(c))) }
        #expect(model.tree.rows.map(\.path) == ["/", "/app", "/app/beta"])
    }

    @Test func revealExpandsAncestorsAndSelectsThePath() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        let effects = model.runCommand(":tree /a/b/c")
        #expect(model.pane == .tree)
        #expect(effects.contains(.tree(.expand(path: "/a", listHuge: false))))
        #expect(effects.contains(.tree(.expand(path: "/a/b", listHuge: false))))
        #expect(!effects.contains(.tree(.expand(path: "/a/b/c", listHuge: false))))
        _ = model.apply(.children(path: "/", names: ["a"], stat: Self.stat(children: 1), childStats: [:]))
        _ = model.apply(.children(path: "/a", names: ["b"], stat: Self.stat(children: 1), childStats: [:]))
        _ = model.apply(.children(path: "/a/b", names: ["c", "d"], stat: Self.stat(children: 2), childStats: [:]))
        #expect(model.tree.selectedPath == "/a/b/c")
    }

    @Test func detailShowsStatAclAndSanitisedDataInEveryView() {
        var model = Self.model()
        _ = model.handle(.key(.down))
        let data = Array("A\u{1B}[2J\u{1B}]0;x\u{07}".utf8) + [0xFF, 0x0A] + Array("{}".utf8)
        _ = model.apply(
            .detail(
                NodeDetail(
                    path: "/app", stat: Self.stat(children: 5, length: Int32(data.count)), data: data,
                    acl: [ACL(perms: .all, id: .anyone)], member: "10.0.0.1:2181")))
        var screen = model.render(width: 200, height: 30)
        var text = screen.text()
        #expect(text.contains("acl: world:anyone cdrwa"))
        #expect(text.contains("A^[[2J^[]0;x^G\\xFF"))
        #expect(text.contains("read from: 10.0.0.1:2181"))
        for cell in screen.cells { #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }) }
        _ = model.handle(.key(.char("v")))  // json: not JSON, falls back
        #expect(model.render(width: 200, height: 30).text().contains("not JSON; shown as text"))
        _ = model.handle(.key(.char("v")))  // hex
        screen = model.render(width: 200, height: 30)
        text = screen.text()
        #expect(text.contains("00000000  41 1b 5b 32 4a 1b 5d 30  3b 78 07 ff 0a 7b 7d"))
        _ = model.handle(.key(.char("v")))  // base64
        #expect(model.render(width: 200, height: 30).text().contains("QRtbMkobXTA7eAf/Cnt9"))
    }

    @Test func jsonIsPrettyPrinted() {
        let (lines, note) = DataFormatter.lines(Array(#"{"b":[1,2],"a":"x"}"#.utf8), view: .json)
        #expect(note == nil)
        #expect(lines.map(\.plain) == ["{", "  \"a\" : \"x\",", "  \"b\" : [", "    1,", "    2", "  ]", "}"])
    }

    @Test func ephemeralOwnerIsMappedToItsSessionClientAndMember() {
        var tracker = DashboardFixtures.healthyTracker()
        var round = tracker.history.latest!
        round.time = 10
        round.members[1].clientConnections = [
            .init(remoteAddress: "/127.0.0.1:50000", interestOps: 1, fields: ["sid": "0x1234"])
        ]
        tracker.record(round)
        var model = DashboardFixtures.model(tracker)
        _ = model.perform(.showPane(.tree))
        _ = model.apply(.children(path: "/", names: ["e"], stat: Self.stat(children: 1), childStats: [:]))
        _ = model.handle(.key(.down))
        _ = model.apply(
            .detail(NodeDetail(path: "/e", stat: Self.stat(owner: 0x1234), data: [], acl: nil, member: nil)))
        let text = model.render(width: 200, height: 30).text()
        #expect(text.contains("owner session 0x1234 · client 127.0.0.1:50000 via 10.0.0.2:2181"))
    }
}
