import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real MIT Kerberos KDC (`krb5kdc`, Debian `krb5-kdc`) with its own realm, database and files in a directory of
/// its own, listening on one loopback port (UDP and TCP): what a Kerberos (SASL GSSAPI) lab authenticates against.
///
/// `start` writes `krb5.conf` (clients and the members' JVMs read it through `KRB5_CONFIG` and
/// `-Djava.security.krb5.conf`) and `kdc.conf`, creates the database (`kdb5_util create -s`), adds each principal
/// with a random key (`kadmin.local addprinc -randkey`) and exports its keytab (`ktadd`), then runs
/// `krb5kdc -n` until `stop()`, which ends it by its PID. krb5.conf turns off DNS lookups and host name
/// canonicalization, so `zookeeper/127.0.0.1` stays that name. The KDC can be run with a shifted clock through
/// libfaketime (Debian `faketime`), to make real clock skew without touching the machine's clock.
public final class LabKDC: @unchecked Sendable {
    /// The realm, e.g. `ZKSCOPE.LAB`.
    public let realm: String
    /// The directory holding the configuration, database, keytabs and log.
    public let directory: String
    /// The loopback port the KDC listens on.
    public let port: Int
    /// The krb5.conf clients use (set `KRB5_CONFIG` to it).
    public var krb5Conf: String { directory + "/krb5.conf" }
    /// The KDC's own profile (`KRB5_KDC_PROFILE`).
    public var kdcConf: String { directory + "/kdc.conf" }
    /// The KDC's log.
    public var logFile: String { directory + "/krb5kdc.log" }

    private let lock = NSLock()
    private var pid: pid_t?

    /// The PID of the running KDC, if any.
    public var processID: pid_t? { lock.withLock { pid } }

    private init(realm: String, directory: String, port: Int) {
        self.realm = realm
        self.directory = directory
        self.port = port
    }

    deinit { stopNow() }

    /// Where the keytab of `principal` (without realm, e.g. `client` or `zookeeper/127.0.0.1`) is written.
    public func keytab(of principal: String) -> String {
        directory + "/" + principal.replacingOccurrences(of: "/", with: "_") + ".keytab"
    }

    /// `name@REALM`.
    public func qualified(_ principal: String) -> String { principal + "@" + realm }

    /// Environment entries that point MIT Kerberos at this realm (merge them into a child's environment).
    public var clientEnvironment: [String: String] { ["KRB5_CONFIG": krb5Conf] }

    /// Creates the realm under `directory` (made if missing), adds `principals` with random keys and their keytabs,
    /// and starts the KDC on a free loopback port. Throws naming the Debian package when a tool is missing.
    public static func start(
        directory: String, realm: String = "ZKSCOPE.LAB", principals: [String]
    ) async throws -> LabKDC {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let port = PortAllocator.allocate(count: 1)?.first else {
            throw LabError("no free loopback port for the KDC")
        }
        let kdc = LabKDC(realm: realm, directory: directory, port: port)
        try kdc.writeConfiguration()
        try kdc.tool(
            Self.kdb5Util, ["create", "-s", "-r", realm, "-P", "lab-master-key-\(UInt64.random(in: 1...UInt64.max))"])
        for principal in principals { try kdc.addPrincipal(principal) }
        try await kdc.resume()
        return kdc
    }

    /// Adds `principal` with a random key and exports its keytab to `keytab(of:)`. `maxLife` (kadmin's duration,
    /// e.g. `30s`) caps its tickets' lifetime below the realm's hour.
    public func addPrincipal(_ principal: String, maxLife: String? = nil) throws {
        try kadmin("addprinc -randkey " + (maxLife.map { "-maxlife \($0) " } ?? "") + principal)
        try exportKeytab(principal)
    }

    /// Exports `principal`'s keytab to `path` (default `keytab(of:)`). This gives the principal a new random key,
    /// so every keytab exported before holds a stale key (a wrong keytab, as after a key rotation).
    public func exportKeytab(_ principal: String, to path: String? = nil) throws {
        let path = path ?? keytab(of: principal)
        try? FileManager.default.removeItem(atPath: path)
        try kadmin("ktadd -k \(path) \(principal)")
        // kadmin.local exits 0 even when its query failed: the keytab is the proof.
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabError("kadmin.local did not export \(principal)'s keytab to \(path) (does the principal exist?)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Deletes `principal` from the database (its keytab stays: an unknown principal with a key).
    public func deletePrincipal(_ principal: String) throws {
        try kadmin("delprinc -force \(principal)")
    }

    /// Gets a ticket-granting ticket for `principal` from its keytab into the ticket cache `cache`
    /// (`FILE:/path`), as an operator's `kinit -k -t` does; `lifetime` (e.g. `5s`) asks for a short-lived ticket.
    public func kinit(_ principal: String, cache: String, lifetime: String? = nil) throws {
        try LabTool.run(
            "/usr/bin/kinit",
            (lifetime.map { ["-l", $0] } ?? []) + [
                "-k", "-t", keytab(of: principal), "-c", cache, qualified(principal),
            ],
            package: "krb5-user", environment: clientEnvironment)
    }

    /// Whether the ticket cache `cache` holds a valid (unexpired) ticket-granting ticket (`klist -s`).
    public func hasValidTicket(cache: String) -> Bool {
        (try? LabTool.run("/usr/bin/klist", ["-s", "-c", cache], package: "krb5-user", environment: clientEnvironment))
            != nil
    }

    /// Starts the KDC (again) and waits until its port answers. `clockOffset` (libfaketime syntax, e.g. `-10m`)
    /// runs it with a clock that far from the machine's.
    public func resume(clockOffset: String? = nil) async throws {
        stopNow()
        guard FileManager.default.isExecutableFile(atPath: Self.krb5kdc) else {
            throw LabError("\(Self.krb5kdc) is missing: install the Debian package krb5-kdc (scripts/ensure-deps.sh)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["KRB5_CONFIG"] = krb5Conf
        environment["KRB5_KDC_PROFILE"] = kdcConf
        if let clockOffset {
            guard FileManager.default.fileExists(atPath: Self.libfaketime) else {
                throw LabError("\(Self.libfaketime) is missing: install the Debian package faketime")
            }
            environment["LD_PRELOAD"] = Self.libfaketime
            environment["FAKETIME"] = clockOffset
            environment["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        }
        let started = try Spawner.spawn(
            executable: Self.krb5kdc, arguments: ["-n", "-r", realm], logPath: directory + "/krb5kdc.out",
            newSession: false, environment: environment)
        CleanupRegistry.shared.registerHelper(pid: started, executable: Self.krb5kdc)
        lock.withLock { pid = started }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if Self.accepts(port: port) { return }
            guard ProcessControl.isAlive(started) else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = (try? String(contentsOfFile: directory + "/krb5kdc.out", encoding: .utf8)) ?? ""
        stopNow()
        throw LabError("the KDC did not start listening on 127.0.0.1:\(port): \(output.suffix(400))")
    }

    /// Stops the KDC (SIGTERM, then SIGKILL) and waits for it; the realm and keytabs stay for `resume()`.
    public func stop() async {
        guard let running = lock.withLock({ pid }) else { return }
        _ = await ProcessControl.terminate(running, timeout: .seconds(10))
        CleanupRegistry.shared.unregister(pid: running)
        lock.withLock { pid = nil }
    }

    private func stopNow() {
        guard let running = lock.withLock({ pid }) else { return }
        _ = ProcessControl.send(SIGTERM, to: running)
        if !ProcessControl.waitForExitBlocking(running, timeout: .seconds(5)) {
            _ = ProcessControl.send(SIGKILL, to: running)
            _ = ProcessControl.waitForExitBlocking(running, timeout: .seconds(5))
        }
        CleanupRegistry.shared.unregister(pid: running)
        lock.withLock { pid = nil }
    }

    private func writeConfiguration() throws {
        let krb5 = """
            [libdefaults]
                default_realm = \(realm)
                dns_lookup_realm = false
                dns_lookup_kdc = false
                rdns = false
                dns_canonicalize_hostname = false
                udp_preference_limit = 1
                ticket_lifetime = 1h
                forwardable = false
                kdc_timesync = 0
            [realms]
                \(realm) = {
                    kdc = 127.0.0.1:\(port)
                }
            [domain_realm]
                127.0.0.1 = \(realm)
                localhost = \(realm)

            """
        let kdc = """
            [kdcdefaults]
                kdc_listen = 127.0.0.1:\(port)
                kdc_tcp_listen = 127.0.0.1:\(port)
            [realms]
                \(realm) = {
                    database_name = \(directory)/principal
                    acl_file = \(directory)/kadm5.acl
                    key_stash_file = \(directory)/stash
                    kdc_listen = 127.0.0.1:\(port)
                    kdc_tcp_listen = 127.0.0.1:\(port)
                    max_life = 1h
                    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                }
            [logging]
                kdc = FILE:\(logFile)

            """
        try Data(krb5.utf8).write(to: URL(fileURLWithPath: krb5Conf))
        try Data(kdc.utf8).write(to: URL(fileURLWithPath: kdcConf))
        try Data().write(to: URL(fileURLWithPath: directory + "/kadm5.acl"))
    }

    private func kadmin(_ query: String) throws {
        try tool(Self.kadminLocal, ["-r", realm, "-q", query])
    }

    private func tool(_ path: String, _ arguments: [String]) throws {
        try LabTool.run(
            path, arguments, package: "krb5-kdc and krb5-admin-server",
            environment: ["KRB5_CONFIG": krb5Conf, "KRB5_KDC_PROFILE": kdcConf])
    }

    private static let kdb5Util = "/usr/sbin/kdb5_util"
    private static let kadminLocal = "/usr/sbin/kadmin.local"
    private static let krb5kdc = "/usr/sbin/krb5kdc"
    private static let libfaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted now.
    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
