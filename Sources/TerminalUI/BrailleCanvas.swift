/// A grid of cells, each split into `dx × dy` dots (braille 2×4, half blocks 1×2, ASCII 1×1),
/// that a chart draws its series into before turning the cells into glyphs.
///
/// Every cell remembers which series drew it last: when two series share a cell, the later wins
/// (its dots replace the earlier series' dots instead of mixing styles).
struct PlotCanvas {
    let cols: Int
    let rows: Int
    let dx: Int
    let dy: Int
    private(set) var bits: [UInt8]
    private(set) var owner: [Int32]
    private(set) var marked: [Bool]

    init(cols: Int, rows: Int, dx: Int, dy: Int) {
        self.cols = max(0, cols)
        self.rows = max(0, rows)
        self.dx = max(1, dx)
        self.dy = max(1, dy)
        let n = self.cols * self.rows
        bits = Array(repeating: 0, count: n)
        owner = Array(repeating: -1, count: n)
        marked = Array(repeating: false, count: n)
    }

    var dotWidth: Int { cols * dx }
    var dotHeight: Int { rows * dy }

    /// The bit of dot (`sx`, `sy`) inside a cell: braille numbering for 2×4, top/bottom for 1×2.
    @inline(__always)
    private func bit(_ sx: Int, _ sy: Int) -> UInt8 {
        if dx == 2 && dy == 4 {
            if sy == 3 { return sx == 0 ? 0x40 : 0x80 }
            return UInt8(1) << UInt8(sy + 3 * sx)
        }
        return UInt8(1) << UInt8(min(7, sy * dx + sx))
    }

    func isOccupied(_ col: Int, _ row: Int) -> Bool {
        guard col >= 0, row >= 0, col < cols, row < rows else { return false }
        return owner[row * cols + col] >= 0
    }

    /// Sets one dot for `series`; dots outside the grid are ignored.
    mutating func dot(_ px: Int, _ py: Int, series: Int) {
        guard px >= 0, py >= 0, px < dotWidth, py < dotHeight else { return }
        let c = (py / dy) * cols + px / dx
        let s = Int32(truncatingIfNeeded: series)
        if owner[c] != s { owner[c] = s; bits[c] = 0; marked[c] = false }
        bits[c] |= bit(px % dx, py % dy)
    }

    /// Marks the cell holding dot (`x`, `y`) as a single point of `series`.
    mutating func mark(_ x: Double, _ y: Double, series: Int) {
        guard let (px, py) = Self.dotIndex(x, y, width: dotWidth, height: dotHeight) else { return }
        let c = (py / dy) * cols + px / dx
        owner[c] = Int32(truncatingIfNeeded: series)
        bits[c] = 0
        marked[c] = true
    }

    /// Sets the single dot nearest to (`x`, `y`) in dot coordinates.
    mutating func point(_ x: Double, _ y: Double, series: Int) {
        guard let (px, py) = Self.dotIndex(x, y, width: dotWidth, height: dotHeight) else { return }
        dot(px, py, series: series)
    }

    private static func dotIndex(_ x: Double, _ y: Double, width: Int, height: Int) -> (Int, Int)? {
        guard x.isFinite, y.isFinite, width > 0, height > 0 else { return nil }
        let rx = x.rounded(), ry = y.rounded()
        guard rx >= 0, ry >= 0, rx <= Double(width - 1), ry <= Double(height - 1) else { return nil }
        return (Int(rx), Int(ry))
    }

    /// Draws the segment between two dot positions (clipped to the grid) with Bresenham.
    mutating func segment(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, series: Int) {
        guard dotWidth > 0, dotHeight > 0 else { return }
        let maxX = Double(dotWidth - 1), maxY = Double(dotHeight - 1)
        guard let (x0, y0, x1, y1) = Self.clip(ax, ay, bx, by, maxX: maxX, maxY: maxY) else { return }
        func toInt(_ v: Double, _ m: Double) -> Int { Int(min(max(v.rounded(), 0), m)) }
        var x = toInt(x0, maxX), y = toInt(y0, maxY)
        let ex = toInt(x1, maxX), ey = toInt(y1, maxY)
        let ddx = abs(ex - x), ddy = -abs(ey - y)
        let sx = x < ex ? 1 : -1, sy = y < ey ? 1 : -1
        var err = ddx + ddy
        while true {
            dot(x, y, series: series)
            if x == ex && y == ey { break }
            let e2 = 2 * err
            if e2 >= ddy { err += ddy; x += sx }
            if e2 <= ddx { err += ddx; y += sy }
        }
    }

    /// Liang–Barsky clipping of a segment to [0, maxX] × [0, maxY]; nil when nothing is inside.
    static func clip(
        _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, maxX: Double, maxY: Double
    ) -> (Double, Double, Double, Double)? {
        guard ax.isFinite, ay.isFinite, bx.isFinite, by.isFinite else { return nil }
        let ddx = bx - ax, ddy = by - ay
        guard ddx.isFinite, ddy.isFinite else { return nil }
        var t0 = 0.0, t1 = 1.0
        func edge(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return false }
                if r < t1 { t1 = r }
            }
            return true
        }
        guard edge(-ddx, ax), edge(ddx, maxX - ax), edge(-ddy, ay), edge(ddy, maxY - ay) else { return nil }
        let r = (ax + t0 * ddx, ay + t0 * ddy, ax + t1 * ddx, ay + t1 * ddy)
        guard r.0.isFinite, r.1.isFinite, r.2.isFinite, r.3.isFinite else { return nil }
        return r
    }

    /// The glyph for a cell, or nil when it is empty.
    func glyph(_ col: Int, _ row: Int, mode: LineChart.Mode) -> String? {
        let i = row * cols + col
        guard owner[i] >= 0 else { return nil }
        if marked[i] { return mode == .ascii ? "o" : "•" }
        let b = bits[i]
        guard b != 0 else { return nil }
        switch mode {
        case .braille: return String(Character(Unicode.Scalar(UInt32(0x2800) + UInt32(b))!))
        case .blocks: return b == 1 ? "▀" : b == 2 ? "▄" : "█"
        case .ascii: return "*"
        }
    }
}
