import EnsembleCore
import ZooKeeperClient

/// `check --deep`: syncs and walks every serving member's tree through a session pinned to that
/// member, and compares each tree with the reference member's (the leader's when there is one)
/// subtree by subtree with `TreeComparison` (subtree hashes; names, data and replicated stat fields),
/// so members that serve different data are named with the paths where they differ
/// (`content-divergence`, critical).
///
/// `sync("/")` first, so a follower has applied what the leader committed. When the members share
/// one history (`sharedHistory`: all serving as leader, follower or observer of one quorum), nodes written after the lowest
/// zxid any walk saw are skipped as in flight (`TreeComparison.compare(stableThrough:)`); members with
/// separate histories (standalones, another epoch) are compared in full, since their zxids say
/// nothing about each other.
public enum DeepComparison {
    /// Compares the members' trees; the first member is the reference. Returns a critical
    /// `content-divergence` naming the differing members and paths (at most `limit`), an info finding
    /// for members that could not be walked, or nothing when the trees agree. Every walk's session adds
    /// `credentials` first, so nodes their ACLs protect are compared too (without them such nodes read as
    /// unreadable on every member alike, which is no divergence).
    ///
    /// `/zookeeper/config` is written by each member itself (`MemberLocalNodes`): only its server list
    /// is compared. A node whose reply exceeds `maxReplySize` (the client's limit) cannot be compared:
    /// an info finding names it, its size and `--max-reply-size`, and the rest is compared.
    public static func run(
        members: [MemberEndpoint], limit: Int, sharedHistory: Bool, timeout: Duration = .seconds(120),
        credentials: [AuthCredential] = [], maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize,
        tls: TLSSettings? = nil,
        sasl: SASLCredentials? = nil
    ) async -> [Finding] {
        guard members.count >= 2, let reference = members.first else { return [] }
        var mirrors: [String: TreeMirror] = [:]
        var failures: [String: String] = [:]
        var oversized: [String: String] = [:]
        var saslOutcomes: [String: SASLRefusalDetector.Outcome] = [:]
        await withTaskGroup(of: (String, Result<MemberWalk, WalkFailure>).self) { group in
            for member in members {
                group.addTask {
                    (
                        member.address,
                        await walk(
                            member, timeout: timeout, credentials: credentials, maxReplySize: maxReplySize, tls: tls,
                            sasl: sasl)
                    )
                }
            }
            for await (address, result) in group {
                switch result {
                case .success(let walk):
                    saslOutcomes[address] = .authenticated
                    mirrors[address] = walk.mirror
                    if !walk.oversized.isEmpty { oversized[address] = walk.oversized.joined(separator: " | ") }
                case .failure(let failure):
                    failures[address] = failure.message
                    saslOutcomes[address] = failure.sasl
                }
            }
        }
        var findings: [Finding] = []
        if let sasl {
            findings += SASLRefusalDetector.findings(outcomes: saslOutcomes, mechanism: sasl.mechanism)
        }
        if !oversized.isEmpty {
            findings.append(
                Finding(
                    code: .contentDivergence, severity: .info, members: Array(oversized.keys),
                    message: "Some nodes were too large to read and were not compared: "
                        + (oversized.values.sorted().first ?? ""),
                    evidence: oversized,
                    remedy: "Run again with a larger --max-reply-size (bytes, e.g. 256MiB) to compare them"))
        }
        if !failures.isEmpty {
            findings.append(
                Finding(
                    code: .contentDivergence, severity: .info, members: Array(failures.keys),
                    message: "Could not walk the tree of \(failures.keys.sorted().joined(separator: ", ")); "
                        + "its content was not compared",
                    evidence: failures, remedy: "Check that the member accepts client sessions, then run --deep again"))
        }
        guard let base = mirrors[reference.address] else { return findings }
        var differing: Set<String> = []
        var paths: [String] = []
        var details: [String] = []
        var total = 0
        var evidence: [String: String] = [:]
        for member in members.dropFirst() {
            guard let mirror = mirrors[member.address] else { continue }
            let result = TreeComparison.compare(
                base, mirror, stableThrough: sharedHistory ? min(base.maxZxid, mirror.maxZxid) : nil, limit: limit)
            evidence["nodes " + member.address] = String(mirror.count)
            guard !result.isIdentical else { continue }
            differing.formUnion([reference.address, member.address])
            total += result.totalDivergences
            for divergence in result.divergences where !paths.contains(divergence.path) {
                paths.append(divergence.path)
                details.append("\(member.address) vs \(reference.address): \(divergence)")
            }
        }
        guard !differing.isEmpty else { return findings }
        evidence["nodes " + reference.address] = String(base.count)
        evidence["reference"] = reference.address
        evidence["divergences"] = String(total)
        evidence["paths"] = paths.prefix(limit).joined(separator: ",")
        evidence["details"] = details.prefix(limit).joined(separator: " | ")
        findings.append(
            Finding(
                code: .contentDivergence, severity: .critical, members: Array(differing),
                message: "Members serve different data (\(total) difference\(total == 1 ? "" : "s")): "
                    + paths.prefix(min(limit, 5)).joined(separator: ", ") + (paths.count > 5 ? ", …" : ""),
                evidence: evidence,
                remedy: [
                    paths == [MemberLocalNodes.configPath] ? nil : dataRemedy,
                    paths.contains(MemberLocalNodes.configPath) ? configRemedy : nil,
                ].compactMap { $0 }.joined(separator: ". ")))
        return findings
    }

    static let dataRemedy =
        "Find the member with the wrong data (leftover data, a restored backup, a standalone "
        + "server), stop it, wipe its data dir (version-2) but keep myid, and start it again so it "
        + "takes a snapshot from the leader"
    static let configRemedy =
        "\(MemberLocalNodes.configPath) is written by each member from its own server list: make the members' "
        + "configurations (server.N lines) agree and restart the odd one out"

    /// One member's walked tree, and the nodes too large to read (`path: reason`, at most 20).
    struct MemberWalk {
        var mirror: TreeMirror
        var oversized: [String]
    }

    /// Why a member's tree could not be read.
    struct WalkFailure: Error {
        var message: String
        /// How the member answered the SASL login, when one was tried (`sasl-login-refused`).
        var sasl: SASLRefusalDetector.Outcome = .unknown
    }

    /// A connect failure as SASL evidence: the member refused the exchange (-124 or -115 on a SASL reply), or
    /// something else went wrong.
    static func saslOutcome(_ error: any Error) -> SASLRefusalDetector.Outcome {
        guard let error = error as? ZooKeeperError, error.code == .saslFailed,
            error.message.contains("the server refused the SASL credentials")
        else { return .unknown }
        let code: Int32 = error.message.contains("SessionClosedRequireSASLAuth") ? -124 : -115
        return .refused(code: code, detail: error.message)
    }

    /// Syncs and walks one member's whole tree (data included) through its own session.
    static func walk(
        _ member: MemberEndpoint, timeout: Duration, credentials: [AuthCredential], maxReplySize: Int,
        tls: TLSSettings? = nil,
        sasl: SASLCredentials? = nil
    ) async -> Result<MemberWalk, WalkFailure> {
        var configuration = ZooKeeperConfiguration(
            connectString: ConnectString(servers: [ServerAddress(host: member.host, port: member.clientPort)]))
        configuration.sessionTimeout = .seconds(10)
        configuration.requestTimeout = .seconds(10)
        configuration.connectTimeout = .seconds(5)
        configuration.shuffleServers = false
        configuration.maxReplySize = maxReplySize
        configuration.tls = tls
        configuration.sasl = sasl
        let client: ZooKeeperClient
        do {
            client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(10))
        } catch {
            return .failure(
                WalkFailure(
                    message: "connect: \(SASLMessages.explain(error) ?? "\(error)")",
                    sasl: sasl == nil ? .unknown : Self.saslOutcome(error)))
        }
        do {
            try await client.addAuth(credentials)
        } catch {
            await client.close()
            return .failure(WalkFailure(message: "auth: \(error)", sasl: sasl == nil ? .unknown : .authenticated))
        }
        defer { Task { await client.close() } }
        return await withTaskGroup(of: Result<MemberWalk, WalkFailure>?.self) { group in
            group.addTask {
                do {
                    _ = try await client.sync("/")
                    let walker = TreeWalker(sessions: [client], options: TreeWalkOptions(root: "/", includeData: true))
                    var walk = MemberWalk(mirror: TreeMirror(rootPath: "/"), oversized: [])
                    _ = try await walker.walk { entry in
                        walk.mirror.add(entry)
                        if let error = entry.error, error.code == .replyTooLarge, walk.oversized.count < 20 {
                            walk.oversized.append("\(entry.path): \(error.message)")
                        }
                    }
                    return .success(walk)
                } catch {
                    return .failure(
                        WalkFailure(
                            message: "walk: \(SASLMessages.explain(error) ?? "\(error)")",
                            sasl: sasl == nil ? .unknown : .authenticated))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failure(WalkFailure(message: "walk took longer than \(timeout)"))
            }
            var outcome: Result<MemberWalk, WalkFailure> = .failure(WalkFailure(message: "no result"))
            for await result in group {
                if let result {
                    outcome = result
                    group.cancelAll()
                    break
                }
            }
            return outcome
        }
    }
}
