/// The znodes each member of an ensemble writes itself instead of receiving them through the quorum,
/// so two healthy members' copies legitimately differ and comparing them as replicated data would
/// raise a false `content-divergence`.
///
/// ZooKeeper 3.8: every member rewrites `/zookeeper/config` locally whenever it loads its database or
/// syncs with a leader (`ZKDatabase.initConfigInZKDatabase`: `setData` with the member's own wall-clock
/// time, `mzxid` = the config's version, `version` -1), so `mtime` differs between any two members that
/// did not start within the same millisecond, and `mzxid`/`version` follow each member's own history.
/// Its data is the member's server list (`server.N=…` lines and `version=…`): members that agree on
/// their configuration hold the same lines, so a different list *is* a finding. `/zookeeper` and
/// `/zookeeper/quota` are made with zeroed stats by every member's `DataTree` and changed only by
/// replicated transactions (quota writes), so they are compared like any other node.
public enum MemberLocalNodes {
    /// The dynamic configuration node.
    public static let configPath = "/zookeeper/config"

    /// Whether the node at `path` (last component `name`) is written by each member itself.
    /// `path` is only computed when the name matches.
    static func isMemberLocal(name: ArraySlice<UInt8>, path: () -> String) -> Bool {
        name.elementsEqual("config".utf8) && path() == configPath
    }

    /// The server list `/zookeeper/config` holds, in a comparable form: its non-empty lines, trimmed
    /// and sorted (the order of the lines carries no meaning).
    public static func serverList(_ data: some Sequence<UInt8>) -> [String] {
        String(decoding: Array(data), as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: " \t\r") }
            .filter { !$0.isEmpty }
            .sorted()
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var view = self[...]
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
