#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One curve of a `LineChart`: points in data coordinates, drawn in `style`.
public struct ChartSeries: Sendable {
    public enum Kind: Sendable, Hashable { case line, points }

    public var name: String
    public var points: [(x: Double, y: Double)]
    public var style: Style
    public var kind: Kind

    public init(name: String, points: [(x: Double, y: Double)], style: Style = .plain, kind: Kind = .line) {
        self.name = name
        self.points = points
        self.style = style
        self.kind = kind
    }

    /// A series whose x values are the indices of `values` (a loss per step).
    public init(name: String, values: [Double], style: Style = .plain, kind: Kind = .line) {
        self.init(name: name, points: values.enumerated().map { (Double($0.offset), $0.element) },
                  style: style, kind: kind)
    }
}

/// A vertical line across a `LineChart` at data `x` (where a run diverged), labelled at its top.
public struct ChartMarker: Sendable {
    public var x: Double
    public var label: String
    public var style: Style

    public init(x: Double, label: String = "", style: Style = .plain) {
        self.x = x
        self.label = label
        self.style = style
    }
}

/// A line chart for live curves (training loss): y axis with 2–5 labels, x axis with labels,
/// a plot drawn in braille dots, half blocks or ASCII, and a legend in the emptiest corner.
///
/// Non-finite values (and non-positive ones on a log scale) leave a gap. Series with more points
/// than dot columns are reduced per column to their first, lowest, highest and last point, so
/// spikes survive and 100k points cost one pass. `.points` series are drawn over `.line` series, so a
/// few dots (a validation loss per epoch) stay visible on a dense curve. Markers draw "┊" in the plot
/// rows the series leave free.
public struct LineChart: Widget {
    public enum Mode: Sendable, Hashable { case braille, blocks, ascii }

    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var logY: Bool
    public var mode: Mode
    public var title: String
    public var xLabel: String
    public var axisStyle: Style

    public init(
        series: [ChartSeries], markers: [ChartMarker] = [], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        logY: Bool = false, mode: Mode = .braille, title: String = "", xLabel: String = "",
        axisStyle: Style = .plain
    ) {
        self.series = series
        self.markers = markers
        self.xRange = xRange
        self.yRange = yRange
        self.logY = logY
        self.mode = mode
        self.title = title
        self.xLabel = xLabel
        self.axisStyle = axisStyle
    }

    // MARK: Scales

    /// y as plotted: log10 on a log scale (nil for non-positive), nil when not finite.
    @inline(__always)
    func scaledY(_ y: Double) -> Double? {
        guard y.isFinite else { return nil }
        if logY { return y > 0 ? log10(y) : nil }
        return y
    }

    /// The plotted x and y ranges (y in log10 units on a log scale); never empty or non-finite.
    /// The computed x range also covers the markers.
    func ranges() -> (x: (Double, Double), y: (Double, Double)) {
        var x0 = Double.infinity, x1 = -Double.infinity, y0 = Double.infinity, y1 = -Double.infinity
        for s in series {
            for p in s.points where p.x.isFinite {
                guard let y = scaledY(p.y) else { continue }
                x0 = min(x0, p.x); x1 = max(x1, p.x); y0 = min(y0, y); y1 = max(y1, y)
            }
        }
        for m in markers where m.x.isFinite { x0 = min(x0, m.x); x1 = max(x1, m.x) }
        var xr = x0 <= x1 ? (x0, x1) : (0, 1)
        if let r = xRange, r.lowerBound.isFinite, r.upperBound.isFinite { xr = (r.lowerBound, r.upperBound) }
        var yr: (Double, Double)
        if y0 <= y1 {
            let margin = (y1 - y0) * 0.05
            yr = (y0 - margin, y1 + margin)
        } else {
            yr = (0, 1)
        }
        if let r = yRange, r.lowerBound.isFinite, r.upperBound.isFinite {
            if !logY {
                yr = (r.lowerBound, r.upperBound)
            } else if r.upperBound > 0 {
                yr = (r.lowerBound > 0 ? log10(r.lowerBound) : min(yr.0, log10(r.upperBound) - 1), log10(r.upperBound))
            }
        }
        return (Self.widened(xr, log: false), Self.widened(yr, log: logY))
    }

    /// A zero-height (or overflowing) range opened to ±10% of its value (±0.5 around zero or in log units).
    static func widened(_ r: (Double, Double), log: Bool) -> (Double, Double) {
        var (lo, hi) = r
        if !(hi - lo).isFinite { lo = max(lo, -1e300); hi = min(hi, 1e300) }
        guard hi - lo > 0, (hi - lo) > Swift.max(abs(lo), abs(hi)) * 1e-12 else {
            let d = (log || lo == 0) ? 0.5 : abs(lo) * 0.1
            return (lo - d, lo + d)
        }
        return (lo, hi)
    }

    // MARK: Plotting

    /// Series points in dot coordinates, reduced per dot column; `.nan` entries mark gaps.
    func project(_ s: ChartSeries, xr: (Double, Double), yr: (Double, Double), width: Int, height: Int) -> [(Double, Double)] {
        let kx = Double(max(0, width - 1)) / (xr.1 - xr.0)
        let ky = Double(max(0, height - 1)) / (yr.1 - yr.0)
        var out: [(Double, Double)] = []
        out.reserveCapacity(min(s.points.count, 4 * width + 16))
        // The current run of points in one column: first, lowest, highest, last (with their order).
        typealias P = (i: Int, x: Double, y: Double)
        var first: P = (-1, 0, 0), low = first, high = first, last = first
        var runCol = Int.min
        func flush() {
            guard first.i >= 0 else { return }
            var previous = -1
            func emit(_ p: P) { if p.i != previous { out.append((p.x, p.y)); previous = p.i } }
            emit(first)  // in original order: first ≤ low, high ≤ last
            if low.i < high.i { emit(low); emit(high) } else { emit(high); emit(low) }
            emit(last)
            first.i = -1
        }
        for (i, p) in s.points.enumerated() {
            guard p.x.isFinite, let sy = scaledY(p.y) else {
                flush(); runCol = Int.min
                if out.last.map({ !$0.0.isNaN }) ?? false { out.append((.nan, .nan)) }
                continue
            }
            let px = (p.x - xr.0) * kx, py = (yr.1 - sy) * ky
            guard px.isFinite, py.isFinite else { continue }
            let r = px.rounded()
            let col = r < 0 ? -1 : r >= Double(width) ? width : Int(r)
            if col != runCol || first.i < 0 {
                flush(); runCol = col
                first = (i, px, py); low = first; high = first; last = first
            } else {
                if py < low.y { low = (i, px, py) }
                if py > high.y { high = (i, px, py) }
                last = (i, px, py)
            }
        }
        flush()
        return out
    }

    func draw(into canvas: inout PlotCanvas, xr: (Double, Double), yr: (Double, Double)) {
        let lines = series.indices.filter { series[$0].kind == .line }
        for index in lines + series.indices.filter({ series[$0].kind == .points }) {
            let s = series[index]
            let pts = project(s, xr: xr, yr: yr, width: canvas.dotWidth, height: canvas.dotHeight)
            if s.kind == .points {
                for p in pts where !p.0.isNaN { canvas.mark(p.0, p.1, series: index) }
                continue
            }
            for (k, p) in pts.enumerated() where !p.0.isNaN {
                let hasNext = k + 1 < pts.count && !pts[k + 1].0.isNaN
                if hasNext {
                    canvas.segment(p.0, p.1, pts[k + 1].0, pts[k + 1].1, series: index)
                } else if k == 0 || pts[k - 1].0.isNaN {
                    canvas.point(p.0, p.1, series: index)  // an isolated point between gaps
                }
            }
        }
    }

    // MARK: Ticks

    /// (row, label) pairs for the y axis over `rows` plot rows of `dy` dots each.
    func yTicks(_ yr: (Double, Double), rows: Int, dy: Int) -> [(row: Int, label: String)] {
        guard rows >= 1 else { return [] }
        if rows == 1 { return [(0, NumberFormat.compact(logY ? pow10(yr.1) : yr.1))] }
        let dots = Double(rows * dy - 1)
        if logY {
            let lo = yr.0.rounded(.up), hi = yr.1.rounded(.down)
            if hi - lo >= 1 {
                let count = Int(hi - lo) + 1
                let step = max(1, (count + 4) / 5)
                var ticks: [(Int, String)] = []
                var e = Int(hi)
                while Double(e) >= lo {
                    let py = (yr.1 - Double(e)) / (yr.1 - yr.0) * dots
                    let row = min(rows - 1, max(0, Int(py) / dy))
                    if ticks.last?.0 != row { ticks.append((row, NumberFormat.compact(pow10(Double(e))))) }
                    e -= step
                }
                if ticks.count >= 2 { return ticks }
            }
        }
        let n = rows >= 9 ? 5 : rows >= 5 ? 3 : 2
        return (0..<n).map { i in
            let row = (i * (rows - 1) + (n - 1) / 2) / (n - 1)
            let v = yr.1 - Double(row) / Double(rows - 1) * (yr.1 - yr.0)
            return (row, NumberFormat.compact(logY ? pow10(v) : v))
        }
    }

    /// Up to five x labels at evenly spaced columns that fit without overlapping: (start column, label).
    func xTicks(_ xr: (Double, Double), cols: Int) -> [(col: Int, label: String)] {
        guard cols > 0 else { return [] }
        for n in [4, 3, 2, 1] where n <= cols - 1 {
            var ticks: [(Int, String)] = []
            var end = -1
            var fits = true
            for i in 0...n {
                let label = NumberFormat.compact(xr.0 + Double(i) / Double(n) * (xr.1 - xr.0))
                let w = DisplayWidth.of(label)
                let at = i * (cols - 1) / n
                let start = i == 0 ? 0 : i == n ? cols - w : at - w / 2
                if start <= end || start < 0 || start + w > cols { fits = false; break }
                ticks.append((start, label))
                end = start + w
            }
            if fits { return ticks }
        }
        let first = NumberFormat.compact(xr.0)
        return DisplayWidth.of(first) <= cols ? [(0, first)] : []
    }

    // MARK: Rendering

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        var top = area.y
        if !title.isEmpty, area.height >= 4 {
            let t = Line(title, Style(attributes: .bold)).truncated(toWidth: area.width)
            buffer.put(t, x: area.x + max(0, (area.width - t.width) / 2), y: top, maxX: area.maxX)
            top += 1
        }
        let (dx, dy) = mode == .braille ? (2, 4) : mode == .blocks ? (1, 2) : (1, 1)
        let (xr, yr) = ranges()
        let ascii = mode == .ascii
        var plot = Rect(x: area.x, y: top, width: area.width, height: area.maxY - top)

        // Axes when there is room: y labels + axis column on the left, axis row + labels below.
        let withXLabel = !xLabel.isEmpty && area.maxY - top >= 6
        let plotRows = area.maxY - top - 2 - (withXLabel ? 1 : 0)
        if plotRows >= 2 {
            let yt = yTicks(yr, rows: plotRows, dy: dy)
            let labelWidth = yt.map { DisplayWidth.of($0.label) }.max() ?? 0
            if area.width - labelWidth - 1 >= 4 {
                plot = Rect(x: area.x + labelWidth + 1, y: top, width: area.width - labelWidth - 1, height: plotRows)
                let axisX = plot.x - 1
                for y in plot.y..<plot.maxY { buffer.put(ascii ? "|" : "│", x: axisX, y: y, style: axisStyle) }
                for t in yt {
                    let w = DisplayWidth.of(t.label)
                    buffer.put(t.label, x: axisX - w, y: plot.y + t.row, style: axisStyle, maxX: axisX)
                    buffer.put(ascii ? "+" : "┤", x: axisX, y: plot.y + t.row, style: axisStyle)
                }
                let axisY = plot.maxY
                buffer.put(ascii ? "+" : "└", x: axisX, y: axisY, style: axisStyle)
                buffer.put(String(repeating: ascii ? "-" : "─", count: plot.width), x: plot.x, y: axisY,
                           style: axisStyle, maxX: area.maxX)
                for t in xTicks(xr, cols: plot.width) {
                    buffer.put(t.label, x: plot.x + t.col, y: axisY + 1, style: axisStyle, maxX: area.maxX)
                }
                if withXLabel {
                    let l = Line(xLabel, axisStyle).truncated(toWidth: plot.width)
                    buffer.put(l, x: plot.x + max(0, (plot.width - l.width) / 2), y: axisY + 2, maxX: area.maxX)
                }
            }
        }

        var canvas = PlotCanvas(cols: plot.width, rows: plot.height, dx: dx, dy: dy)
        draw(into: &canvas, xr: xr, yr: yr)
        for row in 0..<canvas.rows {
            for col in 0..<canvas.cols {
                guard let g = canvas.glyph(col, row, mode: mode) else { continue }
                let style = series[Int(canvas.owner[row * canvas.cols + col])].style
                buffer.set(plot.x + col, plot.y + row, Cell(g, style: style))
            }
        }
        let labels = drawMarkers(into: &buffer, plot: plot, canvas: canvas, xr: xr)
        drawLegend(into: &buffer, plot: plot, canvas: canvas, avoiding: labels)
    }
}

/// 10^e.
@inline(__always)
private func pow10(_ e: Double) -> Double { pow(10, e) }
