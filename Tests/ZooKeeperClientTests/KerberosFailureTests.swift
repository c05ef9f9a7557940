import Testing

@testable import ZooKeeperClient

/// MIT Kerberos's words (as KERBEROS.md recorded them from kazoo and Cyrus) each get the fix an operator needs.
@Suite struct KerberosFailureTests {
    @Test func eachCauseGetsItsFix() {
        let cases: [(String, String?, String)] = [
            ("Clock skew too great while getting initial credentials", nil, "synchronise them"),
            ("Client 'ghost@ZKSCOPE.TEST' not found in Kerberos database", "/k", "does not know this client principal"),
            ("Server zookeeper/nohost@ZKSCOPE.TEST not found in Kerberos database", nil, "no service principal"),
            ("Cannot contact any KDC for realm 'ZKSCOPE.TEST'", "/k", "no KDC of the realm answered"),
            (
                "No credentials were supplied, or the credentials were unavailable or inaccessible; "
                    + "Decrypt integrity check failed", "/k", "stale keytab"
            ),
            ("No credentials cache found", "/etc/client.keytab", "klist -k /etc/client.keytab"),
            ("Can't find client principal client@ZKSCOPE.TEST in cache collection", "/k", "wrong keytab"),
            ("No Kerberos credentials available (default cache: MEMORY:b)", nil, "run kinit"),
            ("Ticket expired", nil, "has expired"),
        ]
        for (detail, keytab, fix) in cases {
            let message = KerberosFailure.message("cannot get credentials", detail: detail, keytab: keytab)
            #expect(message.contains(fix), "\(message)")
            #expect(message.contains(detail))
        }
    }

    @Test func theKeytabCacheNameIsStableAndPrivate() {
        let one = KerberosCredentials(principal: "a@R", keytab: "/k")
        #expect(one.cacheName == KerberosCredentials(principal: "a@R", keytab: "/k").cacheName)
        #expect(one.cacheName != KerberosCredentials(principal: "b@R", keytab: "/k").cacheName)
        #expect(one.cacheName?.hasPrefix("MEMORY:zkscope-") == true)
        #expect(KerberosCredentials(ticketCache: "FILE:/c").cacheName == "FILE:/c")
        #expect(KerberosCredentials().cacheName == nil)
    }

    @Test func gssapiCredentialsAddressTheMember() {
        let sasl = SASLCredentials.kerberos(KerberosCredentials(principal: "c@R"), service: "zk")
        #expect(sasl.mechanism == "GSSAPI")
        #expect(sasl.service == "zk")
        #expect(sasl.host.isEmpty)
        #expect(SASLCredentials.kerberos(KerberosCredentials(), serverHost: "zk1.example").host == "zk1.example")
    }

    @Test func theServiceComesFromClientProperties() {
        #expect(SASLClientProperties(["zookeeper.sasl.client.username": " zk "]).service == "zk")
        #expect(SASLClientProperties([:]).service == nil)
    }
}
