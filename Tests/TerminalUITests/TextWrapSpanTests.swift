import Testing
import TerminalUI

// What a wrapped line is made of: its indents, its styled spans, and the source offset it maps back to.

extension TextWrapTests {
    @Suite struct TextWrapSpanTests {
        // MARK: Indents

        @Test func indentPrefixes() {
            let bullet = Style(fg: .cyan, attributes: .bold)
            let lines = TextWrap.wrap(
                [Span("Attention is all you need")], width: 12,
                firstIndent: [Span("• ", bullet)], restIndent: [Span("  ")])
            #expect(texts(lines) == ["• Attention", "  is all you", "  need"])
            #expect(lines[0].line.spans == [Span("• ", bullet), Span("Attention")])
            // Equal styles merge: the plain two-space indent and the plain text become one span.
            #expect(lines[1].line.spans == [Span("  is all you")])
            #expect(lines.map(\.sourceOffset) == [0, 10, 21])
            #expect(lines.allSatisfy { $0.line.width <= 12 })
        }

        @Test func indentWithChinese() {
            let lines = wrap("神经网络是大模型的基本结构。", 10, first: "1. ", rest: "   ")
            #expect(texts(lines) == ["1. 神经网", "   络是大", "   模型的", "   基本结", "   构。"])
            checkOffsets("神经网络是大模型的基本结构。", lines, indents: ["1. "] + Array(repeating: "   ", count: 4))
        }

        @Test func indentWiderThanTheWidthIsCut() {
            let lines = wrap("abc", 2, first: "• ", rest: "  ")
            #expect(texts(lines) == ["•a", " b", " c"])
            #expect(lines.allSatisfy { $0.line.width <= 2 })
            #expect(texts(wrap("中文", 3, first: "• ", rest: "  ")) == ["•中", " 文"])
        }

        // MARK: Offsets

        @Test func sourceOffsetsMapBackToTheInput() {
            let samples = [
                "Hello world, 你好世界。 Foo  bar baz",
                "Transformers 使用自注意力（self-attention）机制，可以并行处理序列。",
                "  leading spaces and   inner   runs   of spaces ",
                "a\n\nb c d e f g\nh",
                "“引号”和‘单引号’，以及《书名号》。",
            ]
            for text in samples {
                for width in 1...40 {
                    let lines = wrap(text, width)
                    checkOffsets(text, lines)
                    // Concatenating the lines gives the input without the spaces at breaks.
                    let joined = texts(lines).joined()
                    let expected = text.filter { $0 != " " && $0 != "\n" }
                    #expect(joined.filter { $0 != " " } == expected)
                }
            }
        }

        // MARK: Styles

        @Test func stylesArePreservedAcrossBreaks() {
            let bold = Style(attributes: .bold)
            let red = Style(fg: .red)
            let lines = TextWrap.wrap([Span("Hello "), Span("bold world", bold), Span(" 中文", red)], width: 8)
            #expect(lines.map(\.line.spans) == [
                [Span("Hello")],
                [Span("bold", bold)],
                [Span("world", bold), Span(" 中", red)],
                [Span("文", red)],
            ])
            #expect(lines.map(\.sourceOffset) == [0, 6, 11, 18])
        }

        @Test func adjacentEqualStylesMerge() {
            let lines = TextWrap.wrap([Span("ab"), Span(""), Span("cd")], width: 10)
            #expect(lines.map(\.line.spans) == [[Span("abcd")]])
        }

        @Test func clusterSplitAcrossSpansStaysWhole() {
            let bold = Style(attributes: .bold)
            let lines = TextWrap.wrap([Span("cafe"), Span("\u{301}!", bold)], width: 10)
            #expect(lines.count == 1)
            #expect(lines[0].line.spans == [Span("cafe\u{301}"), Span("!", bold)])
            let narrow = TextWrap.wrap([Span("cafe"), Span("\u{301}!", bold)], width: 4)
            #expect(narrow.map(\.line.plainText) == ["caf", "e\u{301}!"])
            #expect(narrow.map(\.sourceOffset) == [0, 3])
        }
    }
}
