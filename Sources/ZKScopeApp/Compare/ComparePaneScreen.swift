import TUIKit

/// Column geometry of the compare view for one width: a label column, then as many member columns as fit
/// (at least ``minimumMemberWidth`` each), scrolled by ``ComparePaneModel/memberOffset``.
struct CompareColumns: Hashable, Sendable {
    /// Member columns are never narrower than this; more members than fit scroll sideways.
    static let minimumMemberWidth = 14
    /// Width of the field-name / child-name column.
    var labelWidth: Int
    /// Width of each member column.
    var memberWidth: Int
    /// Index of the first member shown.
    var first: Int
    /// Members shown.
    var count: Int

    init(width: Int, members: Int, offset: Int) {
        labelWidth = max(12, min(32, width / 4))
        let available = max(0, width - labelWidth)
        let fitting = max(1, available / (Self.minimumMemberWidth + 1))
        count = max(0, min(members, fitting))
        first = max(0, min(offset, members - count))
        memberWidth = count == 0 ? 0 : max(Self.minimumMemberWidth, min(48, available / count - 1))
    }

    /// The visible member indices.
    var range: Range<Int> { first..<(first + count) }
}

extension DashboardModel {
    /// Draws the compare view over the tree pane's area: title, the node's fields per member, the children's
    /// union with a mark per member, and a line explaining the selected child.
    mutating func drawComparePane(on screen: inout Screen, in rect: Rect) {
        guard var model = compare, !rect.isEmpty else { return }
        let columns = CompareColumns(width: rect.width, members: model.members.count, offset: model.memberOffset)
        model.memberOffset = columns.first
        let fieldRows = CompareField.allCases.count + 1
        let parts = rect.splitRows([.fixed(1), .fixed(fieldRows), .flex(min: 2), .fixed(1)])
        screen.write(
            SafeText(compareTitle(model, columns)), x: parts[0].x, y: parts[0].y, width: parts[0].width,
            role: model.nodeDiffers || model.differingChildren > 0 ? .statusWarn : .title)
        drawCompareFields(model, columns, on: &screen, in: parts[1])
        drawCompareChildren(&model, columns, on: &screen, in: parts[2])
        let footer = model.selectedChildSummary ?? compareFooterHint(model)
        screen.write(
            SafeText(footer), x: parts[3].x, y: parts[3].y, width: parts[3].width,
            role: model.selectedChild?.differs == true ? .statusWarn : .dim)
        compare = model
    }

    private func compareTitle(_ model: ComparePaneModel, _ columns: CompareColumns) -> String {
        var parts = ["Compare \(model.path)"]
        let differing = model.differingFields.count
        parts.append(differing == 0 ? "node: same" : "node: \(differing) field\(differing == 1 ? "" : "s") differ")
        parts.append("children: \(model.differingChildren) of \(model.totalChildren) differ")
        if !model.filter.isEmpty {
            parts.append("filter \"\(model.filter)\": \(model.children.count + model.hiddenChildren) shown")
        }
        if model.unconfirmed > 0 { parts.append("\(model.unconfirmed) unconfirmed") }
        if columns.count < model.members.count {
            parts.append(
                "members \(columns.first + 1)-\(columns.first + columns.count) of \(model.members.count) (< >)")
        }
        return parts.joined(separator: " · ")
    }

    private func compareFooterHint(_ model: ComparePaneModel) -> String {
        if !model.unlistedMembers.isEmpty {
            return "children not listed on \(model.unlistedMembers.joined(separator: ", ")): "
                + "more than \(ComparePaneModel.listLimit)"
        }
        return "Enter: into the child · ←: parent · n/N: next difference · Esc: back to the tree"
    }

    private func memberHeader(_ model: ComparePaneModel, _ index: Int) -> SafeText {
        SafeText(model.members[index])
    }

    private func drawCompareFields(
        _ model: ComparePaneModel, _ columns: CompareColumns, on screen: inout Screen, in rect: Rect
    ) {
        guard !rect.isEmpty else { return }
        screen.fill(rect.row(0), role: .header)
        screen.write("node", x: rect.x, y: rect.y, width: columns.labelWidth, role: .header)
        for (slot, index) in columns.range.enumerated() {
            let x = rect.x + columns.labelWidth + slot * (columns.memberWidth + 1)
            screen.write(
                memberHeader(model, index), x: x, y: rect.y, width: min(columns.memberWidth, rect.maxX - x),
                role: .header)
        }
        for (row, field) in model.fields.enumerated() where row + 1 < rect.height {
            let y = rect.y + row + 1
            let differs = field.cells.contains { $0.differs }
            screen.write(
                SafeText(field.name), x: rect.x, y: y, width: columns.labelWidth - 1,
                role: differs ? .statusWarn : .dim)
            for (slot, index) in columns.range.enumerated() where index < field.cells.count {
                let x = rect.x + columns.labelWidth + slot * (columns.memberWidth + 1)
                let cell = field.cells[index]
                screen.write(cell.text, x: x, y: y, width: min(columns.memberWidth, rect.maxX - x), role: cell.role)
            }
        }
    }

    private mutating func drawCompareChildren(
        _ model: inout ComparePaneModel, _ columns: CompareColumns, on screen: inout Screen, in rect: Rect
    ) {
        guard !rect.isEmpty else { return }
        var table = TableView(
            columns: [TableColumn("children", width: .fixed(columns.labelWidth - 1))]
                + columns.range.map { _ in TableColumn("", width: .fixed(columns.memberWidth)) })
        table.viewport = model.list
        let rows = model.children
        let hidden = model.hiddenChildren
        let headers = columns.range.map { memberHeader(model, $0) }
        table.draw(on: &screen, in: rect) { i in
            guard i < rows.count else {
                return TableRow(["… \(hidden) more children not shown (differing ones come first)"], role: .dim)
            }
            let row = rows[i]
            var texts = [SafeText(row.name)]
            var roles: [StyleRole?] = [row.differs ? .statusWarn : nil]
            for index in columns.range where index < row.marks.count {
                let mark = row.marks[index]
                texts.append(SafeText(mark.text))
                let differs: StyleRole = mark.settling ? .statusInfo : .statusWarn
                roles.append(mark.differs ? differs : (mark.presence == .unknown ? .dim : nil))
            }
            return TableRow(texts: texts, cellRoles: roles)
        }
        // The header row carries the member addresses, so the marks line up with the node rows above.
        for (slot, header) in headers.enumerated() {
            let x = rect.x + columns.labelWidth + slot * (columns.memberWidth + 1)
            screen.write(header, x: x, y: rect.y, width: min(columns.memberWidth, rect.maxX - x), role: .header)
        }
        if rows.isEmpty {
            let text = model.states.values.contains { $0.isRead } ? "no children" : "reading every member…"
            screen.write(text, x: rect.x + 1, y: rect.y + 1, role: .dim, clip: rect)
        }
        model.list = table.viewport
        layout.regions.append(.init(target: .compare, rect: table.bodyRect(in: rect)))
    }
}
