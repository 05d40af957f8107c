import LessonKit
import TerminalUI

/// The quiz and try-it blocks, drawn as framed boxes.
struct BoxedBlockRenderer {
    var theme: Theme
    var language: String

    func quiz(_ quiz: Quiz, width: Int, answer: QuizAnswer? = nil) -> [LessonRenderer.Row] {
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
        case .live(let check):
            body += wrapped([Span(text.quizLiveHint(check.lab), theme.dim)], width: width - 4)
        }
        let course = CourseText.for(language)
        if let answer {
            let verdict = answer.correct ? course.rightMark : course.wrongMark
            body += wrapped([Span(verdict, answer.correct ? theme.right : theme.error),
                             Span(" " + course.youAnswered(answer.given, attempts: answer.attempts), theme.dim)], width: width - 4)
            // The explanation gives the answer away: it shows once the quiz is right, or after a second try.
            if !quiz.explanation.isEmpty, answer.correct || answer.attempts >= 2 {
                body += wrapped(InlineStyler(theme: theme).spans(InlineText.parse(quiz.explanation)), width: width - 4)
            }
        } else {
            body += wrapped([Span(course.enterToAnswer, theme.dim)], width: width - 4)
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

    /// An advanced aside: its blocks already drawn, framed under "Going deeper · title".
    func deeper(title: String, body: [Line], width: Int) -> [LessonRenderer.Row] {
        let label = UIText.for(language).deeperTitle + (title.isEmpty ? "" : " · " + title)
        return frame(title: Line(label).truncated(toWidth: max(1, width - 6)).plainText, style: theme.quote, body: body, width: width)
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
            rows.append(LessonRenderer.Row(l, k + 1))
        }
        // Row positions: 0 is the top border, so that a position kept on the box brings its top back.
        rows.append(LessonRenderer.Row(Line("╰" + String(repeating: "─", count: max(0, width - 2)) + "╯", style), body.count + 1))
        return rows
    }
}
