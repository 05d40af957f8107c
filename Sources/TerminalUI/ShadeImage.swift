/// A small greyscale picture drawn with shade characters ( ░▒▓█), each cell the mean of the pixels it
/// covers: grey levels without colour, for saliency maps and weight images. `HalfBlockImage` draws
/// crisper black-and-white shapes; this one keeps the intensities.
public struct ShadeImage: Widget {
    public var pixels: [Float]
    public var rows: Int
    public var cols: Int
    public var style: Style
    public var ascii: Bool

    static let unicodeShades = [" ", "░", "▒", "▓", "█"]
    static let asciiShades = [" ", ".", ":", "*", "#"]

    /// `pixels` is rows × cols, row-major, values in [0, 1] (clamped).
    public init(pixels: [Float], rows: Int, cols: Int, style: Style = .plain, ascii: Bool = false) {
        precondition(pixels.count == rows * cols, "pixels must hold rows × cols values")
        self.pixels = pixels
        self.rows = rows
        self.cols = cols
        self.style = style
        self.ascii = ascii
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard rows > 0, cols > 0, !area.isEmpty else { return }
        let w = min(area.width, cols), h = min(area.height, rows)
        let shades = ascii ? Self.asciiShades : Self.unicodeShades
        for cy in 0..<h {
            let r0 = cy * rows / h, r1 = max(r0 + 1, (cy + 1) * rows / h)
            var line = ""
            for cx in 0..<w {
                let c0 = cx * cols / w, c1 = max(c0 + 1, (cx + 1) * cols / w)
                var sum: Float = 0
                for r in r0..<r1 { for c in c0..<c1 { sum += pixels[r * cols + c] } }
                let mean = sum / Float((r1 - r0) * (c1 - c0))
                let level = mean.isFinite ? Int((min(1, max(0, mean)) * Float(shades.count - 1)).rounded()) : 0
                line += shades[level]
            }
            buffer.put(line, x: area.x, y: area.y + cy, style: style, maxX: area.maxX)
        }
    }
}
