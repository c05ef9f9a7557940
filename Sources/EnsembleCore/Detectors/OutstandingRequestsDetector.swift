/// `outstanding-requests`: more than `outstandingRequests` queued requests for `persistPolls` rounds.
public let detectOutstandingRequests: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        guard
            history.persisted(
                member.address, polls: thresholds.persistPolls,
                {
                    ($0.outstandingRequests ?? 0) > thresholds.outstandingRequests
                }), let outstanding = member.outstandingRequests
        else { return nil }
        return Finding(
            code: .outstandingRequests, severity: .warning, members: [member.address],
            message:
                "\(member.address) has \(outstanding) outstanding requests (limit \(thresholds.outstandingRequests))",
            evidence: ["outstanding": String(outstanding)],
            remedy: "The server cannot keep up: look for a client flooding it, slow disk fsync, or GC pauses")
    }
}
