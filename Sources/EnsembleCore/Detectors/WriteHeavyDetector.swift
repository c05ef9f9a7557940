/// `write-heavy`: fewer than `minimumReadWriteRatio` reads per write over `rateWindowSeconds`,
/// naming the hottest top-level paths.
///
/// ZooKeeper is built for reads (10:1 or more); every write goes through the leader and is
/// fsynced by a majority. An idle ensemble (below `writeHeavyMinimumWritesPerSecond`) is not judged.
public let detectWriteHeavy: Detector = { history, _, thresholds in
    let rates = EnsembleRates.compute(history: history, seconds: thresholds.rateWindowSeconds)
    guard let writes = rates.writesPerSecond, writes >= thresholds.writeHeavyMinimumWritesPerSecond else { return [] }
    let reads = rates.readsPerSecond ?? 0
    let ratio = reads / writes
    guard ratio < thresholds.minimumReadWriteRatio else { return [] }
    let hottest = rates.hottestWritePaths.prefix(3)
    let pathText = hottest.map { "\($0.path) (\(format($0.perSecond))/s)" }.joined(separator: ", ")
    return [
        Finding(
            code: .writeHeavy, severity: .warning, members: [],
            message: "Reads:writes is \(format(ratio)):1 (below \(format(thresholds.minimumReadWriteRatio)):1)"
                + (pathText.isEmpty ? "" : "; hottest paths: \(pathText)"),
            evidence: [
                "reads_per_second": format(reads), "writes_per_second": format(writes), "ratio": format(ratio),
                "window_seconds": format(rates.coveredSeconds),
                "hottest_paths": hottest.map(\.path).joined(separator: ","),
            ],
            remedy: "ZooKeeper is not a cache or a queue: move frequently changing data elsewhere, batch updates, "
                + "or write less often to the hottest paths")
    ]
}
