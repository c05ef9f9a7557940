import EnsembleMonitor
import Testing
import ZooKeeperClient
import ZooKeeperJute

@testable import CommandOutput

/// `zkscope tree`'s two output forms, pinned line for line (README `## zkscope tree`: a contract).
@Suite struct TreeOutputTests {
    /// `/` with `/app` (two children, the second ephemeral-sequential), `/app/b…/deep`, `/locked` (NoAuth),
    /// a container and a TTL node, in walk order.
    static let entries: [TreeEntry] = [
        TreeEntry(path: "/", name: "/", depth: 0, isLastSibling: true, stat: Stat(numChildren: 4)),
        TreeEntry(
            path: "/app", name: "app", depth: 1, isLastSibling: false,
            stat: Stat(czxid: 2, mzxid: 3, version: 1, dataLength: 5, numChildren: 2), data: Array("hello".utf8)),
        TreeEntry(
            path: "/app/a", name: "a", depth: 2, isLastSibling: false, stat: Stat(czxid: 4, mzxid: 4), data: []),
        TreeEntry(
            path: "/app/b-0000000007", name: "b-0000000007", depth: 2, isLastSibling: true,
            stat: Stat(czxid: 5, mzxid: 5, ephemeralOwner: 0x1000a2b3c0001, numChildren: 1), data: [0xFF, 0x41]),
        TreeEntry(
            path: "/app/b-0000000007/deep", name: "deep", depth: 3, isLastSibling: true,
            stat: Stat(czxid: 6, mzxid: 6), data: nil),
        TreeEntry(
            path: "/box", name: "box", depth: 1, isLastSibling: false,
            stat: Stat(ephemeralOwner: Int64(bitPattern: 0x8000_0000_0000_0000))),
        TreeEntry(
            path: "/locked", name: "locked", depth: 1, isLastSibling: false, stat: nil,
            error: ZooKeeperError(.noAuth, path: "/locked")),
        TreeEntry(
            path: "/ttl", name: "ttl", depth: 1, isLastSibling: true,
            stat: Stat(ephemeralOwner: Int64(bitPattern: 0xFF00_0000_0000_EA60))),
    ]

    @Test func textWithoutData() {
        var formatter = TreeTextFormatter(showData: false)
        let text = Self.entries.map { formatter.line($0) }.joined()
        #expect(
            text == """
                /
                ├── app
                │   ├── a
                │   └── b-0000000007  [ephemeral sequential owner=0x1000a2b3c0001]
                │       └── deep
                ├── box  [container]
                ├── locked  [error: NoAuth]
                └── ttl  [ttl=60000ms]

                """)
    }

    @Test func textWithDataPreviews() {
        var formatter = TreeTextFormatter(showData: true)
        let lines = Self.entries.map { formatter.line($0) }
        #expect(lines[1] == "├── app  = hello (5 B)\n")
        #expect(lines[2] == "│   ├── a\n")  // empty data: no preview
        #expect(lines[3] == "│   └── b-0000000007  [ephemeral sequential owner=0x1000a2b3c0001]  = \\xFFA (2 B)\n")
    }

    @Test func previewIsCutAt60Columns() {
        var formatter = TreeTextFormatter(showData: true)
        let long = TreeEntry(
            path: "/l", name: "l", depth: 0, isLastSibling: true, stat: Stat(),
            data: Array(String(repeating: "x", count: 100).utf8))
        #expect(formatter.line(long) == "l  = " + String(repeating: "x", count: 60) + "… (100 B)\n")
    }

    @Test func namesNeverReachTheTerminalRaw() {
        var formatter = TreeTextFormatter(showData: false)
        let hostile = TreeEntry(
            path: "/e\u{1B}]0;x\u{7}", name: "e\u{1B}]0;x\u{7}\u{202E}", depth: 0, isLastSibling: true, stat: Stat())
        #expect(formatter.line(hostile) == "e^[]0;x^G<U+202E>\n")
    }

    @Test func jsonLines() {
        let lines = Self.entries.map { TreeJSONFormatter.line($0, includeData: true) }
        #expect(
            lines[0]
                == #"{"path":"/","czxid":0,"mzxid":0,"pzxid":0,"ctime":0,"mtime":0,"version":0,"cversion":0,"aversion":0,"ephemeralOwner":0,"dataLength":0,"numChildren":4}"#
                + "\n")
        #expect(
            lines[1]
                == #"{"path":"/app","czxid":2,"mzxid":3,"pzxid":0,"ctime":0,"mtime":0,"version":1,"cversion":0,"aversion":0,"ephemeralOwner":0,"dataLength":5,"numChildren":2,"data":"aGVsbG8="}"#
                + "\n")
        #expect(lines[3].contains(#""ephemeralOwner":281518651736065,"#))
        #expect(lines[3].contains(#""data":"/0E=""#))
        // 64-bit values are exact signed decimals, also the container and TTL owners.
        #expect(lines[5].contains(#""ephemeralOwner":-9223372036854775808,"#))
        #expect(lines[7].contains(#""ephemeralOwner":-72057594037867936,"#))
        #expect(lines[6] == #"{"path":"/locked","error":"NoAuth"}"# + "\n")
        // Without --data there is no data key, even where data was read.
        #expect(!TreeJSONFormatter.line(Self.entries[1], includeData: false).contains(#""data":"#))
    }

    @Test func jsonStringsEscapeControlsAndTerminalCharacters() {
        let entry = TreeEntry(
            path: "/q\"\\\n\t\u{1}\u{9B}\u{202E}é", name: "x", depth: 0, isLastSibling: true, stat: nil,
            error: ZooKeeperError(.noAuth))
        #expect(
            TreeJSONFormatter.line(entry, includeData: false)
                == #"{"path":"/q\"\\\n\t\u0001\u009b\u202eé","error":"NoAuth"}"# + "\n")
    }

    @Test func stderrMessages() {
        let tooLarge = ZooKeeperError(
            .replyTooLarge,
            message: "the server's reply of 40000000 bytes exceeds the client's limit of 33554432 bytes "
                + "(ZooKeeperConfiguration.maxReplySize)")
        #expect(
            TreeMessages.tooLarge("/big", tooLarge)
                == "/big: the server's reply of 40000000 bytes exceeds the client's limit of 33554432 bytes "
                + "(--max-reply-size); raise --max-reply-size to read it")
        let refused = ConnectFailure(server: ServerAddress(host: "127.0.0.1", port: 2181), cause: .refused)
        #expect(
            TreeMessages.explain(ZooKeeperError(.operationTimeout, message: "ignored", connectFailure: refused))
                == "not connected within the timeout (last attempt: connection refused: nothing listens on "
                + "127.0.0.1:2181)")
        let untrusted = ConnectFailure(
            server: ServerAddress(host: "127.0.0.1", port: 2282),
            cause: .tls(.untrustedCertificate(trust: "--tls-ca a.pem")))
        #expect(
            TreeMessages.explain(ZooKeeperError(.connectionLoss, message: "ignored", connectFailure: untrusted))
                .hasPrefix("TLS: the server's certificate is not trusted by --tls-ca a.pem; fix: "))
        #expect(TreeMessages.explain(ZooKeeperError(.operationTimeout)).hasPrefix("no answer in time ("))
    }
}
