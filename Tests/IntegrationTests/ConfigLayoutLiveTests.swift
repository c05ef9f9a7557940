import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperLab

/// The 3.5+ configuration layout as a real server writes it: with `reconfigEnabled=true` every member rewrites
/// its zoo.cfg at start, moving the server lines (and `clientPort`) into `zoo.cfg.dynamic.<version>`.
@Suite(.serialized)
struct ConfigLayoutLiveTests {
    @Test("a zoo.cfg the server rewrote (servers only in the dynamic file) names all three members, no false finding")
    func serverRewrittenConfig() async throws {
        var options = LabOptions(members: 3)
        options.extraConfigLines = ["reconfigEnabled=true"]
        try await LabEnsemble.with(options) { lab in
            try await lab.waitUntilServing(timeout: .seconds(90))
            let member = try #require(lab.member(2))
            let rewritten = try String(contentsOfFile: member.configPath, encoding: .utf8)
            // The witness: the server moved the servers out of zoo.cfg.
            #expect(rewritten.contains("dynamicConfigFile="))
            #expect(!rewritten.contains("\nserver."))
            #expect(!rewritten.contains("\nclientPort="))

            let configuration = try ConfigurationLoader.load(configPath: member.configPath, servers: nil)
            #expect(
                configuration.members.map(\.address).sorted()
                    == lab.members.map { "\($0.host):\($0.clientPort)" }.sorted())
            #expect(configuration.members.map(\.expectedID).sorted { ($0 ?? 0) < ($1 ?? 0) } == [1, 2, 3])
            let fileVersion = try #require(configuration.dynamicConfigVersion)

            var settings = PollSettings(interval: .milliseconds(500))
            settings.probeTimeout = .milliseconds(450)
            let monitor = EnsembleMonitor(configuration: configuration, settings: settings)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            var update = await monitor.poll()
            var rounds = 1
            while clock.now < deadline, rounds < 200,
                !(update.members.count == 3 && update.members.allSatisfy { $0.isServing && $0.configVersion != nil })
            {
                try await Task.sleep(for: .milliseconds(200))
                update = await monitor.poll()
                rounds += 1
            }
            #expect(update.members.allSatisfy { $0.configVersion == fileVersion })
            #expect(update.members.map(\.serverID).sorted { ($0 ?? 0) < ($1 ?? 0) } == [1, 2, 3])
            let configCodes: Set<FindingCode> = [
                .configMismatch, .configDiffersFromFile, .serverIDMismatch, .duplicateServerID,
            ]
            #expect(!update.findings.contains { configCodes.contains($0.code) }, "\(update.findings)")

            // The same members described by legacy per-member files (no ;clientPort, one clientPort per file).
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("zkscope-legacy-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let serverLines = lab.members.map { "server.\($0.id)=\($0.host):\($0.quorumPort):\($0.electionPort)" }
            var paths: [String] = []
            for member in lab.members {
                let path = "\(directory)/zk\(member.id).cfg"
                let text =
                    ([
                        "tickTime=2000", "dataDir=\(member.dataDir)", "clientPort=\(member.clientPort)",
                        "clientPortAddress=\(member.host)", "admin.serverPort=\(member.adminPort)",
                    ] + serverLines)
                try (text.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                paths.append(path)
            }
            let single = try ConfigurationLoader.load(configPath: paths[2], servers: nil)
            #expect(single.members.map(\.address) == [try #require(lab.member(3)).clientAddress])
            #expect(single.members.map(\.expectedID) == [3])
            #expect(single.unlocatedServers == [1, 2])
            let every = try ConfigurationLoader.load(configPaths: paths, servers: nil)
            #expect(every.members.map(\.address) == lab.members.map(\.clientAddress))
            #expect(every.members.map(\.expectedID) == lab.members.map(\.id))
            #expect(every.members.map(\.adminPort) == lab.members.map(\.adminPort))
            let legacyMonitor = EnsembleMonitor(configuration: every, settings: settings)
            var legacy = await legacyMonitor.poll()
            rounds = 1
            while clock.now < deadline + .seconds(60), rounds < 200,
                !(legacy.members.count == 3 && legacy.members.allSatisfy { $0.isServing && $0.serverID != nil })
            {
                try await Task.sleep(for: .milliseconds(200))
                legacy = await legacyMonitor.poll()
                rounds += 1
            }
            #expect(legacy.members.map(\.serverID) == lab.members.map { Optional($0.id) })
            #expect(!legacy.findings.contains { $0.code == .serverIDMismatch || $0.code == .duplicateServerID })
        }
    }
}
