import Foundation
import ZooKeeperTLS

/// How one member's client port was reached in one poll: over TLS or in plaintext, the certificate chain it
/// presented, and whether a plaintext port answers beside the secure one.
///
/// The poller fills it from what its probes saw (``MemberReplies/tls``); the TLS findings
/// (`tls-certificate-expiring`, `tls-inconsistent`, `tls-plaintext-open`), the Ensemble pane's TLS column and
/// `check`'s `tls` object read it. `observedAt` is the wall-clock time of the poll, an input like every
/// other time in EnsembleCore: detectors count a certificate's days left from it, never from a clock.
public struct MemberTLS: Hashable, Sendable {
    /// Whether the member's client port was polled over TLS.
    public var secure: Bool
    /// The certificates the server presented, its own first; empty in plaintext or before a handshake finished.
    public var chain: [PeerCertificateSummary]
    /// When this poll ran (wall clock): days left count from here, also for a chain kept from an earlier poll.
    public var observedAt: Date?
    /// The port the four-letter words went to (the secure port when the member is listed at a plaintext one
    /// beside it); nil when not recorded.
    public var port: Int?
    /// The plaintext client port the configuration names beside the secure one, when it was probed.
    public var plaintextPort: Int?
    /// Whether that plaintext port answered a four-letter word (nil: not probed, or no answer either way yet).
    public var plaintextAnswers: Bool?

    /// Makes the facts of one poll.
    public init(
        secure: Bool, chain: [PeerCertificateSummary] = [], observedAt: Date? = nil, port: Int? = nil,
        plaintextPort: Int? = nil, plaintextAnswers: Bool? = nil
    ) {
        self.secure = secure
        self.port = port
        self.chain = chain
        self.observedAt = observedAt
        self.plaintextPort = plaintextPort
        self.plaintextAnswers = plaintextAnswers
    }

    /// The member's own certificate (the first of the chain).
    public var leaf: PeerCertificateSummary? { chain.first }

    /// Whole days the member's own certificate has left when it was seen; nil without a chain.
    public var daysLeft: Int? {
        guard let leaf, let observedAt else { return nil }
        return leaf.daysLeft(at: observedAt)
    }

    /// The certificate of the chain that expires first (an intermediate can expire before the server's own).
    public var firstToExpire: PeerCertificateSummary? { chain.min { $0.notAfter < $1.notAfter } }
}
