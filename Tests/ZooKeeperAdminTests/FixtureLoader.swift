import Foundation

/// Loads a captured reply from `Fixtures/` (copied from zookeeper-facts; real ZooKeeper 3.8.0 output).
enum Fixture {
    static func text(_ path: String) throws -> String {
        String(decoding: try data(path), as: UTF8.self)
    }

    static func data(_ path: String) throws -> Data {
        guard let base = Bundle.module.resourceURL else { throw FixtureMissing(path: path) }
        let url = base.appendingPathComponent("Fixtures").appendingPathComponent(path)
        return try Data(contentsOf: url)
    }

    struct FixtureMissing: Error { var path: String }
}
