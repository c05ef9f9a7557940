import Foundation
import Glibc
import Testing

@testable import PrivateFiles

/// The state directory's resolution, and the private directory and file checks the log and the timeline share,
/// against the real file system (a temporary directory per test).
struct PrivateFilesTests {
    /// A fresh directory under the system's temporary directory, removed by ``remove()``.
    private struct Scratch {
        let path = NSTemporaryDirectory() + "zkscope-private-\(UUID().uuidString)"

        init() throws {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func mode(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o777 : 0
    }

    @Test func stateHomeFollowsXDGThenHome() {
        #expect(StateHome.directory(environment: ["XDG_STATE_HOME": "/s//", "HOME": "/h"]) == "/s/zkscope")
        #expect(StateHome.directory(environment: ["HOME": "/h/"]) == "/h/.local/state/zkscope")
        // A relative XDG_STATE_HOME is ignored, as the spec says; so is a relative HOME (the account's is used).
        #expect(
            StateHome.directory(environment: ["XDG_STATE_HOME": "state", "HOME": "/h"]) == "/h/.local/state/zkscope")
        #expect(StateHome.directory(environment: ["HOME": "h"])?.hasSuffix("/.local/state/zkscope") == true)
        #expect(StateHome.directory(environment: ["HOME": "h"])?.hasPrefix("/") == true)
    }

    @Test func directoryIsCreatedPrivateWithItsParents() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let nested = scratch.path + "/a/b"
        #expect(PrivateDirectory.prepare(nested, label: "state directory") == nil)
        #expect(Self.mode(scratch.path + "/a") == 0o700)
        #expect(Self.mode(nested) == 0o700)
        // Preparing it again is fine.
        #expect(PrivateDirectory.prepare(nested, label: "state directory") == nil)
    }

    @Test func unsafeDirectoriesAreRefusedWithTheirLabelAndFix() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let open = scratch.path + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o777)
        #expect(
            PrivateDirectory.prepare(open, label: "log directory")
                == "log directory \(open): not used: others can write it (chmod 700 \(open))")
        let file = scratch.path + "/file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        #expect(PrivateDirectory.check(file, label: "state directory")?.hasSuffix("not used: not a directory") == true)
        // A link to a good directory is not that directory.
        let link = scratch.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.path)
        #expect(PrivateDirectory.check(link, label: "state directory")?.hasSuffix("not used: not a directory") == true)
    }

    @Test func fileIsCreated0600AndReopened() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path + "/zkscope.log"
        let created = try PrivateFile.open(path, flags: O_WRONLY | O_APPEND | O_CREAT, label: "log").get()
        close(created)
        #expect(Self.mode(path) == 0o600)
        let reopened = try PrivateFile.open(path, flags: O_RDONLY, label: "log").get()
        close(reopened)
    }

    @Test func linksAndOtherFilesAreRefusedWithoutTouchingTheTarget() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = scratch.path + "/elsewhere"
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        let symbolic = scratch.path + "/symbolic"
        try FileManager.default.createSymbolicLink(atPath: symbolic, withDestinationPath: target)
        let flags = O_WRONLY | O_APPEND | O_CREAT
        #expect(
            PrivateFile.open(symbolic, flags: flags, label: "log").refusal
                == "log \(symbolic): cannot open: is a symbolic link (not followed)")
        let hard = scratch.path + "/hard"
        #expect(link(target, hard) == 0)
        #expect(PrivateFile.open(hard, flags: flags, label: "log").refusal == "log \(hard): not used: has 2 hard links")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).isEmpty)
        // A FIFO in the file's place neither blocks the open nor is used.
        let fifo = scratch.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(
            PrivateFile.open(fifo, flags: O_RDONLY, label: "timeline database").refusal?.contains("regular file")
                == true)
        #expect(PrivateFile.exists(symbolic) && PrivateFile.exists(fifo) && !PrivateFile.exists(scratch.path + "/none"))
    }

    @Test func tightenSetsAReadableFileTo0600AndOnlyWhenAsked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path + "/timeline.sqlite"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644]))
        close(try PrivateFile.open(path, flags: O_RDONLY, label: "timeline database").get())
        #expect(Self.mode(path) == 0o644)
        close(try PrivateFile.open(path, flags: O_RDWR, label: "timeline database", tighten: true).get())
        #expect(Self.mode(path) == 0o600)
    }
}

extension Result where Success == Int32, Failure == PrivateFile.Refusal {
    /// The refusal's text, nil when the file was opened (and closes it).
    fileprivate var refusal: String? {
        switch self {
        case .success(let fd):
            close(fd)
            return nil
        case .failure(let refusal):
            return refusal.text
        }
    }
}
