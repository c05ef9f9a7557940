/// Kerberos (SASL GSSAPI) on every member: the JAAS `Server` section uses `Krb5LoginModule` with the members'
/// service keytab instead of DIGEST-MD5 users, and each JVM reads the lab KDC's krb5.conf.
///
/// Members on one host share the service principal `zookeeper/127.0.0.1@REALM`, the name ZooKeeper's clients ask
/// for when they connect to 127.0.0.1.
public struct LabKerberos: Sendable, Equatable, Codable {
    /// The krb5.conf naming the realm's KDC (`LabKDC.krb5Conf`).
    public var krb5Conf: String
    /// The keytab holding the service principal's key.
    public var keytab: String
    /// The service principal with realm, e.g. `zookeeper/127.0.0.1@ZKSCOPE.LAB`.
    public var principal: String
    /// Members that log in as another service principal (with realm) than `principal`, from the keytab in
    /// `memberKeytabs`: they start, but refuse the tickets clients get for `principal` (a misconfigured member).
    public var memberPrincipals: [Int: String] = [:]
    /// The keytabs of the members in `memberPrincipals`.
    public var memberKeytabs: [Int: String] = [:]

    /// Kerberos with the service principal `principal` whose key is in `keytab`.
    public init(krb5Conf: String, keytab: String, principal: String) {
        self.krb5Conf = krb5Conf
        self.keytab = keytab
        self.principal = principal
    }

    /// The service principal and keytab of `kdc` for members on 127.0.0.1 (the principal must exist in it).
    public init(kdc: LabKDC, service: String = "zookeeper", host: String = "127.0.0.1") {
        self.init(
            krb5Conf: kdc.krb5Conf, keytab: kdc.keytab(of: "\(service)/\(host)"),
            principal: kdc.qualified("\(service)/\(host)"))
    }

    /// The JAAS `Server` section of member `id`.
    func serverSection(for id: Int) -> String {
        let principal = memberPrincipals[id] ?? principal
        let keytab = memberKeytabs[id] ?? keytab
        return """
            Server {
                com.sun.security.auth.module.Krb5LoginModule required
                useKeyTab=true
                keyTab="\(keytab)"
                storeKey=true
                useTicketCache=false
                isInitiator=false
                principal="\(principal)";
            };

            """
    }
}
