import Foundation
import NIOSSL
import Testing

@testable import ZooKeeperTLS

/// A server certificate as the probes see it (swift-nio-ssl's form) becomes the summary the findings, the TLS
/// column and `check --json` print.
@Suite struct PeerCertificateSummaryX509Tests {
    /// `openssl req -x509 -newkey ec -days 2 -subj "/O=zkscope/CN=zk1" -set_serial 0x1F2E
    /// -addext "subjectAltName=IP:127.0.0.1,DNS:localhost"`.
    static let pem = """
        -----BEGIN CERTIFICATE-----
        MIIBnzCCAUWgAwIBAgICHy4wCgYIKoZIzj0EAwIwIDEQMA4GA1UECgwHemtzY29w
        ZTEMMAoGA1UEAwwDemsxMB4XDTI2MTIwMjExMzc0OVoXDTI2MTIwNDExMzc0OVow
        IDEQMA4GA1UECgwHemtzY29wZTEMMAoGA1UEAwwDemsxMFkwEwYHKoZIzj0CAQYI
        KoZIzj0DAQcDQgAEzeLUTGoKJsmJ5EvqVehRqN+E+JrO96NcaCk3vKgDFuE/Poyb
        CkP78CwqZaVwZQzDrPJ6Q6/6q9mV01HTIW/gBqNvMG0wHQYDVR0OBBYEFCLybaXJ
        VXwaRZMNoMlRgPXTM4R6MB8GA1UdIwQYMBaAFCLybaXJVXwaRZMNoMlRgPXTM4R6
        MA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoG
        CCqGSM49BAMCA0gAMEUCIQCgrYoLYAr12y001t3JvfIemhnrRVufd1c+7M9Urr3A
        9AIgYXNPiTxRSH6Mc/iQXd8JeQBd8CYUxAre9oKsVfKMsXo=
        -----END CERTIFICATE-----
        """

    @Test func summarisesSubjectIssuerNamesValidityAndSerial() throws {
        let certificate = try NIOSSLCertificate(bytes: Array(Self.pem.utf8), format: .pem)
        let summary = try #require(PeerCertificateSummary(certificate: certificate))
        #expect(summary.subject == "CN=zk1,O=zkscope")  // RFC 4514: the most specific part first
        #expect(summary.issuer == "CN=zk1,O=zkscope")
        #expect(summary.subjectAlternativeNames == ["IP:127.0.0.1", "DNS:localhost"])
        #expect(summary.notBefore == Date(timeIntervalSince1970: 1_796_211_469))  // 2026-12-02T11:37:49Z
        #expect(summary.notAfter == Date(timeIntervalSince1970: 1_796_384_269))  // 2026-12-04T11:37:49Z
        #expect(summary.serialNumber == "1F2E")
        #expect(summary.daysLeft(at: summary.notBefore) == 2)
    }

    @Test func ipv6AndOddLengthsAreWrittenReadably() {
        #expect(PeerCertificateSummary.ipText([127, 0, 0, 1]) == "127.0.0.1")
        #expect(PeerCertificateSummary.ipText([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) == "0:0:0:0:0:0:0:1")
        #expect(PeerCertificateSummary.ipText([1, 2, 3]) == "010203")
    }
}
