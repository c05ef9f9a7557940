import Foundation
import Testing
import ZooKeeperTLS

/// zkCli's `-client-configuration` file, read as Java properties.
@Suite struct ClientConfigFileTests {
    @Test func javaPropertiesSyntax() {
        let text = """
            # a comment
            ! another comment
            zookeeper.client.secure=true
              zookeeper.ssl.keyStore.location : /etc/zk/client.p12
            zookeeper.ssl.keyStore.password s3cret
            zookeeper.ssl.trustStore.location=/etc/zk/\\
                ca.pem
            escaped\\=key=a\\tb\\u0041
            unknown.key=ignored
            """
        let file = ClientConfigFile(path: "client.properties", text: text)
        #expect(file["zookeeper.client.secure"] == "true")
        #expect(file["zookeeper.ssl.keyStore.location"] == "/etc/zk/client.p12")
        #expect(file["zookeeper.ssl.keyStore.password"] == "s3cret")
        #expect(file["zookeeper.ssl.trustStore.location"] == "/etc/zk/ca.pem")
        #expect(file["escaped=key"] == "a\tbA")
        #expect(file.lines["zookeeper.ssl.trustStore.location"] == 6)
        #expect(file.isSecure)
        #expect(file.hostnameVerification)
    }

    @Test func settingsFromStores() throws {
        let text = """
            zookeeper.client.secure=true
            zookeeper.ssl.keyStore.location=/etc/zk/client.p12
            zookeeper.ssl.keyStore.password=s3cret
            zookeeper.ssl.keyStore.type=PKCS12
            zookeeper.ssl.trustStore.location=/etc/zk/ca.pem
            zookeeper.ssl.trustStore.type=PEM
            """
        let settings = try ClientConfigFile(path: "c", text: text).tlsSettings()
        #expect(settings?.trust == .file(path: "/etc/zk/ca.pem", password: nil))
        #expect(settings?.identity == .pkcs12(path: "/etc/zk/client.p12", password: Secret("s3cret")))
        let pem = try ClientConfigFile(path: "c", text: "zookeeper.ssl.keyStore.location=/k.pem\n").tlsSettings()
        #expect(pem?.identity == .pem(certificate: "/k.pem", key: "/k.pem", password: nil))
        #expect(pem?.trust == .system)
    }

    @Test func hostnameVerificationCanBeTurnedOff() throws {
        let text = "zookeeper.client.secure=true\nzookeeper.ssl.hostnameVerification=false\n"
        let settings = try ClientConfigFile(path: "c", text: text).tlsSettings()
        #expect(settings?.verifyHostname == false)
        #expect(settings?.trust == .system)
        let on = try ClientConfigFile(path: "c", text: "zookeeper.client.secure=true\n").tlsSettings()
        #expect(on?.verifyHostname == true)
    }

    @Test func plaintextWhenNothingSaysTLS() throws {
        #expect(try ClientConfigFile(path: "c", text: "zookeeper.client.secure=false\n").tlsSettings() == nil)
    }

    @Test func jksIsRefusedWithTheConversionAndTheLine() {
        let text = "zookeeper.client.secure=true\nzookeeper.ssl.trustStore.location=/etc/zk/trust.jks\n"
        #expect {
            try ClientConfigFile(path: "client.properties", text: text).tlsSettings()
        } throws: { error in
            guard let error = error as? ClientConfigFile.ParseError else { return false }
            return error.line == 2 && error.description.hasPrefix("client.properties:2: ")
                && error.message.contains("keytool -importkeystore -srckeystore /etc/zk/trust.jks")
                && error.message.contains("-deststoretype PKCS12")
        }
    }

    @Test func unknownStoreTypeNamesTheLine() {
        let text = "zookeeper.ssl.keyStore.location=/k\nzookeeper.ssl.keyStore.type=BKS\n"
        #expect(throws: ClientConfigFile.ParseError.self) {
            try ClientConfigFile(path: "c", text: text).tlsSettings()
        }
    }

    @Test func unreadableFile() {
        #expect(throws: ClientConfigFile.ParseError.self) {
            try ClientConfigFile(contentsOf: "/nonexistent/client.properties")
        }
    }
}
