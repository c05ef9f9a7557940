import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Network partitions of one member on loopback: its quorum and election links cut, its client and
/// AdminServer ports still answering — what a member behind a broken firewall or route looks like.
///
/// Every member listens on 127.0.0.1, so ports alone cannot tell one member's outgoing quorum
/// connections from another's (they all go to the same peer ports from ephemeral ports). With
/// `LabOptions.ownCgroups` each JVM starts in its own cgroup v2 group, and iptables' `cgroup` match
/// (`-m cgroup --path`) picks out that member's sockets. Root only; needs the `iptables` package.
/// Rules carry the comment ``partitionComment`` and the lab's directory, and are removed by `heal`,
/// `healAll` and `shutdown`; rules left behind by a lab that died before it could heal (its directory is
/// gone) are swept before the next partition, so they can never cut a later lab that reuses the ports.
extension LabEnsemble {
    /// The comment on every rule a lab adds, so a rule is always traceable to zkscope's lab.
    public static let partitionComment = "zkscope-lab-partition"

    /// The cgroup v2 mount point (`/sys/fs/cgroup` on pure v2, `/sys/fs/cgroup/unified` on hybrid hosts).
    static func cgroup2Root() -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 3, fields[2] == "cgroup2" { return String(fields[1]) }
        }
        return nil
    }

    /// The member's cgroup, relative to the cgroup v2 root (what `-m cgroup --path` takes).
    func cgroupName(of id: Int) -> String {
        "zkscope-lab-" + URL(fileURLWithPath: directory).lastPathComponent + "-zk\(id)"
    }

    /// Creates the member's cgroup and returns the absolute path of its `cgroup.procs`.
    func prepareCgroup(of id: Int) throws -> String {
        guard let root = LabEnsemble.cgroup2Root() else {
            throw LabError("no cgroup v2 hierarchy is mounted (needed for ownCgroups); see /proc/mounts")
        }
        let path = root + "/" + cgroupName(of: id)
        if !FileManager.default.fileExists(atPath: path) {
            guard mkdir(path, 0o755) == 0 else {
                throw LabError("cannot create cgroup \(path): \(String(cString: strerror(errno))) (needs root)")
            }
        }
        return path + "/cgroup.procs"
    }

    /// Removes the members' (empty) cgroups; called once their JVMs are gone.
    func removeCgroups() {
        guard options.ownCgroups, let root = LabEnsemble.cgroup2Root() else { return }
        for id in ids { rmdir(root + "/" + cgroupName(of: id)) }
    }

    /// Cuts member `id` off from its peers: packets from its JVM to the others' quorum and election
    /// ports, and packets to its own quorum and election ports, are dropped. Its client and AdminServer
    /// ports keep answering. Undo with `heal(_:)` (also done by `shutdown`).
    public func partition(_ id: Int) throws {
        guard options.ownCgroups else {
            throw LabError("partition needs a lab started with LabOptions.ownCgroups = true")
        }
        guard let member = member(id) else { throw LabError("no member \(id) in this lab") }
        let peers = members.filter { $0.id != id }
        let peerPorts = peers.flatMap { [$0.quorumPort, $0.electionPort] }
        let ownPorts = [member.quorumPort, member.electionPort]
        var rules: [[String]] = []
        for chunk in stride(from: 0, to: peerPorts.count, by: 15).map({
            Array(peerPorts[$0..<min($0 + 15, peerPorts.count)])
        }) {
            rules.append(
                [
                    "OUTPUT", "-m", "cgroup", "--path", cgroupName(of: id), "-p", "tcp", "-m", "multiport", "--dports",
                    chunk.map(String.init).joined(separator: ","),
                ])
        }
        rules.append(
            ["INPUT", "-p", "tcp", "-m", "multiport", "--dports", ownPorts.map(String.init).joined(separator: ",")])
        rules.append(
            [
                "OUTPUT", "-m", "cgroup", "--path", cgroupName(of: id), "-p", "tcp", "-m", "multiport", "--sports",
                ownPorts.map(String.init).joined(separator: ","),
            ])
        LabEnsemble.sweepStaleRules()
        let comment = LabEnsemble.partitionComment + " " + directory
        let full = rules.map { $0 + ["-m", "comment", "--comment", comment, "-j", "DROP"] }
        var added: [[String]] = []
        do {
            for rule in full {
                try LabEnsemble.iptables(["-I"] + rule)
                added.append(rule)
                lock.withLock { partitionRules[id, default: []].append(rule) }
            }
        } catch {
            for rule in added { _ = try? LabEnsemble.iptables(["-D"] + rule) }
            lock.withLock { partitionRules[id] = nil }
            throw error
        }
    }

    /// Removes the rules `partition(id)` added.
    public func heal(_ id: Int) throws {
        let rules = lock.withLock {
            defer { partitionRules[id] = nil }
            return partitionRules[id] ?? []
        }
        var failures: [String] = []
        for rule in rules {
            do { try LabEnsemble.iptables(["-D"] + rule) } catch { failures.append("\(error)") }
        }
        if !failures.isEmpty { throw LabError("could not remove every partition rule: \(failures)") }
    }

    /// Heals every partitioned member (best effort; used by `shutdown`).
    public func healAll() {
        for id in lock.withLock({ Array(partitionRules.keys) }) { try? heal(id) }
    }

    /// Whether `iptables -m cgroup --path` can work here: root, a cgroup v2 mount, and the iptables tool.
    public static var canPartition: Bool {
        getuid() == 0 && cgroup2Root() != nil && FileManager.default.isExecutableFile(atPath: iptablesPath)
    }

    static let iptablesPath = "/usr/sbin/iptables"

    /// The rules any lab added that are still in place, as `iptables -S` prints them.
    public static func partitionRulesInPlace() throws -> [String] {
        try iptables(["-S"]).split(separator: "\n").map(String.init).filter { $0.contains(partitionComment) }
    }

    /// Deletes the rules of labs whose directory is gone (a test process that crashed before `shutdown`);
    /// best effort: a rule that cannot be read or deleted is left for the next sweep.
    public static func sweepStaleRules() {
        guard let rules = try? partitionRulesInPlace() else { return }
        for rule in rules {
            let words = shellWords(rule)
            guard words.first == "-A", let index = words.firstIndex(of: "--comment"), index + 1 < words.count
            else { continue }
            let labDirectory = words[index + 1].dropFirst(partitionComment.count + 1)
            guard !labDirectory.isEmpty, !FileManager.default.fileExists(atPath: String(labDirectory)) else {
                continue
            }
            _ = try? iptables(["-D"] + words.dropFirst())
        }
    }

    /// Splits one line of `iptables -S` into its arguments (double quotes group, as iptables writes them).
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in line {
            switch character {
            case "\"":
                quoted.toggle()
                started = true
            case " " where !quoted:
                if started { words.append(current) }
                current = ""
                started = false
            default:
                current.append(character)
                started = true
            }
        }
        if started { words.append(current) }
        return words
    }

    /// Runs iptables (with `-w`, waiting for the xtables lock) and returns what it printed; throws with its
    /// stderr on failure.
    @discardableResult
    static func iptables(_ arguments: [String]) throws -> String {
        try LabTool.run(iptablesPath, ["-w", "5"] + arguments, package: "iptables")
    }
}
