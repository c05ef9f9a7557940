import Testing

@testable import ZooKeeperClient

/// Connect strings, path rules and the chroot mapping.
@Suite struct PathTests {
    @Test func connectStringWithChroot() throws {
        let parsed = try ConnectString(parsing: "h1:2181, h2:2182,[::1]:2183,h4/app/x")
        #expect(
            parsed.servers == [
                ServerAddress(host: "h1", port: 2181), ServerAddress(host: "h2", port: 2182),
                ServerAddress(host: "::1", port: 2183), ServerAddress(host: "h4", port: 2181),
            ])
        #expect(parsed.chroot == "/app/x")
        #expect(parsed.description == "h1:2181,h2:2182,[::1]:2183,h4:2181/app/x")
        #expect(try ConnectString(parsing: "h:1/").chroot == "")
    }

    @Test func badConnectStrings() {
        for text in ["", ",", "h:0", "h:99999", "h:abc", "[::1", "h:1/bad//chroot", ":2181"] {
            #expect(throws: ZooKeeperError.self, "\(text)") { try ConnectString(parsing: text) }
        }
    }

    @Test func pathRules() {
        for valid in ["/", "/a", "/a/b", "/a.b", "/..a", "/a b"] { #expect(ZNodePath.isValid(valid), "\(valid)") }
        for invalid in ["", "a", "/a/", "//", "/a//b", "/.", "/a/..", "/a\u{0}"] {
            #expect(!ZNodePath.isValid(invalid), "\(invalid)")
        }
        #expect(ZNodePath.isValid("/lock/", allowTrailingSlash: true))
        #expect(ZNodePath.join("/", "a") == "/a")
        #expect(ZNodePath.join("/a", "b") == "/a/b")
        #expect(ZNodePath.parent(of: "/a/b") == "/a")
        #expect(ZNodePath.parent(of: "/a") == "/")
        #expect(ZNodePath.parent(of: "/") == "/")
        #expect(ZNodePath.name(of: "/a/b") == "b")
        #expect(ZNodePath.name(of: "/") == "/")
        #expect(ZNodePath.ancestors(of: "/a/b/c") == ["/", "/a", "/a/b"])
        #expect(ZNodePath.ancestors(of: "/").isEmpty)
        #expect(ZNodePath.isChild("/a/b", of: "/a"))
        #expect(!ZNodePath.isChild("/a/b/c", of: "/a"))
        #expect(!ZNodePath.isChild("/", of: "/"))
        #expect(ZNodePath.normalize("a//b/") == "/a/b")
        #expect(ZNodePath.normalize("///") == "/")
    }

    @Test func chrootMapping() {
        let chroot = Chroot(prefix: "/app")
        #expect(chroot.serverPath("/") == "/app")
        #expect(chroot.serverPath("/x") == "/app/x")
        #expect(chroot.clientPath("/app") == "/")
        #expect(chroot.clientPath("/app/x/y") == "/x/y")
        #expect(chroot.clientPath("/application") == "/application")
        let none = Chroot(prefix: "")
        #expect(none.serverPath("/x") == "/x")
        #expect(none.clientPath("/x") == "/x")
    }
}
