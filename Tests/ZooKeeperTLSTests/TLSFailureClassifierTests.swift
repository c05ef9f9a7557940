import Foundation
import NIOCore
import NIOSSL
import Testing
import ZooKeeperTLS

/// The handshake errors swift-nio-ssl and BoringSSL report, mapped to what an operator fixes.
@Suite struct TLSFailureClassifierTests {
    func context(clientCertificate: Bool = false, peer: PeerCertificateSummary? = nil) -> TLSFailure.HandshakeContext {
        TLSFailure.HandshakeContext(
            trust: "--tls-ca ca.pem", expectedName: "127.0.0.1", clientCertificateGiven: clientCertificate,
            peerCertificate: peer, now: Date(timeIntervalSince1970: 1_800_000_000))
    }

    func peer(notBefore: TimeInterval, notAfter: TimeInterval) -> PeerCertificateSummary {
        PeerCertificateSummary(
            subject: "CN=zk", issuer: "CN=ca", subjectAlternativeNames: [],
            notBefore: Date(timeIntervalSince1970: notBefore),
            notAfter: Date(timeIntervalSince1970: notAfter), serialNumber: "01")
    }

    let verifyFailed = "Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at x:1"

    @Test func unknownCA() {
        let failure = TLSFailure.classify(reasons: verifyFailed, context: context())
        #expect(failure == .untrustedCertificate(trust: "--tls-ca ca.pem"))
        #expect(failure.description.hasPrefix("TLS: the server's certificate is not trusted by --tls-ca ca.pem; fix: "))
    }

    @Test func expiredAndNotYetValidCertificatesAreToldApart() {
        let expired = peer(notBefore: 1_700_000_000, notAfter: 1_799_999_000)
        #expect(TLSFailure.classify(reasons: verifyFailed, context: context(peer: expired)) == .certificateExpired)
        let future = peer(notBefore: 1_800_100_000, notAfter: 1_900_000_000)
        #expect(TLSFailure.classify(reasons: verifyFailed, context: context(peer: future)) == .certificateNotYetValid)
        let valid = peer(notBefore: 1_700_000_000, notAfter: 1_900_000_000)
        #expect(
            TLSFailure.classify(reasons: verifyFailed, context: context(peer: valid))
                == .untrustedCertificate(trust: "--tls-ca ca.pem"))
    }

    @Test func plaintextServerOnATLSPort() {
        let text = "error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER"
        #expect(TLSFailure.classify(reasons: text, context: context()) == .notTLS)
    }

    @Test func serverWantsAClientCertificate() {
        let text = "error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED"
        #expect(TLSFailure.classify(reasons: text, context: context()) == .clientCertificateRequired)
        let bad = "error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE"
        #expect(
            TLSFailure.classify(reasons: bad, context: context(clientCertificate: true)) == .clientCertificateRejected)
        #expect(TLSFailure.classify(reasons: bad, context: context()) == .clientCertificateRequired)
    }

    @Test func hostnameMismatchFromNIOSSL() {
        #expect(
            TLSFailure.classify(NIOSSLExtraError.failedToValidateHostname, context: context())
                == .hostnameMismatch(name: "127.0.0.1"))
    }

    @Test func earlyEOFIsAClosedHandshake() {
        #expect(TLSFailure.classify(NIOSSLError.uncleanShutdown, context: context()) == .closedDuringHandshake)
        #expect(
            TLSFailure.classify(NIOSSLError.handshakeFailed(.sslError([.eofDuringHandshake])), context: context())
                == .closedDuringHandshake)
        #expect(TLSFailure.classify(ChannelError.eof, context: context()) == .closedDuringHandshake)
        #expect(TLSFailure.closedDuringHandshake.isPersistent == false)
    }

    @Test func unrelatedErrorsAreNotTLS() {
        struct Other: Error {}
        #expect(TLSFailure.classify(Other(), context: context()) == nil)
    }

    @Test func unknownReasonsKeepTheLibraryWords() {
        #expect(
            TLSFailure.classify(reasons: "error:X:NO_SHARED_CIPHER", context: context())
                == .handshakeFailed(detail: "error:X:NO_SHARED_CIPHER"))
    }
}
