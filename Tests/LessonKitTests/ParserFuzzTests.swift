import Testing
@testable import LessonKit

@Suite struct ParserFuzzTests {
    /// Random lesson-like text from fragments that stress every branch of the parser: no crash, no hang,
    /// every diagnostic points at a line that exists.
    @Test func randomInputNeverCrashes() {
        let fragments = ["---", "id: x", "title: t", "order: 1", "lab: gd", "# ", "## ", "```", "```quiz", "```try",
                         "```python", "$$", "$", "*", "**", "`", "[", "](", ")", "|", "|---|", "> ", "- ", "  - ",
                         "1. ", "answer: a", "question: q", "lab: mlp", "lr: 0.1", "\\", "神经", "。", "\n", "\n\n",
                         " ", "\t", "x", "\\frac{", "}", "_", "^", "e\u{301}", "🙂", "\r\n"]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
        }
        for _ in 0..<3_000 {
            let n = next() % 120
            let text = (0..<n).map { _ in fragments[next() % fragments.count] }.joined()
            let lesson = LessonParser.parse(text, path: "fuzz.md")
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            for d in lesson.diagnostics { #expect(d.line >= 0 && d.line <= lineCount + 1) }
        }
    }
}
