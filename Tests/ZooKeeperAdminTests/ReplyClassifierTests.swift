import Testing

@testable import ZooKeeperAdmin

@Suite("Shared 4lw replies")
struct ReplyClassifierTests {
    @Test(
        "refusals are classified before parsing",
        arguments: [
            ("4lw/looking-srvr.txt", ReplyFailure.notServing),
            ("4lw/looking-mntr.txt", .notServing),
            ("4lw/looking-conf.txt", .notServing),
            ("4lw/looking-hash.txt", .notServing),
            ("4lw/whitelist-mntr.txt", .notWhitelisted("mntr")),
            ("4lw/leader-unknown-xyzw.txt", .empty),
        ])
    func classifies(path: String, expected: ReplyFailure) throws {
        let text = try Fixture.text(path)
        #expect(throws: expected) { try ReplyClassifier.check(text) }
        #expect(throws: expected) { try ServerStatsReply.parse(text) }
        #expect(throws: expected) { try MonitorReply.parse(text) }
        #expect(throws: expected) { try ConfReply.parse(text) }
    }

    @Test func realContentPasses() throws {
        try ReplyClassifier.check(try Fixture.text("4lw/leader-srvr.txt"))
    }

    @Test func whitelistTextNeedsTheExactShape() {
        #expect(throws: ReplyFailure.malformed(line: "hello is not executed because it is not in the whitelist.")) {
            try ServerStatsReply.parse("hello is not executed because it is not in the whitelist.\n")
        }
    }

    @Test func isroNullMeansNotServing() throws {
        #expect(throws: ReplyFailure.notServing) { try ReadOnlyReply.parse(try Fixture.text("4lw/looking-isro.txt")) }
        #expect(try ReadOnlyReply.parse(try Fixture.text("4lw/leader-isro.txt")) == .readWrite)
        #expect(try ReadOnlyReply.parse("ro") == .readOnly)
    }

    @Test func versionTakesTheNumericPrefix() {
        let version = ZooKeeperVersion(parsing: "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC")
        #expect(version?.description == "3.8.0")
        #expect(version.map { $0 > ZooKeeperVersion(parsing: "3.7.2")! } == true)
        #expect(ZooKeeperVersion(parsing: "garbage") == nil)
        #expect(ZooKeeperVersion(parsing: "3.8") == nil)
    }

    @Test func zxidSplitsEpochAndCounter() throws {
        let zxid = try #require(Zxid(hex: "0x100000892"))
        #expect(zxid.epoch == 1)
        #expect(zxid.counter == 0x892)
        #expect(zxid.description == "0x100000892")
        #expect(Zxid(hex: "0xffffffffffffffff")?.rawValue == -1)
        #expect(Zxid(hex: "zz") == nil)
        #expect(Zxid(epoch: 7, counter: 0).description == "0x700000000")
    }
}
