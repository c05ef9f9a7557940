import Foundation

/// The real ZooKeeper 3.8 replies the simulated members replay: every four-letter word the monitor asks and the
/// AdminServer endpoints it reads, captured from a loaded 3-member Debian ensemble (leader myid 3, follower
/// myid 1; `shared/zookeeper-facts` beside the project, copied verbatim into `Captures/`).
public struct CapturedReplies: Sendable {
    /// One role's replies by name: `srvr`, `mntr`, …, and `admin/zabstate`, `admin/leader`, ….
    public let leader: [String: String]
    /// The follower's replies, named the same way.
    public let follower: [String: String]

    /// The words a simulated member answers (any other word gets 0 bytes, as ZooKeeper answers one it does not
    /// know).
    public static let words = ["srvr", "mntr", "conf", "isro", "envi", "cons", "dump", "hash", "wchs", "ruok"]
    /// The AdminServer commands a simulated member answers; others get ZooKeeper's `Unknown command` error.
    public static let adminCommands = ["zabstate", "leader", "voting_view", "server_stats"]

    /// Reads the captures shipped with this module.
    public static func bundled() throws -> CapturedReplies {
        guard let base = Bundle.module.url(forResource: "Captures", withExtension: nil) else {
            throw MissingCapture(name: "Captures/")
        }
        func load(_ role: String) throws -> [String: String] {
            var replies: [String: String] = [:]
            for word in words {
                replies[word] = try read(base.appendingPathComponent("\(role)-\(word).txt"))
            }
            for command in adminCommands {
                replies["admin/" + command] = try read(base.appendingPathComponent("\(role)-\(command).json"))
            }
            return replies
        }
        return CapturedReplies(leader: try load("leader"), follower: try load("follower"))
    }

    private static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MissingCapture(name: url.lastPathComponent)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A capture file is missing from the module's resources (a broken build).
    public struct MissingCapture: Error, CustomStringConvertible {
        /// The file.
        public var name: String
        /// What went wrong.
        public var description: String { "simulated member capture \(name) is missing from the build" }
    }
}
