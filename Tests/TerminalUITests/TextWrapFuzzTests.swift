import MLCore
import Testing
import TerminalUI

// Random texts of every kind of character at random widths, and the time a long paragraph takes.

extension TextWrapTests {
    @Suite struct TextWrapFuzzTests {
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
}

extension SplitMix64 {
    fileprivate mutating func int(_ bound: Int) -> Int { below(bound) }
    fileprivate mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
