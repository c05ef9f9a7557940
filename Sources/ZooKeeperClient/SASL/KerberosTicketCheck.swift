import CSASL

/// Acquires Kerberos initiator credentials through MIT's GSS-API, for the GSSAPI mechanism session and for a
/// command's check before it connects (`check(_:)`): a keytab without the principal's key, an unknown principal,
/// an unreachable KDC, clock skew or an expired ticket is one line naming the fix, before any connection.
public enum KerberosTicketCheck {
    /// Why Kerberos credentials cannot be had: one line with the cause and the fix; never a key or a ticket.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line.
        public var message: String
        /// The line.
        public var description: String { message }
    }

    /// Acquired credentials (release with `zk_gss_release`) and their remaining lifetime in seconds.
    struct Acquired {
        var credentials: gss_cred_id_t
        var lifetimeSeconds: UInt32
    }

    /// Gets tickets for `credentials` now (from the keytab through the KDC, or from the ticket cache) and returns
    /// how long they remain valid. The call may wait on the KDC (krb5.conf's timeouts).
    public static func check(_ credentials: KerberosCredentials) throws(Failure) -> Duration {
        let acquired = try acquire(credentials)
        zk_gss_release(acquired.credentials)
        return .seconds(Int64(acquired.lifetimeSeconds))
    }

    static func acquire(_ credentials: KerberosCredentials) throws(Failure) -> Acquired {
        var handle: gss_cred_id_t?
        var lifetime: OM_uint32 = 0
        var error = [CChar](repeating: 0, count: 1024)
        let result = error.withUnsafeMutableBufferPointer { buffer in
            zk_gss_acquire(
                credentials.principal, credentials.keytab, credentials.cacheName, &handle, &lifetime,
                buffer.baseAddress, buffer.count)
        }
        guard result == 0, let handle else {
            let detail = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw Failure(
                message: KerberosFailure.message(
                    "cannot get Kerberos credentials for \(credentials)", detail: detail, keytab: credentials.keytab))
        }
        return Acquired(credentials: handle, lifetimeSeconds: lifetime)
    }
}
