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
/// Rules carry the comment ``partitionComment`` and are removed by `heal`, `healAll` and `shutdown`.
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
        let full = rules.map { $0 + ["-m", "comment", "--comment", LabEnsemble.partitionComment, "-j", "DROP"] }
        var added: [[String]] = []
        do {
            for rule in full {
                try LabEnsemble.iptables(["-I"] + rule)
                added.append(rule)
                lock.withLock { partitionRules[id, default: []].append(rule) }
            }
        } catch {
            for rule in added { try? LabEnsemble.iptables(["-D"] + rule) }
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

    /// Runs iptables (with `-w`, waiting for the xtables lock); throws with its stderr on failure.
    static func iptables(_ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: iptablesPath) else {
            throw LabError("\(iptablesPath) is missing: install the Debian package iptables (scripts/ensure-deps.sh)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: iptablesPath)
        process.arguments = ["-w", "5"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LabError("cannot run iptables: \(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError(
                "iptables \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(message)")
        }
    }
}
