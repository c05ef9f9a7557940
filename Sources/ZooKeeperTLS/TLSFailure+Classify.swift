import Foundation
import NIOCore
import NIOSSL

extension TLSFailure {
    /// What the classifier knows besides the error: what was trusted, which name was checked, whether a client
    /// certificate was given, and the certificate the server presented (when the handshake got that far).
    public struct HandshakeContext: Sendable {
        /// How the trust was configured, e.g. `--tls-ca ca.pem` or `the system CA store`.
        public var trust: String
        /// The name (or IP) the certificate was checked against.
        public var expectedName: String
        /// Whether a client certificate was configured.
        public var clientCertificateGiven: Bool
        /// The server's leaf certificate, if it was received before the failure.
        public var peerCertificate: PeerCertificateSummary?
        /// The time the certificate's dates are compared with.
        public var now: Date

        /// Makes a context.
        public init(
            trust: String, expectedName: String, clientCertificateGiven: Bool,
            peerCertificate: PeerCertificateSummary? = nil, now: Date = Date()
        ) {
            self.trust = trust
            self.expectedName = expectedName
            self.clientCertificateGiven = clientCertificateGiven
            self.peerCertificate = peerCertificate
            self.now = now
        }
    }

    /// The context of a connection to `host` made with `settings`, as every transport classifies it.
    public static func context(
        _ settings: TLSSettings, host: String, peerCertificate: PeerCertificateSummary? = nil
    ) -> HandshakeContext {
        HandshakeContext(
            trust: settings.trustDescription, expectedName: settings.serverName ?? host,
            clientCertificateGiven: settings.identity != nil, peerCertificate: peerCertificate)
    }

    /// Maps an error of a TLS connection (swift-nio-ssl, BoringSSL's error stack, an early EOF) to the failure
    /// an operator acts on, or nil when the error has nothing to do with TLS.
    ///
    /// BoringSSL reports a failed verification as one `CERTIFICATE_VERIFY_FAILED`, whether the CA is unknown
    /// or the certificate expired: the presented certificate's dates tell which.
    public static func classify(_ error: any Error, context: HandshakeContext) -> TLSFailure? {
        if let failure = error as? TLSFailure { return failure }
        if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname || extra == .serverHostnameImpossibleToMatch {
                return .hostnameMismatch(name: context.expectedName)
            }
            return .handshakeFailed(detail: String(describing: extra))
        }
        if let error = error as? NIOSSLError {
            switch error {
            case .handshakeFailed(let inner): return classify(boringSSL: inner, context: context)
            case .uncleanShutdown: return .closedDuringHandshake
            case .unableToValidateCertificate, .noCertificateToValidate:
                return .untrustedCertificate(trust: context.trust)
            default: return .handshakeFailed(detail: String(describing: error))
            }
        }
        if let error = error as? BoringSSLError { return classify(boringSSL: error, context: context) }
        if let error = error as? ChannelError, error == .eof { return .closedDuringHandshake }
        return nil
    }

    /// Classifies BoringSSL's error by the reason codes in its error strings.
    static func classify(boringSSL error: BoringSSLError, context: HandshakeContext) -> TLSFailure {
        let text: String
        switch error {
        case .sslError(let stack), .unknownError(let stack): text = stack.map(\.description).joined(separator: "; ")
        case .zeroReturn, .syscallError: return .closedDuringHandshake
        default: text = String(describing: error)
        }
        return classify(reasons: text, context: context)
    }

    /// Classifies by BoringSSL's reason names (`CERTIFICATE_VERIFY_FAILED`, `WRONG_VERSION_NUMBER`, alerts).
    public static func classify(reasons text: String, context: HandshakeContext) -> TLSFailure {
        let upper = text.uppercased()
        if upper.contains("EOF DURING HANDSHAKE") { return .closedDuringHandshake }
        if upper.contains("CERTIFICATE_VERIFY_FAILED") {
            if let peer = context.peerCertificate {
                if peer.notAfter < context.now { return .certificateExpired }
                if peer.notBefore > context.now { return .certificateNotYetValid }
            }
            return .untrustedCertificate(trust: context.trust)
        }
        let notTLS = ["WRONG_VERSION_NUMBER", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST", "RECORD_TOO_LARGE"]
        if notTLS.contains(where: upper.contains) { return .notTLS }
        let clientSide = [
            "ALERT_CERTIFICATE_REQUIRED", "ALERT_HANDSHAKE_FAILURE", "ALERT_BAD_CERTIFICATE",
            "ALERT_CERTIFICATE_UNKNOWN", "ALERT_UNKNOWN_CA", "ALERT_ACCESS_DENIED",
        ]
        if clientSide.contains(where: upper.contains) {
            return context.clientCertificateGiven ? .clientCertificateRejected : .clientCertificateRequired
        }
        if upper.contains("ALERT_CERTIFICATE_EXPIRED") {
            return context.clientCertificateGiven ? .clientCertificateRejected : .clientCertificateRequired
        }
        return .handshakeFailed(detail: text)
    }
}
