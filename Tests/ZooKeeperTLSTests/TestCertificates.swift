import Foundation

/// A throwaway PKI made with the `openssl` command in a temporary directory: a CA, a server certificate for
/// `DNS:localhost, IP:127.0.0.1`, a client certificate and key (PEM, encrypted PEM, PKCS#12) and a second,
/// unrelated key. Made once per process; the files are what an operator would have.
final class TestCertificates: Sendable {
    static let shared = TestCertificates()

    let directory: String

    private init() {
        directory = NSTemporaryDirectory() + "zkscope-tls-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "30", "-subj", "/O=zkscope tests/CN=zkscope test CA",
            ],
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
                "-out", "server.csr", "-subj", "/O=zkscope tests/CN=zk-test",
            ],
            [
                "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext",
            ],
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "client.key",
                "-out", "client.csr", "-subj", "/CN=zkscope client",
            ],
            [
                "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "2",
            ],
            ["pkcs8", "-topk8", "-in", "client.key", "-out", "client-encrypted.key", "-passout", "file:password.txt"],
            [
                "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "file:password.txt",
            ],
            [
                "pkcs12", "-export", "-nokeys", "-in", "ca.pem", "-out", "trust-only.p12", "-passout",
                "file:password.txt",
            ],
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key"],
        ]
        try? "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(
            toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
        try? "s3cret\n".write(toFile: directory + "/password.txt", atomically: true, encoding: .utf8)
        for step in steps { Self.openssl(step, in: directory) }
    }

    func path(_ name: String) -> String { directory + "/" + name }

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
