/// A password or key passphrase, kept out of every description, log line and error message.
///
/// zkscope reads secrets from files (`--sasl-password-file`, a JAAS file, a client properties file) and never
/// from the command line, where other users could see them in the process list.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only where it is handed to a library.
    public let value: String

    /// Wraps a secret value.
    public init(_ value: String) { self.value = value }

    /// Always `<redacted>`: printing a value that holds a secret never shows it.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}
