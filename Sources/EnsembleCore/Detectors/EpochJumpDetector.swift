/// `epoch-jump`: the ensemble's epoch rose by more than one between consecutive rounds.
///
/// A clean election adds one. A bigger jump means a member with a higher accepted epoch led
/// (leftover data from another ensemble, facts §7d: 4 → 7), which can roll the data back.
/// Reported for `eventWindowSeconds` after the jump.
public let detectEpochJump: Detector = { history, _, thresholds in
    // A slice of the history's rounds (no copy: this runs every round over the whole window).
    let rounds = history.window(seconds: thresholds.eventWindowSeconds)
    var lastEpoch: Int64?
    var jump: (from: Int64, to: Int64)?
    var jumpers: [String] = []
    // The epoch before the window, so a jump at the window's first round is still seen.
    if !rounds.isEmpty, rounds.startIndex > history.rounds.startIndex {
        lastEpoch = history.rounds[..<rounds.startIndex].reversed().lazy.compactMap(\.maxEpoch).first
    }
    for round in rounds {
        guard let epoch = round.maxEpoch else { continue }
        if let previous = lastEpoch, let rise = counterDelta(previous: previous, current: epoch), rise > 1 {
            jump = (previous, epoch)
            jumpers = round.members.filter { $0.isServing && $0.epoch == epoch }.map(\.address)
        }
        lastEpoch = max(lastEpoch ?? epoch, epoch)
    }
    guard let jump else { return [] }
    return [
        Finding(
            code: .epochJump, severity: .warning, members: jumpers,
            message: "The epoch jumped from \(jump.from) to \(jump.to): a member with a higher accepted epoch may "
                + "have taken over and rolled the data back",
            evidence: ["from": String(jump.from), "to": String(jump.to)],
            remedy: "Check node counts and recent data (see znode-count-drop); look in the new leader's log for "
                + "`Sending snapshot` and for a data dir restored from elsewhere")
    ]
}
