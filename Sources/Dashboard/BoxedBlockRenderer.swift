import LessonKit
import TerminalUI

/// The quiz and try-it blocks, drawn as framed boxes.
struct BoxedBlockRenderer {
    var theme: Theme
    var language: String

    func quiz(_ quiz: Quiz, width: Int) -> [LessonRenderer.Row] {
        let text = UIText.for(language)
        var body: [Line] = wrapped([Span(quiz.question, theme.strong)], width: width - 4)
        switch quiz.answer {
        case .choice:
            for (k, choice) in quiz.choices.enumerated() {
                let letter = String(UnicodeScalar(UInt8(97 + k)))
                body += wrapped(InlineStyler(theme: theme).spans(InlineText.parse(choice)), width: width - 4,
                                first: [Span("\(letter)) ", theme.strong)], rest: [Span("   ")])
            }
        case .number:
            body += wrapped([Span(text.quizNumberHint, theme.dim)], width: width - 4)
        }
        return frame(title: text.quizTitle, style: theme.quizBorder, body: body, width: width)
    }

    func tryBlock(_ block: TryBlock, width: Int) -> [LessonRenderer.Row] {
        let text = UIText.for(language)
        var body: [Line] = []
        let settings = block.settings.map { "\($0.key) = \($0.value)" }.joined(separator: " · ")
        if !settings.isEmpty { body += wrapped([Span(settings, theme.code)], width: width - 4) }
        if !block.note.isEmpty { body += wrapped(InlineStyler(theme: theme).spans(InlineText.parse(block.note)), width: width - 4) }
        return frame(title: text.tryTitle(block.lab.rawValue), style: theme.tryBorder, body: body, width: width)
    }

    private func wrapped(_ spans: [Span], width: Int, first: [Span] = [], rest: [Span] = []) -> [Line] {
        TextWrap.wrap(spans, width: max(1, width), firstIndent: first, restIndent: rest).map(\.line)
    }

    private func frame(title: String, style: Style, body: [Line], width: Int) -> [LessonRenderer.Row] {
        let inner = max(0, width - 4)
        let label = " \(title) "
        let top = "╭─" + label + String(repeating: "─", count: max(0, width - 3 - DisplayWidth.of(label))) + "╮"
        var rows = [LessonRenderer.Row(Line(top, style))]
        for (k, line) in body.enumerated() {
            var l = Line("│ ", style)
            line.spans.forEach { l.append($0) }
            l.append(Span(String(repeating: " ", count: max(0, inner - line.width))))
            l.append(Span(" │", style))
            rows.append(LessonRenderer.Row(l, k))
        }
        rows.append(LessonRenderer.Row(Line("╰" + String(repeating: "─", count: max(0, width - 2)) + "╯", style), body.count))
        return rows
    }
}
