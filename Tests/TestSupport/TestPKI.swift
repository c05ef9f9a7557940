import Foundation

/// A throwaway PKI made once per process with the `openssl` command in a temporary directory, for every test target
/// that needs certificate files as an operator would have them:
/// - `ca.pem`/`ca.key`: the test CA (`CN=zkscope test CA,O=zkscope tests`);
/// - `server.key` with `server.pem` (2 days) and `expired.pem` (expired yesterday), both `CN=zk-test` for
///   `DNS:localhost, IP:127.0.0.1`;
/// - `client.pem`/`client.key`, the key encrypted as `client-encrypted.key` and bundled as `client.p12`
///   (password `s3cret`, also in `password.txt`), and `trust-only.p12` (the CA without a key);
/// - `other.pem`/`other.key`: an unrelated self-signed CA and its key.
public final class TestPKI: Sendable {
    /// The PKI of this test process.
    public static let shared = TestPKI()

    /// Where the files are.
    public let directory: String

    private init() {
        directory = NSTemporaryDirectory() + "zkscope-test-pki-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        func sign(_ request: String, _ output: String, days: Int, extensions: String? = nil) -> [String] {
            [
                "x509", "-req", "-in", request, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", output,
                "-days", "\(days)",
            ] + (extensions.map { ["-extfile", $0] } ?? [])
        }
        let steps: [[String]] = [
            ["req", "-x509"] + ec + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/O=zkscope tests/CN=zkscope test CA",
            ],
            ["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/O=zkscope tests/CN=zk-test"],
            sign("server.csr", "server.pem", days: 2, extensions: "san.ext"),
            sign("server.csr", "expired.pem", days: -1, extensions: "san.ext"),
            ["req"] + ec + ["-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=zkscope client"],
            sign("client.csr", "client.pem", days: 2),
            ["pkcs8", "-topk8", "-in", "client.key", "-out", "client-encrypted.key", "-passout", "file:password.txt"],
            [
                "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "file:password.txt",
            ],
            [
                "pkcs12", "-export", "-nokeys", "-in", "ca.pem", "-out", "trust-only.p12", "-passout",
                "file:password.txt",
            ],
            ["req", "-x509"] + ec + ["-keyout", "other.key", "-out", "other.pem", "-days", "30", "-subj", "/CN=other"],
        ]
        try? "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(
            toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
        try? "s3cret\n".write(toFile: directory + "/password.txt", atomically: true, encoding: .utf8)
        for step in steps { Self.openssl(step, in: directory) }
    }

    /// The path of one of the files above.
    public func path(_ name: String) -> String { directory + "/" + name }

    private static func openssl(_ arguments: [String], in directory: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }
}
