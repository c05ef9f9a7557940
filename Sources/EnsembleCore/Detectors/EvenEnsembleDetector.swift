/// `even-ensemble`: an even number of voters tolerates no more failures than one voter less.
public let detectEvenEnsemble: Detector = { history, configuration, _ in
    guard let voters = expectedVoters(history, configuration), let source = voters.source,
        voters.count >= 2, voters.count % 2 == 0
    else { return [] }
    return [
        Finding(
            code: .evenEnsemble, severity: .warning, members: history.latest?.members.map(\.address) ?? [],
            message:
                "\(voters.count) voters: an even ensemble tolerates only \((voters.count - 1) / 2) failure(s), like \(voters.count - 1) voters",
            evidence: ["voters": String(voters.count), "source": source],
            remedy: "Run an odd number of voters (3 or 5): add one voter, or turn one into an observer (:observer)")
    ]
}
