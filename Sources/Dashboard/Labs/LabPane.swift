import LabKit
import LessonKit
import TerminalUI

/// Draws the lab pane: title, settings, progress, the loss chart, and the lab's own extras.
struct LabPane {
    var state: AppState
    var lab: Lab
    var view: LabRun { state.labs[lab] }
    var definition: any LabDefinition.Type { LabRegistry.definition(lab) }
    var t: Theme { state.theme }
    var text: LabText { state.labText }
    var ascii: Bool { state.labs.chartMode == .ascii }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var title = Line(" \(text.labName(lab)) ", t.focusedBorder)
        if view.runNumber > 0 { title.append(Span("#\(view.runNumber) ", t.dim)) }
        Box(title: title, borderStyle: t.border).render(into: &buffer, area: area)
        let box = Box.inner(area)
        let inner = Rect(x: box.x + 1, y: box.y, width: box.width - 2, height: box.height)
        guard inner.width >= 10, inner.height >= 3 else { return }
        var y = inner.y
        settingsBar(into: &buffer, Rect(x: inner.x, y: y, width: inner.width, height: 1))
        y += 1
        if let error = state.editor?.error, state.editor?.lab == lab {
            buffer.put(Line("⚠ " + error, t.error).truncated(toWidth: inner.width), x: inner.x, y: y)
            y += 1
        }
        let statusRows = inner.width >= 72 ? 1 : 2
        statusLines(width: inner.width, rows: statusRows).enumerated().forEach { k, line in
            buffer.put(line, x: inner.x, y: y + k, maxX: inner.maxX)
        }
        y += statusRows
        var body = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y)
        if let note = footNote {
            let lines = TextWrap.wrap(note.spans, width: inner.width).map(\.line).prefix(2)
            for (k, line) in lines.enumerated() {
                buffer.put(line.truncated(toWidth: inner.width), x: inner.x, y: inner.maxY - lines.count + k)
            }
            body.height -= lines.count
        }
        guard body.height >= 3 else { return }
        let input = LabViewInput(snapshot: view.snapshot, settings: view.settings, ui: view.ui,
                                 theme: t, language: state.language, ascii: ascii)
        definition.renderBody(input, area: body, into: &buffer) { area, buffer in chart(area: area, into: &buffer) }
    }

    // MARK: Settings bar and editor

    func settingsBar(into buffer: inout ScreenBuffer, _ area: Rect) {
        let editor = state.editor?.lab == lab ? state.editor : nil
        let settings = editor?.draft ?? view.settings
        var line = Line()
        for (k, key) in settings.fields.enumerated() {
            if k > 0 { line.append(Span("  ")) }
            line.append(Span(key + " ", t.dim))
            if let editor, editor.field == k {
                line.append(Span(editor.text + "▏", t.editField))
            } else {
                line.append(Span(settings[key], editor == nil ? t.strong : .plain))
            }
        }
        if editor != nil { line.append(Span("   " + text.editHint, t.dim)) }
        // Keep the field being edited in view on narrow panes.
        if let editor, line.width > area.width {
            var prefix = Line()
            for key in settings.fields.prefix(editor.field) { prefix.append(Span(key + " " + settings[key] + "  ")) }
            let skip = max(0, min(prefix.width, line.width - area.width))
            if skip > 0 { line = Line([Span("…", t.dim)] + line.dropping(columns: skip + 1).spans) }
        }
        buffer.put(line.truncated(toWidth: area.width), x: area.x, y: area.y)
    }

    // MARK: Progress

    func statusLines(width: Int, rows: Int) -> [Line] {
        let p = view.snapshot?.progress ?? RunProgress()
        var state = Line()
        let phase = view.snapshot?.phase
        let phaseText: String
        switch phase {
        case nil: phaseText = view.active ? text.phaseName(.loading("")) : text.idle
        case .some(let ph): phaseText = view.paused && !ph.isOver ? text.pausedState : text.phaseName(ph)
        }
        let phaseStyle: Style = {
            switch phase {
            case .diverged?, .failed?: return t.error
            case .running?: return view.paused ? t.keyword : t.right
            default: return t.strong
            }
        }()
        state.append(Span((view.paused ? "⏸ " : phase == .running ? "▶ " : "") + phaseText, phaseStyle))
        guard view.snapshot != nil, p.totalSteps > 0 else {
            return rows == 1 ? [state] : [state, Line(speedText, t.dim)]
        }
        let iterations = definition.progressUnit == .iterations
        let unit = iterations ? text.iteration : text.epoch
        let count = iterations ? "\(p.step)/\(p.totalSteps)" : "\(p.epoch)/\(p.epochs)"
        var bar = Line("  \(unit) \(count) ")
        var tail = Line(" \(Int((p.fraction * 100).rounded(.down)))%")
        if let eta = p.eta, !(phase?.isOver ?? true) { tail.append(Span(" \(text.eta) \(NumberFormat.duration(eta))", t.dim)) }
        let barWidth = rows == 1 ? 14 : max(6, min(40, width - state.width - bar.width - tail.width - 2))
        bar.append(Span(Self.bar(p.fraction, width: barWidth, ascii: ascii), t.runCurve))
        tail.spans.forEach { bar.append($0) }
        var stats = Line("\(NumberFormat.compact(p.rate)) \(p.rateUnit)")
        stats.append(Span(" · \(text.elapsed) \(NumberFormat.duration(p.elapsed))", t.dim))
        stats.append(Span(" · \(definition.learningRateSymbol) \(NumberFormat.short(NumberFormat.significant(p.learningRate)))"))
        stats.append(Span(" · " + speedText, t.dim))
        if rows == 1 {
            var one = state
            bar.spans.forEach { one.append($0) }
            one.append(Span("  "))
            stats.spans.forEach { one.append($0) }
            return [one.truncated(toWidth: width)]
        }
        var first = state
        bar.spans.forEach { first.append($0) }
        return [first.truncated(toWidth: width), stats.truncated(toWidth: width)]
    }

    var speedText: String { state.speedName(view.speed) }

    /// One line under the extras: why the run diverged or failed, a pending restart, or the keys.
    var footNote: Line? {
        if state.pendingRestart?.lab == lab { return Line(text.restartQuestion, t.keyword) }
        switch view.phase {
        case .diverged(let why)?: return Line([Span("✗ " + definition.divergenceAdvice(state.language) + " ", t.divergence), Span(why, t.dim)])
        case .failed(let why)?: return Line("✗ " + why, t.error)
        default: return nil
        }
    }

    /// A progress bar in eighth blocks (or # in ASCII).
    static func bar(_ fraction: Double, width: Int, ascii: Bool) -> String {
        let f = min(1, max(0, fraction.isFinite ? fraction : 0))
        if ascii {
            let n = Int((f * Double(width)).rounded(.down))
            return "[" + String(repeating: "#", count: n) + String(repeating: "-", count: width - n) + "]"
        }
        let eighths = Int((f * Double(width * 8)).rounded(.down))
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s.append(["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]) }
        return "▕" + s + String(repeating: " ", count: width - (eighths + 7) / 8) + "▏"
    }

    // MARK: Chart

    /// The loss chart: earlier runs, this run's raw and smoothed loss, validation points, divergence.
    func chart(area: Rect, into buffer: inout ScreenBuffer) {
        let smoothing = state.labs.smoothing
        var series: [ChartSeries] = []
        var markers: [ChartMarker] = []
        var xMax = 1.0
        for (k, run) in view.history.enumerated() {
            let style = t.pastRuns[(view.history.count - 1 - k) % t.pastRuns.count]
            series.append(ChartSeries(name: run.label, points: run.curve.smoothed(smoothing), style: style))
            xMax = max(xMax, Double(run.curve.steps))
            if let d = run.divergedAt { markers.append(ChartMarker(x: d, label: "", style: style)) }
        }
        if let snap = view.snapshot {
            if smoothing > 0 { series.append(ChartSeries(name: "", points: snap.curve.points, style: t.runRaw)) }
            series.append(ChartSeries(name: runLabel, points: snap.curve.smoothed(smoothing), style: t.runCurve))
            if !snap.curve.validation.isEmpty {
                series.append(ChartSeries(name: text.validation, points: snap.curve.validation.map { ($0.x, $0.y) },
                                          style: t.validationPoints, kind: .points))
            }
            xMax = max(xMax, Double(max(snap.progress.totalSteps, snap.curve.steps)))
            if let d = snap.divergedAt { markers.append(ChartMarker(x: d, label: "✗", style: t.divergence)) }
        }
        let title = "\(text.loss)\(state.labs.logY ? " (log)" : "")" + (smoothing > 0 ? " · \(text.smoothed) \(smoothing)" : "")
        // A loss is never negative: on a linear scale the axis starts at 0 rather than below it.
        var yRange: ClosedRange<Double>?
        let ys = series.lazy.flatMap { $0.points.lazy.map(\.y) }.filter { $0.isFinite }
        if !state.labs.logY, let lo = ys.min(), let hi = ys.max(), lo >= 0, hi > 0 { yRange = 0...hi }
        var chart = LineChart(series: series, xRange: 0...xMax, yRange: yRange, logY: state.labs.logY, mode: state.labs.chartMode,
                              title: area.height >= 8 ? title : "", axisStyle: t.dim)
        chart.markers = markers
        chart.render(into: &buffer, area: area)
    }

    var runLabel: String { "#\(view.runNumber) " + state.runLabel(view).split(separator: " ").dropFirst().joined(separator: " ") }
}

extension Line {
    /// The line without its first `columns` display columns.
    func dropping(columns: Int) -> Line {
        var left = columns
        var out = Line()
        for span in spans {
            var text = ""
            for ch in span.text {
                let w = DisplayWidth.of(String(ch))
                if left > 0 { left -= w; continue }
                text.append(ch)
            }
            if !text.isEmpty { out.append(Span(text, span.style)) }
        }
        return out
    }
}
