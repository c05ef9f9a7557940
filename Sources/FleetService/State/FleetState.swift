/// Everything a scrape reads: the newest reading of every ensemble this process serves, and per member how long
/// its polls take and how many failed. Pure (no clock, no I/O): the poller records rounds into it, the HTTP
/// routes render copies of it, and the tests drive it with hand-made readings.
public struct FleetState: Hashable, Sendable {
    /// One ensemble this process serves: its name and configured member addresses.
    public struct Served: Hashable, Sendable {
        /// The `ensemble` label.
        public var name: String
        /// Member addresses (`host:port`) as configured.
        public var members: [String]

        /// An ensemble to serve.
        public init(name: String, members: [String]) {
            self.name = name
            self.members = members
        }
    }

    /// The ensembles served, in configuration order, each with its configured member addresses.
    public private(set) var ensembles: [Served]
    /// The newest reading per ensemble name; absent until the ensemble's first round ends.
    public private(set) var readings: [String: EnsembleReading] = [:]
    /// Poll rounds per ensemble name.
    public private(set) var rounds: [String: Int] = [:]
    /// Per ensemble, per member: polls that got no usable answer (refused, timed out, not ZooKeeper).
    public private(set) var pollErrors: [String: [String: Int]] = [:]

    /// A state for these ensembles (name and member addresses), none polled yet.
    public init(ensembles: [Served]) {
        self.ensembles = ensembles
    }

    /// Records an ensemble's newest round: replaces its reading (so a cleared finding's series disappears with
    /// the next scrape) and counts a poll error for every member that was down or unresponsive in it. A reading
    /// for an ensemble this state does not serve is ignored.
    public mutating func record(_ reading: EnsembleReading) {
        guard ensembles.contains(where: { $0.name == reading.name }) else { return }
        readings[reading.name] = reading
        rounds[reading.name, default: 0] += 1
        var errors = pollErrors[reading.name] ?? [:]
        for member in reading.members {
            let failed = member.state == .down || member.state == .unresponsive
            errors[member.address, default: 0] += failed ? 1 : 0
        }
        pollErrors[reading.name] = errors
    }

    /// Configured member addresses of an ensemble (empty for an unknown name).
    public func members(of ensemble: String) -> [String] {
        ensembles.first { $0.name == ensemble }?.members ?? []
    }
}
