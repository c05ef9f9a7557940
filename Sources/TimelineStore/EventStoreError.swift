/// Why the timeline database could not be opened, read or written: one line naming the file, the cause and
/// the fix, for `history`, `serve` and the dashboard's status line.
///
/// A struct with an extensible ``Code`` (as postgres-nio's `PSQLError`), so a new cause is not a breaking change.
public struct EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently (the dashboard stops reading a damaged file).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The state directory could not be created or is unsafe (someone else's, writable by others).
        public static let directory = Code("directory")
        /// The file is a symbolic link, not a regular file, someone else's, or hard-linked: not used.
        public static let unsafeFile = Code("unsafe-file")
        /// The file is not an SQLite database or is damaged: move it aside.
        public static let damaged = Code("damaged")
        /// A newer zkscope wrote a schema this one does not know.
        public static let newerSchema = Code("newer-schema")
        /// Anything else SQLite or the system refused (permissions, disk full, locked too long).
        public static let failed = Code("failed")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The database file concerned.
    public var path: String
    /// The whole line for a human: file, cause, fix.
    public var message: String

    /// An error with its line.
    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { message }

    /// The error for a damaged or foreign file, with the fix (the `-wal`/`-shm` files go with it).
    static func damaged(_ path: String, cause: String) -> EventStoreError {
        EventStoreError(
            code: .damaged, path: path,
            message: "timeline database \(path) is unreadable (\(cause)): move it aside "
                + "(mv \(path) \(path).broken, and its -wal and -shm files if present); "
                + "zkscope serve then starts a new one")
    }
}
