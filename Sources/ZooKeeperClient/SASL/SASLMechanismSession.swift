import CSASL

/// One SASL authentication exchange, carried out by Cyrus SASL (`libsasl2`), the library ZooKeeper's own C client
/// uses: DIGEST-MD5 today, GSSAPI (Kerberos) later with no new protocol code.
///
/// The session only turns server challenges into client tokens; the connection carries them in opcode-102 packets.
/// Every Cyrus call of the client lives in this file. A session is used on one event loop at a time and
/// released with `dispose()` (or when dropped), which wipes the password Cyrus was handed.
final class SASLMechanismSession {
    /// What a step produced: a token to send (possibly empty), and whether the mechanism is done.
    struct Step: Equatable {
        /// The bytes for the next `GetSASLRequest`; nil when there is nothing to send.
        var token: [UInt8]?
        /// Whether Cyrus reported SASL_OK (authenticated on the client side) rather than SASL_CONTINUE.
        var complete: Bool
    }

    /// A Cyrus failure in words an operator acts on. Never contains the password.
    struct Failure: Error, Equatable, CustomStringConvertible {
        /// The Cyrus result code (`SASL_*`).
        var code: Int32
        /// One line: what failed and how to fix it.
        var message: String
        var description: String { message }
    }

    private var connection: OpaquePointer?
    private var identity: UnsafeMutablePointer<zk_sasl_identity>?
    private let mechanism: String
    private(set) var chosenMechanism: String?
    /// GSSAPI: the Kerberos initiator credentials Cyrus was handed (released after the connection).
    private var gssCredentials: gss_cred_id_t?

    /// Starts a client-side SASL connection for `service` on `host` (ZooKeeper: "zookeeper" and, for DIGEST-MD5,
    /// "zk-sasl-md5", whatever the real server name is).
    init(mechanism: String, service: String, host: String, user: String, password: [UInt8]) throws(Failure) {
        self.mechanism = mechanism
        let initResult = SASLLibrary.initialized
        guard initResult == SASL_OK else {
            throw Failure(
                code: initResult,
                message: "the Cyrus SASL library did not initialise (\(Self.errorString(initResult))): "
                    + "install libsasl2-2 and libsasl2-modules")
        }
        guard
            let identity = password.withUnsafeBufferPointer({ bytes in
                zk_sasl_identity_new(user, bytes.baseAddress, bytes.count)
            })
        else {
            throw Failure(code: SASL_NOMEM, message: "out of memory for the SASL credentials")
        }
        self.identity = identity
        var connection: OpaquePointer?
        let result = withUnsafeMutablePointer(to: &identity.pointee.callbacks) { tuple in
            tuple.withMemoryRebound(to: sasl_callback_t.self, capacity: 5) { callbacks in
                sasl_client_new(service, host, nil, nil, callbacks, 0, &connection)
            }
        }
        guard result == SASL_OK, let connection else {
            zk_sasl_identity_free(identity)
            self.identity = nil
            throw Failure(code: result, message: "cannot start a SASL client: \(Self.errorString(result))")
        }
        self.connection = connection
        _ = zk_sasl_set_no_security_layer(connection)
    }

    /// Starts a client-side SASL GSSAPI connection to `service`/`host` (ZooKeeper: `zookeeper/<member host>`) with
    /// Kerberos credentials acquired now from `kerberos` (keytab or ticket cache), so a missing key, an unknown
    /// principal, an unreachable KDC or an expired ticket is a `Failure` before any token is sent.
    convenience init(kerberos: KerberosCredentials, service: String, host: String) throws(Failure) {
        // No authorization id (empty user): the server knows the session as the authenticated principal.
        try self.init(mechanism: "GSSAPI", service: service, host: host, user: "", password: [])
        let acquired: KerberosTicketCheck.Acquired
        do {
            acquired = try KerberosTicketCheck.acquire(kerberos)
        } catch {
            dispose()
            throw Failure(code: SASL_FAIL, message: error.message)
        }
        gssCredentials = acquired.credentials
        guard let connection, zk_sasl_set_gss_credentials(connection, acquired.credentials) == SASL_OK else {
            dispose()
            throw Failure(code: SASL_FAIL, message: "Cyrus SASL did not take the Kerberos credentials")
        }
    }

    deinit { dispose() }

    /// The first token (`sasl_client_start`). For DIGEST-MD5 it is empty: the server speaks first.
    func start() throws(Failure) -> Step {
        guard let connection else { throw Failure(code: SASL_BADPROT, message: "the SASL session was disposed") }
        var output: UnsafePointer<CChar>?
        var outputLength: UInt32 = 0
        var chosen: UnsafePointer<CChar>?
        let result = sasl_client_start(connection, mechanism, nil, &output, &outputLength, &chosen)
        guard result == SASL_OK || result == SASL_CONTINUE else {
            throw failure(result, during: "starting")
        }
        chosenMechanism = chosen.map { String(cString: $0) }
        var token = Self.bytes(output, outputLength)
        // As ZooKeeper's C client does: a DIGEST-MD5 re-authentication token from Cyrus's cache is dropped, so the
        // server starts a fresh exchange (the JDK's DIGEST-MD5 server mishandles re-authentication, JDK-6682540).
        if chosenMechanism == "DIGEST-MD5" { token = [] }
        if result == SASL_CONTINUE || !token.isEmpty { return Step(token: token, complete: false) }
        return Step(token: nil, complete: true)
    }

    /// The next token for the server's `challenge` (`sasl_client_step`).
    func step(challenge: [UInt8]) throws(Failure) -> Step {
        guard let connection else { throw Failure(code: SASL_BADPROT, message: "the SASL session was disposed") }
        var output: UnsafePointer<CChar>?
        var outputLength: UInt32 = 0
        let result = challenge.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                sasl_client_step(connection, chars.baseAddress, UInt32(chars.count), nil, &output, &outputLength)
            }
        }
        guard result == SASL_OK || result == SASL_CONTINUE else {
            throw failure(result, during: "answering the server's challenge")
        }
        let token = Self.bytes(output, outputLength)
        if result == SASL_CONTINUE { return Step(token: token, complete: false) }
        return Step(token: token.isEmpty ? nil : token, complete: true)
    }

    /// Releases the Cyrus connection and wipes the password. Safe to call twice.
    func dispose() {
        if connection != nil { sasl_dispose(&connection) }
        connection = nil
        if let identity { zk_sasl_identity_free(identity) }
        identity = nil
        if let gssCredentials { zk_gss_release(gssCredentials) }
        gssCredentials = nil
    }

    private func failure(_ result: Int32, during what: String) -> Failure {
        let detail = connection.flatMap { sasl_errdetail($0) }.map { String(cString: $0) } ?? ""
        let base = "SASL \(mechanism) failed \(what): \(Self.errorString(result))"
        switch result {
        case SASL_NOMECH where mechanism != "GSSAPI":
            return Failure(
                code: result,
                message: "the SASL mechanism \(mechanism) is not available: install libsasl2-modules "
                    + "(Cyrus SASL's plugins)")
        case SASL_NOMECH where mechanism == "GSSAPI":
            return Failure(
                code: result,
                message: "the SASL mechanism GSSAPI is not available: install libsasl2-modules-gssapi-mit "
                    + "(Cyrus SASL's Kerberos plugin)")
        case _ where mechanism == "GSSAPI":
            return Failure(code: result, message: KerberosFailure.message(base, detail: detail))
        default:
            return Failure(code: result, message: base + (detail.isEmpty ? "" : " (\(detail))"))
        }
    }

    private static func bytes(_ pointer: UnsafePointer<CChar>?, _ length: UInt32) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
    }

    static func errorString(_ result: Int32) -> String {
        sasl_errstring(result, nil, nil).map { String(cString: $0) } ?? "SASL error \(result)"
    }
}

/// `sasl_client_init` runs once per process (Swift initialises a global `let` exactly once, thread-safely), after
/// pthread mutexes are installed for Cyrus and its plugins (its defaults do not lock).
private enum SASLLibrary {
    static let initialized: Int32 = zk_sasl_client_init()
}
