import LessonKit
import TerminalUI

/// A fenced code block: a thin frame, keyword colouring, long lines wrapped with a marker.
struct CodeBlockRenderer {
    var theme: Theme

    func render(language: String, lines: [String], width: Int) -> [LessonRenderer.Row] {
        let label = language.isEmpty || language == "text" || language == "plain" ? "" : " \(language) "
        let top = "┌─" + label + String(repeating: "─", count: max(0, width - 2 - DisplayWidth.of(label)))
        var rows = [LessonRenderer.Row(Line(top, theme.dim))]
        let bar = Span("│ ", theme.dim)
        for (k, line) in lines.enumerated() {
            let spans = CodeHighlighter.tokens(line: line, language: language).map { Span($0.text, style(for: $0.kind)) }
            let wrapped = TextWrap.wrap(spans.isEmpty ? [Span("")] : spans, width: width,
                                        firstIndent: [bar], restIndent: [bar, Span("↪ ", theme.dim)])
            rows += wrapped.map { LessonRenderer.Row($0.line, k) }
        }
        rows.append(LessonRenderer.Row(Line("└" + String(repeating: "─", count: max(0, width - 1)), theme.dim), lines.count))
        return rows
    }

    func style(for kind: CodeTokenKind) -> Style {
        switch kind {
        case .plain: return theme.code.fg(.default)
        case .keyword: return theme.keyword
        case .string: return theme.string
        case .comment: return theme.comment
        case .number: return theme.number
        case .builtin: return theme.builtin
        }
    }
}

/// A Markdown table drawn with box characters; columns shrink and cells wrap when space is short.
struct TableRenderer {
    var theme: Theme

    func render(_ table: Table, width: Int) -> [Line] {
        let styler = InlineStyler(theme: theme)
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return [] }
        func cells(_ row: [[Inline]], base: Style) -> [[Span]] {
            (0..<columns).map { c in c < row.count ? styler.spans(row[c], base: base) : [] }
        }
        let header = cells(table.header, base: theme.strong)
        let body = table.rows.map { cells($0, base: .plain) }
        let widths = columnWidths(([header] + body).map { $0.map { Line($0).width } }, available: width - (3 * columns + 1))
        let b = theme.tableBorder
        func rule(_ l: String, _ m: String, _ r: String) -> Line {
            Line(l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r, b)
        }
        var out = [rule("┌", "┬", "┐")]
        out += rowLines(header, widths: widths, table: table)
        out.append(rule("├", "┼", "┤"))
        for row in body { out += rowLines(row, widths: widths, table: table) }
        out.append(rule("└", "┴", "┘"))
        return out
    }

    private func rowLines(_ row: [[Span]], widths: [Int], table: Table) -> [Line] {
        let wrapped = row.enumerated().map { c, spans in
            TextWrap.wrap(spans.isEmpty ? [Span("")] : spans, width: max(1, widths[c])).map(\.line)
        }
        let height = wrapped.map(\.count).max() ?? 1
        return (0..<height).map { r in
            var line = Line("│", theme.tableBorder)
            for (c, cellLines) in wrapped.enumerated() {
                let content = r < cellLines.count ? cellLines[r] : Line()
                let gap = max(0, widths[c] - content.width)
                let align = c < table.alignments.count ? table.alignments[c] : .left
                let left = align == .right ? gap : align == .center ? gap / 2 : 0
                line.append(Span(" " + String(repeating: " ", count: left)))
                content.spans.forEach { line.append($0) }
                line.append(Span(String(repeating: " ", count: gap - left) + " "))
                line.append(Span("│", theme.tableBorder))
            }
            return line
        }
    }

    /// Natural widths, shrunk widest-first until the table fits `available` columns of content.
    func columnWidths(_ rows: [[Int]], available: Int) -> [Int] {
        let n = rows.first?.count ?? 0
        var widths = (0..<n).map { c in max(1, rows.map { $0[c] }.max() ?? 1) }
        var total = widths.reduce(0, +)
        while total > max(available, n), let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 {
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }
}
