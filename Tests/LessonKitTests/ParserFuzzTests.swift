import LabKit
import MLCore
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
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<3_000 {
            let n = rng.below(120)
            let text = (0..<n).map { _ in fragments[rng.below(fragments.count)] }.joined()
            let lesson = LessonParser.parse(text, path: "fuzz.md", labs: .standard)
            let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
            for d in lesson.diagnostics { #expect(d.line >= 0 && d.line <= lineCount + 1) }
        }
    }
}
