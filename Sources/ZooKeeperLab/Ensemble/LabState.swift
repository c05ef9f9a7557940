import Foundation

/// The lab's state file (`lab.json` in the lab directory), so another process (`zkscope lab status`,
/// `lab down`) can find the members and stop them by PID.
public struct LabState: Codable, Sendable, Equatable {
    /// The lab directory, absolute.
    public var directory: String
    /// "127.0.0.1:p1,127.0.0.1:p2,...".
    public var connectString: String
    /// Every member, with its PID when last known.
    public var members: [LabMember]
    /// How the lab is secured (nil in state files of labs without TLS or SASL, and of older labs).
    public var security: LabSecurity?

    /// The file name inside the lab directory.
    public static let fileName = "lab.json"

    /// Reads `lab.json` from a lab directory.
    public static func load(directory: String) throws -> LabState {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("no lab state at \(path)")
        }
        do {
            return try JSONDecoder().decode(LabState.self, from: data)
        } catch {
            throw LabError("unreadable lab state at \(path): \(error)")
        }
    }

    /// Writes `lab.json` atomically.
    func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        try data.write(to: URL(fileURLWithPath: directory + "/" + LabState.fileName), options: .atomic)
    }
}
