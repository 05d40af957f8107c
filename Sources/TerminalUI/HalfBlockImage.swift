/// A small greyscale image (a digit, a weight map) drawn with half blocks: each character cell shows two
/// pixel rows, ▀ for the top one, ▄ for the bottom one, █ for both. Pixels are on when ≥ `threshold`, so
/// the picture needs no colour and works under NO_COLOR. Larger images are averaged down to fit the area.
public struct HalfBlockImage: Widget {
    public var pixels: [Float]
    public var rows: Int
    public var cols: Int
    public var threshold: Float
    public var style: Style

    /// `pixels` is rows × cols, row-major, values in [0, 1].
    public init(pixels: [Float], rows: Int, cols: Int, threshold: Float = 0.5, style: Style = .plain) {
        precondition(pixels.count == rows * cols, "pixels must hold rows × cols values")
        self.pixels = pixels
        self.rows = rows
        self.cols = cols
        self.threshold = threshold
        self.style = style
    }

    /// Columns and character rows the image takes when nothing has to be shrunk.
    public var naturalSize: (width: Int, height: Int) { (cols, (rows + 1) / 2) }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard rows > 0, cols > 0, !area.isEmpty else { return }
        let width = min(area.width, cols)
        let pixelRows = min(area.height * 2, rows)
        for cy in 0..<((pixelRows + 1) / 2) {
            var text = ""
            for cx in 0..<width {
                let top = on(row: cy * 2, of: pixelRows, col: cx, of: width)
                let bottom = cy * 2 + 1 < pixelRows && on(row: cy * 2 + 1, of: pixelRows, col: cx, of: width)
                text += top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " ")
            }
            buffer.put(text, x: area.x, y: area.y + cy, style: style, maxX: area.x + width)
        }
    }

    /// Whether the pixel at (row, col) of an outRows × outCols resampling is on: the mean of the source
    /// pixels it covers against the threshold.
    func on(row: Int, of outRows: Int, col: Int, of outCols: Int) -> Bool {
        let r0 = row * rows / outRows, r1 = max(r0 + 1, (row + 1) * rows / outRows)
        let c0 = col * cols / outCols, c1 = max(c0 + 1, (col + 1) * cols / outCols)
        var sum: Float = 0
        for r in r0..<r1 { for c in c0..<c1 { sum += pixels[r * cols + c] } }
        return sum / Float((r1 - r0) * (c1 - c0)) >= threshold
    }
}
