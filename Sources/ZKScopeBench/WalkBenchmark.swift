import BenchSupport
import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperLab

/// `zkscope-bench walk`: everything measured in one run against one lab, so ratios are fair on a
/// noisy shared machine (absolute numbers across runs are not).
struct WalkBenchmark {
    var members = 3
    var top = 100
    var children = 1000
    var valueSize = 100
    var runs = 3
    var floodSeconds = 5
    var kazooWindow = 1024
    var sessions = 4
    var window = TreeWalkOptions().window
    var batchSize = TreeWalkOptions().batchSize

    /// One measured quantity: median and range over runs.
    struct Measure {
        var samples: [Double]
        var median: Double { samples.sorted()[samples.count / 2] }
        var min: Double { samples.min() ?? 0 }
        var max: Double { samples.max() ?? 0 }
    }

    func run(log: (String) -> Void) async throws -> [(String, String)] {
        var options = LabOptions(members: members)
        options.heapMegabytes = 768
        options.jvmOptions = LabOptions.throughputJVMOptions
        log("starting a \(members)-member lab...")
        return try await LabEnsemble.with(options) { lab in try await measure(lab, log: log) }
    }

    private func measure(_ lab: LabEnsemble, log: (String) -> Void) async throws -> [(String, String)] {
        let modes = await lab.modes()
        let member =
            lab.members.first { modes[$0.id]?.role == "follower" } ?? lab.members[0]
        let hosts = member.clientAddress
        let role = modes[member.id]?.role ?? "standalone"
        var rows: [(String, String)] = []

        // Fill.
        let writer = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: hosts))
        let clock = ContinuousClock()
        let fillStart = clock.now
        log("filling /bench (\(top) x \(children), \(valueSize) B values)...")
        let created = try await TreeFill.fill(
            writer, root: "/bench", top: top, children: children, valueSize: valueSize)
        let fillSeconds = (clock.now - fillStart).seconds
        log("filling /small (10 x \(children))...")
        _ = try await TreeFill.fill(writer, root: "/small", top: 10, children: children, valueSize: valueSize)
        await writer.close()
        let total = created
        rows.append(
            (
                "tree",
                "/bench: \(total) znodes (\(top) x \(children), \(valueSize) B values); member \(member.id) (\(role)) of \(members)"
            ))
        rows.append(("fill, pipelined creates (1 session)", Self.rate(Double(created) / fillSeconds, "creates/s")))

        let single = try await TreeWalker.openSessions(connectString: hosts, count: 1)
        let multi = try await TreeWalker.openSessions(connectString: hosts, count: sessions)
        do {
            // Warm the server's JIT and our code paths.
            _ = try await walk(multi, root: "/small", data: true)

            var results: [String: Measure] = [:]
            for (label, clients, data) in [
                ("names, 1 session", single, false), ("names, \(sessions) sessions", multi, false),
                ("data+stat, 1 session", single, true), ("data+stat, \(sessions) sessions", multi, true),
            ] {
                var samples: [Double] = []
                for run in 0..<runs {
                    let (count, seconds) = try await walk(clients, root: "/bench", data: data)
                    guard count == total else { throw LabError("walk saw \(count) of \(total) nodes") }
                    samples.append(Double(count) / seconds)
                    log("zkscope walk \(label) run \(run + 1): \(Int(Double(count) / seconds)) nodes/s")
                }
                results[label] = Measure(samples: samples)
                rows.append(("zkscope walk " + label, Self.format(results[label]!, "nodes/s")))
            }

            var kazoo: [Double] = []
            for run in 0..<runs {
                let (count, seconds) = try await KazooWalk.walk(hosts: hosts, root: "/bench", window: kazooWindow)
                guard count == total else { throw LabError("kazoo walk saw \(count) of \(total) nodes") }
                kazoo.append(Double(count) / seconds)
                log("kazoo walk run \(run + 1): \(Int(Double(count) / seconds)) nodes/s")
            }
            let kazooMeasure = Measure(samples: kazoo)
            rows.append(
                ("kazoo async walk data+stat+children, window \(kazooWindow)", Self.format(kazooMeasure, "nodes/s")))
            let best = results["data+stat, \(sessions) sessions"]!.median
            let ratio = best / kazooMeasure.median
            rows.append(
                (
                    "ratio zkscope data+stat (\(sessions) sessions) / kazoo",
                    String(format: "%.1fx (goal >= 5x) %@", ratio, ratio >= 5 ? "PASS" : "FAIL")
                ))

            log("flooding getData from 1 and \(sessions) sessions (\(floodSeconds) s each)...")
            var paths: [String] = []
            for t in 0..<min(top, 10) {
                for c in 0..<children { paths.append("/bench/t\(TreeFill.pad(t, 2))/c\(TreeFill.pad(c, 4))") }
            }
            let flood1 = await ReadFlood.run(single, paths: paths, duration: .seconds(floodSeconds))
            let floodN = await ReadFlood.run(multi, paths: paths, duration: .seconds(floodSeconds))
            rows.append(("read capacity, getData flood, 1 session", Self.rate(flood1, "req/s")))
            rows.append(("read capacity, getData flood, \(sessions) sessions", Self.rate(floodN, "req/s")))
            let share = best / floodN * 100
            rows.append(
                (
                    "walk data+stat (\(sessions) sessions) / capacity (\(sessions) sessions)",
                    String(format: "%.0f%% (goal >= 60%%) %@", share, share >= 60 ? "PASS" : "FAIL")
                ))
        } catch {
            await TreeWalker.close(single)
            await TreeWalker.close(multi)
            throw error
        }
        await TreeWalker.close(single)

        log("measuring zkscope tree peak RSS on 10k and 100k trees...")
        let small = try await TreeCommandMemory.measure(hosts: hosts, root: "/small")
        let large = try await TreeCommandMemory.measure(hosts: hosts, root: "/bench")
        for (label, cost, nodes) in [
            ("\(10 * children + 11)-node", small, 10 * children + 11), ("\(total)-node", large, total),
        ] {
            rows.append(
                (
                    "zkscope tree --json --data, \(label) tree",
                    String(
                        format: "peak RSS %d KiB, CPU %.2f s, wall %.2f s (%@ nodes/s incl. start-up)", cost.peakKiB,
                        Double(cost.cpuMilliseconds) / 1000, cost.wallSeconds,
                        Self.grouped(Double(nodes) / cost.wallSeconds))
                ))
        }
        rows.append(
            (
                "zkscope tree peak RSS, large / small tree",
                String(format: "%.2fx (streaming: flat)", Double(large.peakKiB) / Double(max(small.peakKiB, 1)))
            ))
        log("building a TreeMirror of /bench...")
        ProcessMemory.trim()
        let before = ProcessMemory.residentBytes()
        let (mirror, _) = try await TreeMirror.load(
            TreeWalker(sessions: multi, options: TreeWalkOptions(root: "/bench", includeData: true)))
        ProcessMemory.trim()
        let after = ProcessMemory.residentBytes()
        await TreeWalker.close(multi)
        let perNode = Double(after - before) / Double(mirror.count)
        rows.append(
            (
                "TreeMirror bytes/znode (RSS delta, data included)",
                String(format: "%.0f B (goal <= 350) %@", perNode, perNode <= 350 ? "PASS" : "FAIL")
            ))
        rows.append(
            (
                "TreeMirror bytes/znode (its arrays' capacity)",
                String(format: "%.0f B", Double(mirror.footprintBytes) / Double(mirror.count))
            ))
        withExtendedLifetime(mirror) {}
        return rows
    }

    private func walk(_ sessions: [ZooKeeperClient], root: String, data: Bool) async throws -> (Int, Double) {
        var options = TreeWalkOptions(root: root, includeData: data)
        options.window = window
        options.batchSize = batchSize
        let summary = try await TreeWalker(sessions: sessions, options: options).walk { _ in }
        return (summary.entries, summary.elapsed.seconds)
    }

    static func rate(_ value: Double, _ unit: String) -> String {
        "\(Self.grouped(value)) \(unit)"
    }

    static func format(_ measure: Measure, _ unit: String) -> String {
        "\(grouped(measure.median)) \(unit) [\(grouped(measure.min))..\(grouped(measure.max))]"
    }

    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }
}
