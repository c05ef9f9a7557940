import EnsembleMonitor
import Foundation
import ZooKeeperClient

/// The words `zkscope tree` puts on stderr: why a walk or a connection failed, and which node was too
/// large to read and how to read it anyway. Plain text; `StandardError` sanitizes it on the way out.
public enum TreeMessages {
    /// A client or walk error in one line: a failed connect says why the last attempt failed (the client's
    /// typed `connectFailure`: refused, TLS with its fix, ...), other timeouts say that nothing answered in time.
    public static func explain(_ error: any Error) -> String {
        if let sasl = SASLMessages.explain(error) { return sasl }
        if let error = error as? ZooKeeperError {
            if let failure = error.connectFailure {
                return error.code == .operationTimeout
                    ? "not connected within the timeout (last attempt: \(failure.reason))" : failure.reason
            }
            switch error.code {
            case .operationTimeout: return "no answer in time (\(error))"
            default: return error.description
            }
        }
        return String(describing: error)
    }

    /// The line for a node whose reply exceeded `--max-reply-size`: the node, the size, and the option that
    /// raises the limit (the client's own message names its configuration property instead).
    public static func tooLarge(_ path: String, _ error: ZooKeeperError) -> String {
        let message = error.message.replacingOccurrences(
            of: "ZooKeeperConfiguration.maxReplySize", with: "--max-reply-size")
        return "\(TreeTextFormatter.visible(path)): \(message); raise --max-reply-size to read it"
    }
}
