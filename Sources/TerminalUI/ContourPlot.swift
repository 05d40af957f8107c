#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A cost surface J(θ0, θ1) drawn as a shaded map, with the path gradient descent took across it.
///
/// The shading uses density characters (light near the minimum, dense far from it), so the picture
/// reads without colour; the path is drawn over it in line glyphs, its iterates as dots, the start as
/// "○", the current point as "●" and the minimum as "★" (ASCII: `s`, `o`, `@`, `X`). A path that leaves
/// the plot is clipped and leaves an arrow on the border it crossed; it stops at the first non-finite point.
public struct ContourPlot: Widget, Sendable {
    public enum Mode: Sendable, Hashable { case unicode, ascii }

    /// `field[row][col]`: row 0 is the lowest θ1 (bottom of the plot), column 0 the lowest θ0.
    /// Rows are cut to the shortest one; NaN and infinities mean no data.
    public var field: [[Double]]
    /// θ0 covered by the columns of `field`, from its first column to its last.
    public var xRange: ClosedRange<Double>
    /// θ1 covered by the rows of `field`, from its first row to its last.
    public var yRange: ClosedRange<Double>
    /// The iterates in data coordinates, oldest first.
    public var path: [(x: Double, y: Double)]
    /// The minimum, when known.
    public var target: (x: Double, y: Double)?
    /// Shade by log(J − min + ε) rather than by J, so that a narrow valley stays visible.
    public var logShading: Bool
    public var mode: Mode
    public var xLabel: String
    public var yLabel: String
    /// The style of the shading; the lighter half of the levels is drawn dimmed on top of it.
    public var fieldStyle: Style
    public var pathStyle: Style
    public var currentStyle: Style
    public var targetStyle: Style
    public var axisStyle: Style

    public init(
        field: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        path: [(x: Double, y: Double)] = [], target: (x: Double, y: Double)? = nil,
        logShading: Bool = true, mode: Mode = .unicode, xLabel: String = "θ₀", yLabel: String = "θ₁",
        fieldStyle: Style = .plain, pathStyle: Style = Style(attributes: .bold),
        currentStyle: Style = Style(attributes: .bold), targetStyle: Style = Style(attributes: .bold),
        axisStyle: Style = .plain
    ) {
        self.field = field
        self.xRange = xRange
        self.yRange = yRange
        self.path = path
        self.target = target
        self.logShading = logShading
        self.mode = mode
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.fieldStyle = fieldStyle
        self.pathStyle = pathStyle
        self.currentStyle = currentStyle
        self.targetStyle = targetStyle
        self.axisStyle = axisStyle
    }

    // MARK: Glyphs

    /// The characters of one mode.
    struct Glyphs {
        /// Shading levels, lightest (the minimum) first.
        let shades: [String]
        /// Segment glyphs for the directions east, north-east, north, north-west.
        let segments: [String]
        /// Exit arrows for evenly spaced directions counter-clockwise from east.
        let arrows: [String]
        let iterate, start, current, target: String

        static let unicode = Glyphs(shades: [" ", "·", "░", "▒", "▓"], segments: ["─", "╱", "│", "╲"],
                                    arrows: ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"],
                                    iterate: "•", start: "○", current: "●", target: "★")
        static let ascii = Glyphs(shades: [" ", ".", ":", "-", "=", "+", "*", "#"], segments: ["~", "/", "|", "\\"],
                                  arrows: [">", "^", "<", "v"], iterate: "o", start: "s", current: "@", target: "X")
    }

    var glyphs: Glyphs { mode == .ascii ? .ascii : .unicode }

    /// Which of `sectors` equal directions, counter-clockwise from east, is nearest to (dx, dy) with dy up.
    static func direction(_ dx: Double, _ dy: Double, sectors: Int) -> Int {
        let turns = atan2(dy, dx) / (2 * Double.pi) * Double(sectors)
        guard turns.isFinite else { return 0 }
        return (Int(turns.rounded()) % sectors + sectors) % sectors
    }

    // MARK: Geometry

    /// A range as plotted: finite, and opened up when it has zero width.
    static func plotted(_ r: ClosedRange<Double>) -> (Double, Double) {
        func bounded(_ v: Double) -> Double { min(max(v, -1e300), 1e300) }
        return LineChart.widened((bounded(r.lowerBound), bounded(r.upperBound)), log: false)
    }

    /// Maps data coordinates to fractional cells of a plot: the range ends sit on the outer cells' centres.
    struct Projection {
        let xr: (Double, Double), yr: (Double, Double)
        let cols: Int, rows: Int

        /// Column from the left and row from the top; far-away points are pulled in to ±1e9 cells.
        func cell(_ x: Double, _ y: Double) -> (col: Double, row: Double) {
            func bounded(_ v: Double) -> Double { v.isNaN ? 0 : min(max(v, -1e9), 1e9) }
            return (bounded((x - xr.0) / (xr.1 - xr.0) * Double(cols - 1)),
                    bounded((yr.1 - y) / (yr.1 - yr.0) * Double(rows - 1)))
        }

        /// The cell holding a fractional position, nil outside the plot.
        func index(_ p: (col: Double, row: Double)) -> (col: Int, row: Int)? {
            let c = p.col.rounded(), r = p.row.rounded()
            guard c >= 0, r >= 0, c < Double(cols), r < Double(rows) else { return nil }
            return (Int(c), Int(r))
        }
    }

    // MARK: Shading

    /// Maps field values to shading levels, linearly or logarithmically in the distance from the minimum.
    struct Shading {
        /// Half the smallest and half the largest finite value (halves cannot overflow when subtracted).
        let low: Double, high: Double
        let logarithmic: Bool
        /// ε as a fraction of max − min.
        static let epsilon = 0.05

        init?(_ field: [[Double]], logarithmic: Bool) {
            var lo = Double.infinity, hi = -Double.infinity
            for row in field { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
            guard lo <= hi else { return nil }
            (low, high, self.logarithmic) = (lo / 2, hi / 2, logarithmic)
        }

        /// Where `v` lies between the minimum (0) and the maximum (1) on the chosen scale.
        func fraction(_ v: Double) -> Double {
            guard high > low else { return 0 }
            let d = min(1, max(0, (v / 2 - low) / (high - low)))
            return logarithmic ? log1p(d / Self.epsilon) / log1p(1 / Self.epsilon) : d
        }

        func level(_ v: Double, count: Int) -> Int { min(count - 1, Int(fraction(v) * Double(count))) }
    }

    /// The field at fractional row `fi` and column `fj`, bilinear over the finite neighbours;
    /// nil where most of the weight falls on missing values.
    func sample(_ fi: Double, _ fj: Double, rows: Int, cols: Int) -> Double? {
        let i0 = min(Int(fi), max(0, rows - 2)), j0 = min(Int(fj), max(0, cols - 2))
        let i1 = min(i0 + 1, rows - 1), j1 = min(j0 + 1, cols - 1)
        let ti = fi - Double(i0), tj = fj - Double(j0)
        var sum = 0.0, weight = 0.0
        func add(_ i: Int, _ j: Int, _ w: Double) {
            let v = field[i][j]
            if v.isFinite, w > 0 { sum += w * v; weight += w }
        }
        add(i0, j0, (1 - ti) * (1 - tj)); add(i0, j1, (1 - ti) * tj)
        add(i1, j0, ti * (1 - tj)); add(i1, j1, ti * tj)
        return weight >= 0.5 ? sum / weight : nil
    }

    func drawField(into buffer: inout ScreenBuffer, plot: Rect) {
        let rows = field.count, cols = field.map(\.count).min() ?? 0
        guard rows > 0, cols > 0, let shading = Shading(field, logarithmic: logShading) else { return }
        let shades = glyphs.shades
        let light = fieldStyle.with(.dim)
        for r in 0..<plot.height {
            let fi = Double(plot.height - 1 - r) / Double(plot.height - 1) * Double(rows - 1)
            for c in 0..<plot.width {
                let fj = Double(c) / Double(plot.width - 1) * Double(cols - 1)
                guard let v = sample(fi, fj, rows: rows, cols: cols) else { continue }
                let level = shading.level(v, count: shades.count)
                let style = level < shades.count / 2 ? light : fieldStyle
                buffer.set(plot.x + c, plot.y + r, Cell(shades[level], style: style))
            }
        }
    }

    // MARK: Path

    func drawPath(into buffer: inout ScreenBuffer, plot: Rect, projection: Projection) {
        let g = glyphs
        let points = path.prefix { $0.x.isFinite && $0.y.isFinite }.map { projection.cell($0.x, $0.y) }
        func put(_ p: (col: Double, row: Double), _ glyph: String, _ style: Style) {
            guard let i = projection.index(p) else { return }
            buffer.set(plot.x + i.col, plot.y + i.row, Cell(glyph, style: style))
        }

        // Segments: one canvas cell per step, owned by the segment that crossed it last.
        var canvas = PlotCanvas(cols: plot.width, rows: plot.height, dx: 1, dy: 1)
        var segmentGlyphs: [String] = []
        var exits: [(at: (col: Double, row: Double), glyph: String)] = []
        for (k, (a, b)) in zip(points, points.dropFirst()).enumerated() {
            let (dx, dy) = (b.col - a.col, a.row - b.row)
            canvas.segment(a.col, a.row, b.col, b.row, series: k)
            segmentGlyphs.append(g.segments[Self.direction(dx, dy, sectors: 8) % 4])
            // Leaving the plot: an arrow (pointing as the eye sees it, rows being twice as tall) where it crossed.
            guard projection.index(b) == nil,
                  let c = PlotCanvas.clip(a.col + 0.5, a.row + 0.5, b.col + 0.5, b.row + 0.5,
                                          maxX: Double(plot.width), maxY: Double(plot.height)) else { continue }
            func inside(_ v: Double, _ n: Int) -> Double { min(max(v - 0.5, 0), Double(n - 1)) }
            let exit = (col: inside(c.2, plot.width), row: inside(c.3, plot.height))
            exits.append((exit, g.arrows[Self.direction(dx, 2 * dy, sectors: g.arrows.count)]))
        }
        for r in 0..<canvas.rows {
            for c in 0..<canvas.cols where canvas.isOccupied(c, r) {
                let glyph = segmentGlyphs[Int(canvas.owner[r * canvas.cols + c])]
                buffer.set(plot.x + c, plot.y + r, Cell(glyph, style: pathStyle))
            }
        }

        if let t = target, t.x.isFinite, t.y.isFinite { put(projection.cell(t.x, t.y), g.target, targetStyle) }
        for p in points.dropFirst().dropLast() { put(p, g.iterate, pathStyle) }
        if points.count > 1 { put(points[0], g.start, pathStyle) }
        for e in exits { put(e.at, e.glyph, pathStyle) }
        if let last = points.last { put(last, g.current, currentStyle) }
    }

    // MARK: Rendering

    /// Draws the range labels and axis lines when there is room; returns the plot (else the whole area).
    func drawAxes(into buffer: inout ScreenBuffer, area: Rect, xr: (Double, Double), yr: (Double, Double)) -> Rect {
        let ascii = mode == .ascii
        let (top, bottom) = (NumberFormat.compact(yr.1), NumberFormat.compact(yr.0))
        let rows = area.height - 2
        let showYLabel = !yLabel.isEmpty && rows >= 3
        let labelWidth = max(DisplayWidth.of(top), DisplayWidth.of(bottom), showYLabel ? DisplayWidth.of(yLabel) : 0)
        guard rows >= 2, area.width - labelWidth - 1 >= 4 else { return area }
        let plot = Rect(x: area.x + labelWidth + 1, y: area.y, width: area.width - labelWidth - 1, height: rows)
        let axisX = plot.x - 1
        func label(_ text: String, row: Int) {
            buffer.put(text, x: axisX - DisplayWidth.of(text), y: plot.y + row, style: axisStyle, maxX: axisX)
        }
        for row in 0..<rows {
            let end = row == 0 || row == rows - 1
            buffer.put(end ? (ascii ? "+" : "┤") : (ascii ? "|" : "│"), x: axisX, y: plot.y + row, style: axisStyle)
        }
        label(top, row: 0)
        label(bottom, row: rows - 1)
        if showYLabel { label(yLabel, row: rows / 2) }
        buffer.put((ascii ? "+" : "└") + String(repeating: ascii ? "-" : "─", count: plot.width),
                   x: axisX, y: plot.maxY, style: axisStyle, maxX: area.maxX)

        let y = plot.maxY + 1
        let (left, right) = (NumberFormat.compact(xr.0), NumberFormat.compact(xr.1))
        let leftEnd = plot.x + buffer.put(left, x: plot.x, y: y, style: axisStyle, maxX: area.maxX)
        let rightX = plot.maxX - DisplayWidth.of(right)
        if rightX > leftEnd { buffer.put(right, x: rightX, y: y, style: axisStyle, maxX: area.maxX) }
        let nameWidth = DisplayWidth.of(xLabel)
        let nameX = plot.x + (plot.width - nameWidth) / 2
        if !xLabel.isEmpty, nameX > leftEnd, nameX + nameWidth < rightX {
            buffer.put(xLabel, x: nameX, y: y, style: axisStyle, maxX: rightX)
        }
        return plot
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let xr = Self.plotted(xRange), yr = Self.plotted(yRange)
        let plot = drawAxes(into: &buffer, area: area, xr: xr, yr: yr)
        guard plot.width >= 2, plot.height >= 2 else { return }
        drawField(into: &buffer, plot: plot)
        let projection = Projection(xr: xr, yr: yr, cols: plot.width, rows: plot.height)
        drawPath(into: &buffer, plot: plot, projection: projection)
    }
}
