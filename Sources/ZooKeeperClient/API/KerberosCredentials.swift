/// Where a SASL GSSAPI (Kerberos) session gets its tickets: a keytab with a principal (what a service account
/// has), or a ticket cache filled by `kinit` (`KRB5CCNAME` or the default cache).
///
/// The credentials are acquired through MIT's GSS-API and handed to Cyrus SASL's GSSAPI plugin. With a keytab,
/// MIT's client-keytab initiation keeps the tickets in a private in-memory cache of this process and gets new ones
/// before they expire, so every reconnect authenticates with a valid ticket; a ticket cache is used as it is
/// (renew it with `kinit -R` or `kinit`). The KDC and realm come from `krb5.conf` (`KRB5_CONFIG`).
public struct KerberosCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The client principal (`client@EXAMPLE.COM`); nil takes the ticket cache's default principal.
    public var principal: String?
    /// The keytab holding the principal's keys; nil uses a ticket cache.
    public var keytab: String?
    /// The ticket cache (`FILE:/tmp/krb5cc_1000`); nil is the default (`KRB5CCNAME`). Ignored with a keytab,
    /// which fills a private in-memory cache instead.
    public var ticketCache: String?

    /// Makes Kerberos credentials.
    public init(principal: String? = nil, keytab: String? = nil, ticketCache: String? = nil) {
        self.principal = principal
        self.keytab = keytab
        self.ticketCache = ticketCache
    }

    /// The cache the GSS-API is given: a keytab's tickets go into one in-memory cache per principal and keytab,
    /// shared by this process's sessions (one trip to the KDC, not one per connection).
    var cacheName: String? {
        guard let keytab else { return ticketCache }
        var hasher = FNV1a()
        hasher.add(keytab)
        hasher.add(principal ?? "")
        return "MEMORY:zkscope-\(hasher.value)"
    }

    /// `client@EXAMPLE.COM from keytab /etc/zk.keytab`, or `the ticket cache`.
    public var description: String {
        let who = principal ?? "the default principal"
        if let keytab { return "\(who) from keytab \(keytab)" }
        return "\(who) from the ticket cache \(ticketCache ?? "(KRB5CCNAME or the default)")"
    }
}

/// A stable 64-bit hash (Swift's `Hasher` is seeded per process; this name only needs to be stable within one).
private struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        value ^= 0xff
        value &*= 0x100_0000_01b3
    }
}
