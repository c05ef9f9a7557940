import Foundation
import Testing

@testable import ZooKeeperLab

/// The lab itself: real JVMs start, serve, fail on command, and are always cleaned up.
@Suite(.serialized)
struct LabTests {
    @Test func threeMembersServeWithExactlyOneLeader() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let startup = clock.now - started
            let modes = await lab.modes()
            #expect(modes.count == 3)
            #expect(modes.values.filter { $0 == .serving("leader") }.count == 1)
            #expect(modes.values.filter { $0 == .serving("follower") }.count == 2)
            #expect(lab.connectString.split(separator: ",").count == 3)
            let rss = lab.members.compactMap { $0.pid.flatMap(residentKilobytes) }
            #expect(rss.count == 3)
            print("lab metrics: 3-member start \(startup), RSS per JVM KiB \(rss)")
            let state = try LabState.load(directory: lab.directory)
            #expect(state.members.map(\.pid) == lab.members.map(\.pid))
        }
    }

    @Test func shutdownStopsEveryJVMAndRemovesTheDirectory() async throws {
        let lab = try await LabEnsemble.start(LabOptions(members: 1))
        let pids = lab.members.compactMap(\.pid)
        #expect(pids.count == 1)
        #expect(await lab.mode(of: 1) == .serving("standalone"))
        try lab.pause(1)
        await lab.shutdown()
        for pid in pids { #expect(!ProcessControl.isAlive(pid)) }
        #expect(!FileManager.default.fileExists(atPath: lab.directory))
    }

    @Test func killingTheLeaderElectsANewOne() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let old = try #require(await lab.leaderID())
            try await lab.kill(old)
            #expect(lab.member(old)?.pid == nil)
            let afterKill = await lab.mode(of: old)
            #expect(afterKill == .down, "killed member \(old) answered \(afterKill)")
            let survivors = lab.ids.filter { $0 != old }
            try await lab.waitUntilServing(ids: survivors, timeout: .seconds(30))
            let new = try #require(await lab.leaderID())
            #expect(new != old)
            try await lab.start(old)
            try await lab.waitUntilServing(timeout: .seconds(30))
            #expect(await lab.mode(of: old) == .serving("follower"))
        }
    }

    @Test func pausedMemberHangsThenRecovers() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let leader = try #require(await lab.leaderID())
            let follower = try #require(lab.ids.first { $0 != leader })
            try lab.pause(follower)
            #expect(lab.member(follower)?.paused == true)
            let hung = await lab.mode(of: follower, timeout: .milliseconds(500))
            guard case .unreachable = hung else {
                Issue.record("a SIGSTOPped member answered: \(hung)")
                return
            }
            try lab.resume(follower)
            #expect(lab.member(follower)?.paused == false)
            try await lab.waitUntilServing(ids: [follower], timeout: .seconds(30))
        }
    }

    @Test func memberWithAnExtraServerNeverServes() async throws {
        let options = LabOptions(
            members: 3,
            memberOverrides: [3: LabMemberConfig(serverListChanges: [.addServer(id: 4)], expectServing: false)])
        try await LabEnsemble.with(options) { lab in
            let config = try String(contentsOfFile: try #require(lab.member(3)).configPath, encoding: .utf8)
            #expect(config.contains("server.4="))
            try await lab.waitUntilServing(ids: [1, 2], timeout: .seconds(30))
            // Give member 3 time to (wrongly) join; it must stay not serving throughout.
            let clock = ContinuousClock()
            let end = clock.now + .seconds(4)
            while clock.now < end {
                #expect(await lab.mode(of: 3) == .notServing)
                try await Task.sleep(for: .milliseconds(500))
            }
            let reply = try await FourLetterWordProbe.srvr(lab, 3)
            #expect(reply.contains("This ZooKeeper instance is not currently serving requests"))
        }
    }

    @Test func stopThenRestartKeepsPorts() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let before = try #require(lab.member(2))
            try await lab.stop(2)
            #expect(await lab.mode(of: 2) == .down)
            try await lab.start(2)
            let after = try #require(lab.member(2))
            #expect(after.clientPort == before.clientPort)
            #expect(after.pid != before.pid)
            #expect(await lab.mode(of: 2).role != nil)
        }
    }

    @Test func independentStandalonesAllSayStandalone() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, topology: .independentStandalones)) { lab in
            let modes = await lab.modes()
            #expect(modes.values.allSatisfy { $0 == .serving("standalone") })
            #expect(modes.count == 3)
        }
    }

    @Test func oneNodeQuorumLeads() async throws {
        try await LabEnsemble.with(LabOptions(members: 1, topology: .quorum)) { lab in
            #expect(await lab.mode(of: 1) == .serving("leader"))
            let config = try String(contentsOfFile: try #require(lab.member(1)).configPath, encoding: .utf8)
            #expect(config.contains("standaloneEnabled=false"))
        }
    }

    /// RSS of a process in KiB, from /proc.
    private func residentKilobytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }
}
