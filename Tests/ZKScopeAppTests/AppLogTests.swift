import Foundation
import Logging
import Testing

@testable import ZKScopeApp

/// The log's path and how it is opened: a link planted where the log goes is never followed, and every reason
/// the log cannot be written is reported, not swallowed.
@Suite("Dashboard log file")
struct AppLogTests {
    /// A fresh directory under the system's temporary directory, removed afterwards.
    private func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("zkscope-applog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func defaultPathIsTheUsersStateDirectory() {
        #expect(
            AppLog.defaultPath(environment: ["XDG_STATE_HOME": "/s/", "HOME": "/h", "TMPDIR": "/tmp"])
                == "/s/zkscope/zkscope.log")
        #expect(
            AppLog.defaultPath(environment: ["HOME": "/h", "TMPDIR": "/tmp"]) == "/h/.local/state/zkscope/zkscope.log")
        // A relative XDG_STATE_HOME is ignored, as the XDG spec says.
        #expect(
            AppLog.defaultPath(environment: ["XDG_STATE_HOME": "state", "HOME": "/h"])
                == "/h/.local/state/zkscope/zkscope.log")
    }

    @Test("the default log is created 0600 in a 0700 directory and written")
    func createsPrivateFile() throws {
        try withDirectory { (base: String) throws in
            let log = AppLog.openDefault(environment: ["XDG_STATE_HOME": base + "/state"])
            #expect(log.problem == nil)
            log.write("hello")
            let path = base + "/state/zkscope/zkscope.log"
            #expect(log.path == path)
            #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix(" hello\n"))
            #expect(try mode(path) == 0o600)
            #expect(try mode(base + "/state/zkscope") == 0o700)
            #expect(try mode(base + "/state") == 0o700)
        }
    }

    @Test("a symlink planted at the default path is not followed, and the failure is reported")
    func plantedSymlinkIsNotFollowed() throws {
        try withDirectory { (base: String) throws in
            let target = base + "/victim"
            try "precious\n".write(toFile: target, atomically: false, encoding: .utf8)
            try FileManager.default.createDirectory(
                atPath: base + "/state/zkscope", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try FileManager.default.createSymbolicLink(
                atPath: base + "/state/zkscope/zkscope.log", withDestinationPath: target)
            let log = AppLog.openDefault(environment: ["XDG_STATE_HOME": base + "/state"])
            log.write("appended by a root-run zkscope")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
            #expect(log.problem?.contains("symbolic link") == true)
            let reported = Reported()
            log.reportProblems { reported.add($0) }
            #expect(reported.all.count == 1)
            #expect(reported.all.first?.contains("symbolic link") == true)
            // The same through --log-file.
            let explicit = AppLog(path: base + "/state/zkscope/zkscope.log")
            explicit.write("again")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
            #expect(explicit.problem != nil)
        }
    }

    @Test("a hard link to another file and a directory others can write are refused")
    func hardLinkAndOpenDirectory() throws {
        try withDirectory { (base: String) throws in
            try "precious\n".write(toFile: base + "/victim", atomically: false, encoding: .utf8)
            try FileManager.default.linkItem(atPath: base + "/victim", toPath: base + "/linked.log")
            let log = AppLog(path: base + "/linked.log")
            log.write("x")
            #expect(try String(contentsOfFile: base + "/victim", encoding: .utf8) == "precious\n")
            #expect(log.problem?.contains("hard links") == true)
            try FileManager.default.createDirectory(
                atPath: base + "/open/zkscope", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o777])
            chmod(base + "/open/zkscope", 0o777)
            #expect(
                AppLog.openDefault(environment: ["XDG_STATE_HOME": base + "/open"]).problem?.contains("others") == true)
        }
    }

    @Test(
        "/dev/full and a missing directory report failure instead of being ignored",
        arguments: ["/dev/full", "/nonexistent-zkscope-dir/x.log"])
    func unwritableTargetsAreReported(path: String) {
        let log = AppLog(path: path)
        log.write("x")
        #expect(log.problem?.contains(path) == true)
        #expect(log.path == nil)
    }

    @Test("the dashboard shows the log's problem in its status line and keeps a mark of it")
    func dashboardShowsProblem() {
        var model = DashboardModel(options: .init(source: "test"), interval: 2)
        let log = AppLog(path: "/dev/full")
        let problem = log.problem ?? ""
        model.noteLogProblem(problem)
        #expect(model.logProblem == problem)
        #expect(model.status == StatusMessage(text: problem, isError: true))
        let screen = model.render(width: 120, height: 30)
        #expect((0..<30).contains { screen.rowText($0).contains("/dev/full") })
    }
}

/// The log as a swift-log `LogHandler`: the client, the monitor and the app log through `Logger`s whose events
/// land in the same safe file, one sanitized line each.
@Suite("Dashboard log handler")
struct AppLogHandlerTests {
    @Test func lineFormat() {
        let line = AppLogHandler.format(
            time: Date(timeIntervalSince1970: 1_796_000_000), level: .notice, label: "zkscope.client",
            message: "connection lost, reconnecting: the server closed the connection",
            metadata: ["zk.session": "0x1000a2b3c0001", "zk.server": "127.0.0.1:2181"])
        #expect(
            line
                == "2026-11-30T00:53:20Z notice zkscope.client: connection lost, reconnecting: the server closed the "
                + "connection zk.server=127.0.0.1:2181 zk.session=0x1000a2b3c0001\n")
    }

    @Test("a message from outside cannot forge a line or reach a terminal raw")
    func sanitized() {
        let line = AppLogHandler.format(
            time: Date(timeIntervalSince1970: 0), level: .info, label: "x", message: "a\nfake line \u{1B}[2J",
            metadata: ["path": "/p\u{9B}"])
        #expect(line == "1970-01-01T00:00:00Z info x: a^Jfake line ^[[2J path=/p<U+009B>\n")
    }

    @Test func loggersWriteTheFileFromTheirLevelUp() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkscope-handler-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("z.log").path
        let log = AppLog(path: path)
        var logger = log.logger(label: "zkscope.test")
        #expect(logger.logLevel == log.level)
        logger.logLevel = .info
        logger[metadataKey: "member"] = "2"
        logger.debug("not written")
        logger.warning("written", metadata: ["extra": "yes"])
        log.write("plain")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(" warning zkscope.test: written extra=yes member=2"))
        #expect(lines[1].hasSuffix(" info zkscope: plain"))
    }

    @Test func levelComesFromTheEnvironment() {
        #expect(AppLog.levelFromEnvironment([:]) == .info)
        #expect(AppLog.levelFromEnvironment(["ZKSCOPE_LOG_LEVEL": "DEBUG"]) == .debug)
        #expect(AppLog.levelFromEnvironment(["ZKSCOPE_LOG_LEVEL": "loud"]) == .info)
    }

    @Test("a log that cannot be written reports through the handler too")
    func handlerFailuresAreReported() {
        let log = AppLog(path: "/dev/full")
        log.logger(label: "zkscope.test").error("x")
        #expect(log.problem?.contains("/dev/full") == true)
    }
}

/// Problems handed to `reportProblems`, collected across threads.
private final class Reported: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String] = []
    func add(_ text: String) { lock.withLock { texts.append(text) } }
    var all: [String] { lock.withLock { texts } }
}
