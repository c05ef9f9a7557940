/// One member's rising counters over a window: the alert detectors' common input.
struct CounterRises {
    /// The member's `host:port`.
    var address: String
    /// The rise of each counter that rose, by name (without `zk_`).
    var rises: [String: Int64]

    /// The sum of the rises.
    var total: Int64 { rises.values.reduce(0, saturatingAdd) }

    /// The rises as evidence (`"throttled_ops": "+3"`).
    var evidence: [String: String] { rises.mapValues { "+\($0)" } }
}

extension SnapshotHistory {
    /// Members (in first-seen order) whose counters rose within the last `seconds`, counting only readings of
    /// the same process (or instance): a restart or an election never makes a rise (``counterSteps``).
    func risingCounters(_ names: [String], seconds: Double, lifetime: CounterLifetime = .process) -> [CounterRises] {
        addresses.compactMap { address in
            var rises: [String: Int64] = [:]
            for name in names {
                let rise = counterSteps(of: address, [name], seconds: seconds, lifetime: lifetime).reduce(0) {
                    saturatingAdd($0, $1.deltas[0])
                }
                if rise > 0 { rises[name] = rise }
            }
            return rises.isEmpty ? nil : CounterRises(address: address, rises: rises)
        }
    }
}

/// `300` for 300 s, `4.5` for 4.5 s: windows in messages.
func seconds(_ value: Double) -> String { format(value) + " s" }

/// Rises of several members as evidence (`127.0.0.1:2181 throttled_ops`: `+3`).
func evidence(_ rises: [CounterRises]) -> [String: String] {
    var result: [String: String] = [:]
    for rise in rises {
        for (name, value) in rise.evidence { result["\(rise.address) \(name)"] = value }
    }
    return result
}
