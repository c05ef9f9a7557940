import ZooKeeperAdmin

/// What to ask one member in one poll round.
public struct PollPlan: Hashable, Sendable {
    /// Four-letter words to send on the client port.
    public var fourLetterWords: [FourLetterWord]
    /// AdminServer endpoints to GET (empty when the member has no known admin port).
    public var adminCommands: [AdminCommand]

    /// Builds a plan.
    public init(fourLetterWords: [FourLetterWord], adminCommands: [AdminCommand]) {
        self.fourLetterWords = fourLetterWords
        self.adminCommands = adminCommands
    }
}

/// Decides which sources to ask each round, from what the member answered before.
///
/// Pure so the poller stays a thin loop: `srvr` every round (the default whitelist allows it
/// and it tells serving from not serving); `mntr`, `conf`, `isro` every round unless the
/// whitelist blocks them (then re-tried every `recheckEvery` rounds, in case someone fixed the
/// config); `envi` until it answers once; `cons`, `dump`, `hash` every `slowEvery` rounds.
/// The AdminServer (which ignores the whitelist) gets `voting_view`, `zabstate`, `leader` each
/// round and `monitor` only when `mntr` did not answer; a refused admin port is re-tried every
/// `recheckEvery` rounds. Never plans a state-changing command: the types cannot name one.
public struct PollPlanner: Hashable, Sendable {
    /// Rounds between `cons`/`dump`/`hash` polls.
    public var slowEvery: Int
    /// Rounds between re-tries of blocked or refused sources.
    public var recheckEvery: Int

    /// A planner; defaults suit a 1–2 s poll interval.
    public init(slowEvery: Int = 10, recheckEvery: Int = 30) {
        self.slowEvery = max(1, slowEvery)
        self.recheckEvery = max(1, recheckEvery)
    }

    /// The plan for round number `round` (0-based, per member), given the member's last snapshot
    /// (nil before the first) and whether an AdminServer port is known for it.
    public func plan(round: Int, previous: MemberSnapshot?, hasAdminPort: Bool) -> PollPlan {
        let recheck = round % recheckEvery == 0
        let slow = round % slowEvery == 0
        func usable(_ source: SignalSource) -> Bool {
            guard let status = previous?.sources[source] else { return true }
            switch status {
            case .notWhitelisted, .connectionRefused: return recheck
            default: return true
            }
        }
        var words: [FourLetterWord] = [.srvr]
        for (word, source) in [(FourLetterWord.mntr, SignalSource.mntr), (.conf, .conf), (.isro, .isro)]
        where usable(source) {
            words.append(word)
        }
        if previous?.version == nil, usable(.envi) {
            words.append(.envi)
        }
        if slow {
            for (word, source) in [(FourLetterWord.cons, SignalSource.cons), (.dump, .dump), (.hash, .hash)]
            where usable(source) {
                words.append(word)
            }
        }
        var admin: [AdminCommand] = []
        if hasAdminPort {
            let adminRefused = [SignalSource.adminZabState, .adminLeader, .adminVotingView, .adminMonitor].contains {
                previous?.sources[$0] == .connectionRefused
            }
            if !adminRefused || recheck {
                admin = [.votingView, .zabState, .leader]
                let mntrAnswered = previous?.sources[.mntr] == .answered
                if !mntrAnswered || !words.contains(.mntr) { admin.append(.monitor) }
            }
        }
        return PollPlan(fourLetterWords: words, adminCommands: admin)
    }
}
