import TestSupport
import Testing

@testable import TUIKit

@Suite struct TextSanitizerTests {
    @Test func escapeSequencesBecomeVisible() {
        let text = SafeText("\u{1B}]0;pwned\u{07}\u{1B}[2J")
        #expect(text.plain == "^[]0;pwned^G^[[2J")
        #expect(text.cells.filter(\.escaped).map(\.text).joined() == "^[^G^[")
    }

    @Test func c0DelAndC1Controls() {
        #expect(SafeText("a\u{0}b\nc\td\u{7F}").plain == "a^@b^Jc^Id^?")
        #expect(SafeText("x\u{9B}31m").plain == "x<U+009B>31m")
        #expect(SafeText("\u{85}").plain == "<U+0085>")
    }

    @Test func bidiAndZeroWidthControls() {
        #expect(SafeText("abc\u{202E}fed").plain == "abc<U+202E>fed")
        #expect(SafeText("a\u{200B}b\u{2066}c\u{FEFF}").plain == "a<U+200B>b<U+2066>c<U+FEFF>")
        #expect(SafeText("\u{2028}").plain == "<U+2028>")
    }

    @Test func invalidUTF8IsShownByteByByte() {
        #expect(SafeText(bytes: [0x61, 0xFF, 0x62]).plain == "a\\xFFb")
        // Truncated sequence: only the lead byte is invalid; the next byte is decoded afresh.
        #expect(SafeText(bytes: [0xC3, 0x41]).plain == "\\xC3A")
        // Overlong encoding and an encoded surrogate are rejected.
        #expect(SafeText(bytes: [0xC0, 0xAF]).plain == "\\xC0\\xAF")
        #expect(SafeText(bytes: [0xED, 0xA0, 0x80]).plain == "\\xED\\xA0\\x80")
        // Valid multi-byte text passes through.
        #expect(SafeText(bytes: Array("zkø日🦀".utf8)).plain == "zkø日🦀")
        #expect(SafeText(bytes: [0xE6, 0x97]).plain == "\\xE6\\x97")
    }

    @Test func displayWidths() {
        #expect(TextSanitizer.displayWidth("abc") == 3)
        #expect(TextSanitizer.displayWidth("日本") == 4)
        #expect(TextSanitizer.displayWidth("ｶﾀｶﾅ") == 4)  // half-width katakana
        #expect(TextSanitizer.displayWidth("Ａ") == 2)  // full-width Latin
        #expect(TextSanitizer.displayWidth("e\u{301}") == 1)  // combining acute
        #expect(SafeText("e\u{301}").cells.count == 1)
        #expect(TextSanitizer.displayWidth("🦀") == 2)
        #expect(TextSanitizer.displayWidth("한국") == 4)
        #expect(TextSanitizer.displayWidth("\u{301}x") == 2)  // lone mark goes on a space
        #expect(TextSanitizer.displayWidth("\u{1B}") == 2)  // ^[
    }

    @Test func truncationNeverSplitsWideCharacters() {
        let text = SafeText("ab日本語")
        #expect(text.truncated(to: 5).plain == "ab日…")
        #expect(text.truncated(to: 4).plain == "ab…")
        #expect(text.truncated(to: 4, ellipsis: false).plain == "ab日")
        #expect(text.truncated(to: 5, ellipsis: false).plain == "ab日")
        #expect(text.truncated(to: 8).plain == "ab日本語")
        #expect(text.truncated(to: 0).plain == "")
        #expect(text.dropping(columns: 3).plain == " 本語")
    }

    /// Random bytes and random scalars: nothing unsafe may come out, widths must add up, truncation must fit.
    @Test func seededFuzz() {
        var rng = SeededGenerator(seed: 0x5EED_2026)
        for round in 0..<3000 {
            let length = Int(rng.next() % 40)
            let output: SafeText
            if round % 2 == 0 {
                output = SafeText(bytes: (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            } else {
                var s = ""
                for _ in 0..<length {
                    let pick = rng.next() % 4
                    let v: UInt32 =
                        pick == 0
                        ? UInt32(rng.next() % 0x80)
                        : pick == 1 ? UInt32(rng.next() % 0x3000) : UInt32(rng.next() % 0x110000)
                    if let scalar = Unicode.Scalar(v) { s.unicodeScalars.append(scalar) }
                }
                output = SafeText(s)
            }
            #expect(output.width == output.cells.reduce(0) { $0 + $1.width })
            for cell in output.cells {
                #expect(cell.width == 1 || cell.width == 2)
                let first = cell.text.unicodeScalars.first!
                if cell.escaped {
                    #expect(cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
                } else {
                    #expect(ScalarKind.of(first) == .printable(width: cell.width) || cell.text.hasPrefix(" "))
                    for scalar in cell.text.unicodeScalars.dropFirst() { #expect(ScalarKind.of(scalar) == .combining) }
                }
            }
            let limit = Int(rng.next() % 12)
            let cut = output.truncated(to: limit)
            #expect(cut.width <= limit)
            var screen = Screen(width: 13, height: 1)
            screen.write(output, x: Int(rng.next() % 3), y: 0)
            for x in 0..<13 {
                let cell = screen[x, 0]
                if cell.isContinuation { #expect(x > 0 && screen[x - 1, 0].width == 2) }
                if cell.width == 2 { #expect(x + 1 < 13 && screen[x + 1, 0].isContinuation) }
                #expect(!cell.text.unicodeScalars.contains { ScalarKind.of($0) == .unsafe })
            }
        }
    }
}
