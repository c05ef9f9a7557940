/// Renders ``FleetState`` as the Prometheus text format (0.0.4): the `/metrics` body.
///
/// Why not swift-prometheus: its registry holds long-lived metric objects, one per label set, that must be
/// created, updated and explicitly destroyed. Our series come and go with each round: a `zkscope_finding` series
/// must vanish the round its finding clears, and `zkscope_member_info`'s `role` and `state` labels change on every
/// election. Mirroring each round into a registry would mean diffing label sets and unregistering the stale ones —
/// more code and more room for a stale series than rendering the text straight from the pure state. The format is
/// small (HELP, TYPE, samples, three escapes), and a pure function gets exact-output tests.
///
/// Every family's HELP and TYPE lines are written once, in a fixed order, even when the family has no samples;
/// samples follow in configuration order (ensembles, then members), findings by code.
public enum MetricsExposition {
    /// The content type Prometheus expects for this body.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole `/metrics` body.
    public static func render(_ state: FleetState) -> String {
        // Each ensemble's and member's label set is escaped and joined once, not once per family: a scrape of 100
        // ensembles writes ~6,000 samples.
        let served = state.ensembles.compactMap { ensemble in
            state.readings[ensemble.name].map { (ensemble, $0, PrometheusText.labels([("ensemble", ensemble.name)])) }
        }
        let members = served.flatMap { ensemble, reading, _ in
            reading.members.map { member in
                (
                    ensemble: ensemble.name, reading: reading, member: member,
                    labels: PrometheusText.labels([("ensemble", ensemble.name), ("member", member.address)])
                )
            }
        }
        // A member's samples take ~1.4 KB of the body (424 KiB for 300 members): one allocation, not a dozen regrowths.
        var out = Writer(capacity: 1024 + members.count * 1_400)

        func memberFamily(
            _ name: String, _ type: String, _ help: String, _ value: (MemberReading) -> Double?
        ) {
            out.family(name, type, help)
            for entry in members {
                guard let sample = value(entry.member) else { continue }
                out.sample(name, labels: entry.labels, sample)
            }
        }
        func ensembleFamily(_ name: String, _ help: String, _ value: (EnsembleReading) -> Double?) {
            out.family(name, "gauge", help)
            for (_, reading, labels) in served {
                guard let sample = value(reading) else { continue }
                out.sample(name, labels: labels, sample)
            }
        }

        memberFamily("zkscope_member_up", "gauge", "1 when the member serves requests, 0 otherwise.") {
            $0.state == .serving ? 1 : 0
        }
        out.family(
            "zkscope_member_info", "gauge",
            "Always 1; the labels say the member's state, role and ZooKeeper version in the newest round.")
        for entry in members {
            let member = entry.member
            out.sample(
                "zkscope_member_info",
                [
                    ("ensemble", entry.ensemble), ("member", member.address), ("state", member.state.rawValue),
                    ("role", member.role), ("version", member.version),
                ], 1)
        }
        memberFamily("zkscope_member_zxid", "gauge", "The member's last zxid (epoch << 32 | counter).") {
            $0.zxid.map(Double.init)
        }
        memberFamily("zkscope_member_epoch", "gauge", "The member's epoch (elections finished).") {
            $0.epoch.map(Double.init)
        }
        memberFamily(
            "zkscope_member_lag_transactions", "gauge",
            "Transactions the member is behind the newest zxid among serving members."
        ) { $0.lagTransactions.map(Double.init) }
        memberFamily("zkscope_member_latency_avg_seconds", "gauge", "Average request latency since the last reset.") {
            $0.latencyAverageSeconds
        }
        memberFamily("zkscope_member_latency_max_seconds", "gauge", "Maximum request latency since the last reset.") {
            $0.latencyMaximumSeconds
        }
        memberFamily("zkscope_member_outstanding_requests", "gauge", "Requests queued in the member.") {
            $0.outstandingRequests.map(Double.init)
        }
        memberFamily("zkscope_member_connections", "gauge", "Client connections to the member.") {
            $0.connections.map(Double.init)
        }
        memberFamily("zkscope_member_ephemerals", "gauge", "Ephemeral znodes the member holds.") {
            $0.ephemerals.map(Double.init)
        }
        memberFamily("zkscope_member_znodes", "gauge", "Znodes in the member's tree.") {
            $0.znodes.map(Double.init)
        }
        memberFamily("zkscope_member_watches", "gauge", "Watches set on the member.") {
            $0.watches.map(Double.init)
        }
        memberFamily("zkscope_member_reads_per_second", "gauge", "Read requests per second over the rate window.") {
            $0.readsPerSecond
        }
        memberFamily(
            "zkscope_member_writes_per_second", "gauge", "Write requests per second over the rate window."
        ) { $0.writesPerSecond }
        memberFamily(
            "zkscope_member_restarts_total", "counter",
            "Process restarts seen since serve started watching (a new JVM; never an election)."
        ) { Double($0.restarts) }
        memberFamily(
            "zkscope_member_certificate_expiry_timestamp_seconds", "gauge",
            "When the certificate the member presents over TLS expires (Unix time)."
        ) { $0.certificateExpiry }

        out.family(
            "zkscope_member_poll_duration_seconds", "gauge",
            "How long the member's newest poll took (members are polled concurrently: the round's duration).")
        for entry in members {
            out.sample("zkscope_member_poll_duration_seconds", labels: entry.labels, entry.reading.roundDuration)
        }
        out.family(
            "zkscope_member_poll_errors_total", "counter",
            "Polls of the member that got no usable answer (refused, timed out, not ZooKeeper).")
        for entry in members {
            let errors = state.pollErrors[entry.ensemble]?[entry.member.address] ?? 0
            out.sample("zkscope_member_poll_errors_total", labels: entry.labels, Double(errors))
        }

        ensembleFamily("zkscope_ensemble_members", "Members configured.") { Double($0.members.count) }
        ensembleFamily("zkscope_ensemble_members_up", "Members serving.") { Double($0.membersUp) }
        ensembleFamily("zkscope_ensemble_leaders", "Serving leaders (more than one is a split brain).") {
            Double($0.leaders)
        }
        ensembleFamily("zkscope_ensemble_quorum_ok", "1 when a voting majority serves, 0 otherwise.") {
            $0.quorumOK ? 1 : 0
        }
        ensembleFamily("zkscope_ensemble_sessions", "Sessions of the ensemble.") { $0.sessions.map(Double.init) }
        ensembleFamily("zkscope_ensemble_znodes", "Znodes of the ensemble (the largest tree).") {
            $0.znodes.map(Double.init)
        }

        out.family(
            "zkscope_check_status", "gauge",
            "zkscope check's status: 0 ok, 1 warning, 2 critical, 3 unknown (also before the first poll).")
        for ensemble in state.ensembles {
            let status = state.readings[ensemble.name]?.checkStatus ?? 3
            out.sample("zkscope_check_status", [("ensemble", ensemble.name)], Double(status))
        }
        out.family(
            "zkscope_finding", "gauge",
            "1 while a finding with this code is raised in the ensemble (absent once it clears); severity is the "
                + "worst among that code's findings.")
        for (ensemble, reading, _) in served {
            for (code, severity) in reading.findings.sorted(by: { $0.key < $1.key }) {
                out.sample(
                    "zkscope_finding",
                    [("ensemble", ensemble.name), ("code", code.rawValue), ("severity", severity.rawValue)], 1)
            }
        }

        out.family("zkscope_serve_ensembles", "gauge", "Ensembles this serve process polls (its shard).")
        out.sample("zkscope_serve_ensembles", labels: "", Double(state.ensembles.count))
        out.family("zkscope_serve_up", "gauge", "Always 1 while serve answers.")
        out.sample("zkscope_serve_up", labels: "", 1)
        return out.text
    }

    /// Appends lines to the body.
    private struct Writer {
        var text = ""

        init(capacity: Int) { text.reserveCapacity(capacity) }

        /// A sample whose label set is already escaped and joined (`PrometheusText.labels`).
        mutating func sample(_ name: String, labels: String, _ value: Double) {
            text += name
            text += labels
            text += " "
            text += PrometheusText.format(value)
            text += "\n"
        }

        mutating func family(_ name: String, _ type: String, _ help: String) {
            text += "# HELP \(name) \(PrometheusText.escapeHelp(help))\n# TYPE \(name) \(type)\n"
        }

        mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
            sample(name, labels: PrometheusText.labels(labels), value)
        }
    }
}
