import EnsembleCore
import EnsembleMonitor
import Testing
import ZooKeeperAdmin

/// The monitor's pure rules, without sockets: source fallback, AdminServer port choice, and the
/// configuration lookup with admin ports.
@Suite struct MonitorUnitTests {
    let settings: PollSettings = {
        var settings = PollSettings(interval: .seconds(1))
        settings.blockedRecheckInterval = .seconds(60)
        settings.adminRecheckInterval = .seconds(30)
        settings.slowInterval = .seconds(10)
        return settings
    }()

    @Test func blockedWordIsRememberedAndRecheckedLater() {
        var book = SourceBook(adminPort: 8080)
        #expect(book.shouldAsk(.mntr, now: 0, settings: settings))
        book.record(.mntr, status: .notWhitelisted, failure: .notWhitelisted("mntr"), now: 1)
        #expect(book.isBlocked(.mntr))
        #expect(book.cachedRefusal(.mntr) == .notWhitelisted("mntr"))
        #expect(!book.shouldAsk(.mntr, now: 30, settings: settings))
        #expect(book.shouldAsk(.mntr, now: 61, settings: settings))
        // Not serving says nothing about the whitelist.
        book.record(.mntr, status: .notServing, failure: .notServing, now: 61)
        #expect(book.isBlocked(.mntr))
        book.record(.mntr, status: .answered, failure: nil, now: 62)
        #expect(!book.isBlocked(.mntr))
        #expect(book.report(adminPort: 8080).blocked.isEmpty)
    }

    @Test func adminServerIsDiscoveredOnceAndRetriedWhenAbsent() {
        var book = SourceBook(adminPort: 8081)
        #expect(book.adminDecision(now: 0, settings: settings) == .discover)
        // One refusal (a restarting member) is not enough; three in a row are.
        book.recordAdmin(ProbeResult<ZabStateReply>.unreachable(.connectionRefused), port: 8081, now: 0)
        #expect(book.adminDecision(now: 1, settings: settings) == .discover)
        book.recordAdmin(ProbeResult<ZabStateReply>.unreachable(.connectionRefused), port: 8081, now: 0)
        book.recordAdmin(ProbeResult<ZabStateReply>.unreachable(.connectionRefused), port: 8081, now: 0)
        #expect(book.adminDecision(now: 10, settings: settings) == .skip)
        #expect(book.report(adminPort: 8081).adminServer.contains("refused"))
        #expect(book.adminDecision(now: 31, settings: settings) == .discover)
        // A timeout decides nothing (a paused member).
        book.recordAdmin(ProbeResult<ZabStateReply>.unreachable(.timedOut), port: 8081, now: 31)
        #expect(book.adminDecision(now: 31, settings: settings) == .discover)
        // ZooKeeper's envelope, even "not serving", proves it is the AdminServer.
        book.recordAdmin(ProbeResult<ZabStateReply>.unusable(.notServing), port: 8081, now: 32)
        #expect(book.adminDecision(now: 32, settings: settings) == .use)
        // Another web server on the port is not used.
        book.recordAdmin(ProbeResult<ZabStateReply>.unusable(.httpStatus(404)), port: 8081, now: 40)
        #expect(book.adminDecision(now: 41, settings: settings) == .skip)
        #expect(book.report(adminPort: 8081).adminServer.contains("404"))

        let none = SourceBook(adminPort: nil)
        #expect(none.adminDecision(now: 0, settings: settings) == .skip)
    }

    @Test func slowSourcesAndEnvironmentCadence() {
        var book = SourceBook(adminPort: nil)
        #expect(book.slowDue(now: 0, settings: settings))
        book.markSlowPoll(now: 0)
        #expect(!book.slowDue(now: 9.9, settings: settings))
        #expect(book.slowDue(now: 10, settings: settings))
        #expect(!book.environmentRead)
        book.record(.envi, status: .answered, failure: nil, now: 1)
        #expect(book.environmentRead)
    }

    @Test func adminPortsSharedByMembersOnOneHostAreNotUsed() {
        let members = [
            MemberEndpoint(host: "127.0.0.1", clientPort: 2181, adminPort: 8080),
            MemberEndpoint(host: "127.0.0.1", clientPort: 2182, adminPort: 8080),
            MemberEndpoint(host: "127.0.0.1", clientPort: 2183, adminPort: 8083),
            MemberEndpoint(host: "zk4", clientPort: 2181, adminPort: 8080),
            MemberEndpoint(host: "zk5", clientPort: 2181),
        ]
        let resolved = AdminPortPolicy.resolve(members, enabled: true)
        #expect(resolved.map(\.port) == [nil, nil, 8083, 8080, nil])
        #expect(resolved[0].reason?.contains("shared") == true)
        #expect(resolved[4].reason == nil)
        #expect(AdminPortPolicy.resolve(members, enabled: false).allSatisfy { $0.port == nil && $0.reason != nil })
    }

    @Test func configurationLookupAndAdminPorts() throws {
        let files = [
            "/etc/zookeeper/conf/zoo.cfg":
                "clientPort=2181\nadmin.serverPort=9090\nserver.1=a:2888:3888\nserver.2=b:2888:3888\n"
        ]
        let read: (String) -> String? = { files[$0] }
        let fromFile = try ConfigurationLoader.load(configPath: nil, servers: nil, environment: [:], readFile: read)
        #expect(fromFile.members.map(\.address) == ["a:2181", "b:2181"])
        #expect(fromFile.members.map(\.adminPort) == [9090, 9090])
        let overridden = try ConfigurationLoader.load(
            configPath: nil, servers: nil, adminPort: 7070, environment: [:], readFile: read)
        #expect(overridden.members.map(\.adminPort) == [7070, 7070])
        let servers = try ConfigurationLoader.load(
            configPath: nil, servers: "h1:1@11,h2:2", environment: [:], readFile: read)
        #expect(servers.members.map(\.adminPort) == [11, 8080])
        let fallback = try ConfigurationLoader.load(configPath: nil, servers: nil, environment: [:]) { _ in nil }
        #expect(fallback.members.map(\.address) == ["localhost:2181"])
        #expect(fallback.members.map(\.adminPort) == [8080])
        #expect(throws: ConfigError.self) {
            try ConfigurationLoader.load(configPath: "/x.cfg", servers: nil, environment: [:]) { _ in "garbage\n" }
        }
        do {
            _ = try ConfigurationLoader.load(configPath: "/x.cfg", servers: nil, environment: [:]) { _ in
                "clientPort=1\nnot a line\n"
            }
            Issue.record("a malformed file was accepted")
        } catch {
            #expect(error.file == "/x.cfg" && error.line == 2)
        }
    }

    @Test func probeTimeoutStaysBelowTheInterval() {
        #expect(PollSettings(interval: .seconds(1)).effectiveProbeTimeout == .milliseconds(800))
        #expect(PollSettings(interval: .milliseconds(100)).effectiveProbeTimeout == .milliseconds(80))
        #expect(PollSettings(interval: .seconds(60)).effectiveProbeTimeout == .seconds(5))
    }
}
