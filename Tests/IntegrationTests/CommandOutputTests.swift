import Foundation
import Testing
import ZooKeeperAdmin
import ZooKeeperClient
import ZooKeeperLab

/// What the real binary does when its standard output fails: a reader that goes away ends it at once and
/// quietly (exit 141, killed by SIGPIPE as `yes | head -n 1` ends `yes`); any other write error (a full disk,
/// `> /dev/full`) is one line on stderr and the command's failure status (3 UNKNOWN for `check`). Before,
/// `check` crashed with a `try!` backtrace and `tree` exited 0 having lost its output.
@Suite(.serialized)
struct CommandOutputTests {
    /// A down member answers nothing, so after its first events `--follow` has nothing more to write: only
    /// watching the pipe can notice that the reader left.
    @Test func followEndsAtOnceAndQuietlyWhenItsReaderCloses() async throws {
        let run = try PipedZKScope(["check", "--follow", "--servers", "127.0.0.1:1", "--interval", "0.2", "--no-admin"])
        do {
            let line = try await run.readFirstLine(timeout: .seconds(30))
            #expect(line.contains("\"kind\""), "not an event line: \(line)")
            run.closeReader()
            let (elapsed, status) = await run.waitForExit(timeout: .seconds(15))
            #expect(status == 141, "still running or wrong status; stderr: \(run.stderr)")
            #expect(elapsed < .seconds(10), "waited for something else after the reader left")
            #expect(run.stderr.isEmpty, "not quiet: \(run.stderr)")
        }
        await run.stop()
    }

    @Test func checkOnAFullDiskSaysSoOnceAndExitsUnknown() async throws {
        for format in [["--json"], [], ["--follow"]] {
            let result = try await Self.runToDevFull(
                ["check", "--servers", "127.0.0.1:1", "--interval", "0.2", "--window", "0", "--no-admin"] + format)
            #expect(result.status == 3, "\(format): \(result)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(format): \(result.stderr)")
            #expect(result.stderr.hasPrefix("zkscope check: cannot write the output: No space left on device"))
            #expect(!result.stderr.contains("Fatal error"))
        }
    }

    @Test func themesListOnAFullDiskFails() async throws {
        let result = try await Self.runToDevFull(["themes", "list"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("zkscope themes: cannot write the output: No space left on device"))
    }

    /// 30,000 nodes with data: a full walk reads every one of them; a walk whose reader left after the first
    /// line must stop within a buffer or two, well before half of them.
    @Test func treeStopsWalkingWhenItsReaderClosesAndReportsAFullDisk() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let client = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            let value = Array(repeating: UInt8(ascii: "x"), count: 20)
            _ = try await client.create("/big")
            for parent in 0..<100 {
                let path = "/big/d\(parent)"
                _ = try await client.create(path)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for child in 0..<300 {
                        group.addTask { _ = try await client.create("\(path)/c\(child)", data: value) }
                    }
                    try await group.waitForAll()
                }
            }
            await client.close()
            let member = try #require(lab.member(1))

            let before = try await Self.received(member)
            let run = try PipedZKScope(["tree", "--servers", lab.connectString, "--data", "/big"])
            do {
                let line = try await run.readFirstLine(timeout: .seconds(60))
                #expect(line == "/big")
                run.closeReader()
                let (elapsed, status) = await run.waitForExit(timeout: .seconds(30))
                #expect(status == 141, "stderr: \(run.stderr)")
                #expect(elapsed < .seconds(10), "waited for something else after the reader left")
                #expect(run.stderr.isEmpty, "not quiet: \(run.stderr)")
            }
            await run.stop()
            let reads = try await Self.received(member) - before
            #expect(reads < 15_000, "the walk went on after its reader left: \(reads) requests")

            let full = try await Self.runToDevFull(["tree", "--servers", lab.connectString, "/big"])
            #expect(full.status == 1, "\(full)")
            #expect(full.stderr == "zkscope tree: cannot write the output: No space left on device\n", "\(full)")
        }
    }

    /// `Received:` of the member's `srvr`: every request it read.
    static func received(_ member: LabMember) async throws -> Int {
        let reply = try await FourLetterWordClient.send(.srvr, host: member.host, port: member.clientPort)
        guard let line = reply.split(separator: "\n").first(where: { $0.hasPrefix("Received: ") }),
            let count = Int(line.dropFirst("Received: ".count))
        else { throw LabError("no Received in srvr: \(reply)") }
        return count
    }

    /// Runs the binary with stdout on /dev/full (every write fails with ENOSPC).
    static func runToDevFull(_ arguments: [String]) async throws -> (status: Int32?, stderr: String) {
        guard let path = ZKScopeExecutable.path else { throw LabError("zkscope binary not found") }
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-full")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let process = try LabProcess.start(
            executable: path, arguments: arguments, stdoutPath: "/dev/full", stderrPath: work + "/stderr")
        let exited = await process.waitForExit(timeout: .seconds(60))
        if !exited { await process.terminate(timeout: .seconds(2)) }
        return (exited ? process.exitCode : nil, process.standardError)
    }
}
