import Foundation
import TestSupport
import Testing
import ZooKeeperTLS

/// Every bad file is one `TLSFailure` naming the file and the fix, never a crash, a prompt or a library error.
@Suite struct TLSContextFactoryTests {
    let files = TestPKI.shared
    var password: Secret { Secret("s3cret") }

    private func failure(_ settings: TLSSettings) -> TLSFailure? {
        do {
            _ = try TLSContextFactory.makeClientContext(settings)
            return nil
        } catch {
            return error
        }
    }

    @Test func goodSettingsMakeAContext() {
        #expect(failure(TLSSettings(trust: .file(path: files.path("ca.pem"), password: nil))) == nil)
        #expect(failure(TLSSettings(trust: .system)) == nil)
        #expect(failure(TLSSettings(trust: .insecure)) == nil)
        let pem = TLSSettings.Identity.pem(
            certificate: files.path("client.pem"), key: files.path("client.key"), password: nil)
        #expect(failure(TLSSettings(trust: .file(path: files.path("ca.pem"), password: nil), identity: pem)) == nil)
        let encrypted = TLSSettings.Identity.pem(
            certificate: files.path("client.pem"), key: files.path("client-encrypted.key"), password: password)
        #expect(failure(TLSSettings(identity: encrypted)) == nil)
        let bundle = TLSSettings.Identity.pkcs12(path: files.path("client.p12"), password: password)
        #expect(failure(TLSSettings(identity: bundle)) == nil)
    }

    @Test func missingCAFile() {
        let result = failure(TLSSettings(trust: .file(path: "/nonexistent/ca.pem", password: nil)))
        #expect(result == .fileUnreadable(path: "/nonexistent/ca.pem", role: .trust))
        #expect(result?.description.hasPrefix("TLS: cannot read the CA file /nonexistent/ca.pem; fix: ") == true)
    }

    @Test func aCAFileWithoutCertificates() {
        let result = failure(TLSSettings(trust: .file(path: files.path("san.ext"), password: nil)))
        guard case .fileInvalid(_, .trust, _) = result else {
            Issue.record("expected fileInvalid, got \(String(describing: result))")
            return
        }
    }

    @Test func javaKeyStoreNamesTheConversion() throws {
        let path = files.path("store.jks")
        try Data([0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]).write(to: URL(fileURLWithPath: path))
        let asTrust = failure(TLSSettings(trust: .file(path: path, password: nil)))
        #expect(asTrust == .javaKeyStore(path: path, role: .trust))
        #expect(asTrust?.fix.contains("keytool -importkeystore -srckeystore \(path)") == true)
        #expect(asTrust?.fix.contains("-deststoretype PKCS12") == true)
        #expect(
            failure(TLSSettings(identity: .pkcs12(path: path, password: nil)))
                == .javaKeyStore(path: path, role: .keyStore))
    }

    @Test func encryptedKeyWithoutPassword() {
        let key = files.path("client-encrypted.key")
        let identity = TLSSettings.Identity.pem(certificate: files.path("client.pem"), key: key, password: nil)
        let result = failure(TLSSettings(identity: identity))
        #expect(result == .keyEncrypted(path: key))
        #expect(result?.fix.contains("--tls-key-password-file") == true)
    }

    @Test func encryptedKeyWithTheWrongPassword() {
        let key = files.path("client-encrypted.key")
        let identity = TLSSettings.Identity.pem(
            certificate: files.path("client.pem"), key: key, password: Secret("wrong"))
        #expect(failure(TLSSettings(identity: identity)) == .wrongPassword(path: key))
    }

    @Test func keyOfAnotherCertificate() {
        let identity = TLSSettings.Identity.pem(
            certificate: files.path("client.pem"), key: files.path("other.key"), password: nil)
        #expect(
            failure(TLSSettings(identity: identity))
                == .keyDoesNotMatchCertificate(certificate: files.path("client.pem"), key: files.path("other.key")))
    }

    @Test func missingKeyFile() {
        let identity = TLSSettings.Identity.pem(
            certificate: files.path("client.pem"), key: files.path("absent.key"), password: nil)
        #expect(failure(TLSSettings(identity: identity)) == .fileUnreadable(path: files.path("absent.key"), role: .key))
    }

    @Test func pkcs12WithoutAKeyIsRefusedNotACrash() {
        let path = files.path("trust-only.p12")
        #expect(
            failure(TLSSettings(identity: .pkcs12(path: path, password: password))) == .pkcs12WithoutKey(path: path))
    }

    @Test func pkcs12WithTheWrongPassword() {
        let path = files.path("client.p12")
        #expect(
            failure(TLSSettings(identity: .pkcs12(path: path, password: Secret("wrong")))) == .wrongPassword(path: path)
        )
    }

    @Test func pkcs12AsTrustStoreSaysHowToExportPEM() {
        let path = files.path("trust-only.p12")
        let result = failure(TLSSettings(trust: .file(path: path, password: password)))
        guard case .fileInvalid(_, .trust, let detail) = result else {
            Issue.record("expected fileInvalid, got \(String(describing: result))")
            return
        }
        #expect(detail.contains("openssl pkcs12 -in \(path) -nokeys -out ca.pem"))
    }

    @Test func messagesNeverShowThePassword() {
        let key = files.path("client-encrypted.key")
        let identity = TLSSettings.Identity.pem(
            certificate: files.path("client.pem"), key: key, password: Secret("wrong-s3cret"))
        let result = failure(TLSSettings(identity: identity))
        #expect(result != nil)
        #expect(result?.description.contains("wrong-s3cret") == false)
    }
}

@Suite struct SharedClientContextTests {
    @Test func theProbesReuseOneContextUntilItIsOld() throws {
        let settings = TLSSettings(trust: .file(path: TestPKI.shared.path("ca.pem"), password: nil))
        let first = try TLSContextFactory.sharedClientContext(settings)
        #expect(try TLSContextFactory.sharedClientContext(settings) === first)
        // Once older than `reuse`, the files are read again (a rotated certificate is picked up).
        #expect(try TLSContextFactory.sharedClientContext(settings, reuse: .zero) !== first)
        // A bad file is not cached: each call names it.
        let missing = TLSSettings(trust: .file(path: TestPKI.shared.path("absent.pem"), password: nil))
        #expect(throws: TLSFailure.self) { try TLSContextFactory.sharedClientContext(missing) }
    }
}
