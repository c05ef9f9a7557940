import Testing

@testable import EnsembleCore

/// A zoo.cfg whose members serve only TLS (`secureClientPort`, no `clientPort`): zkscope reaches them at the
/// secure port and with TLS; a file with both ports keeps the plaintext one.
@Suite struct SecureClientPortConfigTests {
    @Test func secureClientPortOnlyMeansTLSAtThatPort() throws {
        let text = """
            tickTime=2000
            secureClientPort=2281
            secureClientPortAddress=127.0.0.1
            server.1=127.0.0.1:2888:3888
            server.2=127.0.0.2:2888:3888
            """
        let config = try EnsembleConfiguration.parse(zooCfg: text, file: "zoo.cfg")
        #expect(config.requiresTLS)
        #expect(config.members.map(\.address) == ["127.0.0.1:2281", "127.0.0.2:2281"])
    }

    @Test func standaloneWithOnlyASecurePort() throws {
        let config = try EnsembleConfiguration.parse(zooCfg: "secureClientPort=2281\n", file: "zoo.cfg")
        #expect(config.requiresTLS)
        #expect(config.members.map(\.clientPort) == [2281])
    }

    @Test func bothPortsKeepThePlaintextOne() throws {
        let config = try EnsembleConfiguration.parse(
            zooCfg: "clientPort=2181\nsecureClientPort=2281\n", file: "zoo.cfg")
        #expect(!config.requiresTLS)
        #expect(config.members.map(\.clientPort) == [2181])
    }
}
