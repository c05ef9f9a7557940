import EnsembleCore

/// Which extra TLS probes a member gets, from the configuration: a plaintext client port beside the secure one
/// (asked on the slow cadence for `tls-plaintext-open`), and whether its AdminServer speaks only HTTPS.
///
/// Only a zoo.cfg says either: `--servers` names one port per member, the one polled.
public enum TLSPortPolicy {
    /// The port `member`'s four-letter words go to: with TLS and a zoo.cfg that names both ports, the file's
    /// `secureClientPort` for the member listed at its `clientPort` (the member keeps its address, the plaintext
    /// port, as its identity); else the member's own port.
    public static func pollPort(
        for member: MemberEndpoint, configuration: EnsembleConfiguration, settings: PollSettings
    ) -> Int {
        guard settings.tls != nil, let secure = configuration.secureClientPort, let plain = configuration.clientPort,
            secure != plain, member.clientPort == plain
        else { return member.clientPort }
        return secure
    }

    /// The plaintext port to ask beside `member`'s secure one: the file's `clientPort` when the member is polled on
    /// the `secureClientPort` and the two differ; nil otherwise (or when the monitor does not use TLS).
    public static func plaintextPort(
        for member: MemberEndpoint, configuration: EnsembleConfiguration, settings: PollSettings
    ) -> Int? {
        guard settings.tls != nil, let secure = configuration.secureClientPort, let plain = configuration.clientPort,
            secure != plain,
            pollPort(for: member, configuration: configuration, settings: settings) == secure
        else { return nil }
        return plain
    }

    /// Whether the AdminServer is asked over HTTPS from the first request: `admin.forceHttps=true` (the
    /// AdminServer then speaks nothing else) while the monitor uses TLS. The poller also switches scheme when the
    /// other one is not understood.
    public static func adminOverHTTPS(configuration: EnsembleConfiguration, settings: PollSettings) -> Bool {
        settings.tls != nil && configuration.settings["admin.forceHttps"]?.lowercased() == "true"
    }
}
