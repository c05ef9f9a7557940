import Testing

@testable import TUIKit

@Suite struct ScreenTests {
    @Test func writesAndDumpsText() {
        var screen = Screen(width: 10, height: 2)
        let end = screen.write("hello", x: 1, y: 0, role: .title)
        #expect(end == 6)
        #expect(screen.text() == " hello\n")
        #expect(screen[1, 0].role == .title)
        #expect(screen[0, 0].role == .normal)
    }

    @Test func clipsToRectAndScreen() {
        var screen = Screen(width: 8, height: 2)
        screen.write("abcdefghij", x: 2, y: 0, clip: Rect(x: 2, y: 0, width: 3, height: 1))
        screen.write("0123456789", x: -2, y: 1)
        #expect(screen.rowText(0) == "  abc")
        #expect(screen.rowText(1) == "23456789")
        screen.write("zzz", x: 0, y: 5)  // outside: ignored, no crash
        #expect(screen.rowText(1) == "23456789")
    }

    @Test func wideCharactersTakeTwoCellsAndAreNeverSplit() {
        var screen = Screen(width: 6, height: 2)
        screen.write("日本語", x: 0, y: 0)
        #expect(screen.rowText(0) == "日本語")
        #expect(screen[0, 0].width == 2)
        #expect(screen[1, 0].isContinuation)
        // Five columns cannot hold the third wide character: it becomes a space.
        screen.write("日本語", x: 0, y: 1, clip: Rect(x: 0, y: 1, width: 5, height: 1))
        #expect(screen.rowText(1) == "日本")
        #expect(screen[4, 1].text == " ")
        #expect(!screen[5, 1].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(width: 6, height: 1)
        screen.write("日本語", x: 0, y: 0)
        screen.write("x", x: 1, y: 0)  // right half of 日
        #expect(screen.rowText(0) == " x本語")
        screen.write("y", x: 2, y: 0)  // left half of 本
        #expect(screen.rowText(0) == " xy 語")
        #expect(screen.cells.allSatisfy { !$0.isContinuation || $0.text.isEmpty })
        for x in 0..<6 where screen[x, 0].isContinuation { #expect(screen[x - 1, 0].width == 2) }
    }

    @Test func controlCharactersAreEscapedInTheirOwnRole() {
        var screen = Screen(width: 20, height: 1)
        screen.write("a\u{1B}[31mb", x: 0, y: 0, role: .normal)
        #expect(screen.rowText(0) == "a^[[31mb")
        #expect(screen[1, 0].role == .controlChar)
        #expect(screen[2, 0].role == .controlChar)
        #expect(screen[3, 0].role == .normal)
    }

    @Test func fixedWidthWriteAlignsAndTruncates() {
        var screen = Screen(width: 12, height: 3)
        screen.write(SafeText("42"), x: 0, y: 0, width: 6, role: .normal, alignment: .right)
        screen.write(SafeText("abcdefghij"), x: 0, y: 1, width: 6, role: .normal)
        screen.write(SafeText("日本語日本語"), x: 0, y: 2, width: 6, role: .normal)
        #expect(screen.rowText(0) == "    42")
        #expect(screen.rowText(1) == "abcde…")
        #expect(screen.rowText(2) == "日本…")
    }

    @Test func boxWithTitle() {
        var screen = Screen(width: 12, height: 3)
        screen.drawBox(screen.bounds, title: "Tree")
        #expect(screen.text() == "┌─ Tree ───┐\n│          │\n└──────────┘")
        #expect(screen[3, 0].role == .title)
        #expect(screen[0, 0].role == .border)
    }

    @Test func resizeKeepsTopLeftContent() {
        var screen = Screen(width: 6, height: 2)
        screen.write("abc日", x: 0, y: 0)
        screen.resize(width: 4, height: 1)
        #expect(screen.text() == "abc")
        #expect(screen.width == 4 && screen.height == 1)
    }

    @Test func layoutSplitsRespectFixedFlexAndMinimums() {
        let rect = Rect(x: 0, y: 0, width: 80, height: 24)
        let rows = rect.splitRows([.fixed(1), .flex(weight: 2), .flex(weight: 1, min: 5), .fixed(1)])
        #expect(rows.map(\.height) == [1, 14, 8, 1])
        #expect(rows.map(\.y) == [0, 1, 15, 23])
        let columns = Rect(x: 0, y: 0, width: 10, height: 1).splitColumns([.fixed(4), .percent(50), .flex()])
        #expect(columns.map(\.width) == [4, 5, 1])
        // Too small: the sum never exceeds the space.
        let tiny = LayoutSize.distribute(3, [.fixed(2), .fixed(2), .flex(min: 4)])
        #expect(tiny == [2, 1, 0])
        #expect(
            Rect(x: 0, y: 0, width: 80, height: 24).centered(width: 20, height: 4)
                == Rect(x: 30, y: 10, width: 20, height: 4))
    }
}
