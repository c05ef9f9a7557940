import ZooKeeperAdmin

/// A detector: a pure function from history, the expected configuration and limits to findings.
///
/// Detectors never throw and never read a clock: a failed poll is data, and "now" is the time
/// of the newest round.
public typealias Detector = @Sendable (SnapshotHistory, EnsembleConfiguration?, Thresholds) -> [Finding]

extension SnapshotHistory {
    /// The member's newest `polls` snapshots, or nil when the history is shorter than that.
    func recent(_ address: String, polls: Int) -> [MemberSnapshot]? {
        let rounds = last(max(1, polls))
        guard rounds.count == max(1, polls) else { return nil }
        let snapshots = rounds.compactMap { $0.member(address) }
        return snapshots.count == rounds.count ? snapshots : nil
    }

    /// True when the condition held for the member in each of the newest `polls` rounds.
    func persisted(_ address: String, polls: Int, _ condition: (MemberSnapshot) -> Bool) -> Bool {
        recent(address, polls: polls)?.allSatisfy(condition) ?? false
    }

    /// True when the condition held in each of the newest `polls` rounds.
    func roundsPersisted(polls: Int, _ condition: (EnsembleSnapshot) -> Bool) -> Bool {
        let rounds = last(max(1, polls))
        return rounds.count == max(1, polls) && rounds.allSatisfy(condition)
    }
}

/// How many voters the ensemble should have, and where that number came from.
struct ExpectedVoters {
    var count: Int
    /// `zoo.cfg`, `membership` or `quorum_size`; nil when only guessed from the member list.
    var source: String?
}

/// The voter count: the zoo.cfg list, else the membership most members report, else `zk_quorum_size`,
/// else the number of monitored members (a guess, not used for `even-ensemble`).
func expectedVoters(_ history: SnapshotHistory, _ configuration: EnsembleConfiguration?) -> ExpectedVoters? {
    if let configuration, configuration.hasServerList {
        return ExpectedVoters(count: configuration.voters.count, source: "zoo.cfg")
    }
    guard let latest = history.latest else { return nil }
    var counts: [Int: Int] = [:]
    for member in latest.members {
        if let membership = member.membership {
            counts[membership.filter { $0.type == .participant }.count, default: 0] += 1
        }
    }
    if let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
        return ExpectedVoters(count: best.key, source: "membership")
    }
    if let size = latest.members.compactMap(\.quorumSize).max() {
        return ExpectedVoters(count: Int(size), source: "quorum_size")
    }
    return latest.members.isEmpty ? nil : ExpectedVoters(count: latest.members.count, source: nil)
}

/// Majority of `voters`.
func majority(of voters: Int) -> Int { voters / 2 + 1 }

/// Formats a number for evidence without trailing noise.
func format(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
    return String((value * 100).rounded() / 100)
}
