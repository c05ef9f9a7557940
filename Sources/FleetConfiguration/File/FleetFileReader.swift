import EnsembleMonitor
import TOMLKit
import TOMLSupport

/// Walks a parsed configuration file into ensemble entries, collecting every problem with its line.
struct FleetFileReader {
    let file: String
    let lines: TOMLLineIndex
    private(set) var problems: [FleetConfigError] = []

    static let ensembleKeys = [
        "servers", "zoo_cfg", "interval", "admin_port", "admin", "max_reply_size", "tls", "sasl", "auth",
    ]
    static let tlsKeys = [
        "enabled", "ca", "cert", "key", "key_password_file", "key_password_env", "server_name", "insecure",
        "client_config",
    ]
    static let saslKeys = ["user", "password_file", "password_env", "jaas", "jaas_section"]
    static let authKeys = ["scheme", "credentials_file", "credentials_env"]
    /// Keys that would hold a secret inline, with the keys to use instead.
    static let inlineSecrets = [
        "password": "password_file or password_env", "key_password": "key_password_file or key_password_env",
        "credentials": "credentials_file or credentials_env",
    ]

    init(file: String, lines: TOMLLineIndex) {
        self.file = file
        self.lines = lines
    }

    mutating func read(_ document: TOMLTable) -> [EnsembleEntry] {
        var defaults: TOMLTable?
        var ensembles: [(name: String, table: TOMLTable)] = []
        for (key, value) in document {
            switch key {
            case "defaults":
                guard let table = value.table else {
                    fail(lines.line(ofKey: key, inTable: ""), "\"defaults\" must be a [defaults] table")
                    continue
                }
                defaults = table
            case "ensembles":
                guard let table = value.table else {
                    fail(lines.line(ofKey: key, inTable: ""), "\"ensembles\" must hold [ensembles.NAME] tables")
                    continue
                }
                for (name, body) in table {
                    guard let body = body.table else {
                        fail(
                            lines.line(ofKey: name, inTable: "ensembles"),
                            "ensembles.\(name) must be a table: write [ensembles.\(name)] and its keys below it")
                        continue
                    }
                    ensembles.append((name, body))
                }
            default:
                let hint = Spelling.closest(to: key, in: ["defaults", "ensembles"]).map { " (did you mean \"\($0)\"?)" }
                fail(
                    value.table != nil ? lines.line(ofTable: key) : lines.line(ofKey: key, inTable: ""),
                    "unknown \(value.table != nil ? "section [\(key)]" : "key \"\(key)\"")\(hint ?? "") - "
                        + "expected [defaults] and [ensembles.NAME] tables")
            }
        }
        if ensembles.isEmpty, problems.isEmpty {
            fail(0, "names no ensemble: add an [ensembles.NAME] table with servers = \"host:port,...\"")
        }
        var entries: [EnsembleEntry] = []
        for (name, table) in ensembles {
            if let entry = ensemble(name: name, table: table, defaults: defaults) { entries.append(entry) }
        }
        return entries.sorted { $0.line < $1.line }
    }

    /// Whether a name can label metrics, events and `--ensemble`: letters, digits, `.`, `_`, `-`, up to 64.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64 else { return false }
        let allowed = { (c: Unicode.Scalar) in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "_"
                || c == "-"
        }
        return name.unicodeScalars.allSatisfy(allowed) && first != "." && first != "-"
    }

    private mutating func ensemble(name: String, table: TOMLTable, defaults: TOMLTable?) -> EnsembleEntry? {
        let tableName = "ensembles.\(name)"
        let line = lines.line(ofTable: tableName)
        guard Self.isValidName(name) else {
            fail(
                line,
                "ensemble name \"\(name)\" must be letters, digits, '.', '_' or '-' (at most 64; it labels metrics)")
            return nil
        }
        var entry = EnsembleEntry(name: name, line: line, origin: origin(tableName))
        if let defaults {
            for key in ["servers", "zoo_cfg"] where defaults[key] != nil {
                fail(
                    lines.line(ofKey: key, inTable: "defaults"),
                    "\(key) belongs in an [ensembles.NAME] table, not in [defaults]")
            }
            apply(defaults, table: "defaults", to: &entry)
        }
        apply(table, table: tableName, to: &entry)
        if table["servers"] == nil, table["zoo_cfg"] == nil {
            fail(line, "ensemble \(name) names no members: add servers = \"host:port,...\" or zoo_cfg = \"PATH\"")
        }
        if entry.servers != nil, !entry.zooCfg.isEmpty {
            fail(
                lines.line(ofKey: "servers", inTable: tableName), "ensemble \(name): give servers or zoo_cfg, not both")
        }
        if let problem = entry.tls.validationProblem() {
            fail(lines.line(ofTable: tableName + ".tls"), "ensemble \(name): \(problem)")
        }
        if let problem = entry.sasl.validationProblem() {
            fail(lines.line(ofTable: tableName + ".sasl"), "ensemble \(name): \(problem)")
        }
        return entry
    }

    /// Where a setting of `table` was written: its keys' lines, for messages raised when its files are read.
    private func origin(_ table: String) -> SettingOrigin {
        var map: [String: Int] = [table: lines.line(ofTable: table)]
        for key in Self.ensembleKeys { map["\(table).\(key)"] = lines.line(ofKey: key, inTable: table) }
        for (sub, keys) in [("tls", Self.tlsKeys), ("sasl", Self.saslKeys), ("auth", Self.authKeys)] {
            map["\(table).\(sub)"] = lines.line(ofTable: "\(table).\(sub)")
            for key in keys { map["\(table).\(sub).\(key)"] = lines.line(ofKey: key, inTable: "\(table).\(sub)") }
        }
        return .file(path: file, table: table, lines: map)
    }

    private mutating func apply(_ table: TOMLTable, table name: String, to entry: inout EnsembleEntry) {
        for (key, value) in table {
            let line = lines.line(ofKey: key, inTable: name)
            switch key {
            case "servers":
                if let text = string(value, key, line) { entry.servers = text }
            case "zoo_cfg":
                if let text = value.string {
                    entry.zooCfg = [text]
                } else if let array = value.array, array.allSatisfy({ $0.string != nil }), !array.isEmpty {
                    entry.zooCfg = array.compactMap(\.string)
                } else {
                    fail(line, "zoo_cfg must be a path or a list of paths, found \(TOMLSyntax.typeName(value))")
                }
            case "interval":
                guard let seconds = value.double ?? value.int.map(Double.init) else {
                    fail(line, "interval must be a number of seconds, found \(TOMLSyntax.typeName(value))")
                    continue
                }
                guard PollSettings.isValidInterval(seconds) else {
                    fail(line, "interval must be \(PollSettings.intervalRangeText), found \(seconds)")
                    continue
                }
                entry.interval = seconds
            case "admin_port":
                guard let port = value.int, (1...65535).contains(port) else {
                    fail(line, "admin_port must be a port number 1...65535")
                    continue
                }
                entry.adminPort = port
            case "admin":
                if let on = bool(value, key, line) { entry.useAdminServer = on }
            case "max_reply_size":
                let bytes = value.string.flatMap(ReplySize.parse) ?? value.int.flatMap { ReplySize.parse(String($0)) }
                guard let bytes else {
                    fail(line, "max_reply_size must be 1KiB...2GiB, e.g. \"64MiB\" or 67108864")
                    continue
                }
                entry.maxReplySize = bytes
            case "tls":
                guard let tls = value.table else {
                    fail(line, "tls must be a table: tls = { ca = \"ca.pem\" } or [\(name).tls]")
                    continue
                }
                entry.tls = TLSRequest(origin: origin(entry, sub: "tls"))
                applyTLS(tls, table: name + ".tls", to: &entry.tls)
            case "sasl":
                guard let sasl = value.table else {
                    fail(line, "sasl must be a table: sasl = { user = \"bob\", password_file = \"...\" }")
                    continue
                }
                entry.sasl = SASLRequest(origin: origin(entry, sub: "sasl"))
                applySASL(sasl, table: name + ".sasl", to: &entry.sasl)
            case "auth":
                guard let array = value.array else {
                    fail(line, "auth must be a list of tables: [[\(name).auth]] with scheme and credentials_file")
                    continue
                }
                entry.auth = []
                for (index, element) in array.enumerated() {
                    if let request = auth(element, index: index, line: lines.line(ofTable: name + ".auth")) {
                        entry.auth.append(request)
                    }
                }
            default:
                unknown(key, line: line, table: name, expected: Self.ensembleKeys)
            }
        }
    }

    private func origin(_ entry: EnsembleEntry, sub: String) -> SettingOrigin {
        guard case .file(let path, let table, let map) = entry.origin else { return entry.origin }
        return .file(path: path, table: "\(table).\(sub)", lines: map)
    }

    private mutating func applyTLS(_ table: TOMLTable, table name: String, to tls: inout TLSRequest) {
        for (key, value) in table {
            let line = lines.line(ofKey: key, inTable: name)
            switch key {
            case "enabled": if let on = bool(value, key, line) { tls.enabled = on }
            case "ca": tls.ca = string(value, key, line)
            case "cert": tls.certificate = string(value, key, line)
            case "key": tls.key = string(value, key, line)
            case "key_password_file": tls.keyPassword = string(value, key, line).map(SecretSource.file)
            case "key_password_env": tls.keyPassword = string(value, key, line).map(SecretSource.environment)
            case "server_name": tls.serverName = string(value, key, line)
            case "insecure": if let on = bool(value, key, line) { tls.insecure = on }
            case "client_config": tls.clientConfig = string(value, key, line)
            default: unknown(key, line: line, table: name, expected: Self.tlsKeys)
            }
        }
    }

    private mutating func applySASL(_ table: TOMLTable, table name: String, to sasl: inout SASLRequest) {
        for (key, value) in table {
            let line = lines.line(ofKey: key, inTable: name)
            switch key {
            case "user": sasl.user = string(value, key, line)
            case "password_file": sasl.password = string(value, key, line).map(SecretSource.file)
            case "password_env": sasl.password = string(value, key, line).map(SecretSource.environment)
            case "jaas": sasl.jaasFile = string(value, key, line)
            case "jaas_section": sasl.jaasSection = string(value, key, line)
            default: unknown(key, line: line, table: name, expected: Self.saslKeys)
            }
        }
    }

    private mutating func auth(_ value: any TOMLValueConvertible, index: Int, line: Int) -> AuthRequest? {
        guard let table = value.table else {
            fail(line, "auth entries must be tables with scheme and credentials_file (or credentials_env)")
            return nil
        }
        var scheme: String?
        var source: SecretSource?
        for (key, value) in table {
            switch key {
            case "scheme": scheme = string(value, key, line)
            case "credentials_file": source = string(value, key, line).map(SecretSource.file)
            case "credentials_env": source = string(value, key, line).map(SecretSource.environment)
            default: unknown(key, line: line, table: "auth", expected: Self.authKeys)
            }
        }
        guard let scheme, !scheme.isEmpty, let source else {
            fail(line, "auth[\(index)] needs scheme and credentials_file (or credentials_env)")
            return nil
        }
        return AuthRequest(scheme: scheme, credentials: source, key: "auth")
    }

    private mutating func string(_ value: any TOMLValueConvertible, _ key: String, _ line: Int) -> String? {
        guard let text = value.string, !text.isEmpty else {
            fail(line, "\(key) must be a non-empty string, found \(TOMLSyntax.typeName(value))")
            return nil
        }
        return text
    }

    private mutating func bool(_ value: any TOMLValueConvertible, _ key: String, _ line: Int) -> Bool? {
        guard let on = value.bool else {
            fail(line, "\(key) must be true or false, found \(TOMLSyntax.typeName(value))")
            return nil
        }
        return on
    }

    private mutating func unknown(_ key: String, line: Int, table: String, expected: [String]) {
        if let instead = Self.inlineSecrets[key] {
            fail(line, "secrets are not written in the file: use \(instead) instead of \(key)")
            return
        }
        let hint = Spelling.closest(to: key, in: expected).map { " (did you mean \"\($0)\"?)" } ?? ""
        fail(line, "unknown key \"\(key)\" in [\(table)]\(hint) - expected one of \(expected.joined(separator: ", "))")
    }

    private mutating func fail(_ line: Int, _ message: String) {
        problems.append(FleetConfigError(file: file, line: line, message))
    }
}
