import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperLab

/// `zkscope-bench walk --tls`: the same tree walked over TLS and over plaintext in one run, against one lab
/// whose members serve TLS except one that serves plain TCP (the same data on both), plus the time a session
/// takes to connect each way (the TLS handshake is the difference).
struct TLSWalkBenchmark {
    var top = 100
    var children = 1000
    var valueSize = 100
    var runs = 3
    var sessions = 4
    var connects = 20
    /// Unmeasured walks each way before the measured runs.
    var warmups = 3

    func run(log: (String) -> Void) async throws -> [(String, String)] {
        var options = LabOptions(members: 3)
        options.heapMegabytes = 768
        options.jvmOptions = LabOptions.throughputJVMOptions
        options.security = LabSecurity(tls: LabTLS(clientAuth: .none, plaintextMembers: [1]))
        log("starting a 3-member lab (member 1 plaintext, members 2 and 3 TLS)...")
        return try await LabEnsemble.with(options) { lab in try await measure(lab, log: log) }
    }

    private func measure(_ lab: LabEnsemble, log: (String) -> Void) async throws -> [(String, String)] {
        let modes = await lab.modes()
        // Member 1 serves plaintext: the highest myid usually leads, so it and TLS member 2 are both followers.
        guard let plain = lab.member(1) else { throw LabError("the lab has no member 1") }
        // A TLS member with the plaintext member's role when there is one (a follower walks like a follower).
        let tlsMember =
            [2, 3].compactMap { lab.member($0) }.first { modes[$0.id]?.role == modes[plain.id]?.role }
            ?? lab.member(2)
        guard let tlsMember, let tls = lab.clientTLS(for: tlsMember.id) else {
            throw LabError("the lab has no TLS member")
        }
        let plainHosts = plain.clientAddress
        let tlsHosts = tlsMember.clientAddress
        var rows: [(String, String)] = []

        let writer = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: plainHosts))
        log("filling /bench (\(top) x \(children), \(valueSize) B values) through the plaintext member...")
        let total = try await TreeFill.fill(writer, root: "/bench", top: top, children: children, valueSize: valueSize)
        _ = try await writer.sync("/")
        await writer.close()
        rows.append(
            (
                "tree",
                "/bench: \(total) znodes; plaintext member \(plain.id) (\(modes[plain.id]?.role ?? "?")), "
                    + "TLS member \(tlsMember.id) (\(modes[tlsMember.id]?.role ?? "?"))"
            ))

        let plainSessions = try await TreeWalker.openSessions(connectString: plainHosts, count: sessions)
        let tlsSessions = try await TreeWalker.openSessions(connectString: tlsHosts, count: sessions, tls: tls)
        var plainRates: [Double] = []
        var tlsRates: [Double] = []
        do {
            // Sync the TLS member (it may lag the fill), then warm both paths until the servers' JIT has compiled
            // them (the first walks of a fresh JVM run at half speed).
            _ = try await tlsSessions[0].sync("/")
            for _ in 0..<warmups {
                _ = try await walk(plainSessions, root: "/bench")
                _ = try await walk(tlsSessions, root: "/bench")
            }
            // Alternate, so drift on the shared machine hits both alike.
            for run in 0..<runs {
                for (label, clients) in [("plaintext", plainSessions), ("TLS", tlsSessions)] {
                    let (count, seconds) = try await walk(clients, root: "/bench")
                    guard count == total else { throw LabError("\(label) walk saw \(count) of \(total) nodes") }
                    let rate = Double(count) / seconds
                    if label == "TLS" { tlsRates.append(rate) } else { plainRates.append(rate) }
                    log("walk \(label) run \(run + 1): \(Int(rate)) nodes/s")
                }
            }
        } catch {
            await TreeWalker.close(plainSessions)
            await TreeWalker.close(tlsSessions)
            throw error
        }
        await TreeWalker.close(plainSessions)
        await TreeWalker.close(tlsSessions)
        let plainMeasure = WalkBenchmark.Measure(samples: plainRates)
        let tlsMeasure = WalkBenchmark.Measure(samples: tlsRates)
        rows.append(("walk data+stat, \(sessions) sessions, plaintext", WalkBenchmark.format(plainMeasure, "nodes/s")))
        rows.append(("walk data+stat, \(sessions) sessions, TLS", WalkBenchmark.format(tlsMeasure, "nodes/s")))
        let share = tlsMeasure.median / plainMeasure.median * 100
        rows.append(
            (
                "TLS / plaintext walk rate",
                String(format: "%.0f%% (goal >= 80%%) %@", share, share >= 80 ? "PASS" : "FAIL")
            ))

        log("connecting \(connects) sessions each way...")
        let plainConnect = try await connectTimes(plainHosts, tls: nil)
        let tlsConnect = try await connectTimes(tlsHosts, tls: tls)
        rows.append(("session connect, plaintext", Self.milliseconds(plainConnect)))
        rows.append(("session connect, TLS (handshake included)", Self.milliseconds(tlsConnect)))
        rows.append(
            (
                "TLS handshake (TLS - plaintext connect, medians)",
                String(format: "%.1f ms", (tlsConnect.median - plainConnect.median) * 1000)
            ))
        return rows
    }

    private func walk(_ sessions: [ZooKeeperClient], root: String) async throws -> (Int, Double) {
        let summary = try await TreeWalker(sessions: sessions, options: TreeWalkOptions(root: root, includeData: true))
            .walk { _ in }
        return (summary.entries, summary.elapsed.seconds)
    }

    /// Seconds from `connect` to an established session, `connects` times, each session closed after.
    private func connectTimes(_ hosts: String, tls: TLSSettings?) async throws -> WalkBenchmark.Measure {
        var configuration = try ZooKeeperConfiguration(connectString: hosts)
        configuration.tls = tls
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<connects {
            let started = clock.now
            let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(20))
            samples.append((clock.now - started).seconds)
            await client.close()
        }
        return WalkBenchmark.Measure(samples: samples)
    }

    static func milliseconds(_ measure: WalkBenchmark.Measure) -> String {
        String(
            format: "%.1f ms median [%.1f..%.1f]", measure.median * 1000, measure.min * 1000, measure.max * 1000)
    }
}
