import Foundation
import Testing

@testable import CommandOutput

#if canImport(Glibc)
    import Glibc
#endif

/// The checked writer every command's stdout goes through: a closed pipe and a full disk are errors the
/// command acts on (README: "what a closed pipe or a full disk does"), never lost or a crash.
@Suite struct OutputWriterTests {
    @Test func writesEverythingThroughAPipe() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writer = OutputWriter(descriptor: ends[1], limit: 8)
        try writer.write("hello, ")
        try writer.write(bytes: Array("world\n".utf8))
        try writer.flush()
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(ends[0], &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "hello, world\n")
    }

    @Test func aPipeWithoutReaderIsClosed() throws {
        // SwiftNIO's programs ignore SIGPIPE, so the write fails with EPIPE instead of killing the test.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let writer = OutputWriter(descriptor: ends[1])
        #expect(throws: OutputError.closed) {
            try writer.write("line\n")
            try writer.flush()
        }
    }

    @Test func aFullDiskIsAFailureWithItsErrno() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let writer = OutputWriter(descriptor: descriptor)
        #expect(throws: OutputError.failed(errno: ENOSPC)) {
            try writer.write("line\n")
            try writer.flush()
        }
        // The buffer is dropped after a failure: a second flush has nothing left to write.
        #expect(throws: Never.self) { try writer.flush() }
    }

    @Test func errnoClassification() {
        #expect(OutputError(errno: EPIPE) == .closed)
        #expect(OutputError(errno: ENOSPC) == .failed(errno: ENOSPC))
        #expect(OutputError(errno: EIO) == .failed(errno: EIO))
    }

    @Test func failurePolicies() {
        #expect(OutputFailure.check.status == 3)
        #expect(OutputFailure.check.command == "zkscope check")
        #expect(OutputFailure.tree.status == 1)
        #expect(OutputFailure.tree.command == "zkscope tree")
    }

    @Test func errorLinesAreSanitizedLineByLine() {
        #expect(StandardError.text("zkscope tree: /a\u{1B}[31m: NoAuth") == "zkscope tree: /a^[[31m: NoAuth\n")
        #expect(StandardError.text("first\nsecond\u{9B}") == "first\nsecond<U+009B>\n")
        #expect(StandardError.text("") == "\n")
    }
}
