/// An in-memory grid of cells that widgets draw into; backends draw the difference between two of them.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    private func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Sets one cell, repairing any wide character it cuts in half.
    mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard contains(x, y) else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if cells[i].width == 2, x + 1 < width {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Writes `text` from (x, y) in `style`, never past `maxX` (default: the buffer's right edge).
    /// A wide character that would straddle the limit is replaced by a space. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(maxX ?? width, width)
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                // A lone zero-width character: attach it to the previous cell so it is not lost.
                if col > x, col - 1 < limit, contains(col - 1, y) {
                    let prev = col - 1 - (self[col - 1, y].isContinuation ? 1 : 0)
                    if prev >= 0 { cells[y * width + prev].symbol.append(ch) }
                }
                continue
            }
            if col + w > limit {
                if col < limit { set(col, y, Cell(" ", style: style)); col += 1 }
                break
            }
            if col >= 0 {
                set(col, y, Cell(String(ch), width: UInt8(w), style: style))
                if w == 2 { set(col + 1, y, .continuation(style)) }
            }
            col += w
        }
        return col - x
    }

    /// Writes a styled line, clipped at `maxX`. Returns the columns used.
    @discardableResult
    public mutating func put(_ line: Line, x: Int, y: Int, maxX: Int? = nil) -> Int {
        var col = x
        for span in line.spans {
            col += put(span.text, x: col, y: y, style: span.style, maxX: maxX)
        }
        return col - x
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        let r = rect.intersection(area)
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { set(x, y, Cell(" ", style: style)) }
        }
    }

    /// Lays `patch` over the style of every cell in `rect` (a highlight, a selection).
    public mutating func restyle(_ rect: Rect, with patch: Style) {
        let r = rect.intersection(area)
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].style = cells[y * width + x].style.patched(by: patch) }
        }
    }

    /// The buffer as plain text rows, for tests and text screenshots (trailing spaces trimmed).
    public func textRows() -> [String] {
        (0..<height).map { y in
            var row = ""
            for x in 0..<width where !self[x, y].isContinuation { row += self[x, y].symbol }
            while row.hasSuffix(" ") { row.removeLast() }
            return row
        }
    }
}
