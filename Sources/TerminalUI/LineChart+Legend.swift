/// Where a `LineChart` puts its divergence markers and its legend, away from the data.
extension LineChart {
    /// Draws the markers inside the x range and returns where their labels went.
    func drawMarkers(into buffer: inout ScreenBuffer, plot: Rect, canvas: PlotCanvas, xr: (Double, Double)) -> [Rect] {
        guard canvas.cols > 0, canvas.rows > 0 else { return [] }
        var labels: [Rect] = []
        for m in markers where m.x.isFinite {
            let dot = ((m.x - xr.0) / (xr.1 - xr.0) * Double(canvas.dotWidth - 1)).rounded()
            guard dot >= 0, dot <= Double(canvas.dotWidth - 1) else { continue }
            let col = Int(dot) / canvas.dx
            for row in 0..<canvas.rows where !canvas.isOccupied(col, row) {
                buffer.set(plot.x + col, plot.y + row, Cell(mode == .ascii ? "|" : "┊", style: m.style))
            }
            let w = DisplayWidth.of(m.label)
            guard w > 0 else { continue }
            let x = col + 1 + w <= plot.width ? col + 1 : col - w
            guard x >= 0 else { continue }
            buffer.put(m.label, x: plot.x + x, y: plot.y, style: m.style, maxX: plot.maxX)
            labels.append(Rect(x: plot.x + x, y: plot.y, width: w, height: 1))
        }
        return labels
    }

    /// The corner rectangles in order of preference: top-right, top-left, bottom-right, bottom-left.
    static func corners(of plot: Rect, width: Int, height: Int) -> [Rect] {
        [Rect(x: plot.maxX - width, y: plot.y, width: width, height: height),
         Rect(x: plot.x, y: plot.y, width: width, height: height),
         Rect(x: plot.maxX - width, y: plot.maxY - height, width: width, height: height),
         Rect(x: plot.x, y: plot.maxY - height, width: width, height: height)]
    }

    /// Where the legend goes (nil when it does not fit): the corner covering the fewest drawn cells,
    /// a cell of a marker label counting as many.
    func legendRect(plot: Rect, canvas: PlotCanvas, avoiding labels: [Rect] = []) -> (Rect, [Line])? {
        let marker = mode == .ascii ? "* " : "━ "
        let maxName = max(1, plot.width / 2)
        let lines = series.filter { !$0.name.isEmpty }.map { s in
            Line([Span(s.kind == .points ? (mode == .ascii ? "o " : "• ") : marker, s.style), Span(s.name, s.style)])
                .truncated(toWidth: maxName + 2)
        }
        let w = lines.map(\.width).max() ?? 0
        guard !lines.isEmpty, w + 2 <= plot.width, lines.count < plot.height else { return nil }
        var best: (Rect, Int)?
        for r in Self.corners(of: plot, width: w, height: lines.count) {
            var covered = 0
            for y in r.y..<r.maxY { for x in r.x..<r.maxX where canvas.isOccupied(x - plot.x, y - plot.y) { covered += 1 } }
            for l in labels { covered += 1000 * l.intersection(r).width }
            if best == nil || covered < best!.1 { best = (r, covered) }
        }
        return best.map { ($0.0, lines) }
    }

    func drawLegend(into buffer: inout ScreenBuffer, plot: Rect, canvas: PlotCanvas, avoiding labels: [Rect]) {
        guard let (rect, lines) = legendRect(plot: plot, canvas: canvas, avoiding: labels) else { return }
        buffer.fill(rect)
        for (i, line) in lines.enumerated() {
            buffer.put(line, x: rect.x, y: rect.y + i, maxX: rect.maxX)
        }
    }
}
