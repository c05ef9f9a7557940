#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why standard output did not take our bytes.
public enum OutputError: Error, Equatable {
    /// The reader went away (`EPIPE`): `zkscope check --follow | head -n 1` once `head` has its line.
    case closed
    /// Any other write error: `ENOSPC` (a full disk, `> /dev/full`), `EIO`, `EBADF` (stdout closed).
    case failed(errno: Int32)

    /// Classifies a write's `errno`.
    public init(errno code: Int32) {
        self = code == EPIPE ? .closed : .failed(errno: code)
    }
}

/// What a command does when its output cannot be written, the same for every command.
///
/// A closed pipe ends the process at once and quietly, the way `yes | head -n 1` ends `yes`: killed by
/// SIGPIPE, exit status 141 (128 + 13) to the shell. Any other error is one line on stderr and the
/// command's failure status (3 UNKNOWN for `check`, 1 for the others): the output is incomplete, and a
/// script must not take it for a result.
public struct OutputFailure: Sendable {
    /// The prefix of the stderr line, e.g. `zkscope check`.
    public var command: String
    /// The exit status for errors other than a closed pipe.
    public var status: Int32

    /// A failure policy for one command.
    public init(command: String, status: Int32) {
        self.command = command
        self.status = status
    }

    /// `zkscope check`: UNKNOWN, the Nagios status for "could not tell".
    public static let check = OutputFailure(command: "zkscope check", status: 3)
    /// `zkscope tree`.
    public static let tree = OutputFailure(command: "zkscope tree", status: 1)

    /// Ends the process for `error`.
    public func exit(_ error: OutputError) -> Never {
        switch error {
        case .closed:
            Self.exitForClosedPipe()
        case .failed(let code):
            StandardError.line("\(command): cannot write the output: \(String(cString: strerror(code)))")
            Self.terminate(status)
        }
    }

    /// Exits as a program killed by SIGPIPE does, without a word (the reader is gone; nobody is listening).
    public static func exitForClosedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        _exit(141)
    }

    /// `exit(3)` without running Swift's async machinery again.
    public static func terminate(_ status: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }
}
