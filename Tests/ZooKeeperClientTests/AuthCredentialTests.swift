import Testing
import ZooKeeperClient

/// `--auth scheme:credentials` as an operator types it.
@Suite struct AuthCredentialTests {
    @Test func theSchemeIsEverythingBeforeTheFirstColon() throws {
        let digest = try #require(AuthCredential(parsing: "digest:alice:s3cr:et"))
        #expect(digest.scheme == "digest")
        #expect(digest.credentials == Array("alice:s3cr:et".utf8))
        #expect(AuthCredential(parsing: "ip:10.0.0.1")?.scheme == "ip")
    }

    @Test func malformedTextIsRejectedAndTheSecretIsNeverPrinted() throws {
        for bad in ["", "digest", ":alice:secret", "digest:"] { #expect(AuthCredential(parsing: bad) == nil, "\(bad)") }
        let digest = try #require(AuthCredential(parsing: "digest:alice:secret"))
        #expect(!"\(digest)".contains("secret") && "\(digest)".hasPrefix("digest:"))
    }
}
