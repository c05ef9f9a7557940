import EnsembleCore
import EnsembleMonitor
import SimulatedZooKeeper
import Testing
import ZooKeeperAdmin

/// The simulated members `zkscope-bench fleet` polls: a real `EnsembleMonitor` must see them as the healthy
/// 3-member ensemble their captured replies come from, with every signal answered and the load moving.
@Suite struct SimulatedEnsembleTests {
    @Test func monitorSeesOneLeaderTwoFollowersEverySignalAndMovingRates() async throws {
        let ensemble = try await SimulatedEnsemble.start(leaderID: 2, captures: try CapturedReplies.bundled())
        do {
            let configuration = try EnsembleConfiguration.parseServerList(ensemble.serverList)
            var settings = PollSettings(interval: .milliseconds(500))
            settings.slowInterval = .seconds(1)
            let monitor = EnsembleMonitor(configuration: configuration, settings: settings)
            var last: MonitorUpdate?
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            for await update in monitor.updates() {
                last = update
                let answered = Set(update.sources.values.flatMap(\.answered))
                let everyWord = SignalTable.words.allSatisfy { answered.contains($0.request.description) }
                if update.round >= 6, everyWord, (update.tracker.ensembleRates.readsPerSecond ?? 0) > 0 { break }
                if clock.now > deadline { break }
            }
            let update = try #require(last)
            let roles = update.members.map(\.role)
            #expect(roles == [.follower, .leader, .follower], "\(update.members.map(\.reachability))")
            #expect(update.members.map(\.serverID) == [1, 2, 3])
            #expect(update.members.allSatisfy { $0.leaderID == 2 || $0.leaderID == nil })
            #expect(Set(update.members.compactMap(\.zxid)).count <= 2, "members agree on the zxid within a second")
            #expect(update.members.allSatisfy { $0.znodes == 2191 })
            #expect(!update.findings.contains { $0.code == .signalsMissing }, "\(update.findings)")
            #expect(update.findings.filter { $0.severity != .info }.isEmpty, "\(update.findings)")
            let answered = Set(update.sources.values.flatMap(\.answered))
            for word in SignalTable.words {
                #expect(answered.contains(word.request.description), "\(word.request) answered")
            }
            #expect(update.sources.values.allSatisfy { $0.blocked.isEmpty }, "\(update.sources)")
            let rates = update.tracker.ensembleRates
            #expect((rates.readsPerSecond ?? 0) > 0, "\(rates)")
            #expect((rates.writesPerSecond ?? 0) > 0, "\(rates)")
        } catch {
            await ensemble.stop()
            throw error
        }
        await ensemble.stop()
    }

    @Test func repliesAreTheCapturesWithTheMembersOwnPortsAndAMovingZxid() async throws {
        let ensemble = try await SimulatedEnsemble.start(leaderID: 3, captures: try CapturedReplies.bundled())
        do {
            let follower = ensemble.members[0]
            let conf = try ConfReply.parse(
                try await FourLetterWordClient.send(.conf, host: "127.0.0.1", port: follower.clientPort))
            #expect(conf.serverID == 1)
            #expect(conf.clientPort == follower.clientPort)
            #expect(
                conf.membership.compactMap(\.clientPort) == ensemble.members.map(\.clientPort),
                "every member's conf lists the simulated client ports")
            let first = try ServerStatsReply.parse(
                try await FourLetterWordClient.send(.srvr, host: "127.0.0.1", port: follower.clientPort))
            #expect(first.mode == .follower)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            var later = first
            while later.zxid == first.zxid, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                later = try ServerStatsReply.parse(
                    try await FourLetterWordClient.send(.srvr, host: "127.0.0.1", port: follower.clientPort))
            }
            #expect(later.zxid.map(\.rawValue) ?? 0 > first.zxid.map(\.rawValue) ?? 0, "writes advance the zxid")
            #expect(try await FourLetterWordClient.send(.ruok, host: "127.0.0.1", port: follower.clientPort) == "imok")
            let unknown = try await FourLetterWordClient.send(
                FourLetterWord(rawValue: "gtmk")!, host: "127.0.0.1", port: follower.clientPort)
            #expect(unknown.isEmpty, "a word it has no capture for gets 0 bytes")
            let zab = try ZabStateReply.parse(
                try await AdminServerClient.get(.zabState, host: "127.0.0.1", port: ensemble.members[2].adminPort)
                    .successBody())
            #expect(zab.myid == 3)
            #expect(zab.isLeader == true)
        } catch {
            await ensemble.stop()
            throw error
        }
        await ensemble.stop()
    }
}
