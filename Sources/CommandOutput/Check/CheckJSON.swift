import EnsembleCore

/// `zkscope check --json`: the report as one pretty, key-sorted JSON document (the contract in README), made
/// safe for a terminal (`TerminalSafeJSON`): a server's reply quoted in a finding cannot move the cursor.
public enum CheckJSON {
    /// The document, without a trailing newline.
    public static func render(_ report: CheckReport) throws -> String {
        TerminalSafeJSON.escape(String(decoding: try report.jsonData(), as: UTF8.self))
    }
}
