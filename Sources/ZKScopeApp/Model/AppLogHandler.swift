import Foundation
import Logging
import TUIKit

/// The swift-log handler behind ``AppLog``: one line per event, `TIME LEVEL LABEL: message key=value…`.
///
/// Messages and metadata often quote the outside world (a server's reply, a znode path), so each is passed
/// through `TextSanitizer`: a newline cannot forge a second log line and an escape sequence cannot reach the
/// terminal of whoever runs `tail -f` on the log.
public struct AppLogHandler: LogHandler {
    /// The logger's label (`zkscope.client`, `zkscope.monitor`, …).
    public let label: String
    /// The file the lines go to.
    public let file: AppLog
    /// Events below this level are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every event of this logger.
    public var metadata: Logger.Metadata = [:]

    /// A handler writing `label`'s events to `log`.
    public init(label: String, file: AppLog) {
        self.label = label
        self.file = file
    }

    /// Metadata of this logger by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one event.
    public func log(event: LogEvent) {
        let merged = event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        file.append(
            Self.format(time: Date(), level: event.level, label: label, message: event.message, metadata: merged))
    }

    /// The line for one event, newline included; metadata sorted by key so lines diff cleanly.
    public static func format(
        time: Date, level: Logger.Level, label: String, message: Logger.Message, metadata: Logger.Metadata
    ) -> String {
        var text = "\(time.ISO8601Format()) \(level.rawValue) \(TextSanitizer.visible(label)): "
        text += TextSanitizer.visible(message.description)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            text += " \(TextSanitizer.visible(key))=\(TextSanitizer.visible(value.description))"
        }
        return text + "\n"
    }
}
