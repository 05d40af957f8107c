import CNcursesw
import Testing
import TerminalUI
@testable import NcursesTerminal

/// KeyDecoder: curses key codes (wget_wch's KEY_CODE_YES results) and characters to `Key`.
@Suite struct KeyDecoderTests {
    @Test func cursesFunctionCodes() {
        let expected: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
            (KEY_ENTER, .enter), (KEY_BTAB, .backTab), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete),
        ]
        for (code, key) in expected {
            #expect(KeyDecoder.functionKey(code) == key, "curses code \(code)")
        }
        // The constants are ncurses's own octal values (so the test is not just the switch read back).
        #expect(KEY_UP == 0o403 && KEY_DC == 0o512 && KEY_BTAB == 0o541)
    }

    @Test(arguments: 1 ... 12) func functionKeys(n: Int) {
        let code = lectern_key_f(Int32(n))
        #expect(code == 0o410 + Int32(n))  // KEY_F(n) = KEY_F0 + n
        #expect(KeyDecoder.functionKey(code) == .function(n))
    }

    @Test func codesWithoutAKeyAreNil() {
        // F0 and F13 are outside F1…F12, Insert has no Key, resize and mouse events are handled before
        // KeyDecoder, and KEY_MAX is the end of the code range, not a key.
        for code in [lectern_key_f(0), lectern_key_f(13), KEY_RESIZE, KEY_MOUSE, KEY_IC, KEY_MAX] {
            #expect(KeyDecoder.functionKey(code) == nil, "curses code \(code)")
        }
    }

    @Test func tabEnterEscapeBackspace() {
        #expect(KeyDecoder.character(9) == .tab)
        #expect(KeyDecoder.character(10) == .enter)
        #expect(KeyDecoder.character(13) == .enter)
        #expect(KeyDecoder.character(27) == .escape)
        #expect(KeyDecoder.character(8) == .backspace)
        #expect(KeyDecoder.character(127) == .backspace)
    }

    @Test func controlLetters() {
        // 1…26 are Ctrl-A…Ctrl-Z, except the four that terminals send for Backspace (8, Ctrl-H), Tab (9, Ctrl-I)
        // and Enter (10 and 13, Ctrl-J and Ctrl-M), which decode as those keys.
        let special: [UInt32: Key] = [8: .backspace, 9: .tab, 10: .enter, 13: .enter]
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for value in UInt32(1) ... 26 {
            let expected = special[value] ?? .ctrl(letters[Int(value) - 1])
            #expect(KeyDecoder.character(value) == expected, "character \(value)")
        }
        #expect(KeyDecoder.character(1) == .ctrl("a"))
        #expect(KeyDecoder.character(12) == .ctrl("l"))
        #expect(KeyDecoder.character(26) == .ctrl("z"))
    }

    @Test func plainCharacters() {
        #expect(KeyDecoder.character(0x20) == .char(" "))
        #expect(KeyDecoder.character(0x71) == .char("q"))
        #expect(KeyDecoder.character(0x51) == .char("Q"))
        #expect(KeyDecoder.character(0x2F) == .char("/"))
        #expect(KeyDecoder.character(0x7E) == .char("~"))
        #expect(KeyDecoder.character(0xE9) == .char("é"))
        #expect(KeyDecoder.character(0x5B57) == .char("字"))      // CJK
        #expect(KeyDecoder.character(0x1F600) == .char("😀"))    // emoji, outside the BMP
        #expect(KeyDecoder.character(0x10FFFF) == .char(Character(Unicode.Scalar(0x10FFFF)!)))
    }

    @Test func valuesThatAreNotUnicodeScalarsAreNil() {
        #expect(KeyDecoder.character(0xD800) == nil)     // a lone high surrogate
        #expect(KeyDecoder.character(0xDFFF) == nil)     // a lone low surrogate
        #expect(KeyDecoder.character(0x110000) == nil)   // past the last code point
        #expect(KeyDecoder.character(UInt32.max) == nil)
    }

    @Test func controlCharactersOutsideCtrlAToZAreCharacters() {
        // NUL (Ctrl-Space) and 28…31 (Ctrl-\ ] ^ _) have no Key of their own: they come through as characters.
        #expect(KeyDecoder.character(0) == .char("\u{0}"))
        #expect(KeyDecoder.character(28) == .char("\u{1C}"))
        #expect(KeyDecoder.character(31) == .char("\u{1F}"))
    }
}
