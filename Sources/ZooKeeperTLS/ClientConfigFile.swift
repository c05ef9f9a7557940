import Foundation

/// The client properties file ZooKeeper's own CLI takes with `-client-configuration` (`zkCli.sh`), read so that
/// an operator's existing file works with `zkscope --client-config FILE` unchanged.
///
/// Java properties syntax: `#` and `!` comments, `key=value`, `key: value` and `key value`, a trailing `\`
/// continues the line, `\` escapes (`\t`, `\n`, `\uXXXX`, `\:`). Unknown keys are kept and ignored. Keys used:
/// `zookeeper.client.secure`, `zookeeper.ssl.keyStore.location/password/type`,
/// `zookeeper.ssl.trustStore.location/password/type` (PEM or PKCS12; JKS is refused with the conversion),
/// `zookeeper.ssl.hostnameVerification`.
public struct ClientConfigFile: Sendable {
    /// A malformed file or an unusable value: names the file and line.
    public struct ParseError: Error, Sendable, CustomStringConvertible, Equatable {
        /// The file.
        public var path: String
        /// The 1-based line, or 0 for the whole file.
        public var line: Int
        /// What is wrong and how to fix it.
        public var message: String

        /// `file:line: message`.
        public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
    }

    /// The file the properties came from.
    public var path: String
    /// Every property, last one wins.
    public var properties: [String: String]
    /// The line each property was defined on, for error messages.
    public var lines: [String: Int]

    /// Reads and parses a file; throws `ParseError` when it cannot be read.
    public init(contentsOf path: String) throws(ParseError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(path: path, line: 0, message: "cannot read the client configuration file")
        }
        self.init(path: path, text: String(decoding: data, as: UTF8.self))
    }

    /// Parses properties text.
    public init(path: String, text: String) {
        self.path = path
        var properties: [String: String] = [:]
        var lines: [String: Int] = [:]
        var logical = ""
        var startLine = 0
        var continuing = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if continuing {
                line = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
            } else {
                line = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
                startLine = offset + 1
                logical = ""
            }
            let trailingBackslashes = line.reversed().prefix(while: { $0 == "\\" }).count
            if trailingBackslashes % 2 == 1 {
                logical += line.dropLast()
                continuing = true
                continue
            }
            logical += line
            continuing = false
            let (key, value) = Self.split(logical)
            properties[key] = value
            lines[key] = startLine
        }
        if continuing {
            let (key, value) = Self.split(logical)
            properties[key] = value
            lines[key] = startLine
        }
        self.properties = properties
        self.lines = lines
    }

    /// Splits one logical line at the first unescaped `=`, `:` or whitespace.
    static func split(_ line: String) -> (String, String) {
        var key = ""
        var rest = Substring(line)
        var escaped = false
        while let character = rest.first {
            if escaped {
                key.append(character)
                escaped = false
                rest = rest.dropFirst()
                continue
            }
            if character == "\\" {
                escaped = true
                key.append(character)
                rest = rest.dropFirst()
                continue
            }
            if character == "=" || character == ":" || character == " " || character == "\t" { break }
            key.append(character)
            rest = rest.dropFirst()
        }
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        if let first = rest.first, first == "=" || first == ":" {
            rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        }
        return (unescape(key), unescape(String(rest)))
    }

    /// Resolves Java properties escapes.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let next = iterator.next() else {
                if character != "\\" { result.append(character) }
                continue
            }
            switch next {
            case "t": result.append("\t")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "f": result.append("\u{0C}")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let digit = iterator.next() { hex.append(digit) } }
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                }
            default: result.append(next)
            }
        }
        return result
    }

    /// A property's value, or nil.
    public subscript(key: String) -> String? { properties[key] }

    /// `zookeeper.client.secure=true`.
    public var isSecure: Bool { properties["zookeeper.client.secure"]?.lowercased() == "true" }

    /// `zookeeper.ssl.hostnameVerification` (default true).
    public var hostnameVerification: Bool {
        properties["zookeeper.ssl.hostnameVerification"]?.lowercased() != "false"
    }

    /// The TLS settings the file describes, or nil when it does not turn TLS on and names no store.
    ///
    /// A key store of type PEM holds the certificate and the key in one file; PKCS12 is a bundle. A JKS store
    /// (by type or by its magic number) is refused with the `keytool` conversion command.
    public func tlsSettings() throws(ParseError) -> TLSSettings? {
        let keyStore = properties["zookeeper.ssl.keyStore.location"].flatMap { $0.isEmpty ? nil : $0 }
        let trustStore = properties["zookeeper.ssl.trustStore.location"].flatMap { $0.isEmpty ? nil : $0 }
        guard isSecure || keyStore != nil || trustStore != nil else { return nil }
        var settings = TLSSettings()
        settings.verifyHostname = hostnameVerification
        if let trustStore {
            let type = try storeType("zookeeper.ssl.trustStore", location: trustStore)
            if type == "PKCS12" {
                throw error(
                    "zookeeper.ssl.trustStore.location",
                    "a PKCS12 trust store is not supported; export its CA certificates with "
                        + "`openssl pkcs12 -in \(trustStore) -nokeys -out ca.pem` and set "
                        + "zookeeper.ssl.trustStore.location=ca.pem, zookeeper.ssl.trustStore.type=PEM")
            }
            settings.trust = .file(path: trustStore, password: secret("zookeeper.ssl.trustStore.password"))
        }
        if let keyStore {
            let type = try storeType("zookeeper.ssl.keyStore", location: keyStore)
            let password = secret("zookeeper.ssl.keyStore.password")
            settings.identity =
                type == "PKCS12"
                ? .pkcs12(path: keyStore, password: password)
                : .pem(certificate: keyStore, key: keyStore, password: password)
        }
        return settings
    }

    /// PEM or PKCS12 from the `.type` property, else from the file name; JKS throws.
    func storeType(_ prefix: String, location: String) throws(ParseError) -> String {
        let declared = properties["\(prefix).type"]?.uppercased()
        let lowered = location.lowercased()
        let guessed =
            lowered.hasSuffix(".p12") || lowered.hasSuffix(".pfx")
            ? "PKCS12" : lowered.hasSuffix(".jks") ? "JKS" : "PEM"
        let type = declared.flatMap { $0.isEmpty ? nil : $0 } ?? guessed
        let isJKS =
            type == "JKS"
            || FileManager.default.contents(atPath: location).map {
                TLSContextFactory.isJavaKeyStore(Array($0.prefix(4)))
            }
                == true
        if isJKS {
            let convert =
                "keytool -importkeystore -srckeystore \(location) -destkeystore store.p12 -deststoretype PKCS12"
            let then =
                prefix.hasSuffix("trustStore")
                ? "then openssl pkcs12 -in store.p12 -nokeys -out ca.pem and set \(prefix).location=ca.pem and "
                    + "\(prefix).type=PEM"
                : "then set \(prefix).location=store.p12 and \(prefix).type=PKCS12"
            throw error(
                "\(prefix).location",
                "\(location) is a Java KeyStore (JKS), which zkscope cannot read; convert it: \(convert), \(then)")
        }
        guard type == "PEM" || type == "PKCS12" else {
            throw error("\(prefix).type", "unknown store type \(type); use PEM or PKCS12")
        }
        return type
    }

    private func secret(_ key: String) -> Secret? {
        properties[key].flatMap { $0.isEmpty ? nil : Secret($0) }
    }

    private func error(_ key: String, _ message: String) -> ParseError {
        ParseError(
            path: path,
            line: lines[key] ?? lines["\(key.split(separator: ".").dropLast().joined(separator: ".")).location"] ?? 0,
            message: message)
    }
}
