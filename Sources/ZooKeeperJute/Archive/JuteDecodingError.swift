/// Why a jute record could not be read from a buffer.
///
/// Decoding never traps on bad input: a truncated, oversized or malformed field becomes one of these
/// values, so a hostile or buggy peer can at worst close its own connection.
public struct JuteDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The broad reason, so callers can tell "wait for more bytes" from "this peer is broken".
    public enum Kind: Hashable, Sendable {
        /// The buffer ended before the field did.
        case truncated
        /// A length prefix was below -1 (the only negative length jute allows is -1, meaning null).
        case negativeLength
        /// A length prefix announced more bytes or elements than the buffer could hold.
        case lengthTooLarge
        /// A field held a value the record does not allow (for example an unknown multi-op type).
        case invalidValue
    }

    /// The broad reason.
    public var kind: Kind
    /// The field or record being read, for error messages.
    public var field: String

    /// Makes an error for `field`.
    public init(_ kind: Kind, field: String) {
        self.kind = kind
        self.field = field
    }

    /// A one-line human description.
    public var description: String {
        switch kind {
        case .truncated: return "truncated jute data while reading \(field)"
        case .negativeLength: return "negative length while reading \(field)"
        case .lengthTooLarge: return "length larger than the data while reading \(field)"
        case .invalidValue: return "invalid value while reading \(field)"
        }
    }
}
