import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin
import ZooKeeperJute

/// The compare view: one node as every member sees it, the children's union with per-member marks, the
/// majority / leader reference applied to cells (the rule itself: EnsembleCoreTests' ReplicaReferenceTests), the
/// keys, and drawing at 80, 120 and 200 columns — no network, no terminal.
@Suite struct CompareViewTests {
    static let members = DashboardFixtures.addresses

    static func stat(version: Int32 = 0, mzxid: Int64 = 6, length: Int32 = 1, children: Int32 = 0) -> Stat {
        Stat(
            czxid: 5, mzxid: mzxid, ctime: 1_700_000_000_000, mtime: 1_700_000_000_000, version: version,
            dataLength: length, numChildren: children)
    }

    /// One member's read of a node with `data` and these children (each child with `childStat`, unless given).
    static func read(
        _ data: String, version: Int32 = 0, children: [String]?, childStats: [String: Stat] = [:]
    ) -> CompareMemberState {
        let bytes = Array(data.utf8)
        var stats: [String: Stat] = [:]
        for name in children ?? [] { stats[name] = childStats[name] ?? stat() }
        return .read(
            CompareNodeRead(
                stat: stat(version: version, length: Int32(bytes.count), children: Int32(children?.count ?? 20_000)),
                data: bytes, children: children, childStats: stats),
            milliseconds: 1.5)
    }

    /// Each member's answer for `/app`: members 1 and 2 agree (data "same", children a and b); member 3 has
    /// other data, a newer version, and lacks child b; member 2's copy of child a has another stat.
    static let divergentAnswers: [CompareUpdate] = [
        CompareUpdate(member: members[0], path: "/app", state: read("same", children: ["a", "b"])),
        CompareUpdate(
            member: members[1], path: "/app",
            state: read("same", children: ["a", "b"], childStats: ["a": stat(version: 3, mzxid: 9)])),
        CompareUpdate(member: members[2], path: "/app", state: read("other", version: 4, children: ["a"])),
    ]

    /// The divergent answers, seen in two poll rounds (so the differences are confirmed).
    static func divergentModel() -> ComparePaneModel {
        var model = ComparePaneModel(path: "/app", members: members)
        for update in divergentAnswers { model.apply(update) }
        model.beginRound()
        for update in divergentAnswers { model.apply(update) }
        return model
    }

    @Test func nodeFieldsThatDifferAreFlaggedForTheOddMemberOnly() throws {
        let model = Self.divergentModel()
        #expect(model.differingFields == [.version, .dataLength, .numChildren, .data])
        let data = try #require(model.fields.first { $0.name == "data" })
        #expect(data.cells.map(\.text.plain) == ["same", "same", "other"])
        #expect(data.cells.map(\.differs) == [false, false, true])
        #expect(data.cells[2].role == .statusWarn)
        let exists = try #require(model.fields.first { $0.name == "exists" })
        #expect(exists.cells.allSatisfy { !$0.differs && $0.text.plain == "yes" })
    }

    @Test func aDifferenceIsConfirmedOnlyWhenEveryMemberShowsItAgainInALaterRound() throws {
        var model = ComparePaneModel(path: "/q", members: Self.members)
        // Round 0: member 3 lacks the newest child (a write still replicating, or divergence: not known yet).
        for member in Self.members.prefix(2) {
            model.apply(CompareUpdate(member: member, path: "/q", state: Self.read("", children: ["i1", "i2"])))
        }
        model.apply(CompareUpdate(member: Self.members[2], path: "/q", state: Self.read("", children: ["i1"])))
        var mark = try #require(model.children.first { $0.name == "i2" }?.marks[2])
        #expect(mark.differs && mark.settling)
        #expect(model.unconfirmed == 2)  // the child, and numChildren
        // Round 1: the others answer first; the difference is not confirmed until member 3 answered again.
        model.beginRound()
        for member in Self.members.prefix(2) {
            model.apply(CompareUpdate(member: member, path: "/q", state: Self.read("", children: ["i1", "i2"])))
        }
        mark = try #require(model.children.first { $0.name == "i2" }?.marks[2])
        #expect(mark.settling)
        model.apply(CompareUpdate(member: Self.members[2], path: "/q", state: Self.read("", children: ["i1"])))
        mark = try #require(model.children.first { $0.name == "i2" }?.marks[2])
        #expect(mark.differs && !mark.settling)
        #expect(model.unconfirmed == 0)
        let numChildren = try #require(model.fields.first { $0.name == "numChildren" })
        #expect(numChildren.cells[2].role == .statusWarn)
        // A lagging member that catches up by the next round never confirms anything.
        model.apply(
            CompareUpdate(member: Self.members[0], path: "/q", state: Self.read("", children: ["i1", "i2", "i3"])))
        #expect(model.children.first { $0.name == "i3" }?.marks[0].settling == true)
        model.beginRound()
        for member in Self.members {
            model.apply(CompareUpdate(member: member, path: "/q", state: Self.read("", children: ["i1", "i2", "i3"])))
        }
        #expect(model.differingChildren == 0 && model.unconfirmed == 0)
    }

    @Test func childrenUnionMarksMissingAndDifferingStatsAndListsThemFirst() throws {
        let model = Self.divergentModel()
        #expect(model.children.map(\.name) == ["a", "b"])
        #expect(model.differingChildren == 2)
        let a = model.children[0]
        #expect(a.marks.map(\.text) == ["present", "stat differs", "present"])
        #expect(a.marks[1].fields == ["mzxid", "version"])
        let b = model.children[1]
        #expect(b.marks.map(\.text) == ["present", "present", "missing"])
        #expect(b.marks.map(\.differs) == [false, false, true])
    }

    @Test func unreadableMembersAreShownButDoNotVote() throws {
        var model = ComparePaneModel(path: "/x", members: Self.members)
        model.apply(CompareUpdate(member: Self.members[0], path: "/x", state: Self.read("v1", children: ["c"])))
        model.apply(CompareUpdate(member: Self.members[1], path: "/x", state: Self.read("v1", children: ["c"])))
        model.apply(CompareUpdate(member: Self.members[2], path: "/x", state: .unavailable("unreachable")))
        // An answer for another node (the view moved on) is dropped.
        let applied = model.apply(CompareUpdate(member: Self.members[0], path: "/y", state: .loading))
        #expect(!applied)
        #expect(model.differingFields.isEmpty)
        let state = try #require(model.fields.first)
        #expect(state.cells[2].text.plain == "unreachable" && state.cells[2].role == .down)
        #expect(model.children.map { $0.marks.map(\.text) } == [["present", "present", "?"]])
        #expect(model.differingChildren == 0)
    }

    @Test func aNodeMissingOnOneMemberAndHugeChildListsAreMarked() throws {
        var model = ComparePaneModel(path: "/x", members: Self.members)
        model.apply(CompareUpdate(member: Self.members[0], path: "/x", state: .read(nil, milliseconds: 1)))
        model.apply(CompareUpdate(member: Self.members[1], path: "/x", state: Self.read("v", children: ["c"])))
        model.apply(CompareUpdate(member: Self.members[2], path: "/x", state: Self.read("v", children: nil)))
        let exists = try #require(model.fields.first { $0.name == "exists" })
        #expect(exists.cells.map(\.text.plain) == ["no", "yes", "yes"])
        #expect(exists.cells.map(\.differs) == [true, false, false])
        #expect(model.children.map { $0.marks.map(\.text) } == [["missing", "present", "?"]])
        #expect(model.unlistedMembers == [Self.members[2]])
    }

    @Test func theChildListIsCappedWithAMoreRow() {
        var model = ComparePaneModel(path: "/big", members: Self.members)
        let names = (0..<2_500).map { String(format: "n%05d", $0) }
        for member in Self.members {
            var children = names
            if member == Self.members[2] { children.removeLast() }  // n02499 missing on member 3
            model.apply(CompareUpdate(member: member, path: "/big", state: Self.read("", children: children)))
        }
        #expect(model.children.count == ComparePaneModel.rowLimit)
        #expect(model.hiddenChildren == 500)
        // The one differing child comes first, even though it sorts last.
        #expect(model.children.first?.name == "n02499")
        #expect(model.list.count == ComparePaneModel.rowLimit + 1)
    }

    // MARK: - In the dashboard

    /// The dashboard on the tree pane with the compare view open on `/app` and the divergent answers applied.
    static func dashboard() -> DashboardModel {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.perform(.showPane(.tree))
        #expect(model.handle(.key(.char("D"))) == [.compare(.show(path: "/"))])
        #expect(model.runCommand("compare /app/") == [.compare(.show(path: "/app"))])
        for update in divergentAnswers { _ = model.apply(compare: update) }
        #expect(model.update(tracker: DashboardFixtures.healthyTracker(rounds: 6)) == [.compare(.refresh)])
        for update in divergentAnswers { _ = model.apply(compare: update) }
        return model
    }

    @Test func aHiddenCompareViewCostsNothingUntilTheTreeIsShownAgain() {
        var model = Self.dashboard()
        _ = model.perform(.showPane(.sessions))
        #expect(model.update(tracker: DashboardFixtures.healthyTracker(rounds: 7)).isEmpty)
        #expect(model.perform(.showPane(.tree)).contains(.compare(.refresh)))
        #expect(model.update(tracker: DashboardFixtures.healthyTracker(rounds: 8)) == [.compare(.refresh)])
    }

    @Test func slashFiltersTheChildrenAndEscapeClearsItBeforeClosing() throws {
        var model = Self.dashboard()
        #expect(model.compare?.children.map(\.name).sorted() == ["a", "b"])
        _ = model.handle(.key(.char("/")))
        _ = model.handle(.key(.char("B")))
        #expect(model.compare?.children.map(\.name) == ["b"], "filtered while typing, case-insensitively")
        _ = model.handle(.key(.enter))
        let text = model.render(width: 120, height: 30).text()
        #expect(text.contains("children: 2 of 2 differ · filter \"B\": 1 shown"))
        #expect(model.tree.rowCount > 0 && model.filters[.tree] == nil, "the tree's own filter is untouched")
        _ = model.handle(.key(.escape))
        #expect(model.compare?.filter == "" && model.compare?.children.count == 2)
        _ = model.handle(.key(.escape))
        #expect(model.compare == nil)
    }

    @Test func keysOpenNavigateJumpAndClose() throws {
        var model = Self.dashboard()
        #expect(model.compare?.path == "/app")
        // n jumps between differing children (wrapping), Enter goes into one, ← comes back to it.
        #expect(model.handle(.key(.char("n"))).isEmpty)
        #expect(model.compare?.selectedChild?.name == "b")
        #expect(model.status?.text == "b: missing on 10.0.0.3:2181")
        _ = model.handle(.key(.char("n")))
        #expect(model.compare?.selectedChild?.name == "a")
        #expect(model.status?.text.contains("stat differs on 10.0.0.2:2181 (mzxid, version)") == true)
        _ = model.handle(.key(.char("N")))
        #expect(model.compare?.selectedChild?.name == "b")
        #expect(model.handle(.key(.enter)) == [.compare(.show(path: "/app/b"))])
        #expect(model.compare?.path == "/app/b")
        #expect(model.compare?.states.values.allSatisfy { $0 == .loading } == true)
        #expect(model.handle(.key(.left)) == [.compare(.show(path: "/app"))])
        for update in Self.divergentAnswers { _ = model.apply(compare: update) }
        #expect(model.compare?.selectedChild?.name == "b")
        // Tree and write keys are off while the view is open; a poll round refreshes it.
        #expect(model.handle(.key(.char("m"))).isEmpty)
        #expect(model.update(tracker: DashboardFixtures.healthyTracker(rounds: 7)) == [.compare(.refresh)])
        #expect(model.compare?.leader == "10.0.0.2:2181")
        // :tree shows the tree (the view closes); :compare opens it again.
        #expect(model.runCommand("tree /app").first == .compare(.close))
        #expect(model.compare == nil)
        #expect(model.runCommand("compare /app") == [.compare(.show(path: "/app"))])
        // Esc closes it and ends the sessions; the tree is back.
        #expect(model.handle(.key(.escape)) == [.compare(.close)])
        #expect(model.compare == nil)
        #expect(model.render(width: 100, height: 30).text().contains("Tree as"))
        #expect(model.update(tracker: DashboardFixtures.healthyTracker(rounds: 8)).isEmpty)
    }

    @Test func drawsMemberColumnsAndFlagsAt80x24() throws {
        var model = Self.dashboard()
        let frame = model.frame(width: 80, height: 24)
        model.remember(frame)
        let screen = frame.screen
        let lines = screen.text().components(separatedBy: "\n")
        #expect(lines.count == 24)
        for line in lines { #expect(TextSanitizer.displayWidth(line) <= 80) }
        #expect(lines[1].contains("Compare /app") && lines[1].contains("children: 2 of 2 differ"))
        let header = try #require(lines.first { $0.hasPrefix("node") })
        for member in Self.members { #expect(header.contains(member.prefix(13))) }
        let dataRow = try #require(lines.firstIndex { $0.hasPrefix("data ") })
        #expect(lines[dataRow].contains("same") && lines[dataRow].contains("other"))
        let otherX = try #require(lines[dataRow].range(of: "other")).lowerBound.utf16Offset(in: lines[dataRow])
        #expect(screen.roles(row: dataRow)[otherX] == .statusWarn)
        let sameX = try #require(lines[dataRow].range(of: "same")).lowerBound.utf16Offset(in: lines[dataRow])
        #expect(screen.roles(row: dataRow)[sameX] == .normal)
        let childB = try #require(lines.firstIndex { $0.hasPrefix("b ") })
        #expect(lines[childB].contains("missing"))
        #expect(lines[23].contains("Close") && lines[23].contains("NextDiff"))
        // A click on a child row selects it.
        #expect(model.compare?.selectedChild?.name == "a")
        _ = model.handle(.mouse(MouseEvent(x: 2, y: childB, button: .left)))
        #expect(model.compare?.selectedChild?.name == "b")
    }

    @Test func theStateRowNamesEachMembersRoleAndWarnsOfReadOnly() throws {
        var model = ComparePaneModel(path: "/app", members: Self.members)
        model.setMembers(
            Self.members, leader: Self.members[1], roles: [Self.members[0]: .readOnly, Self.members[2]: .follower])
        for update in Self.divergentAnswers { model.apply(update) }
        let state = try #require(model.fields.first { $0.name == "state" })
        #expect(state.cells.map(\.text.plain) == ["read-only · 1.5 ms", "leader · 1.5 ms", "follower · 1.5 ms"])
        #expect(state.cells.map(\.role) == [.statusWarn, .statusOK, .statusOK])
    }

    @Test func readableAt120And200AndScrollsMembersAt80() throws {
        let model = Self.dashboard()
        for width in [120, 200] {
            let text = model.render(width: width, height: 40).text()
            for member in Self.members { #expect(text.contains(member)) }
            #expect(text.contains("leader · 1.5 ms") && text.contains("follower · 1.5 ms"))
            #expect(!text.contains("(< >)"))
        }
        // Six members do not fit 80 columns: four show, `>` scrolls.
        let six = (1...6).map { "10.0.1.\($0):2181" }
        var wide = DashboardModel(options: .init(source: "test"), interval: 2)
        _ = wide.perform(.showPane(.tree))
        _ = wide.runCommand("compare /")
        for member in six {
            _ = wide.apply(compare: CompareUpdate(member: member, path: "/", state: Self.read("x", children: [])))
        }
        var text = wide.render(width: 80, height: 24).text()
        #expect(text.contains("members 1-4 of 6 (< >)"))
        #expect(text.contains("10.0.1.4:2181") && !text.contains("10.0.1.5:2181"))
        _ = wide.handle(.key(.char(">")))
        _ = wide.handle(.key(.char(">")))
        text = wide.render(width: 80, height: 24).text()
        #expect(text.contains("members 3-6 of 6 (< >)"))
        #expect(text.contains("10.0.1.6:2181") && !text.contains("10.0.1.2:2181"))
    }

    @Test func dataIsSanitisedAndHelpListsTheCompareKeys() throws {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.runCommand("compare /evil")
        #expect(model.pane == .tree)
        let evil = "A\u{1B}[2J\u{1B}]0;pwned\u{07}"
        _ = model.apply(
            compare: CompareUpdate(member: Self.members[0], path: "/evil", state: Self.read(evil, children: [])))
        let text = model.render(width: 120, height: 30).text()
        #expect(text.contains("A^[[2J^[]0;pwned^G"))
        #expect(!text.contains("\u{1B}"))
        let help = HelpScreen(table: AppKeys.table)
        #expect(help.lines.contains { $0.contains("Compare the node on every member side by side") })
        #expect(help.lines.contains { $0.contains("Next child that differs between members") })
        #expect(help.lines.contains { $0.contains(":compare /path") })
    }
}
