import TerminalUI

/// The Word2Vec lab's extras: the watched words' neighbours and the last analogy asked.
enum Word2VecDetailView {

    static func render(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer, chart: (Rect, inout ScreenBuffer) -> Void) {
        let t = input.theme
        let zh = input.language == "zh"
        let shown = Word2VecLab.shownWatch(input.ui, input.snapshot)
        let watch = shown.isEmpty ? input.settings.list("watch").map { WatchedWord(word: $0, neighbours: []) } : shown
        let answer = input.ui.word2vec?.answer
        let want = watch.count + 2 + (answer == nil ? 0 : 2)
        let split = ChartAndExtras(area, extrasHeight: min(want, max(0, area.height - 6)))
        chart(split.chart, &buffer)
        let e = split.extras
        guard e.width >= 12, !e.isEmpty else { return }
        var lines: [Line] = []
        if let d = input.snapshot?.word2vec {
            lines.append(Line("\(d.corpusName) · \(zh ? "词表" : "vocab") \(d.vocabularySize) · \(NumberFormat.compact(Double(d.corpusTokens))) \(zh ? "词" : "words") · w a", t.dim))
        }
        let wordWidth = min(12, (watch.map { DisplayWidth.of($0.word) }.max() ?? 4) + 1)
        for w in watch {
            var line = Line(w.word + String(repeating: " ", count: max(1, wordWidth - DisplayWidth.of(w.word))), t.strong)
            switch w.neighbours {
            case nil: line.append(Span(zh ? "（不在词表中）" : "(not in the vocabulary)", t.dim))
            case .some(let ns) where ns.isEmpty: line.append(Span("…", t.dim))
            case .some(let ns):
                for (k, n) in ns.enumerated() {
                    line.append(Span((k > 0 ? " " : "") + n.word))
                    line.append(Span(" " + NumberFormat.similarity(n.similarity), t.dim))
                }
            }
            lines.append(line)
        }
        if let a = answer {
            var line = Line(a.question + " ", t.keyword)
            if let p = a.problem { line.append(Span(p, t.error)) }
            for (k, n) in a.answers.enumerated() {
                line.append(Span((k > 0 ? " · " : "") + n.word, k == 0 ? t.strong : .plain))
                line.append(Span(" " + NumberFormat.similarity(n.similarity), t.dim))
            }
            lines.append(line)
        }
        var y = e.y
        for line in lines where y < e.maxY {
            buffer.put(line.truncated(toWidth: e.width), x: e.x, y: y)
            y += 1
        }
    }
}
