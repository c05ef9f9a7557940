/// A configuration problem, located by file and line so an operator can go straight to it.
///
/// zkscope refuses to start half-configured: any malformed line stops it with one of these.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (or `--servers`) the text came from.
    public var file: String
    /// 1-based line number; 0 when the problem is the whole input.
    public var line: Int
    /// What is wrong, in one line.
    public var message: String

    /// Locates a problem.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the format editors and terminals link.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
