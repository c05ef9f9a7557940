import EnsembleCore
import TUIKit

/// One drawn dashboard: the screen, and where its lists and regions ended up (visible rows, the scroll positions
/// the drawing clamped, the areas a mouse click hits).
///
/// Drawing does not change the model; the session hands the geometry back with
/// ``DashboardModel/remember(_:)``, as an input like a resize, so that paging and clicks act on what is shown.
public struct DashboardFrame: Sendable {
    /// What the terminal shows.
    public let screen: Screen
    /// The model as drawn: its viewports and layout after they were fitted to the screen.
    let drawn: DashboardModel
}

extension DashboardModel {
    /// Draws the whole dashboard into a fresh in-memory screen of the given size, and says where its lists and
    /// regions ended up. Row counts are derived from the data here, at draw time.
    public func frame(width: Int, height: Int) -> DashboardFrame {
        var drawn = self
        let screen = drawn.draw(width: width, height: height)
        return DashboardFrame(screen: screen, drawn: drawn)
    }

    /// The screen of ``frame(width:height:)``.
    public func render(width: Int, height: Int) -> Screen { frame(width: width, height: height).screen }

    /// Takes the geometry of a frame drawn from this model (visible rows, clamped scroll positions, regions for the
    /// mouse, the detail's wrapped lines), so keys and clicks act on what the screen shows.
    public mutating func remember(_ frame: DashboardFrame) {
        let drawn = frame.drawn
        layout = drawn.layout
        memberTable = drawn.memberTable
        fleet.table = drawn.fleet.table
        findingsList = drawn.findingsList
        timelineList = drawn.timelineList
        sessionsTable = drawn.sessionsTable
        locksTable = drawn.locksTable
        tree.view = drawn.tree.view
        detailPane = drawn.detailPane
        if help != nil { help = drawn.help }
        if let shown = drawn.compare, compare?.path == shown.path {
            compare?.list = shown.list
            compare?.memberOffset = shown.memberOffset
        }
    }

    /// Draws into a fresh screen; changes only the copy ``frame(width:height:)`` makes (viewports fitted to the
    /// screen, the layout).
    private mutating func draw(width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        layout = DashboardLayout(width: width, height: height, tabsWidth: fleet.isFleet ? 60 : 52)
        Tabs(panes.map(\.title), selected: panes.firstIndex(of: pane) ?? 0)
            .draw(on: &screen, in: layout.tabs)
        drawSummary(on: &screen)
        switch pane {
        case .fleet: drawFleetPane(on: &screen, in: layout.body)
        case .ensemble: drawEnsemblePane(on: &screen, in: layout.body)
        case .findings: drawFindingsPane(on: &screen, in: layout.body)
        case .tree:
            if compare != nil {
                drawComparePane(on: &screen, in: layout.body)
            } else {
                drawTreePane(on: &screen, in: layout.body)
            }
        case .sessions: drawSessionsPane(on: &screen, in: layout.body)
        case .locks: drawLocksPane(on: &screen, in: layout.body)
        }
        drawStatus(on: &screen)
        if let editor {
            editor.draw(on: &screen, in: layout.bar)
        } else {
            FunctionBar(items: functionBarItems).draw(on: &screen, in: layout.bar)
        }
        if var shown = help {
            shown.draw(on: &screen, in: screen.bounds.inset(top: 1, left: 2, bottom: 1, right: 2))
            help = shown
        }
        if let dialog, case .confirm(let box) = dialog.kind {
            box.draw(on: &screen, in: layout.body)
        }
        return screen
    }

    /// The function bar: Help, the focused pane's own items, the demo's fault keys, then the other global ones
    /// (Quit last); items that do not fit the width are dropped from the right.
    var functionBarItems: [FunctionBarItem<AppAction>] {
        let global = AppKeys.table.functionBar(for: .global)
        var items = global.filter { $0.action == .help }
        let paneContext = compareIsShown ? AppKeys.compare : KeyContext(pane.rawValue)
        let local = AppKeys.table.functionBar(for: paneContext).filter { item in
            !global.contains { $0.action == item.action }
        }
        items += local
        if options.demo {
            items += AppKeys.table.functionBar(for: AppKeys.demo).filter { item in
                !global.contains { $0.action == item.action }
            }
        }
        items += global.filter { $0.action != .help && $0.action != .quit }
        items += global.filter { $0.action == .quit }
        return items
    }

    private func drawSummary(on screen: inout Screen) {
        let rect = layout.summary
        guard !rect.isEmpty else { return }
        var parts: [String] = []
        if fleet.namesShownEnsemble { parts.append("ensemble: \(fleet.shown)") }
        if let quorum = view.quorum {
            let serving = view.rows.filter { $0.stateRole != .down && $0.stateRole != .notServing }.count
            parts.append("\(serving)/\(view.rows.count) up")
            if let standalone = quorum.standalone {
                parts.append("standalone \(standalone.address)")
            } else {
                parts.append(quorum.hasQuorum ? "leader \(quorum.leader ?? "-")" : "NO QUORUM")
            }
        } else {
            parts.append("connecting…")
        }
        parts.append("every \(Format.rate(interval))s")
        if paused { parts.append("PAUSED") }
        if options.allowWrites { parts.append("WRITES ON") }
        let text = SafeText(parts.joined(separator: " · "))
        let role: StyleRole = paused ? .statusWarn : (view.quorum?.hasQuorum == false ? .statusCrit : .statusInfo)
        screen.write(text, x: rect.x, y: rect.y, width: rect.width, role: role, alignment: .right)
    }

    private func drawStatus(on screen: inout Screen) {
        let rect = layout.status
        var text: String
        var role = StyleRole.dim
        if let status {
            text = status.text
            role = status.isError ? .error : .statusInfo
        } else if let filter = filters[pane], !filter.isEmpty {
            text = "filter: \(filter)  (Esc clears)"
        } else {
            text =
                pane == .fleet
                ? "\(fleet.names.count) ensembles · Enter opens one · F returns here · ? for help"
                : "\(view.rounds) rounds · \(options.source) · ? for help"
            if logProblem != nil {
                text += " · log not written"
                role = .statusWarn
            }
        }
        if let filter = filters[pane], !filter.isEmpty, status != nil { text += "  [filter: \(filter)]" }
        screen.write(SafeText(text), x: rect.x, y: rect.y, width: rect.width, role: role)
    }

    // MARK: - Ensemble pane

    mutating func drawEnsemblePane(on screen: inout Screen, in rect: Rect) {
        let members = visibleMembers
        let tableHeight = min(max(2, members.count + 1), max(2, rect.height / 2))
        let parts = rect.splitRows([.fixed(tableHeight), .fixed(view.usesTLS ? 3 : 2), .fixed(3), .flex()])
        let columns = MemberTableLayout(
            width: parts[0].width, addresses: view.rows.map(\.address), showTLS: view.usesTLS)
        memberTable.columns = columns.columns
        memberTable.viewport.setCount(members.count)
        memberTable.draw(on: &screen, in: parts[0], focused: true) { i in columns.row(members[i]) }
        if members.isEmpty {
            let message = view.rows.isEmpty ? "waiting for the first poll round…" : "no member matches the filter"
            screen.write(message, x: parts[0].x + 1, y: parts[0].y + 1, role: .dim, clip: parts[0])
        }
        layout.regions.append(.init(target: .members, rect: memberTable.bodyRect(in: parts[0])))
        if let quorum = view.quorum {
            screen.write(SafeText(quorum.line), x: parts[1].x, y: parts[1].y, width: parts[1].width, role: quorum.role)
            screen.write(
                SafeText(quorum.signalsLine), x: parts[1].x, y: parts[1].y + 1, width: parts[1].width,
                role: quorum.signalsNeedAttention ? .statusWarn : .dim)
        }
        drawSelectedChain(members, on: &screen, in: parts[1])
        drawSparklines(members, on: &screen, in: parts[2])
        drawFindingsSummary(on: &screen, in: parts[3])
    }

    /// With TLS, the third line under the table: the selected member's certificate chain, issuer and expiry, in
    /// the TLS cell's colour (or the first member's before anything is selected).
    private func drawSelectedChain(_ members: [MemberRow], on screen: inout Screen, in rect: Rect) {
        guard view.usesTLS, rect.height >= 3, !members.isEmpty else { return }
        let selected = memberTable.viewport.hasSelection ? memberTable.viewport.selected : 0
        guard selected < members.count else { return }
        let member = members[selected]
        let text = "m\(member.id) " + (member.tlsDetail ?? (member.tls == "off" ? "plaintext (no TLS)" : "TLS unknown"))
        screen.write(
            SafeText(text), x: rect.x, y: rect.y + 2, width: rect.width,
            role: member.tlsRole == .statusOK ? .dim : member.tlsRole)
    }

    /// The ensemble's reads/s, writes/s and worst latency; from 100 columns the selected member's own series
    /// sit beside them (the table's selection picks the member), so one member's share of the load shows.
    private func drawSparklines(_ members: [MemberRow], on screen: inout Screen, in rect: Rect) {
        let ensemble: [(String, [Double], String)] = [
            ("reads/s ", view.readSeries, Format.rate(view.readSeries.last)),
            ("writes/s", view.writeSeries, Format.rate(view.writeSeries.last)),
            ("lat ms  ", view.latencySeries, Format.milliseconds(view.latencySeries.last)),
        ]
        let selected = memberTable.viewport.selected
        guard rect.width >= 100, memberTable.viewport.hasSelection, selected < members.count else {
            Self.drawSparklines(ensemble, on: &screen, in: rect)
            return
        }
        let member = members[selected]
        let halves = rect.splitColumns([.percent(50, min: 40), .flex(min: 40)])
        Self.drawSparklines(ensemble, on: &screen, in: halves[0].inset(top: 0, left: 0, bottom: 0, right: 1))
        let id = "m\(member.id) "
        Self.drawSparklines(
            [
                (id + "reads/s ", member.readSeries, member.reads),
                (id + "writes/s", member.writeSeries, member.writes),
                (id + "lat ms  ", member.latencySeries, Format.milliseconds(member.latencySeries.last)),
            ], on: &screen, in: halves[1])
    }

    private static func drawSparklines(_ series: [(String, [Double], String)], on screen: inout Screen, in rect: Rect) {
        for (i, (label, values, last)) in series.enumerated() where i < rect.height {
            let line = rect.row(i)
            let x = screen.write(SafeText(label + " "), x: line.x, y: line.y, role: .dim, clip: line)
            let valueWidth = 9
            let spark = Rect(x: x, y: line.y, width: max(0, line.maxX - x - valueWidth), height: 1)
            Sparkline.draw(values, on: &screen, in: spark)
            screen.write(
                SafeText(last), x: spark.maxX, y: line.y, width: min(valueWidth, line.maxX - spark.maxX),
                role: .normal, alignment: .right)
        }
    }

    private func drawFindingsSummary(on screen: inout Screen, in rect: Rect) {
        guard rect.height >= 2 else { return }
        let title = view.findings.isEmpty ? "Findings: none" : "Findings (\(view.findings.count)) - 2 for details"
        screen.drawBox(rect, role: .border, title: title)
        let inner = rect.inset(by: 1)
        for (i, finding) in view.findings.prefix(inner.height).enumerated() {
            screen.write(
                SafeText(finding.listLine), x: inner.x, y: inner.y + i, width: inner.width,
                role: finding.severity.role)
        }
    }

    // MARK: - Findings pane

    mutating func drawFindingsPane(on screen: inout Screen, in rect: Rect) {
        let findings = visibleFindings
        let events = visibleTimeline
        let earlier = events.count { $0.persisted }
        let parts = rect.splitRows([.percent(35, min: 3), .percent(30, min: 3), .flex(min: 3)])
        findingsList.setCount(findings.count)
        timelineList.setCount(events.count)
        screen.drawBox(
            parts[0], role: timelineFocused ? .border : .title,
            title: "Findings (\(findings.count)) by severity · → timeline")
        let list = parts[0].inset(by: 1)
        findingsList.setVisibleRows(list.height)
        layout.regions.append(.init(target: .findings, rect: list))
        if findings.isEmpty {
            screen.write("no findings", x: list.x, y: list.y, role: .statusOK, clip: list)
        }
        for index in findingsList.visibleRange {
            let finding = findings[index]
            let selected = index == findingsList.selected
            let role: StyleRole = selected ? (timelineFocused ? .selectedInactive : .selected) : finding.severity.role
            screen.write(
                SafeText(finding.listLine), x: list.x, y: list.y + index - findingsList.top, width: list.width,
                role: role)
        }
        screen.drawBox(parts[1], role: .border, title: "Detail")
        let detail = parts[1].inset(by: 1)
        if findingsList.hasSelection, findingsList.selected < findings.count {
            var pane = TextPane(text: findings[findingsList.selected].detailLines.joined(separator: "\n"))
            pane.draw(on: &screen, in: detail)
        }
        screen.drawBox(
            parts[2], role: timelineFocused ? .title : .border,
            title:
                "Timeline (\(events.count)\(earlier > 0 ? ", \(earlier) earlier from serve" : "")) newest first · ← findings"
        )
        let timeline = parts[2].inset(by: 1)
        timelineList.setVisibleRows(timeline.height)
        layout.regions.append(.init(target: .timeline, rect: timeline))
        if events.isEmpty {
            screen.write("nothing happened yet", x: timeline.x, y: timeline.y, role: .dim, clip: timeline)
        }
        for index in timelineList.visibleRange {
            let entry = events[index]
            let event = entry.event
            let selected = index == timelineList.selected && timelineFocused
            let y = timeline.y + index - timelineList.top
            let line = Rect(x: timeline.x, y: y, width: timeline.width, height: 1)
            // A persisted event may be days old: it carries its date and says it was seen by `serve`.
            let stamp =
                entry.persisted
                ? Format.dayAndClock(event.time + options.clockOffset) + " earlier "
                : Format.clock(event.time + options.clockOffset) + " "
            let x = screen.write(stamp, x: line.x, y: y, role: selected ? .selected : .dim, clip: line)
            screen.write(
                SafeText(event.message), x: x, y: y, width: max(0, line.maxX - x),
                role: selected ? .selected : event.role)
        }
    }

    // MARK: - Mouse

    mutating func handleMouse(_ mouse: MouseEvent) -> [AppEffect] {
        if help != nil {
            switch mouse.button {
            case .scrollUp: help?.scroll(by: -3)
            case .scrollDown: help?.scroll(by: 3)
            default: help = nil
            }
            return []
        }
        guard editor == nil, dialog == nil else { return [] }
        if layout.tabs.contains(x: mouse.x, y: mouse.y), mouse.button == .left,
            let index = Tabs(panes.map(\.title)).index(atX: mouse.x, in: layout.tabs)
        {
            return perform(.showPane(panes[index]))
        }
        if layout.bar.contains(x: mouse.x, y: mouse.y), mouse.button == .left,
            let action = FunctionBar(items: functionBarItems).action(atX: mouse.x, in: layout.bar)
        {
            return perform(action)
        }
        guard let region = layout.regions.first(where: { $0.rect.contains(x: mouse.x, y: mouse.y) }) else {
            return []
        }
        let delta = mouse.button == .scrollUp ? -3 : (mouse.button == .scrollDown ? 3 : 0)
        func apply(_ viewport: inout ListViewport) {
            if delta != 0 {
                viewport.scroll(by: delta)
            } else if mouse.button == .left {
                let index = viewport.top + mouse.y - region.rect.y
                if index < viewport.count { viewport.select(index) }
            }
        }
        switch region.target {
        case .fleet:
            fleet.table.viewport.setCount(fleet.visibleRows.count)
            apply(&fleet.table.viewport)
        case .members: apply(&memberTable.viewport)
        case .findings:
            timelineFocused = false
            apply(&findingsList)
        case .timeline:
            timelineFocused = true
            apply(&timelineList)
        case .sessions: apply(&sessionsTable.viewport)
        case .locks: apply(&locksTable.viewport)
        case .tree:
            if delta == 0 { detailPane.focused = false }
            return tree.handleMouse(mouse, in: region.rect, delta: delta)
        case .compare:
            if var model = compare {
                apply(&model.list)
                compare = model
            }
        case .detail:
            if delta != 0 {
                detailPane.scroll(by: delta)
            } else if mouse.button == .left {
                detailPane.focused = true
            }
        }
        return []
    }
}
