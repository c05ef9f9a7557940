/// Every detector, in the order their findings are usually read.
public let allDetectors: [(name: String, run: Detector)] = [
    ("member-availability", detectMemberAvailability),
    ("restarts", detectRestarts),
    ("pauses", detectPauses),
    ("signals-missing", detectSignalsMissing),
    ("quorum-lost", detectQuorumLost),
    ("multiple-leaders", detectMultipleLeaders),
    ("standalone-member", detectStandaloneMember),
    ("even-ensemble", detectEvenEnsemble),
    ("followers-unsynced", detectFollowersUnsynced),
    ("sync-loop", detectSyncLoop),
    ("config-mismatch", detectConfigMismatch),
    ("config-differs-from-file", detectConfigDiffersFromFile),
    ("server-ids", detectServerIDs),
    ("zxid-lag", detectZxidLag),
    ("znode-count-divergence", detectZnodeCountDivergence),
    ("digest-mismatch", detectDigestMismatch),
    ("epoch-jump", detectEpochJump),
    ("znode-count-drop", detectZnodeCountDrop),
    ("write-heavy", detectWriteHeavy),
    ("latency-high", detectLatencyHigh),
    ("outstanding-requests", detectOutstandingRequests),
    ("fd-near-limit", detectFileDescriptors),
    ("connections-near-limit", detectConnections),
    ("znode-count-high", detectZnodeCountHigh),
    ("watch-count-high", detectWatchCountHigh),
    // Production alert signals.
    ("fsync-slow", detectFsyncSlow),
    ("jvm-pausing", detectJvmPausing),
    ("data-size-high", detectDataSizeHigh),
    ("leader-elections", detectLeaderElections),
    ("election-slow", detectElectionSlow),
    ("auth-failures", detectAuthFailures),
    ("digest-mismatch-reported", detectDigestMismatchReported),
    ("unrecoverable-errors", detectUnrecoverableErrors),
    ("requests-throttled", detectRequestsThrottled),
    ("large-requests-rejected", detectLargeRequestsRejected),
    ("sessions-expiring", detectSessionsExpiring),
    // TLS.
    ("tls-certificate-expiring", detectCertificateExpiry),
    ("tls-inconsistent", detectTLSInconsistent),
    ("tls-plaintext-open", detectPlaintextBesideTLS),
]

/// Runs every detector over the history; findings sorted most severe first.
public func detectAll(
    history: SnapshotHistory, configuration: EnsembleConfiguration?, thresholds: Thresholds = .defaults
) -> [Finding] {
    allDetectors.flatMap { $0.run(history, configuration, thresholds) }.sortedForDisplay()
}
