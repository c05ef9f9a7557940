import EnsembleCore
import TestSupport
import Testing
import ZooKeeperAdmin
import ZooKeeperTLS

@testable import EnsembleMonitor

/// How the monitor speaks TLS per member: the configured plaintext port beside the secure one, HTTPS for an
/// AdminServer that forces it, and a member that answers only in plaintext while the monitor uses TLS.
@Suite struct TLSPollingTests {
    static func settings(tls: TLSSettings?) -> PollSettings {
        var settings = PollSettings(interval: .seconds(1))
        settings.tls = tls
        settings.useAdminServer = false
        return settings
    }

    @Test func plaintextPortBesideTheSecureOneComesFromZooCfg() throws {
        let text = """
            dataDir=/tmp/zk
            clientPort=2181
            secureClientPort=2281
            admin.forceHttps=true
            """
        var config = try EnsembleConfiguration.parse(zooCfg: text, file: "zoo.cfg")
        let tls = Self.settings(tls: TLSSettings(trust: .insecure))
        let secureMember = MemberEndpoint(host: "127.0.0.1", clientPort: 2281)
        #expect(TLSPortPolicy.plaintextPort(for: secureMember, configuration: config, settings: tls) == 2181)
        #expect(TLSPortPolicy.adminOverHTTPS(configuration: config, settings: tls))
        // A member listed at the plaintext port is polled on the secure one, with the plaintext one beside it.
        let plainMember = MemberEndpoint(host: "127.0.0.1", clientPort: 2181)
        #expect(TLSPortPolicy.pollPort(for: plainMember, configuration: config, settings: tls) == 2281)
        #expect(TLSPortPolicy.plaintextPort(for: plainMember, configuration: config, settings: tls) == 2181)
        #expect(TLSPortPolicy.pollPort(for: secureMember, configuration: config, settings: tls) == 2281)
        // Without TLS nothing moves and there is nothing beside to ask.
        #expect(
            TLSPortPolicy.pollPort(for: plainMember, configuration: config, settings: Self.settings(tls: nil)) == 2181)
        let plain = Self.settings(tls: nil)
        #expect(TLSPortPolicy.plaintextPort(for: secureMember, configuration: config, settings: plain) == nil)
        #expect(!TLSPortPolicy.adminOverHTTPS(configuration: config, settings: plain))
        config.settings["admin.forceHttps"] = "false"
        #expect(!TLSPortPolicy.adminOverHTTPS(configuration: config, settings: tls))
    }

    /// A member that speaks plaintext while the monitor uses TLS: the TLS handshake fails, `srvr` in plaintext is
    /// answered, so the member is serving and recorded as plaintext (what `tls-inconsistent` reads).
    @Test func aPlaintextMemberIsPolledInPlaintextAndRecordedSo() async throws {
        let fake = try await FakeFourLetterServer(.zooKeeper(replies: RoundPlannerTests.wordTexts))
        let member = MemberEndpoint(host: "127.0.0.1", clientPort: fake.port)
        var settings = Self.settings(tls: TLSSettings(trust: .insecure))
        settings.probeTimeout = .seconds(5)
        let monitor = EnsembleMonitor(
            configuration: EnsembleConfiguration(source: "--servers", members: [member]), settings: settings)
        let first = await monitor.poll()
        let snapshot = try #require(first.state.snapshot.members.first)
        #expect(snapshot.isServing, "\(String(describing: snapshot.stateReason))")
        #expect(snapshot.role == .follower)
        #expect(snapshot.tls?.secure == false)
        #expect(snapshot.tls?.chain.isEmpty == true)
        // Later rounds go straight to plaintext.
        let second = await monitor.poll()
        #expect(second.state.snapshot.members.first?.tls?.secure == false)
        #expect(second.state.snapshot.members.first?.isServing == true)
        await fake.stop()
    }

    @Test func withoutTLSEveryMemberIsRecordedAsPlaintext() async throws {
        let fake = try await FakeFourLetterServer(.zooKeeper(replies: RoundPlannerTests.wordTexts))
        let member = MemberEndpoint(host: "127.0.0.1", clientPort: fake.port)
        let monitor = EnsembleMonitor(
            configuration: EnsembleConfiguration(source: "--servers", members: [member]),
            settings: Self.settings(tls: nil))
        let update = await monitor.poll()
        let tls = try #require(update.state.snapshot.members.first?.tls)
        #expect(!tls.secure && tls.chain.isEmpty && tls.observedAt != nil && tls.plaintextPort == nil)
        #expect(tls.port == fake.port)
        // Only TLS words go through the TLS handshake: the fake saw plain words only.
        #expect(fake.words.allSatisfy { $0.allSatisfy(\.isLetter) })
        await fake.stop()
    }

    @Test func adminSchemeIsSwitchedWhenTheOtherIsSpokenThere() {
        let ok = AdminHTTPResponse(status: 200, headers: [], body: "{}")
        let bad = AdminHTTPResponse(status: 400, headers: [], body: "Bad Message")
        #expect(!MemberPoller.adminSchemeWrong(.success(ok)))
        #expect(MemberPoller.adminSchemeWrong(.success(bad)))
        #expect(MemberPoller.adminSchemeWrong(.failure(.badResponse("no header terminator"))))
        #expect(MemberPoller.adminSchemeWrong(.failure(.tls(.notTLS))))
        #expect(!MemberPoller.adminSchemeWrong(.failure(.transport("connection reset by peer"))))
        #expect(!MemberPoller.adminSchemeWrong(.failure(.connectionRefused)))
        #expect(!MemberPoller.adminSchemeWrong(.failure(.timedOut)))
    }
}
