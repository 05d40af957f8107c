import LessonKit
import MLCore
import TerminalUI

/// How a lab pane's body is shared between the loss chart and the lab's extras.
struct ChartAndExtras {
    var chart: Rect
    var extras: Rect
    var beside: Bool

    /// Extras to the right of the chart on wide panes, below it on narrow ones (the chart keeps at least
    /// `minChart` rows and gets everything the extras do not need).
    init(_ area: Rect, extrasHeight: Int, minChart: Int = 6) {
        if area.width >= 76 {
            let w = min(46, area.width * 2 / 5)
            beside = true
            chart = Rect(x: area.x, y: area.y, width: area.width - w - 2, height: area.height)
            extras = Rect(x: area.maxX - w, y: area.y, width: w, height: area.height)
        } else {
            beside = false
            let chartRows = max(min(minChart, area.height), area.height - extrasHeight)
            chart = Rect(x: area.x, y: area.y, width: area.width, height: chartRows)
            extras = Rect(x: area.x, y: area.y + chartRows, width: area.width, height: area.height - chartRows)
        }
    }
}

/// The MLP lab's extras: accuracy per epoch, test digits with the model's guesses, confusion matrix.
struct MLPExtras {
    var pane: LabPane
    var t: Theme { pane.t }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let detail = pane.view.snapshot?.mlp ?? MLPDetail()
        let digitRows = digitSize(detail.digits, width: area.width).rows
        let confusionRows = detail.confusion.isEmpty ? 0 : detail.confusion.count + 2
        let want = 1 + (detail.digits.images.isEmpty ? 0 : digitRows + 2) + confusionRows
        let split = ChartAndExtras(area, extrasHeight: min(want, max(0, area.height - 8)))
        pane.chart(area: split.chart, into: &buffer)
        var y = split.extras.y
        let x = split.extras.x, w = split.extras.width, maxY = split.extras.maxY
        guard w > 8, y < maxY else { return }
        buffer.put(accuracyLine(detail, width: w).truncated(toWidth: w), x: x, y: y)
        y += 1
        if let best = detail.bestEpoch, y < maxY {
            buffer.put(Line(pane.text.bestEpoch(best), t.keyword).truncated(toWidth: w), x: x, y: y)
            y += 1
        }
        if let i = pane.state.panel.explainIndex, detail.saliency.indices.contains(i) {
            explain(detail, index: i, into: &buffer, area: Rect(x: x, y: y, width: w, height: maxY - y))
            return
        }
        // The strip needs its caption row, the images and the row of guesses under them.
        if !detail.digits.images.isEmpty, y + 1 + digitRows + 1 <= maxY {
            y += 1
            y = digits(detail.digits, into: &buffer, x: x, y: y, width: w)
        }
        if !detail.confusion.isEmpty, y + confusionRows <= maxY {
            confusion(detail.confusion, into: &buffer, x: x, y: y, width: w)
        }
    }

    /// The explain view: one test digit, its saliency map, and the first units' weight images.
    func explain(_ d: MLPDetail, index i: Int, into buffer: inout ScreenBuffer, area: Rect) {
        let s = d.digits
        guard s.rows > 0, area.height >= 3 else { return }
        let size = (cols: min(s.cols, 14), rows: min(s.rows, 7))
        let guess = i < s.predictions.count ? s.predictions[i] : nil
        let wrong = guess.map { $0 != s.labels[i] } ?? false
        var y = area.y
        buffer.put(Line(pane.text.explainLine(s.labels[i], guess), wrong ? t.wrong : t.strong).truncated(toWidth: area.width), x: area.x, y: y)
        y += 1
        let ascii = pane.ascii
        ShadeImage(pixels: s.images[i], rows: s.rows, cols: s.cols, ascii: ascii)
            .render(into: &buffer, area: Rect(x: area.x, y: y, width: size.cols, height: min(size.rows, area.maxY - y)))
        ShadeImage(pixels: d.saliency[i], rows: s.rows, cols: s.cols, style: t.keyword, ascii: ascii)
            .render(into: &buffer, area: Rect(x: area.x + size.cols + 2, y: y, width: size.cols, height: min(size.rows, area.maxY - y)))
        buffer.put(Line(pane.text.saliencyCaption, t.dim).truncated(toWidth: max(0, area.width - 2 * size.cols - 4)),
                   x: area.x + 2 * size.cols + 4, y: y)
        y += size.rows + 1
        guard y + 1 < area.maxY, !d.weightImages.isEmpty else { return }
        buffer.put(Line(pane.text.weightsCaption, t.dim).truncated(toWidth: area.width), x: area.x, y: y)
        y += 1
        let cell = size.cols + 1
        for (k, image) in d.weightImages.enumerated() where (k + 1) * cell <= area.width + 1 {
            ShadeImage(pixels: image, rows: s.rows, cols: s.cols, ascii: ascii)
                .render(into: &buffer, area: Rect(x: area.x + k * cell, y: y, width: size.cols, height: min(size.rows, area.maxY - y)))
        }
    }

    /// "test acc" and the latest accuracies, as many as fit (each takes 6 columns).
    func accuracyLine(_ d: MLPDetail, width: Int) -> Line {
        var line = Line(pane.text.testAccuracy + " ", t.dim)
        if d.testAccuracy.isEmpty { line.append(Span("–", t.dim)); return line }
        let fit = max(1, min(6, (width - line.width) / 6))
        for (k, a) in d.testAccuracy.suffix(fit).enumerated() {
            let last = k == min(fit, d.testAccuracy.count) - 1
            line.append(Span(String(format3: a) + " ", last ? t.strong : .plain))
        }
        return line
    }

    /// Cell size of one digit: natural for small images, shrunk for big ones.
    func digitSize(_ s: DigitStrip, width: Int) -> (cols: Int, rows: Int) {
        guard s.rows > 0 else { return (0, 0) }
        return s.rows <= 8 ? (s.cols, (s.rows + 1) / 2) : (14, 7)
    }

    /// Draws the strip, each image with "label→guess" under it; returns the row after it.
    func digits(_ s: DigitStrip, into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int) -> Int {
        let size = digitSize(s, width: width)
        let cell = max(size.cols, 4) + 1
        let count = min(s.images.count, max(1, width / cell))
        buffer.put(Line(pane.text.predictions, t.dim).truncated(toWidth: width), x: x, y: y - 1)
        for i in 0..<count {
            let cx = x + i * cell
            let guess = i < s.predictions.count ? s.predictions[i] : nil
            let wrong = guess.map { $0 != s.labels[i] } ?? false
            HalfBlockImage(pixels: s.images[i], rows: s.rows, cols: s.cols, threshold: 0.35,
                           style: wrong ? t.wrong : .plain)
                .render(into: &buffer, area: Rect(x: cx, y: y, width: size.cols, height: size.rows))
            let label = guess.map { wrong ? "\($0)✗" : "\($0)✓" } ?? "?"
            buffer.put(label, x: cx, y: y + size.rows, style: guess == nil ? t.dim : wrong ? t.wrong : t.right)
        }
        return y + size.rows + 1
    }

    func confusion(_ m: [[Int]], into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int) {
        let digits = String(m.flatMap { $0 }.max() ?? 0).count
        let cell = digits + 1
        buffer.put(Line(pane.text.confusion, t.dim).truncated(toWidth: width), x: x, y: y)
        var header = Line("  ", t.dim)
        for c in m.indices { header.append(Span(String(repeating: " ", count: cell - 1) + "\(c)", t.dim)) }
        buffer.put(header.truncated(toWidth: width), x: x, y: y + 1)
        for (r, row) in m.enumerated() {
            var line = Line("\(r)│", t.dim)
            for (c, n) in row.enumerated() {
                let s = n == 0 ? "·" : "\(n)"
                let style = r == c ? t.right : n == 0 ? t.dim : t.wrong
                line.append(Span(String(repeating: " ", count: cell - s.count) + s, style))
            }
            buffer.put(line.truncated(toWidth: width), x: x, y: y + 2 + r)
        }
    }
}

/// The gradient-descent lab's extras: the θ path over J(θ) and the last iterations.
struct GDExtras {
    var pane: LabPane
    var t: Theme { pane.t }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let detail = pane.view.snapshot?.gd
        let split = ChartAndExtras(area, extrasHeight: area.height * 3 / 5, minChart: 5)
        pane.chart(area: split.chart, into: &buffer)
        let e = split.extras
        guard let d = detail, e.width >= 12, e.height >= 3 else { return }
        let tableRows = e.height >= 12 ? 4 : e.height >= 7 ? 2 : 0
        var contour = Rect(x: e.x, y: e.y, width: e.width, height: e.height - tableRows - 1)
        if !split.beside { contour.width = min(e.width, contour.height * 3 + 8) }
        ContourPlot(field: d.field, xRange: d.bounds.min[0]...d.bounds.max[0], yRange: d.bounds.min[1]...d.bounds.max[1],
                    path: d.path.map { ($0[0], $0[1]) }, target: d.minimum.count == 2 ? (d.minimum[0], d.minimum[1]) : nil,
                    mode: pane.ascii ? .ascii : .unicode, fieldStyle: t.dim, pathStyle: t.runCurve,
                    currentStyle: t.runCurve.with(.reverse), targetStyle: t.validationPoints, axisStyle: t.dim)
            .render(into: &buffer, area: contour)
        var y = contour.maxY
        let stable = "α \(LabSettings.format(LabPane.round(pane.view.snapshot?.progress.learningRate ?? 0))) · \(pane.text.stableBelow) \(String(format3: d.maxStableAlpha))"
        buffer.put(Line(stable, pane.view.snapshot?.progress.learningRate ?? 0 >= d.maxStableAlpha ? t.error : t.dim).truncated(toWidth: e.width), x: e.x, y: y)
        y += 1
        guard tableRows > 0 else { return }
        // Columns share the width: iteration, θ₀, θ₁, J.
        let c = max(7, min(11, (e.width - 6) / 3))
        buffer.put(Line(pad("it", 6) + pad("θ₀", c) + pad("θ₁", c) + "J", t.dim).truncated(toWidth: e.width), x: e.x, y: y)
        for k in 0..<(tableRows - 1) {
            let i = d.path.count - (tableRows - 1) + k
            guard i >= 0 else { continue }
            let row = pad("\(d.iterations[i])", 6) + pad(PaneFormat.number(d.path[i][0]), c)
                + pad(PaneFormat.number(d.path[i][1]), c) + PaneFormat.number(d.losses[i])
            buffer.put(Line(row, i == d.path.count - 1 ? t.strong : .plain).truncated(toWidth: e.width), x: e.x, y: y + 1 + k)
        }
    }

    func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - DisplayWidth.of(s))) }
}

/// The Word2Vec lab's extras: the watched words' neighbours and the last analogy asked.
struct Word2VecExtras {
    var pane: LabPane
    var t: Theme { pane.t }

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let view = pane.view
        let watch = view.watch.isEmpty ? view.settings.watchWords.map { WatchedWord(word: $0, neighbours: []) } : view.watch
        let want = watch.count + 2 + (view.analogy == nil ? 0 : 2)
        let split = ChartAndExtras(area, extrasHeight: min(want, max(0, area.height - 6)))
        pane.chart(area: split.chart, into: &buffer)
        let e = split.extras
        guard e.width >= 12, !e.isEmpty else { return }
        var lines: [Line] = []
        if let d = view.snapshot?.word2vec {
            lines.append(Line("\(d.corpusName) · \(pane.text.vocabulary) \(d.vocabularySize) · \(LineChart.compact(Double(d.corpusTokens))) \(pane.text.words) · w a", t.dim))
        }
        let wordWidth = min(12, (watch.map { DisplayWidth.of($0.word) }.max() ?? 4) + 1)
        for w in watch {
            var line = Line(w.word + String(repeating: " ", count: max(1, wordWidth - DisplayWidth.of(w.word))), t.strong)
            switch w.neighbours {
            case nil: line.append(Span(pane.text.notInVocabulary, t.dim))
            case .some(let ns) where ns.isEmpty: line.append(Span("…", t.dim))
            case .some(let ns):
                for (k, n) in ns.enumerated() {
                    line.append(Span((k > 0 ? " " : "") + n.word))
                    line.append(Span(" " + String(format2digits: n.similarity), t.dim))
                }
            }
            lines.append(line)
        }
        if let a = view.analogy {
            var line = Line(a.question + " ", t.keyword)
            if let p = a.problem { line.append(Span(p, t.error)) }
            for (k, n) in a.answers.enumerated() {
                line.append(Span((k > 0 ? " · " : "") + n.word, k == 0 ? t.strong : .plain))
                line.append(Span(" " + String(format2digits: n.similarity), t.dim))
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

/// Number formats of the lab pane.
enum PaneFormat {
    /// A short fixed-width-ish number: 0.8700, -12.35, 1.2e+08, nan.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : x < 0 ? "-inf" : "inf" }
        let a = abs(x)
        if a != 0 && (a < 1e-3 || a >= 1e6) { return LineChart.compact(x) }
        return String(format3: x, decimals: a >= 100 ? 1 : 4)
    }
}

extension String {
    /// x with three decimals (or `decimals`), without Foundation.
    init(format3 x: Double, decimals: Int = 3) {
        guard x.isFinite else { self = "\(x)"; return }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Too large for fixed decimals in an Int: the compact form (1.5e+20) instead of a trap.
        guard abs(x) * scale < 9e18 else { self = LineChart.compact(x); return }
        let n = Int((abs(x) * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        var f = String(frac)
        f = String(repeating: "0", count: decimals - f.count) + f
        self = (x < 0 && n != 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + f : "")
    }

    /// A similarity as .82 or -.15 (two decimals, no leading zero).
    init(format2digits x: Float) {
        let s = String(format3: Double(x), decimals: 2)
        self = s.hasPrefix("0.") ? String(s.dropFirst()) : s.hasPrefix("-0.") ? "-" + s.dropFirst(2) : s
    }
}
