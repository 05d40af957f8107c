import LabKit
import LessonKit
import TerminalUI

/// Draws the whole dashboard for a state. Pure: same state, same cells.
public enum Screen {
    public static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
        buffer.fill(buffer.area)
        let layout = state.layout
        guard !layout.tooSmall else { return tooSmall(state, into: &buffer) }
        titleBar(state, layout.titleBar, into: &buffer)
        if !layout.list.isEmpty { lessonList(state, layout.list, into: &buffer) }
        if !layout.lesson.isEmpty { lessonPane(state, layout, into: &buffer) }
        if !layout.lab.isEmpty, let lab = state.labs.shown {
            LabPane(state: state, lab: lab).render(into: &buffer, area: layout.lab)
        }
        statusBar(state, layout.statusBar, into: &buffer)
        if state.showHelp { help(state, into: &buffer) }
    }

    private static func tooSmall(_ state: AppState, into buffer: inout ScreenBuffer) {
        let lines = [
            "\(state.text.tooSmall): \(state.width)×\(state.height)",
            "≥ \(DashboardLayout.minWidth)×\(DashboardLayout.minHeight)",
            "q: quit",
        ]
        let top = max(0, (state.height - lines.count) / 2)
        for (k, l) in lines.enumerated() {
            let x = max(0, (state.width - DisplayWidth.of(l)) / 2)
            buffer.put(l, x: x, y: top + k, style: k == 0 ? state.theme.error : .plain)
        }
    }

    private static func titleBar(_ state: AppState, _ area: Rect, into buffer: inout ScreenBuffer) {
        let t = state.theme
        var left = Line("Lectern", t.barKey)
        if let lesson = state.currentLesson {
            left.append(Span("  ·  \(lesson.meta.orderLabel)  \(lesson.meta.title)", t.bar))
        }
        let percent = state.maxScroll == 0 ? 100 : state.scroll * 100 / state.maxScroll
        var right = Line()
        for lang in LessonLibrary.languages {
            let name = UIText.for(lang).languageName
            right.append(Span(name, lang == state.language ? t.barKey.with(.underline) : t.bar))
            right.append(Span(" ", t.bar))
        }
        right.append(Span(" \(percent)%", t.bar))
        StatusBar(left: left, right: right, style: t.bar).render(into: &buffer, area: area)
    }

    private static func lessonList(_ state: AppState, _ area: Rect, into buffer: inout ScreenBuffer) {
        let t = state.theme
        let focused = state.focus == .list
        let percent = Int((state.courseFraction * 100).rounded())
        Box(title: Line("\(state.text.lessons) \(percent)%", focused ? t.focusedBorder : t.strong),
            borderStyle: focused ? t.focusedBorder : t.border).render(into: &buffer, area: area)
        let inner = Box.inner(area)
        let items = state.lessons.enumerated().map { i, lesson -> Line in
            let done = state.progress.completed.contains(lesson.meta.id)
            var line = Line(i == state.lessonIndex ? "▸" : done ? "✓" : " ", done ? t.right : t.strong)
            line.append(Span(lesson.meta.orderLabel + " ", t.dim))
            line.append(Span(lesson.meta.title, lesson.hasErrors ? t.error : i == state.lessonIndex ? t.strong : .plain))
            if lesson.hasErrors { line.append(Span(" ⚠", t.error)) }
            return line.truncated(toWidth: inner.width)
        }
        if items.isEmpty {
            Paragraph(lines: [Line(state.text.noLessons, t.dim)]).render(into: &buffer, area: inner)
            return
        }
        ListView(items: items, selected: state.listSelection, selectedStyle: focused ? t.selection : t.dim.with(.underline))
            .render(into: &buffer, area: inner)
    }

    private static func lessonPane(_ state: AppState, _ layout: DashboardLayout, into buffer: inout ScreenBuffer) {
        let t = state.theme
        let focused = state.focus == .lesson
        var title = Line()
        if let lesson = state.currentLesson {
            let lab = lesson.meta.lab.map { " · lab: \($0.rawValue)" } ?? ""
            title = Line("\(state.lessonIndex + 1)/\(state.lessons.count)\(lab)", focused ? t.focusedBorder : t.strong)
        }
        Box(title: title, borderStyle: focused ? t.focusedBorder : t.border).render(into: &buffer, area: layout.lesson)
        let area = layout.lessonText
        guard state.currentLesson != nil else {
            let problems = state.library.folderDiagnostics.map { Line($0.description, t.error) }
            Paragraph(lines: [Line(state.text.noLessons, t.dim)] + problems).render(into: &buffer, area: area)
            return
        }
        let lines = state.document.lines
        let visible = lines[min(state.scroll, lines.count)..<min(lines.count, state.scroll + area.height)].map(\.line)
        Paragraph(lines: visible).render(into: &buffer, area: area)
        for (k, match) in state.search.matches.enumerated()
        where match.line >= state.scroll && match.line < state.scroll + area.height {
            let rect = Rect(x: area.x + match.column, y: area.y + match.line - state.scroll, width: match.width, height: 1)
            buffer.restyle(rect.intersection(area), with: k == state.search.current ? t.currentHit : t.searchHit)
        }
        scrollIndicator(state, layout.lesson, into: &buffer)
    }

    /// A thumb on the right border showing where in the lesson the view is.
    private static func scrollIndicator(_ state: AppState, _ pane: Rect, into buffer: inout ScreenBuffer) {
        let track = pane.height - 2
        let total = state.document.lines.count
        guard track > 0, total > state.pageHeight else { return }
        let thumb = max(1, track * state.pageHeight / total)
        let start = state.maxScroll == 0 ? 0 : (track - thumb) * state.scroll / state.maxScroll
        for k in 0..<thumb {
            buffer.put("┃", x: pane.maxX - 1, y: pane.y + 1 + start + k,
                       style: state.focus == .lesson ? state.theme.focusedBorder : state.theme.strong)
        }
    }

    private static func statusBar(_ state: AppState, _ area: Rect, into buffer: inout ScreenBuffer) {
        let t = state.theme
        if let typed = state.searchTyped {
            StatusBar(left: Line([Span(state.text.searchPrompt, t.barKey), Span(typed + "▏", t.bar)]), style: t.bar)
                .render(into: &buffer, area: area)
            return
        }
        if let prompt = state.prompt {
            let label: String
            switch prompt.kind {
            case .lab(_, let asked): label = asked.label(state.language)
            case .quiz(let lesson, let index): label = state.courseText.answerPrompt(state.quiz(lesson, index))
            }
            StatusBar(left: Line([Span(label, t.barKey), Span(prompt.text + "▏", t.bar)]), style: t.bar)
                .render(into: &buffer, area: area)
            return
        }
        if state.pendingRestart != nil {
            StatusBar(left: Line(state.labText.restartQuestion, t.barKey), style: t.bar).render(into: &buffer, area: area)
            return
        }
        if state.editor != nil, state.message == nil {
            StatusBar(left: Line(state.labText.editHint, t.barKey), style: t.bar).render(into: &buffer, area: area)
            return
        }
        let hint = state.labs.shown == nil ? state.text.hints
            : state.width >= 100 ? state.labText.keysHint : state.labText.shortKeysHint
        let left = state.message.map { Line($0, t.barKey) } ?? Line(hint, t.bar)
        let focusName = state.focus == .list ? state.text.focusList : state.text.focusLesson
        StatusBar(left: left, right: Line("[\(focusName)]", t.bar), style: t.bar).render(into: &buffer, area: area)
    }

    /// The help overlay's width and lines: descriptions wrap under themselves when it is narrower than they are.
    static func helpLines(_ state: AppState) -> (width: Int, lines: [Line]) {
        let rows = KeyTable.helpRows(state.language)
        let keyWidth = rows.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let width = min(state.width - 4, max(keyWidth + 66, 40))
        let indent = String(repeating: " ", count: keyWidth + 2)
        let lines = rows.flatMap { row in
            TextWrap.wrap([Span(row.keys + String(repeating: " ", count: keyWidth - DisplayWidth.of(row.keys) + 2), state.theme.keyword),
                           Span(row.what)], width: max(1, width - 2), restIndent: [Span(indent)]).map(\.line)
        }
        return (width, lines)
    }

    /// The last help scroll offset that still shows a full overlay.
    static func helpMaxScroll(_ state: AppState) -> Int {
        let lines = helpLines(state).lines.count
        return max(0, lines - max(1, min(state.height - 2, lines + 2) - 2))
    }

    private static func help(_ state: AppState, into buffer: inout ScreenBuffer) {
        let t = state.theme
        let (width, lines) = helpLines(state)
        let area = buffer.area.centered(width: width, height: min(buffer.height - 2, lines.count + 2))
        Overlay(box: Box(title: Line(state.text.helpTitle, t.focusedBorder), borderStyle: t.focusedBorder, heavy: true),
                lines: lines, offset: min(state.helpScroll, max(0, lines.count - (area.height - 2))))
            .render(into: &buffer, area: area)
    }
}
