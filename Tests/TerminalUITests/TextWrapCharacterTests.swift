import Testing
import TerminalUI

// Characters that are not one column of plain text: grapheme clusters, emoji, newlines, tabs, controls; and degenerate widths.

extension TextWrapTests {
    @Suite struct TextWrapCharacterTests {
        // MARK: Grapheme clusters

        @Test func combiningMarksStayWithTheirBase() {
            let lines = wrap("e\u{301}", 1)
            #expect(lines.count == 1)
            #expect(lines[0].line.plainText == "e\u{301}")
            #expect(lines[0].line.width == 1)

            let words = wrap("cafe\u{301} cafe\u{301}", 4)
            #expect(texts(words) == ["cafe\u{301}", "cafe\u{301}"])
            #expect(words.map(\.sourceOffset) == [0, 5])

            let run = wrap(String(repeating: "e\u{301}", count: 4), 3)
            #expect(run.map { $0.line.plainText.unicodeScalars.count } == [6, 2])
            #expect(run.map(\.line.width) == [3, 1])
        }

        @Test func emojiAreWideAndWhole() {
            let lines = wrap("ok 👍🏽 ❤️ 👨‍👩‍👧 done", 5)
            #expect(texts(lines) == ["ok 👍🏽", "❤️ 👨‍👩‍👧", "done"])
            #expect(lines.allSatisfy { $0.line.width <= 5 })
        }

        // MARK: Control characters

        @Test func newlinesForceBreaks() {
            let lines = wrap("abc\ndef", 10)
            #expect(texts(lines) == ["abc", "def"])
            #expect(lines.map(\.sourceOffset) == [0, 4])
            let blank = wrap("a\n\nb", 10)
            #expect(texts(blank) == ["a", "", "b"])
            #expect(blank.map(\.sourceOffset) == [0, 2, 3])
            #expect(texts(wrap("abc\n", 10)) == ["abc", ""])
            #expect(texts(wrap("ab\r\ncd", 10)) == ["ab", "cd"])
            #expect(texts(wrap("ab\u{2028}cd", 10)) == ["ab", "cd"])
            let indented = wrap("one\ntwo", 10, first: "- ", rest: "  ")
            #expect(texts(indented) == ["- one", "  two"])
        }

        @Test func tabsExpandToMultiplesOfFour() {
            #expect(texts(wrap("a\tb", 20)) == ["a   b"])
            #expect(texts(wrap("\tx", 20)) == ["    x"])
            #expect(texts(wrap("abcd\te", 20)) == ["abcd    e"])
            // Tab stops count from the start of the text, after the indent.
            #expect(texts(wrap("ab\tc", 20, first: "• ")) == ["• ab  c"])
            // A tab is one source Character; at a break it is dropped like a space.
            let lines = wrap("a\tb\tc", 6)
            #expect(texts(lines) == ["a   b", "c"])
            #expect(lines.map(\.sourceOffset) == [0, 4])
            #expect(lines.allSatisfy { $0.line.width <= 6 })
        }

        @Test func otherControlsBecomeReplacementCharacters() {
            let lines = wrap("a\u{7}b\u{1B}[0m\u{7F}\u{85}c\rd", 40)
            #expect(texts(lines) == ["a\u{FFFD}b\u{FFFD}[0m\u{FFFD}\u{FFFD}c\u{FFFD}d"])
            #expect(lines[0].line.width == 12)
        }

        // MARK: Degenerate widths and input

        @Test func nonPositiveWidthGivesNoLines() {
            #expect(wrap("abc", 0).isEmpty)
            #expect(wrap("abc", -5).isEmpty)
            #expect(wrap("", 0).isEmpty)
        }

        @Test func emptyInputGivesOneEmptyLine() {
            let bullet = [Span("• ", Style(fg: .yellow))]
            #expect(TextWrap.wrap([], width: 10, firstIndent: bullet) == [WrappedLine(line: Line(bullet), sourceOffset: 0)])
            #expect(TextWrap.wrap([Span("")], width: 10) == [WrappedLine(line: Line(), sourceOffset: 0)])
        }

        @Test func widthOneWithWideCharacters() {
            let lines = wrap("a中b文。", 1)
            #expect(texts(lines) == ["a", "中", "b", "文", "。"])
            #expect(lines.map(\.sourceOffset) == [0, 1, 2, 3, 4])
            #expect(texts(wrap("abc", 1)) == ["a", "b", "c"])
        }
    }
}
