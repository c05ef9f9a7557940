import Foundation
import ZooKeeperAdmin

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real ZooKeeper ensemble (Debian's 3.8 JVMs) on loopback, for integration tests, the demo and benchmarks.
///
/// Start one with `LabEnsemble.with(options) { lab in ... }`, which always shuts it down; or with
/// `start(_:)` plus `defer`-style cleanup (`await lab.shutdown()` on every path). Even when a caller
/// forgets, JVMs are killed at process exit and by a watchdog if the process crashes.
/// Methods are safe to call from several tasks; fault injection (`kill`, `pause`, ...) acts by PID.
public final class LabEnsemble: @unchecked Sendable {
    /// The options the lab was started with (directory resolved).
    public let options: LabOptions
    /// The lab directory (absolute): `lab.json`, `conf/`, and one `zkN/` per member.
    public let directory: String

    let lock = NSLock()
    var states: [Int: MemberState]
    let phantomPorts: [Int: LabPorts]
    var watchdog: pid_t?
    var isShutDown = false
    /// iptables rules `partition(_:)` added, per member, for `heal(_:)` and `shutdown()`.
    var partitionRules: [Int: [[String]]] = [:]

    struct MemberState {
        var member: LabMember
        var config: LabMemberConfig
    }

    init(options: LabOptions, directory: String, ports: [Int: LabPorts], phantomPorts: [Int: LabPorts]) {
        self.options = options
        self.directory = directory
        self.phantomPorts = phantomPorts
        var states: [Int: MemberState] = [:]
        for (id, p) in ports {
            let memberDirectory = directory + "/zk\(id)"
            let member = LabMember(
                id: id, host: LabEnsemble.host, clientPort: p.client, adminPort: p.admin, quorumPort: p.quorum,
                electionPort: p.election, dataDir: memberDirectory + "/data", configPath: memberDirectory + "/zoo.cfg",
                logPath: memberDirectory + "/zk.log", pid: nil, paused: false)
            states[id] = MemberState(member: member, config: options.memberOverrides[id] ?? .healthy)
        }
        self.states = states
    }

    /// Loopback: the lab never listens anywhere else.
    public static let host = "127.0.0.1"

    // MARK: - Reading

    /// Every member, in myid order.
    public var members: [LabMember] {
        lock.withLock { states.keys.sorted().compactMap { states[$0]?.member } }
    }

    /// One member by myid.
    public func member(_ id: Int) -> LabMember? {
        lock.withLock { states[id]?.member }
    }

    /// The member ids, sorted.
    public var ids: [Int] { members.map(\.id) }

    /// "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3": what a ZooKeeper client takes.
    public var connectString: String {
        members.map(\.clientAddress).joined(separator: ",")
    }

    /// The configuration a member was last started with.
    public func config(of id: Int) -> LabMemberConfig? {
        lock.withLock { states[id]?.config }
    }

    // MARK: - Starting

    /// Creates the lab directory and configs, starts every JVM, and waits until every member answers
    /// (serving, for members whose config expects it).
    ///
    /// Retries with fresh ports when a port turns out to be taken (another lab won a race). On failure,
    /// everything started is stopped and the error carries each member's state and log tail.
    public static func start(_ options: LabOptions = LabOptions()) async throws -> LabEnsemble {
        guard options.members >= 1, options.members <= 50 else {
            throw LabError("a lab needs 1...50 members, not \(options.members)")
        }
        let (directory, created) = try prepareDirectory(options.directory)
        var resolved = options
        resolved.directory = URL(fileURLWithPath: directory)
        do {
            try writeLog4jProperties(directory: directory)
        } catch {
            if created { try? FileManager.default.removeItem(atPath: directory) }
            throw LabError("cannot write into \(directory): \(error)")
        }
        let phantomIDs = Set(
            options.memberOverrides.values.flatMap(\.serverListChanges).compactMap { change -> Int? in
                if case .addServer(let id) = change { return id }
                return nil
            }
        ).sorted()
        var lastError: any Error = LabError("no attempt made")
        for attempt in 0..<4 {
            let count = 4 * (options.members + phantomIDs.count)
            let preset = attempt == 0 ? options.firstAttemptPorts.flatMap { $0.count == count ? $0 : nil } : nil
            guard let block = preset ?? PortAllocator.allocate(count: count) else {
                lastError = LabError("no block of \(count) free loopback ports found")
                continue
            }
            var ports: [Int: LabPorts] = [:]
            for (index, id) in ((1...options.members).map { $0 } + phantomIDs).enumerated() {
                let p = LabPorts(
                    client: block[4 * index], quorum: block[4 * index + 1], election: block[4 * index + 2],
                    admin: block[4 * index + 3])
                ports[id] = p
            }
            let memberPorts = ports.filter { $0.key <= options.members && !phantomIDs.contains($0.key) }
            let phantoms = ports.filter { phantomIDs.contains($0.key) }
            let lab = LabEnsemble(options: resolved, directory: directory, ports: memberPorts, phantomPorts: phantoms)
            do {
                try await lab.launchAll()
                return lab
            } catch let error as PortConflict {
                lastError = LabError("port conflict: \(error.detail)")
                await lab.shutdown(removeDirectory: false)
                lab.removeMemberDirectories()
            } catch {
                await lab.shutdown(removeDirectory: created || options.removeDirectoryOnShutdown)
                throw error
            }
        }
        if created || options.removeDirectoryOnShutdown { try? FileManager.default.removeItem(atPath: directory) }
        throw lastError
    }

    /// Starts a lab, runs `body`, and shuts the lab down whether `body` returns or throws.
    public static func with<T>(
        _ options: LabOptions = LabOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (LabEnsemble) async throws -> T
    ) async throws -> T {
        let lab = try await start(options)
        do {
            let result = try await body(lab)
            await lab.shutdown()
            return result
        } catch {
            await lab.shutdown()
            throw error
        }
    }

    /// A port another process holds: `start` retries with new ports.
    struct PortConflict: Error {
        var detail: String
    }

    func launchAll() async throws {
        if !options.detached {
            let remove = options.removeDirectoryOnShutdown
            let dog = CleanupRegistry.startWatchdog(directory: directory, removeDirectory: remove)
            lock.withLock { watchdog = dog }
            CleanupRegistry.shared.removeAtExit(directory, remove)
        }
        try prepareSecurity()
        // Members with an override join after the healthy ones serve, as in the field: a misconfigured
        // member restarting into a running ensemble. Started together, it could even win the first election.
        // Only when the healthy ones can form a quorum on their own; otherwise everyone starts together.
        var deviating = ids.filter { options.memberOverrides[$0] != nil }
        var healthy = ids.filter { options.memberOverrides[$0] == nil }
        if options.writesServerList, healthy.count * 2 <= ids.count {
            healthy = ids
            deviating = []
        }
        let clock = ContinuousClock()
        let deadline = clock.now + options.startupTimeout
        for batch in [healthy, deviating] where !batch.isEmpty {
            for id in batch { try launch(id) }
            try saveState()
            try await waitUntilReady(
                ids: batch, timeout: max(deadline - clock.now, .seconds(1)), detectPortConflicts: true)
        }
    }

    /// Starts a stopped or killed member again, with its previous config or a replacement
    /// (e.g. a broken server list, or leftover data to seed). Waits until it answers `srvr`, and until it
    /// serves if `waitUntilServing` is true and its config expects serving.
    public func start(
        _ id: Int, config: LabMemberConfig? = nil, waitUntilServing: Bool = true, timeout: Duration = .seconds(60)
    ) async throws {
        guard let current = lock.withLock({ states[id] }) else { throw LabError("no member \(id) in this lab") }
        if let pid = current.member.pid, ProcessControl.isAlive(pid) {
            throw LabError("member \(id) is still running (pid \(pid)); stop or kill it first")
        }
        if let config { lock.withLock { states[id]?.config = config } }
        try launch(id)
        try saveState()
        if waitUntilServing {
            try await waitUntilReady(ids: [id], timeout: timeout, detectPortConflicts: false)
        } else {
            try await waitUntilAnswering(ids: [id], timeout: timeout)
        }
    }

    /// Writes the member's files and spawns its JVM.
    func launch(_ id: Int) throws {
        guard let state = lock.withLock({ states[id] }) else { throw LabError("no member \(id) in this lab") }
        let member = state.member
        let memberDirectory = directory + "/zk\(id)"
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: member.dataDir, withIntermediateDirectories: true)
            if let seed = state.config.seedDataDirectory {
                try replaceData(of: member.dataDir, with: seed.path)
                // The seed is consumed: a later plain restart keeps whatever the member made of it.
                lock.withLock { states[id]?.config.seedDataDirectory = nil }
            }
            try Data("\(id)\n".utf8).write(to: URL(fileURLWithPath: member.dataDir + "/myid"))
            try Data(configText(for: id, config: state.config).utf8).write(
                to: URL(fileURLWithPath: member.configPath))
            if !files.fileExists(atPath: member.logPath) { _ = files.createFile(atPath: member.logPath, contents: nil) }
            let marker = "---- zkscope lab: starting member \(id) at \(Date()) ----\n"
            if let handle = FileHandle(forWritingAtPath: member.logPath) {
                handle.seekToEndOfFile()
                handle.write(Data(marker.utf8))
                try? handle.close()
            }
        } catch {
            throw LabError("cannot prepare member \(id) in \(memberDirectory): \(error)")
        }
        let arguments = JavaCommand.arguments(
            labDirectory: directory, confDirectory: directory + "/conf", memberDirectory: memberDirectory,
            configPath: member.configPath, heapMegabytes: options.heapMegabytes,
            jvmOptions: options.jvmOptions + securityJVMOptions(for: id),
            extraJars: options.security.tls == nil ? [] : JavaCommand.nettyTLSJars)
        var executable = options.javaPath
        var spawnArguments = arguments
        if options.ownCgroups {
            // The shell joins the member's cgroup and execs java (same PID), so every socket the JVM opens
            // belongs to that cgroup, which iptables' cgroup match needs (a socket keeps the cgroup it was
            // created in; moving a running JVM would leave its early sockets behind).
            let procs = try prepareCgroup(of: id)
            executable = "/bin/sh"
            spawnArguments =
                ["-c", "echo $$ > \"$1\" && shift && exec \"$@\"", "sh", procs, options.javaPath] + arguments
        }
        let pid: pid_t
        do {
            pid = try Spawner.spawn(
                executable: executable, arguments: spawnArguments, logPath: member.logPath,
                newSession: options.detached)
        } catch {
            throw LabError("member \(id): \(error)")
        }
        if !options.detached { CleanupRegistry.shared.register(pid: pid, directory: directory) }
        try? Data("\(pid)\n".utf8).write(to: URL(fileURLWithPath: memberDirectory + "/pid"))
        lock.withLock {
            states[id]?.member.pid = pid
            states[id]?.member.paused = false
        }
    }

    /// The zoo.cfg text of one member under a given config. Internal so unit tests can check it.
    func configText(for id: Int, config: LabMemberConfig) -> String {
        let all = lock.withLock { states.mapValues(\.member.ports) }
        var lines: [ServerLine] = []
        if options.writesServerList {
            let healthy = ZooConfigFile.serverLines(host: LabEnsemble.host, ports: all, observers: options.observerIDs)
            lines = ZooConfigFile.apply(config.serverListChanges, to: healthy, host: LabEnsemble.host) { phantom in
                self.phantomPorts[phantom] ?? LabPorts(client: 1, quorum: 2, election: 3, admin: 4)
            }
        }
        let ports = all[id] ?? LabPorts(client: 0, quorum: 0, election: 0, admin: 0)
        let tls = options.security.tls
        if let tls {
            for index in lines.indices where tls.isSecure(lines[index].id) { lines[index].announcesClientPort = false }
        }
        return ZooConfigFile.render(
            host: LabEnsemble.host, ports: ports, dataDir: directory + "/zk\(id)/data",
            tickTimeMilliseconds: options.tickTimeMilliseconds, initLimit: options.initLimit,
            syncLimit: options.syncLimit, whitelist: config.whitelist ?? options.whitelist,
            adminServer: options.adminServer, serverLines: lines,
            standaloneEnabled: !(options.writesServerList && options.members == 1),
            extraLines: securityConfigLines(for: id) + options.extraConfigLines + config.extraConfigLines,
            observer: options.observerIDs.contains(id), secureClientPort: tls?.isSecure(id) ?? false)
    }

    /// Replaces a data dir's contents by a copy of another's (keeping nothing of the old data).
    func replaceData(of dataDir: String, with seed: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: seed, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LabError("seed data directory \(seed) does not exist")
        }
        for entry in try files.contentsOfDirectory(atPath: dataDir) {
            try files.removeItem(atPath: dataDir + "/" + entry)
        }
        for entry in try files.contentsOfDirectory(atPath: seed) where entry != "myid" {
            try files.copyItem(atPath: seed + "/" + entry, toPath: dataDir + "/" + entry)
        }
    }

    // MARK: - Faults

    /// SIGKILL: the member dies at once, as in a crash or OOM kill. Waits until the process is gone.
    public func kill(_ id: Int) async throws {
        let pid = try runningPID(id)
        ProcessControl.send(SIGKILL, to: pid)
        _ = await ProcessControl.waitForExit(pid, timeout: .seconds(10))
        forget(id, pid: pid)
    }

    /// SIGTERM, then waits for the exit (ZooKeeper takes ~2 s); SIGKILL after `timeout`.
    public func stop(_ id: Int, timeout: Duration = .seconds(15)) async throws {
        let pid = try runningPID(id)
        guard await ProcessControl.terminate(pid, timeout: timeout) else {
            throw LabError("member \(id) (pid \(pid)) survived SIGTERM and SIGKILL")
        }
        forget(id, pid: pid)
    }

    /// SIGSTOP: the process hangs with its sockets open, like a long GC pause or a frozen VM.
    public func pause(_ id: Int) throws {
        let pid = try runningPID(id)
        guard ProcessControl.send(SIGSTOP, to: pid) else { throw LabError("cannot SIGSTOP member \(id)") }
        lock.withLock { states[id]?.member.paused = true }
    }

    /// SIGCONT: undoes `pause`.
    public func resume(_ id: Int) throws {
        let pid = try runningPID(id)
        guard ProcessControl.send(SIGCONT, to: pid) else { throw LabError("cannot SIGCONT member \(id)") }
        lock.withLock { states[id]?.member.paused = false }
    }

    func runningPID(_ id: Int) throws -> pid_t {
        guard let state = lock.withLock({ states[id] }) else { throw LabError("no member \(id) in this lab") }
        guard let pid = state.member.pid, ProcessControl.isAlive(pid) else {
            throw LabError("member \(id) is not running")
        }
        return pid
    }

    func forget(_ id: Int, pid: pid_t) {
        CleanupRegistry.shared.unregister(pid: pid)
        lock.withLock {
            if states[id]?.member.pid == pid {
                states[id]?.member.pid = nil
                states[id]?.member.paused = false
            }
        }
        try? FileManager.default.removeItem(atPath: directory + "/zk\(id)/pid")
        try? saveState()
    }

    // MARK: - Stopping

    /// Stops every member by PID (paused ones are resumed first), stops the watchdog and removes the lab
    /// directory unless the options say to keep it. Safe to call twice.
    public func shutdown() async {
        await shutdown(removeDirectory: options.removeDirectoryOnShutdown)
    }

    func shutdown(removeDirectory: Bool) async {
        healAll()
        let running = lock.withLock {
            states.values.compactMap { state in state.member.pid.map { (state.member.id, $0) } }
        }
        await withTaskGroup(of: Void.self) { group in
            for (id, pid) in running {
                group.addTask {
                    _ = await ProcessControl.terminate(pid, timeout: .seconds(10))
                    self.forget(id, pid: pid)
                }
            }
        }
        let dog = lock.withLock {
            defer { watchdog = nil }
            isShutDown = true
            return watchdog
        }
        removeCgroups()
        try? FileManager.default.removeItem(atPath: CleanupRegistry.ownerMarker(directory: directory))
        if let dog {
            ProcessControl.send(SIGKILL, to: dog)
            _ = await ProcessControl.waitForExit(dog, timeout: .seconds(5))
        }
        CleanupRegistry.shared.removeAtExit(directory, false)
        if removeDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func removeMemberDirectories() {
        for id in ids { try? FileManager.default.removeItem(atPath: directory + "/zk\(id)") }
    }

    // MARK: - Files

    func saveState() throws {
        try LabState(
            directory: directory, connectString: connectString, members: members,
            security: options.security.isEnabled ? options.security : nil
        ).save()
    }

    static func prepareDirectory(_ requested: URL?) throws -> (path: String, created: Bool) {
        let files = FileManager.default
        guard let requested else {
            let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((base + "/zkscope-lab-XXXXXX").utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
                guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
                return String(cString: result)
            }
            guard let made else {
                throw LabError("cannot create a temporary directory under \(base)")
            }
            return (made, true)
        }
        let path = requested.standardizedFileURL.path
        guard path.hasPrefix("/"), path != "/" else { throw LabError("refusing lab directory \(path)") }
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw LabError("\(path) exists and is not a directory") }
            let entries = (try? files.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty || entries.contains(LabState.fileName) else {
                throw LabError("\(path) is not empty and holds no lab; refusing to use (and later remove) it")
            }
            return (path, false)
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LabError("cannot create lab directory \(path): \(error)")
        }
        return (path, true)
    }

    static func writeLog4jProperties(directory: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: directory + "/conf", withIntermediateDirectories: true)
        let target = directory + "/conf/log4j.properties"
        let text =
            (try? String(contentsOfFile: JavaCommand.debianLog4jProperties, encoding: .utf8))
            ?? JavaCommand.fallbackLog4jProperties
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    }
}
