import EnsembleCore
import TUIKit

/// The quorum line under the ensemble table: how many voters, the majority they need, how many followers are
/// in sync, whether the size is odd, and which signals each member does not provide.
public struct QuorumSummary: Hashable, Sendable {
    /// Voting members (configuration, else the leader's `quorum_size`, else the non-observers polled).
    public var voters: Int
    /// Votes needed: `voters / 2 + 1`.
    public var majority: Int
    /// Voters serving now.
    public var servingVoters: Int
    /// Followers the leader reports in sync, when it reports it.
    public var syncedFollowers: Int64?
    /// The serving leader's address.
    public var leader: String?
    /// `true` when the serving voters reach the majority.
    public var hasQuorum: Bool { servingVoters >= majority }
    /// Per serving member, the sources it did not answer (`addr: mntr,conf`); empty when all answered.
    public var missingSignals: [(address: String, sources: [String])]

    /// The advice for the ensemble size.
    public var sizeAdvice: String {
        guard voters > 0 else { return "no voters known" }
        let tolerated = (voters - 1) / 2
        if voters % 2 == 0 {
            return "even size: \(voters) voters tolerate \(tolerated) failure\(tolerated == 1 ? "" : "s"), "
                + "like \(voters - 1); use an odd size"
        }
        return "odd size, tolerates \(tolerated) failure\(tolerated == 1 ? "" : "s")"
    }

    /// The quorum line's main text.
    public var line: String {
        var parts = [
            hasQuorum ? "quorum ok" : "NO QUORUM",
            "voters \(voters)", "majority \(majority)", "serving voters \(servingVoters)/\(voters)",
        ]
        if let syncedFollowers {
            parts.append("synced followers \(syncedFollowers)/\(max(0, voters - 1))")
        } else {
            parts.append("synced followers -")
        }
        parts.append(sizeAdvice)
        return parts.joined(separator: " · ")
    }

    /// The signals line ("signals missing: 127.0.0.1:2182 mntr,conf"), or a note that every member answered.
    public var signalsLine: String {
        guard !missingSignals.isEmpty else { return "signals: every member answers every source asked" }
        return "signals missing: "
            + missingSignals.map { "\($0.address) \($0.sources.joined(separator: ","))" }.joined(separator: "; ")
    }

    /// Role of the quorum line.
    public var role: StyleRole {
        if !hasQuorum { return .statusCrit }
        if voters % 2 == 0 { return .statusWarn }
        return .statusOK
    }

    /// Computes the summary from the newest round.
    public init(snapshot: EnsembleSnapshot, configuration: EnsembleConfiguration?) {
        let leaders = snapshot.leaders
        let leader = leaders.first
        if let configuration, configuration.hasServerList {
            voters = configuration.voters.count
        } else if let size = leader?.quorumSize, size > 0 {
            voters = Int(size)
        } else {
            voters = snapshot.members.filter { $0.role != .observer }.count
        }
        majority = voters / 2 + 1
        servingVoters = snapshot.servingVoters.count
        syncedFollowers = leader?.syncedFollowers
        self.leader = leader?.address
        // Only a serving member's refusals are missing signals (a whitelist or a disabled AdminServer);
        // a down or not-serving member answers nothing, and its state column already says so.
        missingSignals = snapshot.members.compactMap { member in
            guard member.reachability == .serving else { return nil }
            let missing = member.sources.filter { $0.value != .answered }.map(\.key).sorted().map(\.rawValue)
            return missing.isEmpty ? nil : (member.address, missing)
        }
    }

    /// Equality ignores nothing: the tuple array is compared element-wise.
    public static func == (lhs: QuorumSummary, rhs: QuorumSummary) -> Bool {
        lhs.voters == rhs.voters && lhs.majority == rhs.majority && lhs.servingVoters == rhs.servingVoters
            && lhs.syncedFollowers == rhs.syncedFollowers && lhs.leader == rhs.leader
            && lhs.missingSignals.map(\.address) == rhs.missingSignals.map(\.address)
            && lhs.missingSignals.map(\.sources) == rhs.missingSignals.map(\.sources)
    }

    /// Hashes the same fields equality compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(voters)
        hasher.combine(majority)
        hasher.combine(servingVoters)
        hasher.combine(syncedFollowers)
        hasher.combine(leader)
        for item in missingSignals {
            hasher.combine(item.address)
            hasher.combine(item.sources)
        }
    }
}
