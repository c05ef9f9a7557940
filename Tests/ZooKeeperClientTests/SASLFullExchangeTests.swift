import CSASL
import Foundation
import Testing

@testable import ZooKeeperClient

extension CyrusSASLTests {
    /// Cyrus SASL's own DIGEST-MD5 server (with a sasldb made for the test) against the client session: the whole
    /// exchange completes for the right password, and the server refuses a wrong one. ZooKeeper's Java server is the
    /// integration tests' part; this pins the client's digest and its last step without one.
    @Suite struct SASLFullExchangeTests {
        /// Cyrus's server side, initialised once per process with a sasldb in a temporary directory.
        private static let server: (result: Int32, database: String) = {
            // One file, made by each test's sasl_setpass and removed when the test ends.
            let database = NSTemporaryDirectory() + "zkscope-sasldb-\(getpid())"
            let getopt:
                @convention(c) (
                    UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
                    UnsafeMutablePointer<UnsafePointer<CChar>?>?, UnsafeMutablePointer<UInt32>?
                ) -> Int32 = { context, _, option, result, length in
                    guard let option, let result, let context else { return SASL_FAIL }
                    let name = String(cString: option)
                    let value: UnsafePointer<CChar>
                    switch name {
                    case "sasldb_path": value = UnsafePointer(context.assumingMemoryBound(to: CChar.self))
                    case "auxprop_plugin": value = UnsafePointer(strdup("sasldb")!)
                    case "mech_list": value = UnsafePointer(strdup("DIGEST-MD5")!)
                    default: return SASL_FAIL
                    }
                    result.pointee = value
                    length?.pointee = UInt32(strlen(value))
                    return SASL_OK
                }
            let callbacks = UnsafeMutablePointer<sasl_callback_t>.allocate(capacity: 2)
            callbacks[0] = sasl_callback_t(
                id: UInt(SASL_CB_GETOPT), proc: unsafeBitCast(getopt, to: (@convention(c) () -> Int32).self),
                context: UnsafeMutableRawPointer(strdup(database)))
            callbacks[1] = sasl_callback_t(id: UInt(SASL_CB_LIST_END), proc: nil, context: nil)
            // The client side first, so Cyrus gets its thread-safe mutexes before either init.
            _ = try? SASLMechanismSession(mechanism: "DIGEST-MD5", service: "s", host: "h", user: "u", password: [])
            return (sasl_server_init(callbacks, "zkscope-tests"), database)
        }()

        /// A server connection for ZooKeeper's DIGEST-MD5 names, with `bob`/`bobsecret` in its sasldb.
        private func serverConnection() throws -> OpaquePointer {
            try #require(
                Self.server.result == SASL_OK,
                "sasl_server_init: \(SASLMechanismSession.errorString(Self.server.result))")
            var connection: OpaquePointer?
            let created = sasl_server_new("zookeeper", "zk-sasl-md5", "zk-sasl-md5", nil, nil, nil, 0, &connection)
            try #require(created == SASL_OK)
            let conn = try #require(connection)
            let set = sasl_setpass(conn, "bob", "bobsecret", 9, nil, 0, UInt32(SASL_SET_CREATE))
            try #require(set == SASL_OK, "sasl_setpass: \(String(cString: sasl_errdetail(conn)))")
            return conn
        }

        private func serverStep(_ conn: OpaquePointer, start: Bool, _ input: [UInt8]) -> (Int32, [UInt8]) {
            var output: UnsafePointer<CChar>?
            var length: UInt32 = 0
            let result = input.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    start
                        ? sasl_server_start(
                            conn, "DIGEST-MD5", chars.baseAddress, UInt32(chars.count), &output, &length)
                        : sasl_server_step(conn, chars.baseAddress, UInt32(chars.count), &output, &length)
                }
            }
            let bytes =
                output.map { pointer in
                    pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        Array(UnsafeBufferPointer(start: $0, count: Int(length)))
                    }
                } ?? []
            return (result, bytes)
        }

        private func exchange(password: String) throws -> (server: Int32, clientDone: Bool) {
            var conn: OpaquePointer? = try serverConnection()
            defer {
                sasl_dispose(&conn)
                try? FileManager.default.removeItem(atPath: Self.server.database)
            }
            let client = try SASLMechanismSession(
                mechanism: "DIGEST-MD5", service: "zookeeper", host: "zk-sasl-md5", user: "bob",
                password: Array(password.utf8))
            let first = try client.start()
            #expect(first == .init(token: [], complete: false))
            let (started, challenge) = serverStep(conn!, start: true, first.token ?? [])
            try #require(started == SASL_CONTINUE)
            let response = try client.step(challenge: challenge)
            #expect(!response.complete)
            // Cyrus's server answers with rspauth and SASL_CONTINUE (ZooKeeper's Java server is done at this point).
            let (stepped, rspauth) = serverStep(conn!, start: false, response.token ?? [])
            guard stepped == SASL_CONTINUE else { return (stepped, false) }
            let last = try client.step(challenge: rspauth)
            let (finished, _) = serverStep(conn!, start: false, [])
            return (finished, last.complete && last.token == nil)
        }

        @Test func theRightPasswordCompletesOnBothSides() throws {
            let outcome = try exchange(password: "bobsecret")
            #expect(outcome.server == SASL_OK)
            #expect(outcome.clientDone)
        }

        @Test func aWrongPasswordIsRefusedByTheServer() throws {
            let outcome = try exchange(password: "not-bobsecret")
            #expect(outcome.server == SASL_BADAUTH)
            #expect(!outcome.clientDone)
        }
    }
}
