import EnsembleCore
import TUIKit

/// The quorum line under the ensemble table: how many voters, the majority they need, how many followers are
/// in sync, whether the size is odd; then why each member that does not serve does not, and which signals each
/// member does not provide. A standalone server has no quorum to lose: its line says so, and its state.
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
    /// `true` when the serving voters reach the majority (a standalone server: when it serves).
    public var hasQuorum: Bool { standalone.map { $0.serving } ?? (servingVoters >= majority) }
    /// Per serving member, the sources it did not answer (`addr: mntr,conf`); empty when all answered.
    public var missingSignals: [(address: String, sources: [String])]
    /// Per member that does not serve, its state and why (`down`, `host zk9 does not resolve`).
    public var unavailable: [(address: String, state: String, reason: String)]
    /// The one member of a standalone setup (no server list, one member that is standalone or not serving yet),
    /// with its state; nil for an ensemble.
    public var standalone: (address: String, serving: Bool, state: String)?

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
        if let standalone {
            // One server decides alone: voters, majority and synced followers mean nothing here.
            return "standalone · " + standalone.state + " · a single server: no quorum to lose, no failure tolerated"
        }
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

    /// The signals line: why members do not serve ("127.0.0.1:2182 down: host zk9 does not resolve"), then the
    /// signals serving members do not answer ("signals missing: 127.0.0.1:2182 mntr,conf"), or a note that every
    /// member answered.
    public var signalsLine: String {
        var parts: [String] = []
        if standalone == nil {
            parts += unavailable.map { "\($0.address) \($0.state): \($0.reason)" }
        }
        if !missingSignals.isEmpty {
            parts.append(
                "signals missing: "
                    + missingSignals.map { "\($0.address) \($0.sources.joined(separator: ","))" }
                    .joined(separator: "; "))
        }
        return parts.isEmpty ? "signals: every member answers every source asked" : parts.joined(separator: " · ")
    }

    /// Whether the signals line reports a problem (drawn in the warning colour).
    public var signalsNeedAttention: Bool { !missingSignals.isEmpty || (standalone == nil && !unavailable.isEmpty) }

    /// Role of the quorum line.
    public var role: StyleRole {
        if let standalone { return standalone.serving ? .statusOK : .statusCrit }
        if !hasQuorum { return .statusCrit }
        if voters % 2 == 0 { return .statusWarn }
        return .statusOK
    }

    /// Computes the summary from the newest round; `standaloneSeen` says the one member was seen serving as
    /// standalone before (so it stays "standalone · down" while it is down, not "NO QUORUM").
    public init(snapshot: EnsembleSnapshot, configuration: EnsembleConfiguration?, standaloneSeen: Bool = false) {
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
        unavailable = snapshot.members.compactMap { member in
            guard let reason = member.stateReason else { return nil }
            return (member.address, MemberRow.stateText(member), reason)
        }
        standalone = nil
        if configuration?.hasServerList != true, snapshot.members.count == 1, let only = snapshot.members.first,
            only.role == .standalone || (!only.isServing && standaloneSeen)
        {
            let state = MemberRow.stateText(only)
            standalone = (only.address, only.isServing, only.stateReason.map { state + ": " + $0 } ?? state)
        }
    }

    /// Equality ignores nothing: the tuple array is compared element-wise.
    public static func == (lhs: QuorumSummary, rhs: QuorumSummary) -> Bool {
        lhs.voters == rhs.voters && lhs.majority == rhs.majority && lhs.servingVoters == rhs.servingVoters
            && lhs.syncedFollowers == rhs.syncedFollowers && lhs.leader == rhs.leader
            && lhs.missingSignals.map(\.address) == rhs.missingSignals.map(\.address)
            && lhs.missingSignals.map(\.sources) == rhs.missingSignals.map(\.sources)
            && lhs.unavailable.map { [$0.address, $0.state, $0.reason] }
                == rhs.unavailable.map { [$0.address, $0.state, $0.reason] }
            && lhs.standalone.map { [$0.address, $0.state, String($0.serving)] }
                == rhs.standalone.map { [$0.address, $0.state, String($0.serving)] }
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
        for item in unavailable {
            hasher.combine(item.address)
            hasher.combine(item.reason)
        }
        hasher.combine(standalone?.state)
    }
}
