import Testing
import ZooKeeperTLS

@Suite struct SecretTests {
    @Test func describingASecretNeverShowsIt() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!"\(TLSSettings(trust: .file(path: "/ca.pem", password: secret)))".contains("hunter2"))
    }
}
