import Testing

@testable import FleetService

@Suite struct ListenAddressTests {
    @Test func parsesHostAndPort() {
        #expect(ListenAddress(parsing: "127.0.0.1:9464") == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(ListenAddress(parsing: "localhost:0") == ListenAddress(host: "localhost", port: 0))
        #expect(ListenAddress(parsing: "[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(ListenAddress(parsing: "[::1]:9464")?.description == "[::1]:9464")
    }

    @Test func refusesWhatCannotBeBound() {
        for bad in ["9464", ":9464", "host:", "host:65536", "host:-1", "::1:9464", "[::1]9464", "host:x"] {
            #expect(ListenAddress(parsing: bad) == nil, "\(bad)")
        }
    }
}
