/// `fd-near-limit`: open file descriptors above `fileDescriptorUsage` of the process limit.
public let detectFileDescriptors: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        guard let open = member.openFileDescriptors, let limit = member.maxFileDescriptors, limit > 0,
            Double(open) > Double(limit) * thresholds.fileDescriptorUsage
        else { return nil }
        return Finding(
            code: .fdNearLimit, severity: .warning, members: [member.address],
            message: "\(member.address) uses \(open) of \(limit) file descriptors",
            evidence: ["open": String(open), "max": String(limit)],
            remedy: "Raise the limit (LimitNOFILE / ulimit -n) and look for clients leaking connections")
    }
}
