import TerminalUI

/// The gradient-descent lab's extras: the θ path over J(θ) and the last iterations.
enum GDDetailView {

    static func render(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer, chart: (Rect, inout ScreenBuffer) -> Void) {
        let t = input.theme
        let detail = input.snapshot?.gd
        let split = ChartAndExtras(area, extrasHeight: area.height * 3 / 5, minChart: 5)
        chart(split.chart, &buffer)
        let e = split.extras
        guard let d = detail, e.width >= 12, e.height >= 3 else { return }
        let tableRows = e.height >= 12 ? 4 : e.height >= 7 ? 2 : 0
        var contour = Rect(x: e.x, y: e.y, width: e.width, height: e.height - tableRows - 1)
        if !split.beside { contour.width = min(e.width, contour.height * 3 + 8) }
        ContourPlot(field: d.field, xRange: d.bounds.min[0]...d.bounds.max[0], yRange: d.bounds.min[1]...d.bounds.max[1],
                    path: d.path.map { ($0[0], $0[1]) }, target: d.minimum.count == 2 ? (d.minimum[0], d.minimum[1]) : nil,
                    mode: input.ascii ? .ascii : .unicode, xLabel: "θ₁", yLabel: "θ₂", fieldStyle: t.dim, pathStyle: t.runCurve,
                    currentStyle: t.runCurve.with(.reverse), targetStyle: t.validationPoints, axisStyle: t.dim)
            .render(into: &buffer, area: contour)
        var y = contour.maxY
        let alpha = input.snapshot?.progress.learningRate ?? 0
        let stable = "α \(NumberFormat.short(NumberFormat.significant(alpha))) · \(input.language == "zh" ? "稳定条件 α <" : "stable for α <") \(NumberFormat.fixed(d.maxStableAlpha))"
        buffer.put(Line(stable, alpha >= d.maxStableAlpha ? t.error : t.dim).truncated(toWidth: e.width), x: e.x, y: y)
        y += 1
        guard tableRows > 0 else { return }
        // Columns share the width: iteration, θ₁, θ₂ (the lessons' names for theta[0], theta[1]), J.
        let c = max(7, min(11, (e.width - 6) / 3))
        buffer.put(Line(pad("it", 6) + pad("θ₁", c) + pad("θ₂", c) + "J", t.dim).truncated(toWidth: e.width), x: e.x, y: y)
        for k in 0..<(tableRows - 1) {
            let i = d.path.count - (tableRows - 1) + k
            guard i >= 0 else { continue }
            let row = pad("\(d.iterations[i])", 6) + pad(NumberFormat.value(d.path[i][0]), c)
                + pad(NumberFormat.value(d.path[i][1]), c) + NumberFormat.value(d.losses[i])
            buffer.put(Line(row, i == d.path.count - 1 ? t.strong : .plain).truncated(toWidth: e.width), x: e.x, y: y + 1 + k)
        }
    }

    static func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - DisplayWidth.of(s))) }
}
