import MLCore
import Testing
@testable import TerminalUI

/// J = x² + y² sampled on [-1, 1]² at `n` × `n` points.
private func bowl(_ n: Int = 21) -> [[Double]] {
    (0..<n).map { i in
        (0..<n).map { j in
            let x = -1 + 2 * Double(j) / Double(n - 1), y = -1 + 2 * Double(i) / Double(n - 1)
            return x * x + y * y
        }
    }
}

private func render(_ plot: ContourPlot, width: Int, height: Int) -> ScreenBuffer {
    var b = ScreenBuffer(width: width, height: height)
    plot.render(into: &b, area: b.area)
    return b
}

@Suite struct ContourPlotTests {
    // 20×9 leaves a 17×7 plot right of "-1┤": column c is x = -1 + c/8, row r is y = 1 - r/3.
    let threeSteps: [(x: Double, y: Double)] = [(-1, 1), (0.5, -1.0 / 3), (0.25, 0)]

    @Test func bowlWithAThreePointPathInAscii() {
        let plot = ContourPlot(field: bowl(), xRange: -1...1, yRange: -1...1, path: threeSteps,
                               target: (0, 0), mode: .ascii)
        #expect(render(plot, width: 20, height: 9).textRows() == [
            " 1+s~##*********####",
            "  |#*~~~+=====+++**#",
            "  |*++==~~~.::-==++*",
            "θ₁|*+==-:. X~@\\-==+*",
            "  |*++==-::.::~o=++*",
            "  |#**+++=====+++**#",
            "-1+####*********####",
            "  +-----------------",
            "   -1     θ₀       1",
        ])
    }

    @Test func bowlWithAThreePointPathInUnicode() {
        let style = ContourPlot(field: bowl(), xRange: -1...1, yRange: -1...1, path: threeSteps, target: (0, 0),
                                fieldStyle: Style(fg: .blue), pathStyle: Style(fg: .yellow, attributes: .bold),
                                currentStyle: Style(fg: .red, attributes: .bold))
        let b = render(style, width: 20, height: 9)
        let rows = b.textRows()
        #expect(rows[0] == " 1┤○─▓▓▓▓▓▒▒▒▓▓▓▓▓▓▓")
        #expect(rows[3] == "θ₁│▒▒▒░░·  ★─●╲░░▒▒▒")
        #expect(rows[4] == "  │▓▒▒░░░·····─•░▒▒▓")
        #expect(b[3, 0].symbol == "○" && b[3, 0].style.fg == .yellow)
        #expect(b[15, 4].symbol == "•" && b[15, 4].style.attributes.contains(.bold))
        #expect(b[13, 3].symbol == "●" && b[13, 3].style.fg == .red)
        #expect(b[11, 3].symbol == "★")
        // Light near the minimum, dimmed; dense and undimmed in the corners.
        #expect(b[10, 3].symbol == " " && b[10, 3].style.attributes.contains(.dim))
        #expect(b[19, 6].symbol == "▓" && b[19, 6].style == Style(fg: .blue))
    }

    @Test func logShadingOpensUpTheValley() {
        let log = ContourPlot.Shading([[0, 1]], logarithmic: true)!
        let linear = ContourPlot.Shading([[0, 1]], logarithmic: false)!
        #expect(log.level(0.05, count: 5) == 1 && linear.level(0.05, count: 5) == 0)
        #expect(log.level(0, count: 5) == 0 && log.level(1, count: 5) == 4 && linear.level(1, count: 5) == 4)
        #expect(ContourPlot.Shading([[.nan]], logarithmic: true) == nil)
    }

    @Test func pathLeavingThePlotLeavesAnArrowOnTheBorder() {
        func rows(_ path: [(x: Double, y: Double)], _ mode: ContourPlot.Mode = .unicode) -> [String] {
            render(ContourPlot(field: [], xRange: -1...1, yRange: -1...1, path: path, mode: mode),
                   width: 20, height: 9).textRows()
        }
        let right = rows([(0, 0), (3, 0)])
        #expect(right[3] == "θ₁│        ○───────→")
        #expect(!right.joined().contains("●"))
        #expect(rows([(0, 0), (3, 0)], .ascii)[3] == "θ₁|        s~~~~~~~>")
        // Up and to the right, past any finite scale: the arrow points the way it went, on the top row.
        let huge = rows([(0, 0), (1e308, 1e308)])
        #expect(huge[0].contains("↗") && !huge.joined().contains("●"))
        #expect(rows([(0, 0), (1e308, 1e308)], .ascii)[0].contains("^"))
        // Leaving and coming back: the arrow marks the exit, the path goes on to the current point.
        let back = rows([(0, 0), (0, -5), (0.5, 0)])
        #expect(back[6].contains("↓") && back[3].contains("●"))
    }

    @Test func nonFinitePointsEndThePath() {
        let plot = ContourPlot(field: [], xRange: -1...1, yRange: -1...1,
                               path: [(-1, 0), (0, 0), (.nan, 0), (1, 0)], mode: .ascii)
        #expect(render(plot, width: 20, height: 9).textRows()[3] == "θ₁|s~~~~~~~@")
    }

    @Test func degenerateInputsDrawSafely() {
        // A constant field shades at the lightest level; NaN rows are left blank.
        let flat = ContourPlot(field: [[3, 3], [3, 3]], xRange: 0...1, yRange: 0...1, mode: .ascii)
        #expect(render(flat, width: 12, height: 6).textRows()[0...3].allSatisfy { $0.count <= 3 })
        let half = ContourPlot(field: [[0, 1], [.nan, .nan]], xRange: 0...1, yRange: 0...1, mode: .ascii)
        let halfRows = render(half, width: 12, height: 8).textRows()
        #expect(halfRows[0] == " 1+" && halfRows[5].count == 12)
        // Zero-width ranges open up around their value; an empty field and path leave only the axes.
        let point = ContourPlot(field: bowl(3), xRange: 2...2, yRange: 0...0, path: [(2, 0)], mode: .ascii)
        let pointRows = render(point, width: 12, height: 7).textRows()
        #expect(pointRows.joined().contains("@") && pointRows[6].hasPrefix("     1.8"))
        let empty = ContourPlot(field: [[]], xRange: 0...1, yRange: 0...1)
        #expect(render(empty, width: 12, height: 6).textRows()[1] == "  │")
        // Too small for axes: the whole area is plot; too small for a plot: nothing.
        let tiny = ContourPlot(field: bowl(), xRange: -1...1, yRange: -1...1, path: [(0, 0)], mode: .ascii)
        #expect(render(tiny, width: 3, height: 3).textRows() == ["#*#", "*@*", "#*#"])
        #expect(render(tiny, width: 1, height: 5).textRows().allSatisfy { $0.isEmpty })
    }

    @Test func glyphsAreOneColumnWide() {
        for g in [ContourPlot.Glyphs.unicode, .ascii] {
            for s in g.shades + g.segments + g.arrows + [g.iterate, g.start, g.current, g.target] {
                #expect(DisplayWidth.of(s) == 1, "\(s)")
            }
        }
    }

    @Test func fuzzNeverCrashesOrWritesOutsideTheArea() {
        var rng = SplitMix64(seed: 0xC0_70_0E)
        let specials: [Double] = [.nan, .infinity, -.infinity, 0, 1e308, -1e308, .leastNonzeroMagnitude]
        func value() -> Double {
            Int.random(in: 0..<8, using: &rng) == 0 ? specials.randomElement(using: &rng)!
                : Double.random(in: -10...10, using: &rng)
        }
        func range() -> ClosedRange<Double> {
            let a = value(), b = Bool.random(using: &rng) ? a : value()
            guard !a.isNaN, !b.isNaN else { return -1...1 }
            return min(a, b)...max(a, b)
        }
        for _ in 0..<2000 {
            let w = Int.random(in: 0...30, using: &rng), h = Int.random(in: 0...12, using: &rng)
            let rows = Int.random(in: 0...6, using: &rng)
            let field = (0..<rows).map { _ in (0..<Int.random(in: 0...6, using: &rng)).map { _ in value() } }
            let path = (0..<Int.random(in: 0...12, using: &rng)).map { _ in (x: value(), y: value()) }
            let plot = ContourPlot(field: field, xRange: range(), yRange: range(), path: path,
                                   target: Bool.random(using: &rng) ? (value(), value()) : nil,
                                   logShading: Bool.random(using: &rng),
                                   mode: Bool.random(using: &rng) ? .unicode : .ascii,
                                   xLabel: Bool.random(using: &rng) ? "θ₀" : "a long 神经 label",
                                   yLabel: Bool.random(using: &rng) ? "" : "θ₁")
            if let at = cellWrittenOutside(plot, width: w, height: h) {
                Issue.record("wrote outside \(w)×\(h) at \(at)")
                return
            }
        }
    }
}
