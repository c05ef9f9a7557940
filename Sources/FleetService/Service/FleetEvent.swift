import CommandOutput
import EnsembleCore
import Foundation
import TimelineStore

/// One timeline event as `/api/v1/events` serves it: `check --follow`'s line (kind, members, message, code,
/// severity, from, to, evidence) plus the ensemble it happened in and its Unix time, so a client can page with
/// `?since=` the last `unix_time` it saw.
public struct FleetEvent: Encodable, Sendable {
    /// The ensemble's name.
    public var ensemble: String
    /// When `serve` saw the event, Unix seconds.
    public var unixTime: Double
    /// The same time, ISO 8601 UTC.
    public var time: String
    public var kind: String
    public var members: [String]
    public var message: String
    public var code: String?
    public var severity: String?
    public var from: String?
    public var to: String?
    public var evidence: [String: String]?

    /// The event of `ensemble` seen at `date`.
    public init(ensemble: String, date: Date, event: TimelineEvent) {
        let line = FollowPrinter.line(event, time: FollowPrinter.timestamp(date))
        self.ensemble = ensemble
        self.unixTime = date.timeIntervalSince1970
        self.time = line.time
        self.kind = line.kind
        self.members = line.members
        self.message = line.message
        self.code = line.code
        self.severity = line.severity
        self.from = line.from
        self.to = line.to
        self.evidence = line.evidence
    }

    /// An event read back from the persistent timeline.
    public init(stored: StoredEvent) {
        let date = Date(timeIntervalSince1970: stored.time)
        if let event = stored.event {
            self = FleetEvent(ensemble: stored.ensemble, date: date, event: event)
            return
        }
        self.ensemble = stored.ensemble
        self.unixTime = stored.time
        self.time = FollowPrinter.timestamp(date)
        self.kind = stored.kind
        self.members = stored.members
        self.message = stored.message
        self.code = stored.code
        self.severity = stored.severity
        self.evidence = stored.evidence
    }

    enum CodingKeys: String, CodingKey {
        case ensemble, time, kind, members, message, code, severity, from, to, evidence
        case unixTime = "unix_time"
    }
}
