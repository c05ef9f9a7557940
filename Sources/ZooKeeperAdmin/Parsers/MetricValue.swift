/// One `mntr` value: integer counters, float averages, or the three strings
/// (`zk_version`, `zk_server_state`, `zk_peer_state`).
///
/// Integers stay `Int64` so large counters never lose precision through `Double`.
public enum MetricValue: Hashable, Sendable, CustomStringConvertible, Codable {
    case int(Int64)
    case double(Double)
    case string(String)

    /// Types a raw `mntr` value: integer first, then float, else string.
    public init(parsing text: some StringProtocol) {
        if let value = text.utf8.withContiguousStorageIfAvailable(Self.plainInteger) ?? nil {
            self = .int(value)
        } else {
            self.init(reading: Substring(text))
        }
    }

    /// The same reading of a value's UTF-8 bytes, as the `mntr` parse has them: a plain integer (most of a reply's
    /// values are counters) is read without making a string.
    init(parsing bytes: UnsafeBufferPointer<UInt8>) {
        if let value = Self.plainInteger(bytes) {
            self = .int(value)
        } else {
            self.init(reading: Substring(String(decoding: bytes, as: UTF8.self)))
        }
    }

    /// The general reading, for what is not a plain integer: trimmed, then integer, float, else string.
    private init(reading text: Substring) {
        let trimmed = text.trimmingWhitespace()
        if let value = Int64(trimmed) {
            self = .int(value)
        } else if let value = Double(trimmed), value.isFinite, trimmed.contains(where: { $0.isNumber }) {
            self = .double(value)
        } else {
            self = .string(String(trimmed))
        }
    }

    /// The integer spelled by `bytes` alone (an optional `-`, then 1 to 18 ASCII digits, so it cannot overflow), or
    /// nil for anything else (spaces, a sign `+`, a fraction, a longer number), which the general reading handles.
    static func plainInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = bytes.first == 0x2D
        var index = negative ? 1 : 0
        let digits = bytes.count - index
        guard digits > 0, digits <= 18 else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// The value as an integer when it is one (floats with no fraction count too).
    public var int64: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.rounded() == value, abs(value) < 9.0e18 else { return nil }
            return Int64(value)
        case .string: return nil
        }
    }

    /// The value as a number, for averages and ratios.
    public var double: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .string: return nil
        }
    }

    /// The value as text (only strings).
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        }
    }

    /// Decodes the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .string(value ? "true" : "false")
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes as a plain JSON value, the form scripts read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
