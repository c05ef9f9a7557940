/// Curator's "protected" znode names: `_c_<uuid>-<name>`.
///
/// A sequential create whose reply is lost (connection loss after the server applied it) leaves a
/// node the client cannot name. Curator puts a random UUID in front of the name, so after such a loss
/// it lists the parent and finds its node by that prefix instead of creating a second one (which
/// would wait on itself forever). Our recipes use the same layout so Curator and zkscope read each
/// other's nodes.
public enum ProtectedName {
    /// The prefix before the UUID.
    public static let marker = "_c_"
    /// `_c_` + 36 characters of canonical UUID + `-`.
    public static let prefixLength = 3 + 36 + 1

    /// `_c_<id>-`: what a node created under protection `id` starts with.
    public static func prefix(id: String) -> String { marker + id + "-" }

    /// `_c_<id>-<name>`.
    public static func make(_ name: String, id: String) -> String { prefix(id: id) + name }

    /// The UUID of a protected name, or nil if `name` is not protected (Curator also insists on a
    /// well-formed UUID, so `_c_garbage-lock-` is an ordinary name).
    public static func id(of name: String) -> String? {
        let characters = Array(name.utf8)
        guard characters.count > prefixLength, name.hasPrefix(marker),
            characters[prefixLength - 1] == UInt8(ascii: "-")
        else { return nil }
        let candidate = String(decoding: characters[3..<(prefixLength - 1)], as: UTF8.self)
        return isUUID(candidate) ? candidate : nil
    }

    /// The name without its protection prefix (unchanged if not protected).
    public static func normalize(_ name: String) -> String {
        guard id(of: name) != nil else { return name }
        return String(decoding: Array(name.utf8)[prefixLength...], as: UTF8.self)
    }

    /// Whether `text` is a canonical 8-4-4-4-12 hex UUID (either case, like `UUID.fromString`).
    public static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !isHexDigit(byte) {
                return false
            }
        }
        return true
    }

    /// A fresh random (version 4) UUID in Java's lowercase canonical form, without Foundation.
    public static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
