import Foundation
import Glibc
import Testing
import ZooKeeperAdmin

@testable import ZooKeeperLab

/// Lab features beyond the basics: leftover data, detached labs, parallel labs, the crash watchdog.
@Suite(.serialized)
struct LabFaultTests {
    @Test func leftoverDataWithAHigherEpochKeepsAMemberFromServing() async throws {
        try await LeftoverEpochSeed.with { seed, throwawayEpoch in
            #expect(throwawayEpoch >= 3)
            #expect(FileManager.default.fileExists(atPath: seed.path + "/version-2/acceptedEpoch"))

            try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
                let leader = try #require(await lab.leaderID())
                let victim = try #require(lab.ids.last { $0 != leader })
                #expect(try await FourLetterWordProbe.epoch(lab, leader) < throwawayEpoch)
                try await lab.stop(victim)
                try await lab.start(
                    victim, config: LabMemberConfig(seedDataDirectory: seed, expectServing: false))
                let copied = try #require(lab.member(victim)).dataDir + "/version-2/currentEpoch"
                #expect(FileManager.default.fileExists(atPath: copied))
                let myid = try String(
                    contentsOfFile: try #require(lab.member(victim)).dataDir + "/myid", encoding: .utf8)
                #expect(myid == "\(victim)\n")
                let clock = ContinuousClock()
                let end = clock.now + .seconds(3)
                while clock.now < end {
                    let mode = await lab.mode(of: victim)
                    #expect(mode.role == nil, "member with leftover higher-epoch data served: \(mode)")
                    try await Task.sleep(for: .milliseconds(300))
                }
                #expect(await lab.mode(of: leader) == .serving("leader"))
                #expect(LabEnsemble.logTail(try #require(lab.member(victim)).logPath, lines: 400).contains("epoch"))
            }
        }
    }

    @Test func detachedLabOutlivesItsOwnerUntilStoppedByDirectory() async throws {
        let path = NSTemporaryDirectory() + "zkscope-lab-detached-\(UUID().uuidString.prefix(8))"
        var options = LabOptions(members: 3, directory: URL(fileURLWithPath: path))
        options.detached = true
        let lab = try await LabEnsemble.start(options)
        let pids = lab.members.compactMap(\.pid)
        do {
            #expect(pids.count == 3)
            for pid in pids {
                // Its own session: a terminal's Ctrl-C or our exit does not reach it.
                #expect(Self.sessionID(of: pid) == pid)
                #expect(ProcessControl.isLabJVM(pid, directory: lab.directory))
            }
            let (state, modes) = try await LabEnsemble.detachedStatus(directory: path)
            #expect(state.connectString == lab.connectString)
            #expect(modes.values.compactMap(\.role).sorted() == ["follower", "follower", "leader"])
        } catch {
            _ = try? await LabEnsemble.stopDetached(directory: path)
            throw error
        }
        let lines = try await LabEnsemble.stopDetached(directory: path)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasSuffix("stopped") })
        for pid in pids { #expect(!ProcessControl.isAlive(pid)) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: LabError.self) { _ = try LabState.load(directory: path) }
    }

    @Test func twoLabsRunSideBySide() async throws {
        async let first = LabEnsemble.start(LabOptions(members: 3))
        async let second = LabEnsemble.start(LabOptions(members: 3))
        let labs = try await [first, second]
        defer { for lab in labs { Task { await lab.shutdown() } } }
        let ports = labs.flatMap {
            $0.members.flatMap { [$0.clientPort, $0.quorumPort, $0.electionPort, $0.adminPort] }
        }
        #expect(Set(ports).count == 24)
        for lab in labs {
            #expect(await lab.modes().values.compactMap(\.role).count == 3)
            #expect(await lab.leaderID() != nil)
        }
        for lab in labs { await lab.shutdown() }
    }

    @Test func watchdogKillsTheJVMsWhenTheOwnerDies() async throws {
        var options = LabOptions(members: 1)
        options.removeDirectoryOnShutdown = true
        let lab = try await LabEnsemble.start(options)
        let pid = try #require(lab.member(1)?.pid)
        // A stand-in owner that we can kill: the real owner is this test process.
        let owner = try LabProcess.start(
            executable: "/bin/sleep", arguments: ["60"], stdoutPath: "/dev/null", stderrPath: "/dev/null")
        let dog = try #require(
            CleanupRegistry.startWatchdog(directory: lab.directory, removeDirectory: true, owner: owner.pid))
        owner.kill()
        #expect(await owner.waitForExit(timeout: .seconds(5)))
        #expect(await ProcessControl.waitForExit(pid, timeout: .seconds(10)))
        #expect(await ProcessControl.waitForExit(dog, timeout: .seconds(10)))
        #expect(!FileManager.default.fileExists(atPath: lab.directory))
        await lab.shutdown()
    }

    /// The session id (field 6 of /proc/PID/stat).
    static func sessionID(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 3 ? Int32(fields[3]) : nil
    }
}

/// Port conflicts: another process holding a chosen port makes `start` retry with fresh ports.
@Suite(.serialized)
struct LabPortConflictTests {
    @Test func takenClientPortIsRetriedWithFreshPorts() async throws {
        let holder = try #require(ListeningSocket())
        defer { holder.close() }
        let taken = holder.port
        let block = try #require(PortAllocator.allocate(count: 3))
        var options = LabOptions(members: 1)
        options.firstAttemptPorts = [taken] + block
        try await LabEnsemble.with(options) { lab in
            let member = try #require(lab.member(1))
            #expect(member.clientPort != taken)
            #expect(await lab.mode(of: 1) == .serving("standalone"))
        }
    }
}

/// A TCP listener on a free loopback port, held open by the test.
final class ListeningSocket: Sendable {
    let fd: Int32
    let port: Int

    init?() {
        guard let candidate = PortAllocator.allocate(count: 1)?.first else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(candidate).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 1) == 0 else {
            Glibc.close(fd)
            return nil
        }
        self.fd = fd
        self.port = candidate
    }

    func close() { Glibc.close(fd) }
}
