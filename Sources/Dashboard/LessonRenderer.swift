import LessonKit
import TerminalUI

/// Lays a lesson's blocks out as screen rows of a given width.
public struct LessonRenderer {
    public var theme: Theme
    public var language: String

    public init(theme: Theme, language: String) {
        self.theme = theme
        self.language = language
    }

    /// - Parameter answers: the student's answers to the lesson's quizzes, by quiz index, shown in their boxes.
    public func render(_ lesson: Lesson, width: Int, answers: [Int: QuizAnswer] = [:]) -> LessonDocument {
        guard width > 0 else { return LessonDocument(lessonPath: lesson.path, width: width, lines: []) }
        var out: [DocLine] = []
        if lesson.hasErrors { out += errorBox(lesson.diagnostics, width: width) }
        var quizIndex = 0
        for (i, node) in lesson.blocks.enumerated() {
            let lines: [Row]
            if case .quiz(let quiz) = node.block {
                lines = BoxedBlockRenderer(theme: theme, language: language).quiz(quiz, width: width, answer: answers[quizIndex])
                quizIndex += 1
            } else {
                lines = render(node.block, width: width)
            }
            if needsGapBefore(node.block), !out.isEmpty, out.last?.line.spans.isEmpty == false {
                out.append(DocLine(Line(), DocAnchor(block: i, offset: -1)))
            }
            out += lines.enumerated().map { k, line in
                DocLine(line.line, DocAnchor(block: i, offset: line.offset ?? k))
            }
        }
        return LessonDocument(lessonPath: lesson.path, width: width, lines: out)
    }

    private func needsGapBefore(_ block: Block) -> Bool {
        if case .rule = block { return false }
        return true
    }

    /// A rendered row and, for wrapped text, the character offset it starts at.
    struct Row {
        var line: Line
        var offset: Int?
        init(_ line: Line, _ offset: Int? = nil) { self.line = line; self.offset = offset }
    }

    func render(_ block: Block, width: Int) -> [Row] {
        switch block {
        case .heading(let level, let text):
            let style = level == 1 ? theme.heading1 : level == 2 ? theme.heading2 : theme.heading3
            return wrap(InlineStyler(theme: theme).spans(text, base: style), width: width)
        case .paragraph(let text):
            return wrap(InlineStyler(theme: theme).spans(text), width: width)
        case .list(let ordered, let items):
            return items.flatMap { item -> [Row] in
                let indent = String(repeating: "  ", count: min(item.depth, 6))
                let marker = ordered ? "\(item.number). " : (item.depth == 0 ? "• " : "◦ ")
                let rest = indent + String(repeating: " ", count: DisplayWidth.of(marker))
                return wrap(InlineStyler(theme: theme).spans(item.text), width: width,
                            first: [Span(indent), Span(marker, theme.strong)], rest: [Span(rest)])
            }
        case .quote(let inner):
            let bar = Span("▌ ", theme.quote)
            return inner.flatMap { render($0.block, width: width - 2).map { Row(Line([bar] + $0.line.spans), nil) } }
        case .code(let language, let lines):
            return CodeBlockRenderer(theme: theme).render(language: language, lines: lines, width: width)
        case .math(let tex):
            let text = MathRenderer.render(tex)
            let w = DisplayWidth.of(text)
            if w <= width - 4 {
                let pad = String(repeating: " ", count: (width - w) / 2)
                return [Row(Line([Span(pad), Span(text, theme.math)]))]
            }
            return wrap([Span(text, theme.math)], width: width, first: [Span("    ")], rest: [Span("    ")])
        case .table(let table):
            return TableRenderer(theme: theme).render(table, width: width).map { Row($0) }
        case .quiz(let quiz):
            return BoxedBlockRenderer(theme: theme, language: language).quiz(quiz, width: width)
        case .tryIt(let tryBlock):
            return BoxedBlockRenderer(theme: theme, language: language).tryBlock(tryBlock, width: width)
        case .deeper(let title, let inner):
            // The box's body: each inner block drawn 4 columns narrower, a blank line between blocks.
            var body: [Line] = []
            for (k, node) in inner.enumerated() {
                if k > 0 { body.append(Line()) }
                body += render(node.block, width: max(1, width - 4)).map(\.line)
            }
            return BoxedBlockRenderer(theme: theme, language: language).deeper(title: title, body: body, width: width)
        case .rule:
            return [Row(Line(String(repeating: "─", count: width), theme.dim))]
        }
    }

    func wrap(_ spans: [Span], width: Int, first: [Span] = [], rest: [Span] = []) -> [Row] {
        TextWrap.wrap(spans, width: width, firstIndent: first, restIndent: rest).map { Row($0.line, $0.sourceOffset) }
    }

    private func errorBox(_ diagnostics: [Diagnostic], width: Int) -> [DocLine] {
        let title = UIText.for(language).lessonHasProblems
        var rows = wrap([Span(title, theme.error)], width: width)
        for d in diagnostics {
            rows += wrap([Span(d.description, theme.error)], width: width, first: [Span("  ✗ ", theme.error)], rest: [Span("    ")])
        }
        rows.append(Row(Line()))
        return rows.map { DocLine($0.line, DocAnchor(block: -1, offset: 0)) }
    }
}

/// Turns inline Markdown into styled spans.
struct InlineStyler {
    var theme: Theme

    func spans(_ inlines: [Inline], base: Style = .plain) -> [Span] {
        inlines.flatMap { inline -> [Span] in
            switch inline {
            case .text(let s): return [Span(s, base)]
            case .emphasis(let xs): return spans(xs, base: base.patched(by: theme.emphasis))
            case .strong(let xs): return spans(xs, base: base.patched(by: theme.strong))
            case .code(let s): return [Span(s, base.patched(by: theme.code))]
            case .math(let tex): return [Span(MathRenderer.render(tex), base.patched(by: theme.math))]
            case .link(let text, let url):
                let label = spans(text, base: base.patched(by: theme.link))
                return label.map(\.text).joined() == url ? label : label + [Span(" (\(url))", base.patched(by: theme.dim))]
            }
        }
    }
}
