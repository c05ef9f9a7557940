import ZooKeeperTLS

/// A JAAS login configuration file, the form ZooKeeper's Java tools read SASL credentials from
/// (`-Djava.security.auth.login.config=…`):
///
/// ```
/// Client {
///   org.apache.zookeeper.server.auth.DigestLoginModule required
///   username="bob"
///   password="bobsecret";
/// };
/// ```
///
/// Parsed as Java's `ConfigFile` does: `//` and `/* */` comments (and `#` lines, which some files carry),
/// several sections, several login modules per section, options as `key=value` with the value quoted or bare,
/// and `\"`, `\\` escapes inside quotes. Pure: the caller reads the file. Option values are kept out of every
/// description and error, since `password` is one of them.
public struct JAASConfiguration: Sendable {
    /// One `ModuleClass Flag key=value…;` entry.
    public struct LoginModule: Sendable {
        /// The login module class, e.g. `org.apache.zookeeper.server.auth.DigestLoginModule`.
        public var className: String
        /// `required`, `requisite`, `sufficient` or `optional`.
        public var flag: String
        /// The options in file order (values may be secrets: never print them).
        public var options: [(key: String, value: String)]

        /// The value of `key` (the last one wins, as in Java).
        public func option(_ key: String) -> String? { options.last { $0.key == key }?.value }
    }

    /// One `Name { … };` section.
    public struct Section: Sendable {
        /// The section (application) name, e.g. `Client`.
        public var name: String
        /// Its login modules, in order.
        public var modules: [LoginModule]
    }

    /// Why a file or section cannot be used, in one line naming the fix. Never contains an option value.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line.
        public var message: String
        /// Makes a failure.
        public init(_ message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }

    /// The login module ZooKeeper's DIGEST-MD5 clients and servers use.
    public static let digestLoginModule = "org.apache.zookeeper.server.auth.DigestLoginModule"

    /// The login module Java's Kerberos (GSSAPI) clients use.
    public static let krb5LoginModule = "com.sun.security.auth.module.Krb5LoginModule"
    /// Kerberos login modules read the same way (IBM's JDK has its own class).
    static let kerberosLoginModules: Set<String> = [krb5LoginModule, "com.ibm.security.auth.module.Krb5LoginModule"]

    /// The Kerberos credentials of a Krb5LoginModule entry: `useKeyTab=true keyTab=… principal=…` (a keytab), or
    /// `useTicketCache=true [ticketCache=…] [principal=…]` (kinit's cache). Java would prompt for a password
    /// otherwise; zkscope never prompts, so that is a `Failure` naming the options to set.
    static func kerberosCredentials(_ module: LoginModule, section: String) throws(Failure) -> KerberosCredentials {
        func flag(_ key: String) -> Bool { module.option(key)?.lowercased() == "true" }
        let principal = module.option("principal").flatMap { $0.isEmpty ? nil : $0 }
        if flag("useKeyTab") {
            guard let keytab = module.option("keyTab"), !keytab.isEmpty else {
                throw Failure(
                    "the JAAS section \(section) sets useKeyTab=true without keyTab: add keyTab=\"/path/to/file\"")
            }
            guard let principal else {
                throw Failure(
                    "the JAAS section \(section) uses a keytab without principal: add principal=\"name@REALM\"")
            }
            return KerberosCredentials(principal: principal, keytab: keytab)
        }
        if flag("useTicketCache") {
            let cache = module.option("ticketCache").flatMap { $0.isEmpty ? nil : $0 }
            return KerberosCredentials(
                principal: principal, ticketCache: cache.map { $0.contains(":") ? $0 : "FILE:" + $0 })
        }
        throw Failure(
            "the JAAS section \(section)'s Krb5LoginModule has neither useKeyTab=true nor useTicketCache=true "
                + "(Java would ask for a password; zkscope never asks): set useKeyTab=true keyTab=\"…\" "
                + "principal=\"…\", or useTicketCache=true after kinit")
    }

    /// The sections, in file order.
    public var sections: [Section]

    /// Parses the text of a JAAS file.
    public init(parsing text: String) throws(Failure) {
        var tokenizer = JAASTokenizer(text)
        var sections: [Section] = []
        while let token = try tokenizer.next() {
            guard case .word(let name) = token.kind else {
                throw Failure("JAAS file line \(token.line): expected a section name, found \(token.kind.shown)")
            }
            try tokenizer.expect(.openBrace, after: "section \(name)")
            var modules: [LoginModule] = []
            while true {
                guard let first = try tokenizer.next() else {
                    throw Failure("JAAS file: section \(name) is not closed with `};`")
                }
                if first.kind == .closeBrace { break }
                guard case .word(let className) = first.kind else {
                    throw Failure(
                        "JAAS file line \(first.line): expected a login module class in section \(name), "
                            + "found \(first.kind.shown)")
                }
                guard let flagToken = try tokenizer.next(), case .word(let flag) = flagToken.kind else {
                    throw Failure(
                        "JAAS file line \(first.line): \(className) needs a control flag (required, requisite, "
                            + "sufficient or optional)")
                }
                var options: [(key: String, value: String)] = []
                while true {
                    guard let optionToken = try tokenizer.next() else {
                        throw Failure("JAAS file: the entry \(className) in section \(name) does not end with `;`")
                    }
                    if optionToken.kind == .semicolon { break }
                    guard case .word(let key) = optionToken.kind else {
                        throw Failure(
                            "JAAS file line \(optionToken.line): expected an option name or `;` after \(className), "
                                + "found \(optionToken.kind.shown)")
                    }
                    try tokenizer.expect(.equals, after: "option \(key)")
                    guard let valueToken = try tokenizer.next() else {
                        throw Failure("JAAS file: option \(key) has no value")
                    }
                    switch valueToken.kind {
                    case .word(let value), .quoted(let value): options.append((key, value))
                    default:
                        throw Failure("JAAS file line \(valueToken.line): option \(key) has no value")
                    }
                }
                modules.append(LoginModule(className: className, flag: flag.lowercased(), options: options))
            }
            try tokenizer.expect(.semicolon, after: "the `}` of section \(name)")
            sections.append(Section(name: name, modules: modules))
        }
        self.sections = sections
    }

    /// The section called `name` (exact, as Java matches it).
    public func section(named name: String) -> Section? { sections.last { $0.name == name } }

    /// The SASL credentials of section `name` (ZooKeeper's default is `Client`): its DigestLoginModule's
    /// `username` and `password`, or its Krb5LoginModule's keytab or ticket cache (GSSAPI). A missing section, another login module or a missing option is a `Failure`
    /// naming the fix.
    public func saslCredentials(section name: String = "Client") throws(Failure) -> SASLCredentials {
        guard let section = section(named: name) else {
            let known = sections.map(\.name)
            throw Failure(
                "the JAAS file has no \(name) section"
                    + (known.isEmpty ? "" : " (it has: \(known.joined(separator: ", ")))")
                    + ": add a `\(name) { \(Self.digestLoginModule) required username=\"…\" password=\"…\"; };` "
                    + "section, or pick another with --jaas-section")
        }
        if let kerberos = section.modules.first(where: { Self.kerberosLoginModules.contains($0.className) }) {
            return .kerberos(try Self.kerberosCredentials(kerberos, section: name))
        }
        guard let module = section.modules.first(where: { $0.className == Self.digestLoginModule }) else {
            let used = section.modules.map(\.className).joined(separator: ", ")
            throw Failure(
                "the JAAS section \(name) uses \(used.isEmpty ? "no login module" : used), not "
                    + "\(Self.digestLoginModule) (DIGEST-MD5) or \(Self.krb5LoginModule) (Kerberos): zkscope "
                    + "supports those two")
        }
        guard let user = module.option("username"), !user.isEmpty else {
            throw Failure(
                "the JAAS section \(name) has no username option: add username=\"…\" to its DigestLoginModule")
        }
        guard let password = module.option("password") else {
            throw Failure(
                "the JAAS section \(name) has no password option: add password=\"…\" to its DigestLoginModule")
        }
        return SASLCredentials(user: user, password: Secret(password))
    }
}

/// The tokens of a JAAS file.
struct JAASTokenizer {
    enum Kind: Equatable {
        case word(String)
        case quoted(String)
        case openBrace, closeBrace, semicolon, equals

        /// How an error shows the token: quoted values are never shown (they may be passwords).
        var shown: String {
            switch self {
            case .word(let word): return "`\(word)`"
            case .quoted: return "a quoted value"
            case .openBrace: return "`{`"
            case .closeBrace: return "`}`"
            case .semicolon: return "`;`"
            case .equals: return "`=`"
            }
        }
    }

    struct Token {
        var kind: Kind
        var line: Int
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    mutating func expect(_ kind: Kind, after what: String) throws(JAASConfiguration.Failure) {
        guard let token = try next() else {
            throw JAASConfiguration.Failure(
                "JAAS file: expected \(kind.shown) after \(what), found the end of the file")
        }
        guard token.kind == kind else {
            throw JAASConfiguration.Failure(
                "JAAS file line \(token.line): expected \(kind.shown) after \(what), found \(token.kind.shown)")
        }
    }

    mutating func next() throws(JAASConfiguration.Failure) -> Token? {
        skipSpaceAndComments()
        guard index < scalars.count else { return nil }
        let start = line
        let scalar = scalars[index]
        switch scalar {
        case "{": index += 1; return Token(kind: .openBrace, line: start)
        case "}": index += 1; return Token(kind: .closeBrace, line: start)
        case ";": index += 1; return Token(kind: .semicolon, line: start)
        case "=": index += 1; return Token(kind: .equals, line: start)
        case "\"", "'":
            index += 1
            var value = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != scalar {
                var character = scalars[index]
                if character == "\n" { line += 1 }
                if character == "\\", index + 1 < scalars.count {
                    index += 1
                    switch scalars[index] {
                    case "n": character = "\n"
                    case "t": character = "\t"
                    case "r": character = "\r"
                    default: character = scalars[index]
                    }
                }
                value.append(character)
                index += 1
            }
            guard index < scalars.count else {
                throw JAASConfiguration.Failure("JAAS file line \(start): a quoted value is not closed")
            }
            index += 1
            return Token(kind: .quoted(String(value)), line: start)
        default:
            var word = String.UnicodeScalarView()
            while index < scalars.count, !Self.isDelimiter(scalars[index]),
                !(scalars[index] == "/" && (peek(1) == "/" || peek(1) == "*"))
            {
                word.append(scalars[index])
                index += 1
            }
            guard !word.isEmpty else {
                throw JAASConfiguration.Failure("JAAS file line \(start): unexpected character `\(scalar)`")
            }
            return Token(kind: .word(String(word)), line: start)
        }
    }

    private static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "{};=\"'".unicodeScalars.contains(scalar)
    }

    private mutating func skipSpaceAndComments() {
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                line += 1
                index += 1
            } else if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "#" || (scalar == "/" && peek(1) == "/") {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else if scalar == "/" && peek(1) == "*" {
                index += 2
                while index < scalars.count, !(scalars[index] == "*" && peek(1) == "/") {
                    if scalars[index] == "\n" { line += 1 }
                    index += 1
                }
                index = min(index + 2, scalars.count)
            } else {
                return
            }
        }
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }
}
