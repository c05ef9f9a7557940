import Testing

@testable import ZooKeeperClient

/// JAAS files as operators write them: comments, quoting, several sections and modules, odd spacing.
@Suite struct JAASConfigurationTests {
    @Test func theClientSectionOpsAlreadyHave() throws {
        let text = """
            Client { org.apache.zookeeper.server.auth.DigestLoginModule required username="bob" password="bobsecret"; };
            """
        let credentials = try JAASConfiguration(parsing: text).saslCredentials()
        #expect(credentials.user == "bob")
        #expect(credentials.password.value == "bobsecret")
        #expect(credentials.mechanism == "DIGEST-MD5")
        #expect(credentials.service == "zookeeper")
        #expect(credentials.host == "zk-sasl-md5")
        #expect(!"\(credentials)".contains("bobsecret"))
    }

    @Test func commentsSeveralSectionsAndEscapes() throws {
        let text = """
            /* The server's own section, next to the client's.
               Client { fake } inside a comment is ignored. */
            Server {
              org.apache.zookeeper.server.auth.DigestLoginModule required
              user_super="adminsecret"   // a trailing comment
              user_bob="bobsecret";
            };
            # a hash comment line
            Client{org.apache.zookeeper.server.auth.DigestLoginModule   REQUIRED
                username = "bob"
                password="p\\"w;}{//x";};
            Other {
              org.apache.zookeeper.server.auth.DigestLoginModule optional username=alice password=a/b#c;
            };
            """
        let file = try JAASConfiguration(parsing: text)
        #expect(file.sections.map(\.name) == ["Server", "Client", "Other"])
        #expect(file.section(named: "Server")?.modules.first?.option("user_bob") == "bobsecret")
        let client = try file.saslCredentials()
        #expect(client.user == "bob")
        #expect(client.password.value == "p\"w;}{//x")
        #expect(file.section(named: "Client")?.modules.first?.flag == "required")
        let other = try file.saslCredentials(section: "Other")
        #expect(other.user == "alice")
        #expect(other.password.value == "a/b#c")
    }

    @Test func aFileWithoutAClientSectionNamesWhatItHas() throws {
        let text = "Server { org.apache.zookeeper.server.auth.DigestLoginModule required user_bob=\"s3cret\"; };"
        do {
            _ = try JAASConfiguration(parsing: text).saslCredentials()
            Issue.record("a missing section was accepted")
        } catch {
            #expect(error.message.contains("no Client section"))
            #expect(error.message.contains("it has: Server"))
            #expect(error.message.contains("--jaas-section"))
            #expect(!error.message.contains("s3cret"))
        }
    }

    @Test func aKerberosKeytabSectionBecomesGSSAPI() throws {
        let text = """
            Client {
              com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true keyTab="/etc/zk.keytab"
              storeKey=true useTicketCache=false
              principal="zkcli@EXAMPLE.COM";
            };
            """
        let credentials = try JAASConfiguration(parsing: text).saslCredentials()
        #expect(credentials.mechanism == "GSSAPI")
        #expect(credentials.service == "zookeeper")
        #expect(credentials.host.isEmpty)  // the member's own connect host
        #expect(credentials.kerberos == KerberosCredentials(principal: "zkcli@EXAMPLE.COM", keytab: "/etc/zk.keytab"))
        #expect("\(credentials)".contains("zkcli@EXAMPLE.COM from keytab /etc/zk.keytab"))
    }

    @Test func aKerberosTicketCacheSection() throws {
        let text = """
            Client { com.sun.security.auth.module.Krb5LoginModule required useTicketCache=true
                     ticketCache="/tmp/krb5cc_1000"; };
            """
        let credentials = try JAASConfiguration(parsing: text).saslCredentials()
        #expect(credentials.kerberos == KerberosCredentials(ticketCache: "FILE:/tmp/krb5cc_1000"))
        let plain = "Client { com.sun.security.auth.module.Krb5LoginModule required useTicketCache=true; };"
        #expect(try JAASConfiguration(parsing: plain).saslCredentials().kerberos == KerberosCredentials())
    }

    @Test func kerberosSectionsThatWouldPromptAreRefused() throws {
        let cases = [
            ("Client { com.sun.security.auth.module.Krb5LoginModule required principal=\"a@B\"; };", "never asks"),
            (
                "Client { com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true principal=\"a@B\"; };",
                "without keyTab"
            ),
            (
                "Client { com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true keyTab=\"/k\"; };",
                "without principal"
            ),
        ]
        for (text, words) in cases {
            do {
                _ = try JAASConfiguration(parsing: text).saslCredentials()
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.message.contains(words), "\(error.message)")
            }
        }
    }

    @Test func anotherLoginModuleIsNamed() throws {
        let text = "Client { com.example.OtherLoginModule required; };"
        do {
            _ = try JAASConfiguration(parsing: text).saslCredentials()
            Issue.record("an unknown login module was accepted")
        } catch {
            #expect(error.message.contains("com.example.OtherLoginModule"))
            #expect(error.message.contains("Krb5LoginModule"))
        }
    }

    @Test func missingOptionsAreNamed() throws {
        let noPassword = "Client { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"bob\"; };"
        #expect(throws: JAASConfiguration.Failure.self) { try JAASConfiguration(parsing: noPassword).saslCredentials() }
        let noUser = "Client { org.apache.zookeeper.server.auth.DigestLoginModule required password=\"x\"; };"
        do {
            _ = try JAASConfiguration(parsing: noUser).saslCredentials()
        } catch {
            #expect(error.message.contains("no username"))
        }
    }

    @Test func syntaxErrorsGiveALineAndNeverAValue() {
        let cases: [(String, String)] = [
            (
                "Client {\n org.apache.zookeeper.server.auth.DigestLoginModule required password=\"topsecret\"\n",
                "does not end"
            ),
            ("Client {\n X required password=\"topsecret\"; }\n", "expected `;` after the `}`"),
            ("Client {\n X required password=\"topsecret;\n};", "not closed"),
            ("Client \n X required;", "line 2"),
            ("Client { X required password \"topsecret\"; };", "expected `=`"),
            ("Client { X; };", "control flag"),
        ]
        for (text, expected) in cases {
            do {
                _ = try JAASConfiguration(parsing: text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(!error.message.contains("topsecret"))
            }
        }
    }

    @Test func anEmptyFileHasNoSections() throws {
        #expect(try JAASConfiguration(parsing: "  // nothing\n").sections.isEmpty)
    }
}

/// The SASL keys of a zkCli client properties file.
@Suite struct SASLClientPropertiesTests {
    @Test func defaultsAreOnWithTheClientSection() {
        #expect(SASLClientProperties([:]) == SASLClientProperties(enabled: true, section: nil))
    }

    @Test func sectionAndSwitch() {
        let named = SASLClientProperties(["zookeeper.sasl.clientconfig": " ZKClient ", "zookeeper.sasl.client": "true"])
        #expect(named.enabled)
        #expect(named.section == "ZKClient")
        #expect(!SASLClientProperties(["zookeeper.sasl.client": "FALSE "]).enabled)
        #expect(SASLClientProperties(["zookeeper.sasl.clientconfig": ""]).section == nil)
    }
}
