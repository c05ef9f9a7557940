/// Why a lab operation failed. The text is meant to be read in a test failure, so it carries log tails.
public struct LabError: Error, CustomStringConvertible, Sendable {
    /// A one-line summary plus whatever context helps (member states, log tails).
    public var description: String

    /// Wraps a message.
    public init(_ description: String) { self.description = description }
}
