import EnsembleCore
import EnsembleMonitor
import TUIKit

/// The dashboard's whole state and its reducer: input events and data updates go in, effects come out.
///
/// Nothing here does I/O or reads a clock, so every key path is tested by feeding events and reading the
/// rendered in-memory ``Screen`` back. A ``DashboardSession`` owns the terminal, the poll rounds and the znode
/// reads, and carries out the ``AppEffect``s.
public struct DashboardModel: Sendable {
    /// Fixed facts about this run.
    public struct Options: Sendable {
        /// Whether create/set/delete are allowed (`--allow-writes`).
        public var allowWrites: Bool
        /// Whether the demo's fault keys are active (`zkscope demo`).
        public var demo: Bool
        /// Added to the tracker's monotonic seconds to get Unix time (for the timeline's clock).
        public var clockOffset: Double
        /// Where the members come from ("zoo.cfg path", "--servers").
        public var source: String
        /// The ensemble's name in the fleet (`--ensemble NAME`): when set, the timeline also shows the events
        /// `serve` persisted for it. Nil: only this dashboard's own events.
        public var ensembleName: String?

        /// Creates options.
        public init(
            allowWrites: Bool = false, demo: Bool = false, clockOffset: Double = 0, source: String = "",
            ensembleName: String? = nil
        ) {
            self.allowWrites = allowWrites
            self.demo = demo
            self.clockOffset = clockOffset
            self.source = source
            self.ensembleName = ensembleName
        }
    }

    /// Fixed facts about this run.
    public var options: Options
    /// The ensembles this dashboard watches, the one shown, and the Fleet pane's rows, order and filter.
    public internal(set) var fleet: FleetModel
    /// The newest data shown (frozen while paused).
    public private(set) var view = EnsembleViewModel()
    /// The tracker behind ``view``.
    public private(set) var tracker: EnsembleTracker?
    /// The focused pane.
    public internal(set) var pane: Pane = .ensemble
    /// Whether the display is frozen.
    public internal(set) var paused = false
    /// The poll interval in seconds.
    public internal(set) var interval: Double
    /// Name of the theme in use.
    public var themeName: String
    /// The open help screen, if any.
    public internal(set) var help: HelpScreen?
    /// The open `:` or `/` editor, if any.
    public internal(set) var editor: LineEditor?
    /// The open confirmation, if any.
    public internal(set) var dialog: PendingDialog?
    /// The message in the status line.
    public internal(set) var status: StatusMessage?
    /// Why the log file is not written (`AppLog.problem`), nil while it is.
    public internal(set) var logProblem: String?
    /// The filter text of each pane (`/`).
    public internal(set) var filters: [Pane: String] = [:]
    /// The live tree pane.
    public var tree: TreePaneModel
    /// The tree pane's detail: focus and scroll.
    var detailPane = NodeDetailPane()
    /// The open compare view (tree pane, `D`), if any.
    public internal(set) var compare: ComparePaneModel?
    /// The sessions pane's selection.
    var sessionsTable = TableView(columns: SessionsViewModel.columns)
    /// The locks pane's selection.
    var locksTable = TableView(columns: LocksViewModel.columns)
    /// The member table's selection and horizontal scroll.
    var memberTable = TableView(columns: EnsembleViewModel.columns)
    /// Selection in the findings list.
    var findingsList = ListViewport()
    /// Selection in the timeline.
    var timelineList = ListViewport()
    /// The events `serve` persisted for this ensemble (Unix times), as last read.
    public private(set) var persistedEvents: [TimelineEvent] = []
    /// The timeline drawn: live events and the persisted ones no live event matches, newest first.
    public private(set) var timeline: [TimelineEntry] = []
    /// In the Findings pane: whether the timeline (not the findings list) has the focus.
    var timelineFocused = false
    /// Screen areas of the last frame, for mouse hit-testing.
    var layout = DashboardLayout.zero
    /// The newest lock scan.
    public private(set) var lockReports: [LockReport] = []
    /// Unix time of the newest lock scan.
    public private(set) var lockObservedAt: Double = 0
    /// Per lock path: the holder seen last, and when it was first seen holding (Unix seconds).
    private var lockHolders: [String: (holder: String, since: Double)] = [:]
    /// Tree data that arrived while paused (applied on resume).
    private var pendingTracker: EnsembleTracker?
    /// The detail (`path@member`) re-read because its member stopped serving, so it is asked for once.
    private var detailReread: String?
    /// Fleet rows that arrived while paused (applied on resume).
    private var pendingRows: [String: FleetRow] = [:]

    /// A dashboard before the first poll round.
    /// - Parameter ensembles: the ensembles' names, in configuration order; with more than one the Fleet pane is
    ///   there and shown first, and the first ensemble's panes are the ones Tab reaches.
    public init(
        options: Options = Options(), interval: Double = 2, themeName: String = "default",
        ensembles: [String] = [FleetModel.unnamed]
    ) {
        self.options = options
        self.interval = interval
        self.themeName = themeName
        self.tree = TreePaneModel()
        self.fleet = FleetModel(names: ensembles)
        if fleet.isFleet { pane = .fleet }
    }

    /// The panes in Tab order: the Fleet pane first with several ensembles, then the shown ensemble's panes.
    public var panes: [Pane] { fleet.isFleet ? Pane.allCases : Pane.ensemblePanes }

    /// The key contexts in dispatch order (most specific first; global is implicit).
    public var contexts: [KeyContext] {
        var out: [KeyContext] = [compareIsShown ? AppKeys.compare : KeyContext(pane.rawValue)]
        if pane == .tree && options.allowWrites && !compareIsShown { out.append(AppKeys.write) }
        if options.demo { out.append(AppKeys.demo) }
        return out
    }

    // MARK: - Data

    /// A new poll round (ignored for display while paused; the newest is kept for resume). Returns a lock
    /// refresh while the Locks pane is shown, so holders and waiters refresh with every round (the known locks
    /// are re-read; the whole-tree search for new ones runs only now and then, see ``LockScanner``).
    @discardableResult
    public mutating func update(tracker newTracker: EnsembleTracker) -> [AppEffect] {
        update(tracker: newTracker, ensemble: fleet.shown)
    }

    /// A new poll round of one ensemble: its Fleet row is replaced; when it is the shown ensemble, its panes
    /// update too (see ``update(tracker:)``). Hidden ensembles keep only the row, no history.
    @discardableResult
    public mutating func update(tracker newTracker: EnsembleTracker, ensemble: String) -> [AppEffect] {
        let row = FleetRow(name: ensemble, tracker: newTracker)
        guard ensemble == fleet.shown else {
            if paused { pendingRows[ensemble] = row } else { fleet.record(row) }
            return []
        }
        if paused {
            pendingRows[ensemble] = row
            pendingTracker = newTracker
            return []
        }
        fleet.record(row)
        tracker = newTracker
        view = EnsembleViewModel(tracker: newTracker)
        mergeTimeline()
        tree.members = view.rows.map(\.address)
        return (pane == .locks ? [.tree(.scanLocks(rediscover: false))] : []) + refreshCompare() + rereadStaleDetail()
    }

    /// The state of the member a detail was read from, when that member no longer serves (nil: serving, or not
    /// polled).
    func detailMemberState(_ member: String) -> String? {
        guard let row = view.rows.first(where: { $0.address == member }), !row.isServing else { return nil }
        return row.state
    }

    /// Asks once for the shown detail again when the member it was read from stopped serving: the tree's session
    /// moves to another member, and the detail should say what that one holds.
    private mutating func rereadStaleDetail() -> [AppEffect] {
        guard let detail = tree.detail, let member = detail.member, detailMemberState(member) != nil else {
            return []
        }
        let key = detail.path + "@" + member
        guard detailReread != key else { return [] }
        detailReread = key
        return [.tree(.detail(path: detail.path))]
    }

    /// Applies what the tree controller learned (status lines go to the status bar, lock scans to the Locks
    /// pane).
    public mutating func apply(_ update: TreeUpdate) -> [AppEffect] {
        switch update {
        case .status(let text, let isError):
            setStatus(text, isError: isError)
            return []
        case .locks(let reports, let observedAt):
            lockReports = reports
            lockObservedAt = observedAt
            var holders: [String: (holder: String, since: Double)] = [:]
            for report in reports {
                guard let holder = report.layout.holder?.name else { continue }
                if let known = lockHolders[report.layout.path], known.holder == holder {
                    holders[report.layout.path] = known
                } else {
                    // A holder seen changing took the lock now; one seen at the first scan of this lock may have
                    // held it for a while: 0 leaves it to its node's ctime.
                    holders[report.layout.path] = (holder, lockHolders[report.layout.path] == nil ? 0 : observedAt)
                }
            }
            lockHolders = holders
            return []
        case .missing(let path):
            // `:tree /path` waits for that path: when it (or an ancestor) turns out not to exist, say so.
            if let target = tree.revealTarget, path != "/", target == path || target.hasPrefix(path + "/") {
                setStatus("\(path) does not exist", isError: true)
            }
            return tree.apply(update)
        default:
            return tree.apply(update)
        }
    }

    /// The ensemble whose persisted timeline is shown: the shown one, when it has a name of its own (a fleet, or
    /// `--ensemble NAME`); nil for an ensemble given by `--servers`/`--config` alone.
    public var persistedEnsemble: String? {
        fleet.isFleet ? fleet.shown : options.ensembleName
    }

    /// The persisted events of `ensemble` as read now (Unix times, any order); they join the timeline unless a live
    /// event already shows them. Events read for an ensemble no longer shown are dropped.
    public mutating func apply(persisted events: [TimelineEvent], ensemble: String) {
        guard ensemble == persistedEnsemble else { return }
        persistedEvents = events
        mergeTimeline()
    }

    private mutating func mergeTimeline() {
        timeline = PersistedTimelineMerge.entries(
            live: view.events, persisted: persistedEvents, clockOffset: options.clockOffset)
    }

    /// Records why the log cannot be written: shown now as an error, and kept in the idle status line.
    public mutating func noteLogProblem(_ text: String) {
        logProblem = text
        setStatus(text, isError: true)
    }

    /// Shows a message in the status line (an effect's result, an error).
    public mutating func setStatus(_ text: String, isError: Bool = false) {
        status = StatusMessage(text: text, isError: isError)
    }

    // MARK: - Input

    /// Handles one terminal event; returns the effects to run.
    public mutating func handle(_ event: InputEvent) -> [AppEffect] {
        switch event {
        case .resize: return []
        case .mouse(let mouse): return handleMouse(mouse)
        case .key(let key): return handleKey(key)
        }
    }

    private mutating func handleKey(_ key: Key) -> [AppEffect] {
        if var open = editor {
            let outcome = open.handle(key)
            switch outcome {
            case .editing:
                editor = open
                if open.prompt == "/" { setFilter(open.text) }
                return []
            case .cancelled:
                editor = nil
                if open.prompt == "/" { setFilter("") }
                if let pending = dialog, case .prompt = pending.kind {
                    dialog = nil
                    setStatus("cancelled: nothing was changed")
                }
                return []
            case .submitted(let text):
                editor = nil
                if open.prompt == "/" {
                    setFilter(text)
                    return []
                }
                if let pending = dialog, case .prompt = pending.kind {
                    dialog = nil
                    return completePrompt(pending, text: text)
                }
                return runCommand(text)
            }
        }
        if let pending = dialog {
            return handleDialogKey(pending, key)
        }
        guard let action = AppKeys.table.action(for: key, in: contexts) else {
            if help == nil { explainWriteKeyWhenReadOnly(key) }
            return []
        }
        if help != nil {
            switch action {
            case .help, .close, .quit: help = nil
            case .down: help?.scroll(by: 1)
            case .up: help?.scroll(by: -1)
            case .pageDown: help?.pageDown()
            case .pageUp: help?.pageUp()
            default: break
            }
            return []
        }
        return perform(action)
    }

    /// A write key (`c`, `e`, `d`) pressed on the tree while writes are off: says why nothing happens and how to
    /// turn writes on, instead of ignoring the key.
    private mutating func explainWriteKeyWhenReadOnly(_ key: Key) {
        guard !options.allowWrites, pane == .tree, !compareIsShown,
            let action = AppKeys.table.action(for: key, in: [AppKeys.write]),
            [.createNode, .setData, .deleteNode].contains(action)
        else { return }
        _ = startWrite(action)
    }

    /// Performs one action (from a key, a click on the function bar, or a test).
    public mutating func perform(_ action: AppAction) -> [AppEffect] {
        if let effects = performCompare(action) { return effects }
        if pane == .tree, detailPane.focused, let effects = detailPane.handle(action) { return effects }
        switch action {
        case .quit: return [.quit]
        case .help:
            help = help == nil ? HelpScreen(table: AppKeys.table) : nil
        case .close:
            if help != nil {
                help = nil
            } else if filters[pane].map({ !$0.isEmpty }) ?? false {
                setFilter("")
            } else if pane == .tree {
                return tree.closeDetail()
            }
        case .up: return moveSelection { $0.move(by: -1) }
        case .down: return moveSelection { $0.move(by: 1) }
        case .pageUp: return moveSelection { $0.pageUp() }
        case .pageDown: return moveSelection { $0.pageDown() }
        case .home: return moveSelection { $0.home() }
        case .end: return moveSelection { $0.end() }
        case .left, .right:
            let step = action == .left ? -1 : 1
            switch pane {
            case .fleet: fleet.table.horizontalOffset = max(0, fleet.table.horizontalOffset + 8 * step)
            case .ensemble: memberTable.horizontalOffset = max(0, memberTable.horizontalOffset + 8 * step)
            case .findings: timelineFocused = step > 0
            case .tree:
                if step > 0 && selectedIsLeaf { return focusDetail() }
                return step > 0 ? tree.expandSelected() : tree.collapseSelected()
            case .sessions: sessionsTable.horizontalOffset = max(0, sessionsTable.horizontalOffset + 8 * step)
            case .locks: locksTable.horizontalOffset = max(0, locksTable.horizontalOffset + 8 * step)
            }
        case .open:
            switch pane {
            case .fleet:
                guard let name = fleet.selectedName else { return [] }
                return switchEnsemble(to: name)
            case .ensemble:
                pane = .findings
            case .findings: timelineFocused.toggle()
            case .tree: return selectedIsLeaf ? focusDetail() : tree.toggleSelected()
            case .sessions, .locks: break
            }
        case .nextPane, .previousPane:
            let all = panes
            let index = all.firstIndex(of: pane) ?? 0
            let next = (index + (action == .nextPane ? 1 : all.count - 1)) % all.count
            return switchPane(all[next])
        case .showPane(let target): return switchPane(target)
        case .filter:
            editor = LineEditor(prompt: "/", text: filters[pane] ?? "")
        case .command:
            editor = LineEditor(prompt: ":")
        case .togglePause:
            paused.toggle()
            setStatus(paused ? "paused: the display is frozen, polling continues (p resumes)" : "resumed")
            if !paused {
                for row in pendingRows.values { fleet.record(row) }
                pendingRows = [:]
                if let pending = pendingTracker {
                    pendingTracker = nil
                    update(tracker: pending)
                }
            }
        case .faster, .slower:
            let steps = Self.intervalSteps
            let index = steps.lastIndex { $0 <= interval } ?? 0
            let next = steps[max(0, min(steps.count - 1, index + (action == .faster ? -1 : 1)))]
            interval = next
            let bound = next == steps.first ? " (the fastest)" : next == steps.last ? " (the slowest)" : ""
            setStatus("refresh every \(Format.rate(next))s" + bound)
            return [.setInterval(next)]
        case .redraw: return [.repaint]
        case .cycleDataView:
            tree.dataView = tree.dataView.next
            setStatus("data shown as \(tree.dataView.rawValue)")
        case .nextTreeMember:
            return tree.browseNextMember()
        case .focusDetail:
            return pane == .tree ? focusDetail() : []
        case .createNode, .setData, .deleteNode:
            return startWrite(action)
        case .compareNode, .nextDifference, .previousDifference, .compareMembersLeft, .compareMembersRight:
            break
        case .sortNext:
            guard pane == .fleet else { return [] }
            fleet.nextSort()
            setStatus(fleet.sortDescription)
        case .sortReverse:
            guard pane == .fleet else { return [] }
            fleet.reversed.toggle()
            setStatus(fleet.sortDescription)
        case .demoKillLeader: return demoEffect(.killLeader, "killing the leader")
        case .demoRestartMember: return demoEffect(.restartMember, "restarting a follower")
        case .demoMismatchedMember: return demoEffect(.mismatchedMember, "restarting a member with a wrong server list")
        case .demoHeal: return demoEffect(.heal, "healing every member")
        }
        return []
    }

    /// The intervals `+`/`-` step through: from one end of ``PollSettings/intervalRange`` to the other.
    static let intervalSteps: [Double] = [0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300].filter {
        PollSettings.isValidInterval($0)
    }

    /// Whether the selected node is known to have no children (Enter and → then open its detail).
    private var selectedIsLeaf: Bool {
        guard let detail = tree.detail, detail.path == tree.selectedPath else { return false }
        return detail.stat.numChildren == 0
    }

    private mutating func focusDetail() -> [AppEffect] {
        guard let detail = tree.detail, detail.path == tree.selectedPath else {
            setStatus("the detail is still loading")
            return []
        }
        detailPane.focused = true
        setStatus("detail: arrows and PgUp/PgDn scroll, Esc or ← returns to the tree")
        return []
    }

    private mutating func demoEffect(_ fault: DemoFault, _ message: String) -> [AppEffect] {
        guard options.demo else { return [] }
        setStatus(message + "…")
        return [.demo(fault)]
    }

    /// Shows another ensemble's panes (Enter on the Fleet pane, `:ctx NAME`): everything of the old ensemble
    /// (tree, compare view, locks, selections, filters) is dropped, and the new one's panes fill from its next
    /// round, asked for at once by ``AppEffect/switchEnsemble(_:)``.
    mutating func switchEnsemble(to name: String) -> [AppEffect] {
        guard name != fleet.shown else {
            pane = .ensemble
            setStatus("ensemble \(name)")
            return []
        }
        let dataView = tree.dataView
        fleet.shown = name
        view = EnsembleViewModel()
        tracker = nil
        pendingTracker = nil
        tree = TreePaneModel()
        tree.dataView = dataView
        detailPane = NodeDetailPane()
        compare = nil
        sessionsTable = TableView(columns: SessionsViewModel.columns)
        locksTable = TableView(columns: LocksViewModel.columns)
        memberTable = TableView(columns: EnsembleViewModel.columns)
        findingsList = ListViewport()
        timelineList = ListViewport()
        timelineFocused = false
        lockReports = []
        lockObservedAt = 0
        lockHolders = [:]
        persistedEvents = []
        timeline = []
        detailReread = nil
        dialog = nil
        filters = filters.filter { $0.key == .fleet }
        pane = .ensemble
        setStatus("ensemble \(name)" + (fleet.isFleet ? " (F: back to the fleet)" : ""))
        return [.switchEnsemble(name)]
    }

    private mutating func switchPane(_ target: Pane) -> [AppEffect] {
        if target == .fleet {
            guard fleet.isFleet else {
                setStatus("one ensemble: no fleet pane (name several in the configuration file)")
                return []
            }
            fleet.select(fleet.shown)
        }
        pane = target
        if target == .tree { return tree.activate() + refreshCompare() }
        if target == .locks { return [.tree(.scanLocks(rediscover: true))] }
        return []
    }

    /// Moves the focused list's selection; its row count is derived from the data now (filters and new rounds
    /// change it), never kept up to date by hand.
    private mutating func moveSelection(_ body: (inout ListViewport) -> Void) -> [AppEffect] {
        func move(_ viewport: inout ListViewport, rows: Int) {
            viewport.setCount(rows)
            body(&viewport)
        }
        switch pane {
        case .fleet: move(&fleet.table.viewport, rows: fleet.visibleRows.count)
        case .ensemble: move(&memberTable.viewport, rows: visibleMembers.count)
        case .findings:
            if timelineFocused {
                move(&timelineList, rows: visibleEvents.count)
            } else {
                move(&findingsList, rows: visibleFindings.count)
            }
        case .tree: return tree.move(body)
        case .sessions: move(&sessionsTable.viewport, rows: sessions.rows.count)
        case .locks: move(&locksTable.viewport, rows: locks.rows.count)
        }
        return []
    }

    private mutating func setFilter(_ text: String) {
        if compareIsShown {
            compare?.setFilter(text)
            return
        }
        filters[pane] = text
        if pane == .fleet { fleet.filter = text }
        if pane == .tree { tree.setFilter(text) }
    }

    // MARK: - Commands

    /// Runs a `:` command line.
    public mutating func runCommand(_ line: String) -> [AppEffect] {
        guard let command = CommandInvocation(parsing: line) else { return [] }
        switch command.name {
        case "q", "quit", "exit": return [.quit]
        case "help": help = HelpScreen(table: AppKeys.table)
        case "theme":
            guard !command.argument.isEmpty else {
                setStatus("usage: :theme NAME|PATH", isError: true)
                return []
            }
            return [.setTheme(command.argument)]
        case "tree":
            pane = .tree
            let path = command.argument.isEmpty ? "/" : command.argument
            guard path.hasPrefix("/") else {
                setStatus("usage: :tree /path (an absolute path, starting with /)", isError: true)
                return []
            }
            detailPane.focused = false
            return closeCompare() + tree.activate() + tree.reveal(path: path)
        case "compare", "diff":
            return openCompare(path: command.argument.isEmpty ? tree.selectedPath ?? "/" : command.argument)
        case "member":
            guard let target = resolveMember(command.argument) else {
                setStatus("no member \"\(command.argument)\" (use its id or host:port)", isError: true)
                return []
            }
            if pane == .tree { return tree.browse(member: view.rows[target].address) }
            pane = .ensemble
            filters[.ensemble] = ""
            _ = moveSelection { $0.select(target) }
        case "interval", "refresh":
            guard let seconds = Double(command.argument), PollSettings.isValidInterval(seconds) else {
                setStatus("usage: :interval SECONDS (\(PollSettings.intervalRangeText))", isError: true)
                return []
            }
            interval = seconds
            setStatus("refresh every \(Format.rate(seconds))s")
            return [.setInterval(seconds)]
        case "pause": if !paused { return perform(.togglePause) }
        case "resume": if paused { return perform(.togglePause) }
        case "ctx", "context", "ensemble":
            guard let name = fleet.resolve(command.argument) else {
                let known = fleet.names.joined(separator: ", ")
                setStatus(
                    command.argument.isEmpty
                        ? "usage: :ctx NAME (ensembles: \(known))"
                        : "no ensemble \"\(command.argument)\" (ensembles: \(known))", isError: true)
                return []
            }
            return switchEnsemble(to: name)
        case "sort":
            let argument = command.argument.lowercased()
            if argument == "config" || argument == "none" {
                fleet.sort(by: nil)
            } else if let column = FleetColumn.allCases.first(where: { $0.rawValue.hasPrefix(argument) }),
                !argument.isEmpty
            {
                fleet.sort(by: column)
            } else {
                let names = FleetColumn.allCases.map(\.rawValue).joined(separator: "|")
                setStatus("usage: :sort \(names)|config", isError: true)
                return []
            }
            setStatus(fleet.sortDescription)
            return pane == .fleet || !fleet.isFleet ? [] : switchPane(.fleet)
        case "pane":
            if let target = Pane.allCases.first(where: { $0.rawValue.hasPrefix(command.argument.lowercased()) }),
                !command.argument.isEmpty
            {
                return switchPane(target)
            }
            setStatus("usage: :pane fleet|ensemble|findings|tree|sessions|locks", isError: true)
        default:
            if let target = Pane.allCases.first(where: { $0.rawValue == command.name }) { return switchPane(target) }
            setStatus(
                "unknown command :\(command.name) (try :ctx NAME, :tree /path, :compare /path, :member 2, :theme NAME, :interval 5, :q)",
                isError: true)
        }
        return []
    }

    private func resolveMember(_ argument: String) -> Int? {
        guard !argument.isEmpty else { return nil }
        return view.rows.firstIndex { $0.id == argument || $0.address == argument }
            ?? view.rows.firstIndex { $0.address.hasPrefix(argument) }
    }

    // MARK: - Filtered data

    /// Member rows matching the ensemble filter.
    public var visibleMembers: [MemberRow] {
        guard let filter = filters[.ensemble]?.lowercased(), !filter.isEmpty else { return view.rows }
        return view.rows.filter { row in
            row.address.lowercased().contains(filter) || row.state.contains(filter) || row.id == filter
        }
    }

    /// Findings matching the findings filter.
    public var visibleFindings: [Finding] {
        guard let filter = filters[.findings]?.lowercased(), !filter.isEmpty else { return view.findings }
        return view.findings.filter { $0.listLine.lowercased().contains(filter) }
    }

    /// Timeline events matching the findings filter, newest first (persisted ones included).
    public var visibleEvents: [TimelineEvent] { visibleTimeline.map(\.event) }

    /// Timeline lines matching the findings filter, newest first: live events and persisted ones.
    public var visibleTimeline: [TimelineEntry] {
        guard let filter = filters[.findings]?.lowercased(), !filter.isEmpty else { return timeline }
        return timeline.filter { $0.event.message.lowercased().contains(filter) }
    }

    /// The sessions pane's rows.
    public var sessions: SessionsViewModel {
        SessionsViewModel(tracker: tracker, filter: filters[.sessions] ?? "")
    }

    /// The locks pane's rows.
    public var locks: LocksViewModel {
        LocksViewModel(
            locks: lockReports, locate: { locateSession($0) },
            holderSince: lockHolders.mapValues(\.since), filter: filters[.locks] ?? "", now: lockObservedAt)
    }
}

/// A line in the status bar.
public struct StatusMessage: Hashable, Sendable {
    /// The text (sanitised when drawn).
    public var text: String
    /// Drawn in the error role.
    public var isError: Bool

    /// Creates a message.
    public init(text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}
