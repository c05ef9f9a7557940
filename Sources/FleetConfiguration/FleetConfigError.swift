/// Why a named ensemble or a connection setting cannot be used: one line naming where (the configuration file and
/// line, or the command-line option) and the fix.
public struct FleetConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration file, when the mistake is in one.
    public var file: String?
    /// The 1-based line in `file`; 0 when the whole file is meant.
    public var line: Int
    /// The cause and the fix.
    public var message: String

    /// An error at `file:line`, or on the command line when `file` is nil.
    public init(file: String? = nil, line: Int = 0, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, `FILE: message` or just the message.
    public var description: String {
        guard let file else { return message }
        return line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
