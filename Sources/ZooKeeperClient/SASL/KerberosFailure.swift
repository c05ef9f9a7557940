/// Turns what MIT Kerberos and Cyrus's GSSAPI plugin say into one line an operator acts on: the library's own
/// words are kept (they name the principal or realm) and the fix is added. Pure, so each case is unit-tested.
enum KerberosFailure {
    /// `what` (what failed), the library's `detail`, and the fix for the cause `detail` shows.
    /// `keytab`, when the credentials come from one, is named in the fix (MIT's texts never name it).
    static func message(_ what: String, detail: String, keytab: String? = nil) -> String {
        let words = detail.isEmpty ? "" : " (\(detail))"
        return "\(what)\(words): \(fix(for: detail, keytab: keytab))"
    }

    /// The fix for a GSS/krb5 error text.
    static func fix(for detail: String, keytab: String? = nil) -> String {
        let text = detail.lowercased()
        if text.contains("clock skew") {
            return "the clocks of this host, the KDC and the ZooKeeper member differ by more than the allowed skew "
                + "(5 minutes by default): synchronise them (NTP)"
        }
        if text.contains("server") && text.contains("not found in kerberos database") {
            return "the KDC has no service principal for this member: ZooKeeper's is zookeeper/<host as in the "
                + "connect string>; check the host, --sasl-service and the members' JAAS Server principal"
        }
        if text.contains("not found in kerberos database") {
            return "the KDC does not know this client principal: check --principal (name and realm) or create it "
                + "(kadmin addprinc)"
        }
        if text.contains("cannot contact any kdc") || text.contains("cannot find kdc")
            || text.contains("cannot resolve network address for kdc")
        {
            return "no KDC of the realm answered: check that the KDC runs and krb5.conf's [realms] kdc entry "
                + "(KRB5_CONFIG names the file)"
        }
        if text.contains("preauthentication failed") || text.contains("password incorrect")
            || text.contains("decrypt integrity check failed") || text.contains("wrong key")
        {
            return "the keytab's key does not match the KDC's (a wrong or stale keytab): export a fresh one "
                + "(kadmin ktadd -k FILE PRINCIPAL)"
        }
        if let keytab,
            text.contains("no key table entry found") || text.contains("no credentials cache")
                || text.contains("can't find client principal") || text.contains("key table file")
                || text.contains("unavailable or inaccessible")
        {
            return "the keytab \(keytab) holds no usable key for this principal (a wrong keytab, or the file is "
                + "missing or unreadable): check --keytab and --principal (`klist -k \(keytab)` lists its principals)"
        }
        if text.contains("no key table entry found") {
            return "the keytab holds no key for this principal: check --principal, or use that principal's keytab"
        }
        if text.contains("key table file") || text.contains("keytab") {
            return "the keytab cannot be read: check the path and that this user may read it"
        }
        if text.contains("expired") {
            return "the Kerberos ticket has expired: run kinit again (or use --keytab with --principal, which gets "
                + "new tickets by itself)"
        }
        if text.contains("no credentials cache") || text.contains("no kerberos credentials")
            || text.contains("credential cache") || text.contains("ccache")
        {
            return "there is no ticket in the cache: run kinit PRINCIPAL (KRB5CCNAME names the cache), or use "
                + "--keytab FILE --principal NAME"
        }
        if text.contains("realm") {
            return "check the principal's realm and krb5.conf's [realms] and default_realm (KRB5_CONFIG)"
        }
        return "check the Kerberos settings: the principal, the keytab or ticket cache, and krb5.conf (KRB5_CONFIG)"
    }
}
