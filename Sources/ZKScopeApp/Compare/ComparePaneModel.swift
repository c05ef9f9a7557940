import EnsembleCore
import EnsembleMonitor
import TUIKit
import ZooKeeperAdmin
import ZooKeeperClient
import ZooKeeperJute

/// The compare view's pure model: one node as every member sees it, side by side, and the union of its
/// children with a mark per member, so divergence between members is visible node by node.
///
/// Per-member answers come in as ``CompareUpdate`` values; everything shown (which cells differ, which
/// children differ, in which order) is derived here, without I/O or a clock, so it is tested by feeding
/// answers and reading the rendered screen back. Who is odd (``ReplicaReference``: the majority, else the
/// leader) and whether a difference is confirmed (``DifferenceConfirmation``) are the ensemble's rules, kept in
/// EnsembleCore; this model applies them to nodes and cells.
public struct ComparePaneModel: Sendable {
    /// At most this many child rows are shown (differing children first); the rest is one "… N more" row.
    public static let rowLimit = 2_000
    /// A member's children are listed only when its stat says at most this many (a huge child list is not
    /// pulled from every member on every refresh).
    public static let listLimit = TreePaneModel.hugeChildCount
    /// The stats of this many children (the first by name) are read per member and refresh, to mark children
    /// whose stat differs; beyond them only presence is compared.
    public static let childStatLimit = TreePaneModel.pageSize
    /// Bytes of data kept per member for display.
    public static let dataPrefixBytes = 256

    /// The node compared.
    public private(set) var path: String
    /// The configured members, one column each, in configuration order.
    public private(set) var members: [String]
    /// Each member's answer for ``path``.
    public private(set) var states: [String: CompareMemberState] = [:]
    /// The leader's address (the reference when no majority agrees).
    public private(set) var leader: String?
    /// Each member's role as the poller last saw it (follower, observer, read-only…), for the state row.
    public private(set) var roles: [String: ServerMode] = [:]
    /// The node rows (``CompareField`` order), one cell per member.
    public private(set) var fields: [CompareFieldRow] = []
    /// The child rows shown: differing children first, each group by name, at most ``rowLimit``.
    public private(set) var children: [CompareChildRow] = []
    /// Children in the union, before the filter and the row limit.
    public private(set) var totalChildren = 0
    /// The `/` filter on child names (case-insensitive); cleared when another node is shown.
    public private(set) var filter = ""
    /// Children in the union beyond ``rowLimit``.
    public private(set) var hiddenChildren = 0
    /// How many children of the union differ (also among the hidden ones).
    public private(set) var differingChildren = 0
    /// Members whose child list was not read because the node has too many children.
    public private(set) var unlistedMembers: [String] = []
    /// Selection in the child list (the "… N more" row counts as a row).
    public var list = ListViewport()
    /// Member columns scrolled off to the left (with more members than fit the width).
    public var memberOffset = 0
    /// A child to select once the list holds it (the node just left with "back to parent").
    private var pendingSelection: String?
    /// Which differences are confirmed: seen again after every member answered in a later round, so a write
    /// caught mid-replication (one member a few milliseconds behind) shows as unconfirmed instead of raising the
    /// alarm.
    private var confirmation = DifferenceConfirmation<CompareDifference>()

    /// The poll round the view is in (``beginRound()``).
    public var round: Int { confirmation.round }

    /// A view of `path` before any member answered.
    public init(path: String, members: [String], leader: String? = nil) {
        self.path = path
        self.members = members
        self.leader = leader
        for member in members { states[member] = .loading }
        recompute()
    }

    /// Whether any node row differs between members.
    public var nodeDiffers: Bool { fields.contains { $0.cells.contains { $0.differs } } }

    /// The node rows that differ.
    public var differingFields: [CompareField] { fields.filter { $0.cells.contains { $0.differs } }.map(\.field) }

    /// The selected child row, if the selection is on one.
    public var selectedChild: CompareChildRow? {
        list.selected < children.count ? children[list.selected] : nil
    }

    // MARK: - Updates

    /// Applies one member's answer; answers for another node are dropped. Returns whether it applied.
    @discardableResult
    public mutating func apply(_ update: CompareUpdate) -> Bool {
        guard update.path == path else { return false }
        if !members.contains(update.member) { members.append(update.member) }
        let before = states[update.member]
        states[update.member] = update.state
        confirmation.noteAnswer(from: update.member)
        if let before, before.isRead, update.state.isRead, before.node == update.state.node {
            // The same copy as last time, read again: only the state row (its timing) and what is confirmed change.
            fields = Self.fieldRows(members: members, states: states, leader: leader, roles: roles)
            settle()
            return true
        }
        recompute()
        return true
    }

    /// Sets the member list (the configuration's order) and the leader, keeping known answers.
    public mutating func setMembers(
        _ newMembers: [String], leader newLeader: String?, roles newRoles: [String: ServerMode] = [:]
    ) {
        var merged = newMembers
        for member in members where !merged.contains(member) { merged.append(member) }
        for member in merged where states[member] == nil { states[member] = .loading }
        guard merged != members || newLeader != leader || newRoles != roles else { return }
        members = merged
        leader = newLeader
        roles = newRoles
        recompute()
    }

    /// A new poll round: the refresh that follows it can confirm the differences seen so far.
    public mutating func beginRound() {
        confirmation.beginRound()
    }

    /// Shows another node: every column goes back to loading.
    public mutating func show(path newPath: String, select child: String? = nil) {
        path = newPath
        for member in members { states[member] = .loading }
        confirmation.reset()
        list = ListViewport()
        pendingSelection = child
        filter = ""
        recompute()
    }

    /// Shows only the children whose names contain `text` (the differing ones still first).
    public mutating func setFilter(_ text: String) {
        guard text != filter else { return }
        filter = text
        list = ListViewport()
        recompute()
    }

    /// The path of the selected child (Enter goes there), if a child is selected.
    public var selectedChildPath: String? {
        selectedChild.map { ZNodePath.join(path, $0.name) }
    }

    /// Moves the selection to the next (or previous) differing child, wrapping around; false if none differs.
    public mutating func selectNextDifference(forward: Bool) -> Bool {
        let count = children.count
        guard count > 0 else { return false }
        for step in 1...count {
            let index = ((list.selected + (forward ? step : -step)) % count + count) % count
            if children[index].differs {
                list.select(index)
                return true
            }
        }
        return false
    }

    /// One line explaining the selected child's marks ("missing on 127.0.0.1:2183 · stat differs on …").
    public var selectedChildSummary: String? {
        guard let row = selectedChild else { return nil }
        guard row.differs else { return "\(row.name): the same on every member that could be read" }
        var parts: [String] = []
        let missing = zip(members, row.marks).filter { $0.1.presence == .missing }.map(\.0)
        let present = zip(members, row.marks).filter { $0.1.presence == .present }.map(\.0)
        if !missing.isEmpty && !present.isEmpty {
            parts.append("missing on " + missing.joined(separator: ", "))
        }
        for (member, mark) in zip(members, row.marks) where mark.statDiffers {
            let fields = mark.fields.isEmpty ? "" : " (" + mark.fields.joined(separator: ", ") + ")"
            parts.append("stat differs on \(member)\(fields)")
        }
        let unconfirmed = row.marks.contains { $0.differs && $0.settling }
        return row.name + ": " + parts.joined(separator: " · ")
            + (unconfirmed ? " (unconfirmed: maybe a write still replicating)" : "")
    }

    // MARK: - Derivation

    private mutating func recompute() {
        let keep = pendingSelection ?? selectedChild?.name
        fields = Self.fieldRows(members: members, states: states, leader: leader, roles: roles)
        let union = Self.childRows(path: path, members: members, states: states, leader: leader)
        differingChildren = union.filter(\.differs).count
        totalChildren = union.count
        let needle = filter.lowercased()
        let shown = needle.isEmpty ? union : union.filter { $0.name.lowercased().contains(needle) }
        let ordered = shown.filter(\.differs) + shown.filter { !$0.differs }
        children = Array(ordered.prefix(Self.rowLimit))
        hiddenChildren = ordered.count - children.count
        unlistedMembers = members.filter { member in
            guard let node = states[member]?.node else { return false }
            return node.children == nil
        }
        list.setCount(children.count + (hiddenChildren > 0 ? 1 : 0))
        settle()
        if let keep, let index = children.firstIndex(where: { $0.name == keep }) {
            list.select(index)
            if keep == pendingSelection { pendingSelection = nil }
        }
    }

    /// How many differences shown are not confirmed yet.
    public private(set) var unconfirmed = 0

    /// Marks every shown difference confirmed or not (``DifferenceConfirmation``).
    private mutating func settle() {
        let answering = members.filter { member in
            if case .loading? = states[member] { return false }
            return true
        }
        var differences: [CompareDifference] = []
        for row in fields {
            for (column, cell) in row.cells.enumerated() where cell.differs {
                differences.append(.field(row.field, member: members[column]))
            }
        }
        for row in children where row.differs {
            for (column, mark) in row.marks.enumerated() where mark.differs {
                differences.append(.child(row.name, member: members[column]))
            }
        }
        let open = confirmation.unconfirmed(differences, answering: answering)
        for row in fields.indices {
            for column in fields[row].cells.indices where fields[row].cells[column].differs {
                let settling = open.contains(.field(fields[row].field, member: members[column]))
                fields[row].cells[column].role = settling ? .statusInfo : .statusWarn
                fields[row].cells[column].settling = settling
            }
        }
        for row in children.indices where children[row].differs {
            for column in children[row].marks.indices where children[row].marks[column].differs {
                children[row].marks[column].settling = open.contains(
                    .child(children[row].name, member: members[column]))
            }
        }
        unconfirmed = open.count
    }

    static func fieldRows(
        members: [String], states: [String: CompareMemberState], leader: String?, roles: [String: ServerMode] = [:]
    ) -> [CompareFieldRow] {
        let nodes: [(member: String, node: CompareNodeRead?)] = members.compactMap { member in
            guard case .read(let node, _)? = states[member] else { return nil }
            return (member, node)
        }
        let existing: [(member: String, node: CompareNodeRead)] = nodes.compactMap { entry in
            entry.node.map { (entry.member, $0) }
        }
        func odd<Value: Hashable>(_ value: (CompareNodeRead) -> Value) -> Set<String> {
            ReplicaReference.oddMembers(existing.map { ($0.member, value($0.node)) }, leader: leader)
        }
        func oddMembers(_ field: CompareField) -> Set<String> {
            switch field {
            case .state: return []
            case .exists: return ReplicaReference.oddMembers(nodes.map { ($0.member, $0.node != nil) }, leader: leader)
            case .version: return odd { $0.stat.version }
            case .mzxid: return odd { $0.stat.mzxid }
            case .dataLength: return odd { $0.stat.dataLength }
            case .numChildren: return odd { $0.stat.numChildren }
            case .ephemeralOwner: return odd { $0.stat.ephemeralOwner }
            case .data: return odd { DataKey(length: $0.stat.dataLength, digest: $0.dataDigest) }
            }
        }
        return CompareField.allCases.map { field in
            let odd = oddMembers(field)
            return CompareFieldRow(
                field: field,
                cells: members.map { member in
                    cell(
                        field, state: states[member] ?? .loading, odd: odd.contains(member),
                        role: member == leader ? .leader : roles[member])
                })
        }
    }

    private struct DataKey: Hashable {
        var length: Int32
        var digest: UInt64
    }

    /// One cell; the state row names the member's `role` (or `ok` when the poller has not said) and its read time,
    /// in the warning colour for a member serving read-only (it may be behind and cannot take writes).
    static func cell(_ field: CompareField, state: CompareMemberState, odd: Bool, role: ServerMode?) -> CompareCell {
        switch state {
        case .loading:
            return CompareCell(SafeText(field == .state ? "loading…" : ""), role: .dim)
        case .unavailable(let reason):
            return CompareCell(SafeText(field == .state ? reason : "?"), role: field == .state ? .down : .dim)
        case .read(let node, let milliseconds):
            if field == .state {
                return CompareCell(
                    SafeText((role?.description ?? "ok") + " · " + Format.milliseconds(milliseconds) + " ms"),
                    role: role == .readOnly ? .statusWarn : .statusOK)
            }
            guard let node else {
                return field == .exists
                    ? CompareCell("no", role: odd ? .statusWarn : .normal, differs: odd) : CompareCell("-", role: .dim)
            }
            let text: SafeText
            switch field {
            case .state, .exists: text = "yes"
            case .version: text = SafeText(String(node.stat.version))
            case .mzxid: text = SafeText("0x" + String(UInt64(bitPattern: node.stat.mzxid), radix: 16))
            case .dataLength: text = SafeText(String(node.stat.dataLength))
            case .numChildren: text = SafeText(String(node.stat.numChildren))
            case .ephemeralOwner:
                text =
                    node.stat.ephemeralOwner == 0
                    ? "0 (persistent)" : SafeText(Format.session(node.stat.ephemeralOwner))
            case .data: text = dataText(node)
            }
            return CompareCell(text, role: odd ? .statusWarn : .normal, differs: odd)
        }
    }

    /// The data's first line (at most 64 bytes), sanitised: control bytes and escapes are made visible.
    static func dataText(_ node: CompareNodeRead) -> SafeText {
        guard node.stat.dataLength > 0 else { return "(empty)" }
        let firstLine = node.dataPrefix.prefix { $0 != 0x0A }.prefix(64)
        var text = SafeText(bytes: firstLine)
        if firstLine.count < Int(node.stat.dataLength) { text.append("…") }
        return text
    }

    static func childRows(path: String, members: [String], states: [String: CompareMemberState], leader: String?)
        -> [CompareChildRow]
    {
        // Per member (by column): nil = presence unknown (not read, or not listed); else its sorted names and
        // their stats in the same order.
        let listings: [(names: [String], stats: [Stat?])?] = members.map { member in
            guard case .read(let node, _)? = states[member] else { return nil }
            guard let node else { return ([], []) }
            return node.children.map { ($0, node.orderedChildStats) }
        }
        let known = listings.indices.filter { listings[$0] != nil }
        // A child every known member holds with one stat (or none read) is the common case: such rows share
        // one marks array, so ten thousand equal children cost no allocation each.
        let same = listings.map {
            $0 == nil ? CompareChildMark(presence: .unknown) : CompareChildMark(presence: .present)
        }
        // Merge the members' sorted lists: each step takes the smallest head name and notes who holds it.
        var heads = [Int](repeating: 0, count: listings.count)
        var rows: [CompareChildRow] = []
        var holders = [Int](repeating: -1, count: listings.count)  // position of the name in each member's list
        while true {
            var smallest: String?
            for index in known {
                guard let listing = listings[index], heads[index] < listing.names.count else { continue }
                let name = listing.names[heads[index]]
                if smallest.map({ name < $0 }) ?? true { smallest = name }
            }
            guard let name = smallest else { break }
            var agree = true
            var first: Stat?
            for index in known {
                guard let listing = listings[index], heads[index] < listing.names.count,
                    listing.names[heads[index]] == name
                else {
                    holders[index] = -1
                    agree = false
                    continue
                }
                let position = heads[index]
                holders[index] = position
                heads[index] += 1
                guard position < listing.stats.count, let stat = listing.stats[position] else { continue }
                if let first, first != stat { agree = false }
                first = first ?? stat
            }
            if agree {
                rows.append(CompareChildRow(name: name, marks: same))
                continue
            }
            let names: [Set<String>?] = listings.indices.map { index in
                listings[index] == nil ? nil : (holders[index] >= 0 ? [name] : [])
            }
            let stats: [[String: Stat]] = listings.indices.map { index in
                guard let listing = listings[index], holders[index] >= 0, holders[index] < listing.stats.count,
                    let stat = listing.stats[holders[index]]
                else { return [:] }
                return [name: stat]
            }
            rows.append(
                CompareChildRow(
                    name: name, marks: marks(name, members: members, names: names, stats: stats, leader: leader)))
        }
        return rows
    }

    /// The marks of a child that some member lacks or holds with another stat.
    private static func marks(
        _ name: String, members: [String], names: [Set<String>?], stats: [[String: Stat]], leader: String?
    ) -> [CompareChildMark] {
        let presence: [(member: String, value: Bool)] = members.indices.compactMap { index in
            names[index].map { (members[index], $0.contains(name)) }
        }
        let oddPresence = ReplicaReference.oddMembers(presence, leader: leader)
        let childStats: [(member: String, value: Stat)] = members.indices.compactMap { index in
            stats[index][name].map { (members[index], $0) }
        }
        let oddStat = ReplicaReference.oddMembers(childStats, leader: leader)
        let reference = ReplicaReference.reference(childStats, leader: leader)
        return members.indices.map { index -> CompareChildMark in
            let member = members[index]
            guard let set = names[index] else { return CompareChildMark(presence: .unknown) }
            guard set.contains(name) else {
                return CompareChildMark(presence: .missing, presenceDiffers: oddPresence.contains(member))
            }
            var mark = CompareChildMark(presence: .present, presenceDiffers: oddPresence.contains(member))
            if oddStat.contains(member), let stat = stats[index][name] {
                mark.statDiffers = true
                let other = reference ?? childStats.first { $0.member != member }?.value
                mark.fields = other.map { TreeComparison.differingStatFields(stat, $0) } ?? []
            }
            return mark
        }
    }
}

/// One node row of the compare view: the member's state, or a field the members are compared on.
public enum CompareField: String, CaseIterable, Hashable, Sendable {
    /// The member's role and read time (or why it could not be read): shown, never compared.
    case state
    /// Whether the node exists on the member.
    case exists
    /// Stat fields, named as in `zkscope tree --json`.
    case version, mzxid, dataLength, numChildren, ephemeralOwner
    /// The data (its length and digest; the first line is shown).
    case data
}

/// One difference the compare view tracks until it is confirmed.
enum CompareDifference: Hashable, Sendable {
    /// A node field whose value on `member` is the odd one.
    case field(CompareField, member: String)
    /// A child that `member` lacks, or holds with an odd stat.
    case child(String, member: String)
}

/// One node row of the compare view: a field and one cell per member.
public struct CompareFieldRow: Hashable, Sendable {
    /// The row.
    public var field: CompareField
    /// One cell per member, in member order.
    public var cells: [CompareCell]

    /// The row's label ("version", "data"…).
    public var name: String { field.rawValue }
}

/// One cell of the compare view.
public struct CompareCell: Hashable, Sendable {
    /// The text, already sanitised.
    public var text: SafeText
    /// How it is drawn (``StyleRole/statusWarn`` when it differs).
    public var role: StyleRole
    /// Whether this member's value is the odd one.
    public var differs: Bool
    /// Whether the difference is not confirmed yet (seen in one round only: maybe a write in flight).
    public var settling = false

    /// Creates a cell.
    public init(_ text: SafeText, role: StyleRole = .normal, differs: Bool = false) {
        self.text = text
        self.role = role
        self.differs = differs
    }
}

/// One child of the union with a mark per member.
public struct CompareChildRow: Hashable, Sendable {
    /// The child's name.
    public var name: String
    /// One mark per member, in member order.
    public internal(set) var marks: [CompareChildMark]
    /// Whether any member's mark is odd.
    public let differs: Bool

    /// Creates a row.
    public init(name: String, marks: [CompareChildMark]) {
        self.name = name
        self.marks = marks
        self.differs = marks.contains { $0.differs }
    }
}

/// How one member holds one child.
public struct CompareChildMark: Hashable, Sendable {
    /// Whether the member has the child.
    public enum Presence: Hashable, Sendable {
        /// Listed by the member.
        case present
        /// Not listed by the member (or the parent itself is missing there).
        case missing
        /// Not known: the member could not be read, or its child list was too long to read.
        case unknown
    }

    /// Whether the member has the child.
    public var presence: Presence
    /// Whether the presence is the odd one among the members.
    public var presenceDiffers = false
    /// Whether the child's stat on this member is the odd one.
    public var statDiffers = false
    /// The stat fields that differ from the reference (names as in `zkscope tree --json`).
    public var fields: [String] = []
    /// Whether the difference is not confirmed yet (seen in one round only: maybe a write in flight).
    public var settling = false

    /// Whether anything about this member's copy is odd.
    public var differs: Bool { presenceDiffers || statDiffers }

    /// The cell text: "present", "missing", "stat differs", "?".
    public var text: String {
        switch presence {
        case .present: return statDiffers ? "stat differs" : "present"
        case .missing: return "missing"
        case .unknown: return "?"
        }
    }
}
