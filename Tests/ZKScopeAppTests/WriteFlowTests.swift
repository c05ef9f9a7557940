import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperJute

/// `--allow-writes`: create, set and delete ask first; a non-empty subtree needs its path typed.
@Suite struct WriteFlowTests {
    static func model(writes: Bool) -> DashboardModel {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker(), writes: writes)
        _ = model.perform(.showPane(.tree))
        _ = model.apply(
            .children(
                path: "/", names: ["app", "leaf"], stat: Stat(numChildren: 2),
                childStats: ["/app": Stat(numChildren: 3), "/leaf": Stat()]))
        _ = model.handle(.key(.down))
        return model
    }

    static func type(_ text: String, into model: inout DashboardModel) -> [AppEffect] {
        var effects: [AppEffect] = []
        for c in text { effects += model.handle(.key(.char(c))) }
        return effects + model.handle(.key(.enter))
    }

    @Test func readOnlyByDefault() {
        var model = Self.model(writes: false)
        #expect(model.handle(.key(.char("d"))).isEmpty)
        #expect(model.handle(.key(.char("c"))).isEmpty)
        #expect(model.dialog == nil && model.editor == nil)
        #expect(model.perform(.deleteNode).isEmpty)
        #expect(model.status?.isError == true)
    }

    @Test func createAsksNameDataThenConfirms() {
        var model = Self.model(writes: true)
        _ = model.handle(.key(.char("c")))
        #expect(model.editor?.prompt == "name of the new child of /app: ")
        #expect(Self.type("child", into: &model).isEmpty)
        #expect(Self.type("hello", into: &model).isEmpty)
        #expect(model.render(width: 100, height: 30).text().contains("Create /app/child with 5 bytes of data?"))
        // Enter alone takes the preselected "No".
        #expect(model.handle(.key(.enter)).isEmpty)
        #expect(model.dialog == nil)
        _ = model.handle(.key(.char("c")))
        _ = Self.type("child", into: &model)
        _ = Self.type("hello", into: &model)
        #expect(model.handle(.key(.char("y"))) == [.write(.create(path: "/app/child", data: Array("hello".utf8)))])
    }

    @Test func deletingANonEmptySubtreeNeedsItsPathTyped() {
        var model = Self.model(writes: true)
        _ = model.handle(.key(.char("d")))
        #expect(model.editor?.prompt.contains("type its path") == true)
        #expect(Self.type("/ap", into: &model).isEmpty)
        #expect(model.status?.isError == true)
        _ = model.handle(.key(.char("d")))
        #expect(Self.type("/app", into: &model) == [.write(.delete(path: "/app", recursive: true))])
    }

    @Test func deletingALeafAsksYesNo() {
        var model = Self.model(writes: true)
        _ = model.handle(.key(.down))
        #expect(model.tree.selectedPath == "/app" || model.tree.selectedPath == "/leaf")
        while model.tree.selectedPath != "/leaf" { _ = model.handle(.key(.down)) }
        _ = model.handle(.key(.char("d")))
        #expect(model.render(width: 100, height: 30).text().contains("Delete /leaf?"))
        #expect(model.handle(.key(.char("n"))).isEmpty)
        _ = model.handle(.key(.char("d")))
        #expect(model.handle(.key(.char("y"))) == [.write(.delete(path: "/leaf", recursive: false))])
    }

    @Test func zookeeperOwnNodesAreNeverDeleted() {
        var model = Self.model(writes: true)
        _ = model.handle(.key(.home))
        _ = model.handle(.key(.char("d")))
        #expect(model.dialog == nil && model.editor == nil && model.status?.isError == true)
    }
}
