import TerminalUI

/// The MLP lab's extras: accuracy per epoch, test digits with the model's guesses, confusion matrix.
enum MLPDetailView {

    static func render(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer, chart: (Rect, inout ScreenBuffer) -> Void) {
        let t = input.theme
        let detail = input.snapshot?.mlp ?? MLPDetail()
        let text = MLPText(input.language)
        let digitRows = digitSize(detail.digits, width: area.width).rows
        let confusionRows = detail.confusion.isEmpty ? 0 : detail.confusion.count + 2
        let want = 1 + (detail.gradientNorms.isEmpty ? 0 : 1) + (detail.digits.images.isEmpty ? 0 : digitRows + 2) + confusionRows
        let split = ChartAndExtras(area, extrasHeight: min(want, max(0, area.height - 8)))
        chart(split.chart, &buffer)
        var y = split.extras.y
        let x = split.extras.x, w = split.extras.width, maxY = split.extras.maxY
        guard w > 8, y < maxY else { return }
        buffer.put(accuracyLine(detail, width: w, text: text, t: t).truncated(toWidth: w), x: x, y: y)
        y += 1
        if !detail.gradientNorms.isEmpty, y < maxY {
            buffer.put(gradientLine(detail, text: text, t: t).truncated(toWidth: w), x: x, y: y)
            y += 1
        }
        if let best = detail.bestEpoch, y < maxY {
            buffer.put(Line(text.bestEpoch(best), t.keyword).truncated(toWidth: w), x: x, y: y)
            y += 1
        }
        if let i = input.ui.mlp?.explainIndex, detail.saliency.indices.contains(i) {
            explain(detail, index: i, input: input, into: &buffer, area: Rect(x: x, y: y, width: w, height: maxY - y))
            return
        }
        // The strip needs its caption row, the images and the row of guesses under them.
        if !detail.digits.images.isEmpty, y + 1 + digitRows + 1 <= maxY {
            y += 1
            y = digits(detail.digits, text: text, t: t, into: &buffer, x: x, y: y, width: w)
        }
        if !detail.confusion.isEmpty, y + confusionRows <= maxY {
            confusion(detail.confusion, text: text, t: t, into: &buffer, x: x, y: y, width: w)
        }
    }

    /// The explain view: one test digit, its saliency map, and the first units' weight images.
    static func explain(_ d: MLPDetail, index i: Int, input: LabViewInput, into buffer: inout ScreenBuffer, area: Rect) {
        let t = input.theme, text = MLPText(input.language)
        let s = d.digits
        guard s.rows > 0, area.height >= 3 else { return }
        let size = (cols: min(s.cols, 14), rows: min(s.rows, 7))
        let guess = i < s.predictions.count ? s.predictions[i] : nil
        let wrong = guess.map { $0 != s.labels[i] } ?? false
        var y = area.y
        buffer.put(Line(text.explainLine(s.labels[i], guess), wrong ? t.wrong : t.strong).truncated(toWidth: area.width), x: area.x, y: y)
        y += 1
        let ascii = input.ascii
        ShadeImage(pixels: s.images[i], rows: s.rows, cols: s.cols, ascii: ascii)
            .render(into: &buffer, area: Rect(x: area.x, y: y, width: size.cols, height: min(size.rows, area.maxY - y)))
        ShadeImage(pixels: d.saliency[i], rows: s.rows, cols: s.cols, style: t.keyword, ascii: ascii)
            .render(into: &buffer, area: Rect(x: area.x + size.cols + 2, y: y, width: size.cols, height: min(size.rows, area.maxY - y)))
        buffer.put(Line(text.saliencyCaption, t.dim).truncated(toWidth: max(0, area.width - 2 * size.cols - 4)),
                   x: area.x + 2 * size.cols + 4, y: y)
        y += size.rows + 1
        guard y + 1 < area.maxY, !d.weightImages.isEmpty else { return }
        buffer.put(Line(text.weightsCaption, t.dim).truncated(toWidth: area.width), x: area.x, y: y)
        y += 1
        let cell = size.cols + 1
        for (k, image) in d.weightImages.enumerated() where (k + 1) * cell <= area.width + 1 {
            ShadeImage(pixels: image, rows: s.rows, cols: s.cols, ascii: ascii)
                .render(into: &buffer, area: Rect(x: area.x + k * cell, y: y, width: size.cols, height: min(size.rows, area.maxY - y)))
        }
    }

    /// Each layer's ‖∂L/∂W‖ for the last batch, and the epoch's largest: vanishing and exploding gradients show here.
    static func gradientLine(_ d: MLPDetail, text: MLPText, t: Theme) -> Line {
        func numbers(_ xs: [Double]) -> String { xs.map { NumberFormat.compact($0) }.joined(separator: " ") }
        var line = Line("‖∇W‖ ", t.dim)
        line.append(Span(numbers(d.gradientNorms)))
        line.append(Span(" · " + text.epochMax + " " + numbers(d.gradientNormsMax), t.dim))
        return line
    }

    /// "test acc" and the latest accuracies, as many as fit (each takes 6 columns).
    static func accuracyLine(_ d: MLPDetail, width: Int, text: MLPText, t: Theme) -> Line {
        var line = Line(text.testAccuracy + (d.testConditions.isPlain ? "" : " (" + text.conditions(d.testConditions) + ")") + " ", t.dim)
        if d.testAccuracy.isEmpty { line.append(Span("–", t.dim)); return line }
        let fit = max(1, min(6, (width - line.width) / 6))
        for (k, a) in d.testAccuracy.suffix(fit).enumerated() {
            let last = k == min(fit, d.testAccuracy.count) - 1
            line.append(Span(NumberFormat.fixed(a) + " ", last ? t.strong : .plain))
        }
        return line
    }

    /// Cell size of one digit: natural for small images, shrunk for big ones.
    static func digitSize(_ s: DigitStrip, width: Int) -> (cols: Int, rows: Int) {
        guard s.rows > 0 else { return (0, 0) }
        return s.rows <= 8 ? (s.cols, (s.rows + 1) / 2) : (14, 7)
    }

    /// Draws the strip, each image with "label→guess" under it; returns the row after it.
    static func digits(_ s: DigitStrip, text: MLPText, t: Theme, into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int) -> Int {
        let size = digitSize(s, width: width)
        let cell = max(size.cols, 4) + 1
        let count = min(s.images.count, max(1, width / cell))
        buffer.put(Line(text.predictions, t.dim).truncated(toWidth: width), x: x, y: y - 1)
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

    static func confusion(_ m: [[Int]], text: MLPText, t: Theme, into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int) {
        let digits = String(m.flatMap { $0 }.max() ?? 0).count
        let cell = digits + 1
        buffer.put(Line(text.confusion, t.dim).truncated(toWidth: width), x: x, y: y)
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
