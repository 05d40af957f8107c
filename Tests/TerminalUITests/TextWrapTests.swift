import MLCore
import Testing
import TerminalUI

private func wrap(_ text: String, _ width: Int, first: String = "", rest: String = "") -> [WrappedLine] {
    TextWrap.wrap(
        [Span(text)], width: width,
        firstIndent: first.isEmpty ? [] : [Span(first)],
        restIndent: rest.isEmpty ? [] : [Span(rest)])
}

private func texts(_ lines: [WrappedLine]) -> [String] { lines.map(\.line.plainText) }

private let closingMarks: Set<Character> = Set("。，、．：；！？）」』】》〉〕｝”’%‰,.:;!?)]}…")
private let openingMarks: Set<Character> = Set("（「『【《〈〔｛“‘([{")

/// Checks that every line is the source text starting at its `sourceOffset`, and that only
/// spaces, tabs and newlines sit between one line's end and the next line's start.
/// For plain texts without tabs or control characters.
private func checkOffsets(_ text: String, _ lines: [WrappedLine], indents: [String] = [],
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let source = Array(text)
    var expectedNext = 0
    for (i, wrapped) in lines.enumerated() {
        var plain = wrapped.line.plainText
        if i < indents.count, plain.hasPrefix(indents[i]) { plain.removeFirst(indents[i].count) }
        let content = Array(plain)
        let offset = wrapped.sourceOffset
        #expect(offset >= expectedNext, sourceLocation: sourceLocation)
        if offset < expectedNext || offset + content.count > source.count {
            Issue.record("line \(i) offset \(offset) out of range", sourceLocation: sourceLocation)
            return
        }
        for k in expectedNext..<offset {
            #expect(source[k] == " " || source[k] == "\n" || source[k] == "\t",
                    "dropped non-space \(source[k]) at \(k)", sourceLocation: sourceLocation)
        }
        #expect(Array(source[offset..<offset + content.count]) == content,
                "line \(i) '\(plain)' does not match the source at \(offset)", sourceLocation: sourceLocation)
        expectedNext = offset + content.count
    }
    for k in expectedNext..<source.count {
        #expect(source[k] == " " || source[k] == "\n" || source[k] == "\t", sourceLocation: sourceLocation)
    }
}

@Suite struct TextWrapTests {
    // MARK: ASCII

    @Test func asciiWordsBreakAtSpaces() {
        let lines = wrap("The quick brown fox jumps over the lazy dog", 10)
        #expect(texts(lines) == ["The quick", "brown fox", "jumps over", "the lazy", "dog"])
        #expect(lines.map(\.sourceOffset) == [0, 10, 20, 31, 40])
        #expect(lines.allSatisfy { $0.line.width <= 10 })
    }

    @Test func fitsOnOneLine() {
        #expect(texts(wrap("hello world", 11)) == ["hello world"])
        #expect(texts(wrap("hello world", 80)) == ["hello world"])
    }

    @Test func spaceRunsInsideALineStayAndAtABreakAreDropped() {
        #expect(texts(wrap("a  b", 10)) == ["a  b"])
        let lines = wrap("aaa   bbb", 5)
        #expect(texts(lines) == ["aaa", "bbb"])
        #expect(lines.map(\.sourceOffset) == [0, 6])
        // Trailing spaces of the last line are kept while they fit.
        #expect(texts(wrap("abc   ", 10)) == ["abc   "])
        #expect(texts(wrap("abc   ", 4)) == ["abc "])
        // Leading spaces are kept when the text fits.
        #expect(texts(wrap("  indented", 20)) == ["  indented"])
    }

    // MARK: CJK

    @Test func chineseSentence() {
        let text = "神经网络是大模型的基本结构。"
        let lines = wrap(text, 10)
        #expect(texts(lines) == ["神经网络是", "大模型的基", "本结构。"])
        // From 4 columns on, "构。" fits on a line; below that a lone 。 is unavoidable.
        for width in 4...30 {
            let lines = wrap(text, width)
            for line in lines {
                #expect(line.line.width <= width)
                #expect(line.line.plainText.first != "。", "width \(width)")
            }
            #expect(texts(lines).joined() == text)
            checkOffsets(text, lines)
        }
    }

    @Test func wideCharacterNeverStraddlesTheEdge() {
        // 9 columns: four ideographs fit (8), the fifth moves down.
        #expect(texts(wrap("一二三四五六", 9)) == ["一二三四", "五六"])
        #expect(texts(wrap("ab中文", 3)) == ["ab", "中", "文"])
        #expect(texts(wrap("ａｂｃｄ", 5)) == ["ａｂ", "ｃｄ"])
    }

    @Test func hangulAndKanaBreakBetweenCharacters() {
        #expect(texts(wrap("ひらがなカタカナ", 6)) == ["ひらが", "なカタ", "カナ"])
        #expect(texts(wrap("한국어 텍스트", 6)) == ["한국어", "텍스트"])
        #expect(texts(wrap("한국어텍스트", 8)) == ["한국어텍", "스트"])
    }

    // MARK: Mixed

    @Test func mixedChineseAndEnglish() {
        let text = "用 Python 写 MLP 很简单"
        #expect(texts(wrap(text, 23)) == [text])
        #expect(texts(wrap(text, 22)) == ["用 Python 写 MLP 很简", "单"])
        #expect(texts(wrap(text, 10)) == ["用 Python", "写 MLP 很", "简单"])
        #expect(texts(wrap(text, 6)) == ["用", "Python", "写 MLP", "很简单"])
        #expect(texts(wrap(text, 4)) == ["用", "Pyth", "on", "写", "MLP", "很简", "单"])
        for width in 1...25 {
            let lines = wrap(text, width)
            #expect(lines.allSatisfy { $0.line.width <= max(width, 2) })
            checkOffsets(text, lines)
        }
    }

    @Test func breaksBetweenCJKAndLatinWithoutSpaces() {
        #expect(texts(wrap("用Python写MLP很简单", 8)) == ["用Python", "写MLP很", "简单"])
        #expect(texts(wrap("用Python写MLP很简单", 5)) == ["用", "Pytho", "n写", "MLP很", "简单"])
    }

    // MARK: Kinsoku

    @Test func closingPunctuationNeverStartsALine() {
        // Without the rule the third line would be "。".
        #expect(texts(wrap("一二三四五六。", 6)) == ["一二三", "四五", "六。"])
        #expect(texts(wrap("中文中文，中文", 8)) == ["中文中", "文，中文"])
        #expect(texts(wrap("他说好」。好", 6)) == ["他说", "好」。", "好"])
        #expect(texts(wrap("数据（训练集）很大", 14)) == ["数据（训练集）", "很大"])
        #expect(texts(wrap("准确率是95%", 10)) == ["准确率是", "95%"])
        // Latin closing marks after CJK.
        #expect(texts(wrap("中文中文!", 8)) == ["中文中", "文!"])
        #expect(texts(wrap("中文中文…", 8)) == ["中文中", "文…"])
        // Widths from 6: "好。”" (5 columns) and "了）。" (6) cannot be split.
        for text in ["一二三四五六。", "中文，中文，中文，中文。", "他说：“你好。”然后（走了）。"] {
            for width in 6...20 {
                for line in wrap(text, width) {
                    if let first = line.line.plainText.first {
                        #expect(!closingMarks.contains(first), "\(text) at \(width): \(line.line.plainText)")
                    }
                    #expect(line.line.width <= width)
                }
            }
        }
    }

    @Test func openingPunctuationNeverEndsALine() {
        #expect(texts(wrap("中文中（文）", 8)) == ["中文中", "（文）"])
        #expect(texts(wrap("中文中「文」", 8)) == ["中文中", "「文」"])
        #expect(texts(wrap("aaaa “bb”", 6)) == ["aaaa", "“bb”"])
        #expect(texts(wrap("aaaa (bb)", 6)) == ["aaaa", "(bb)"])
        for text in ["他说：“你好。”然后（走了）。", "（一）（二）（三）（四）"] {
            for width in 6...20 {
                for line in wrap(text, width) {
                    if let last = line.line.plainText.last {
                        #expect(!openingMarks.contains(last), "\(text) at \(width): \(line.line.plainText)")
                    }
                    #expect(line.line.width <= width)
                }
            }
        }
    }

    @Test func impossibleKinsokuStillTerminates() {
        let lines = wrap("。。。。。。", 4)
        #expect(texts(lines) == ["。。", "。。", "。。"])
        #expect(texts(wrap("（（（（（（", 4)) == ["（（", "（（", "（（"])
        #expect(texts(wrap("。", 1)) == ["。"])
    }

    @Test func hardBreakKeepsACharacterWithAClosingMark() {
        // A word with no break opportunity that ends in a closing mark.
        #expect(texts(wrap("abcdefghij.", 5)) == ["abcde", "fghi", "j."])
    }

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

    // MARK: Hard breaks

    @Test func longURLIsBrokenHardAtTheWidth() {
        let url = "https://example.com/a/very/long/path/to/some/resources/index/page.html"
        let lines = wrap("see \(url) now", 20)
        #expect(texts(lines) == [
            "see", "https://example.com/", "a/very/long/path/to/", "some/resources/index", "/page.html now",
        ])
        #expect(lines.allSatisfy { $0.line.width <= 20 })
        checkOffsets("see \(url) now", lines)
        // With nothing else on the line the URL starts at once.
        #expect(texts(wrap(url, 25)) == ["https://example.com/a/ver", "y/long/path/to/some/resou", "rces/index/page.html"])
    }

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

    // MARK: Fuzz

    private static let cjk = Array("神经网络是大模型的基本结构用写很简单训练数据ひらがなカタカナ한국어ＡＢ１２　")
    private static let punctuation = Array("。，、．：；！？）」』】》〉〕｝”’%‰,.:;!?)]}…（「『【《〈〔｛“‘([{—-/")
    private static let emoji = ["😀", "❤️", "👍🏽", "👨‍👩‍👧", "🇨🇳", "1️⃣", "🚀", "❤", "🇨", "\u{1100}\u{1161}"]
    private static let controls = [
        "\u{1}", "\u{1B}", "\u{7F}", "\u{85}", "\r", "\r\n", "\u{200B}", "\u{FEFF}", "\u{2028}", "\u{600}",
    ]
    private static let marks = ["\u{301}", "\u{308}", "\u{20DD}", "\u{FE0F}", "\u{1F3FD}", "\u{200D}", "\u{1161}"]

    private static func randomText(_ rng: inout SplitMix64) -> String {
        var s = ""
        let pieces = rng.int(40)
        for _ in 0..<pieces {
            switch rng.int(20) {
            case 0...5:
                let length = rng.int(10) == 0 ? 20 + rng.int(60) : 1 + rng.int(12)
                for _ in 0..<length {
                    s.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "a") + UInt8(rng.int(26))))
                }
            case 6...8: s += String(repeating: " ", count: 1 + rng.int(3))
            case 9...11: for _ in 0..<(1 + rng.int(8)) { s.append(rng.pick(cjk)) }
            case 12, 13: s.append(rng.pick(punctuation))
            case 14: s += rng.pick(marks)
            case 15: s += rng.pick(emoji)
            case 16: s += "\n"
            case 17: s += "\t"
            case 18: s += rng.pick(controls)
            default: s += "e\u{301}"
            }
        }
        return s
    }

    /// Splits the text into spans at random scalar boundaries (so clusters may straddle spans).
    private static func randomSpans(_ text: String, _ rng: inout SplitMix64) -> [Span] {
        let scalars = Array(text.unicodeScalars)
        let styles = [Style.plain, Style(attributes: .bold), Style(fg: .red), Style(fg: .green, attributes: .underline)]
        var spans: [Span] = []
        var i = 0
        while i < scalars.count {
            let n = min(scalars.count - i, 1 + rng.int(12))
            var t = ""
            t.unicodeScalars.append(contentsOf: scalars[i..<i + n])
            spans.append(Span(t, rng.pick(styles)))
            i += n
        }
        return spans
    }

    /// The scalars a source Character is shown as: none for newlines, spaces for a tab (here
    /// left out), U+FFFD for a control character, else its own.
    private static func shownScalars(of c: Character) -> [UInt32] {
        if c == "\t" || c == "\n" || c == "\r\n" || c == "\u{2028}" || c == "\u{2029}" { return [] }
        let first = c.unicodeScalars.first!.value
        if first < 0x20 || (0x7F...0x9F).contains(first) { return [0xFFFD] }
        return c.unicodeScalars.map(\.value)
    }

    /// Scalars the lines should show for the text, in order, spaces left out.
    private static func visibleScalars(ofSource text: String) -> [UInt32] {
        text.flatMap { shownScalars(of: $0) }.filter { $0 != 0x20 }
    }

    @Test func fuzz() {
        var rng = SplitMix64(seed: 0x1EC7E5)
        // Indent characters never occur in the generated text, so they can be filtered out.
        let indentSets: [([Span], [Span])] = [
            ([], []), ([Span("▸ ", Style(fg: .cyan))], [Span("  ")]), ([Span("〓")], [Span("〓")]),
        ]
        var lineCount = 0
        for iteration in 0..<5_000 {
            let text = Self.randomText(&rng)
            let spans = Self.randomSpans(text, &rng)
            let width = 1 + rng.int(60)
            let (first, rest) = rng.int(3) == 0 ? rng.pick(indentSets) : ([], [])
            let lines = TextWrap.wrap(spans, width: width, firstIndent: first, restIndent: rest)
            lineCount += lines.count
            let sourceCount = text.count
            let context = "iteration \(iteration), width \(width), text \(text.debugDescription)"

            let sourceChars = Array(text)
            #expect(!lines.isEmpty, "\(context)")
            #expect(lines.count <= 2 * sourceCount + 1, "\(context)")
            var previous = -1
            var shown: [UInt32] = []
            for wrapped in lines {
                let line = wrapped.line
                if line.width > width {
                    // Only allowed: width 1 and one wide character (plus zero-width ones).
                    let visible = line.plainText.filter { DisplayWidth.of($0) > 0 }
                    let ok = width == 1 && visible.count == 1 && DisplayWidth.of(visible.first!) == 2
                    #expect(ok, "line too wide: \(line.plainText.debugDescription) \(context)")
                }
                #expect(wrapped.sourceOffset > previous, "\(context)")
                #expect(wrapped.sourceOffset <= sourceCount, "\(context)")
                // Offsets count Characters as Swift segments the whole text: without an
                // indent, a line starts with what the source has at its offset.
                if first.isEmpty, wrapped.sourceOffset < sourceCount, !line.spans.isEmpty {
                    let head = sourceChars[wrapped.sourceOffset]
                    let want = head == "\t" ? [0x20] : Self.shownScalars(of: head)
                    let got = line.plainText.unicodeScalars.map(\.value)
                    #expect(got.starts(with: want), "line \(line.plainText.debugDescription) at \(wrapped.sourceOffset): \(context)")
                }
                previous = wrapped.sourceOffset
                for span in line.spans {
                    #expect(!span.text.isEmpty, "\(context)")
                }
                shown += line.plainText.unicodeScalars.map(\.value).filter {
                    $0 != 0x20 && $0 != 0x25B8 && $0 != 0x3013
                }
            }
            let expected = Self.visibleScalars(ofSource: text)
            #expect(shown == expected, "characters lost or reordered: \(context)")
        }
        print("fuzz: 5000 texts, \(lineCount) lines")
    }

    // MARK: Timing (reported, not asserted)

    @Test func timingOfA2000CharacterParagraph() {
        var paragraph = ""
        let chunk = "Transformer 模型使用 self-attention 机制来建模序列中任意两个位置之间的依赖关系，"
        while paragraph.count < 2_000 { paragraph += chunk }
        paragraph = String(paragraph.prefix(2_000))
        let spans = [Span(paragraph)]
        var lines = 0
        for _ in 0..<20 { lines += TextWrap.wrap(spans, width: 80).count }  // warm up
        let runs = 200
        let elapsed = ContinuousClock().measure {
            for _ in 0..<runs { lines += TextWrap.wrap(spans, width: 80).count }
        }
        let (seconds, attoseconds) = elapsed.components
        let micros = (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(runs)
        print("TextWrap: 2,000 characters at 80 columns: \(micros) µs per call (\(lines) lines in all)")
        #expect(lines > 0)
    }
}

extension SplitMix64 {
    fileprivate mutating func int(_ bound: Int) -> Int { below(bound) }
    fileprivate mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
