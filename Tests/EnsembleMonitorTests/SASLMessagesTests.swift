import EnsembleMonitor
import Testing
import ZooKeeperClient

/// The words the commands and the dashboard use for SASL errors name the command-line fix, never a secret.
@Suite struct SASLMessagesTests {
    @Test func minus124NamesTheOptions() throws {
        let line = try #require(SASLMessages.explain(ZooKeeperError.saslRequired()))
        #expect(line.contains("-124"))
        #expect(line.contains("add --sasl-user USER --sasl-password-file FILE, or --jaas FILE"))
        let walk = TreeWalkError(ZooKeeperError.saslRequired(), path: "/")
        #expect(SASLMessages.explain(walk) == line)
    }

    @Test func aRefusedExchangeSaysWrongUserOrPassword() throws {
        let error = ZooKeeperError.saslFailed(
            reason: "the server refused the SASL credentials (AuthFailed(-115))", user: "bob", mechanism: "DIGEST-MD5")
        let line = try #require(SASLMessages.explain(error))
        #expect(line.contains("\"bob\""))
        #expect(line.contains("wrong user name or password: check --sasl-user and the password file"))
    }

    @Test func aMissingPluginKeepsItsOwnFix() throws {
        let error = ZooKeeperError.saslFailed(
            reason: "the SASL mechanism DIGEST-MD5 is not available: install libsasl2-modules")
        #expect(try #require(SASLMessages.explain(error)).contains("install libsasl2-modules"))
    }

    @Test func otherErrorsAreNotSASLs() {
        #expect(SASLMessages.explain(ZooKeeperError(.noNode, path: "/x")) == nil)
        #expect(SASLMessages.explain(ZooKeeperError(.authFailed)) == nil)
    }
}
