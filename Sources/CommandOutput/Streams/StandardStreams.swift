import TUIKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output for whole texts (a report, a listing): written at once through a checked
/// `OutputWriter`, ending the command as `failure` says when the write fails.
public enum StandardOutput {
    /// Writes `text` (a newline is added) and flushes.
    public static func line(_ text: String, failure: OutputFailure) {
        let writer = OutputWriter()
        do {
            try writer.write(text)
            try writer.write("\n")
            try writer.flush()
        } catch {
            failure.exit(error)
        }
    }
}

/// Standard error for messages: each line goes through `TextSanitizer`, so a path, a server's reply or a
/// user's argument quoted in a message cannot reach the terminal raw, and a failed write is ignored
/// (there is nowhere left to report it; `FileHandle.write` would trap).
public enum StandardError {
    /// Writes one message; each of its lines is sanitized.
    public static func line(_ message: String) {
        let writer = OutputWriter(descriptor: 2)
        try? writer.write(text(message))
        try? writer.flush()
    }

    /// What ``line(_:)`` writes for `message`: each line sanitized, a newline at the end.
    public static func text(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextSanitizer.visible(String($0)) }.joined(separator: "\n") + "\n"
    }
}
