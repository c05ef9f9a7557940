import Foundation

/// The `zkscope` executable a benchmark drives (`zkscope tree` for its memory, the dashboard in tmux): the one
/// built next to the running benchmark binary, so `zkscope-bench` measures the build it came from.
public enum ZKScopeBinary {
    /// The path of `zkscope` beside this executable (`/proc/self/exe`, links resolved).
    ///
    /// Throws when it is missing, with the command that builds it: a benchmark must not measure some other
    /// `zkscope` found on `PATH`.
    public static func path() throws -> String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = URL(fileURLWithPath: me).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("zkscope").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw MissingBinary(path: candidate)
        }
        return candidate
    }

    /// `zkscope` is not built next to the benchmark.
    public struct MissingBinary: Error, CustomStringConvertible {
        /// Where it was looked for.
        public var path: String
        /// What to do.
        public var description: String {
            "\(path) not found: build it first (swift build -c release --product zkscope, or make bench)"
        }
    }
}
