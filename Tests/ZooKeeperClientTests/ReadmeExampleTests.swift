import Testing
import ZooKeeperClient

/// The README's example, kept here so it keeps compiling as the API evolves. It is not run (it
/// needs a server); the integration suites exercise the same calls against real ensembles.
@Suite struct ReadmeExampleTests {
    static func readmeExample() async throws {
        var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:2181,127.0.0.1:2182/myapp")
        configuration.sessionTimeout = .seconds(10)
        let client = try await ZooKeeperClient.connect(configuration)

        let events = client.watchEvents()  // subscribe before setting watches
        let states = client.connectionStates()  // .connected / .suspended / .lost
        _ = try await client.create("/config", data: Array("v1".utf8))
        let member = try await client.create("/members/m-", mode: .ephemeralSequential)
        let (data, stat) = try await client.getData("/config", watch: true)
        print(String(decoding: data, as: UTF8.self), stat.version, member)

        for await event in events {  // e.g. NodeDataChanged /config
            print(event.type, event.path)
            break
        }
        do {
            _ = try await client.setData("/config", data: Array("v2".utf8), version: 0)
        } catch {  // typed throws: `error` is a ZooKeeperError
            if error.code == .badVersion { print("someone else changed it first") }
        }
        await client.close()  // ends the session: its ephemeral nodes go at once
        _ = states
    }

    @Test func exampleConfigurationParses() throws {
        let configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:2181,127.0.0.1:2182/myapp")
        #expect(configuration.connectString.chroot == "/myapp")
        #expect(configuration.connectString.servers.count == 2)
    }
}
