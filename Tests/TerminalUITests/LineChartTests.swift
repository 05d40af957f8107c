import MLCore
import Testing
@testable import TerminalUI

private func render(_ chart: LineChart, width: Int, height: Int) -> ScreenBuffer {
    var b = ScreenBuffer(width: width, height: height)
    chart.render(into: &b, area: b.area)
    return b
}

/// Renders `widget` into a `width` × `height` area framed by two rows and columns of "#" on every side;
/// returns the first frame cell it overwrote, if any.
func cellWrittenOutside(_ widget: some Widget, width w: Int, height h: Int) -> (x: Int, y: Int)? {
    var b = ScreenBuffer(width: w + 4, height: h + 4)
    for y in 0..<(h + 4) { b.put(String(repeating: "#", count: w + 4), x: 0, y: y) }
    widget.render(into: &b, area: Rect(x: 2, y: 2, width: w, height: h))
    for y in 0..<(h + 4) {
        for x in 0..<(w + 4) where (x < 2 || y < 2 || x >= w + 2 || y >= h + 2) && b[x, y].symbol != "#" {
            return (x, y)
        }
    }
    return nil
}

@Suite struct LineChartTests {
    @Test func risingLineClimbsInBrailleDots() {
        // 4×2 cells is too small for axes: the plot is the whole area, 8×8 dots.
        let chart = LineChart(series: [ChartSeries(name: "", points: [(0, 0), (1, 1)])],
                              xRange: 0...1, yRange: 0...1)
        let b = render(chart, width: 4, height: 2)
        // Diagonal from dot (0,7) to (7,0): each cell holds two dots of it.
        #expect(b.textRows() == ["  \u{2860}\u{280A}", "\u{2860}\u{280A}"])
        #expect(b[0, 1].symbol.unicodeScalars.first!.value == 0x2800 + 0x40 + 0x20)
        #expect(b[3, 0].symbol.unicodeScalars.first!.value == 0x2800 + 0x02 + 0x08)
    }

    @Test func risingLineWithAxesClimbsColumnByColumn() {
        let pts = (0..<50).map { (x: Double($0), y: Double($0) * Double($0)) }
        let chart = LineChart(series: [ChartSeries(name: "", points: pts, style: Style(fg: .green))])
        let b = render(chart, width: 40, height: 12)
        // The y axis is the first column holding "│"/"┤"; the plot is to its right, above the axis row.
        let rows = b.textRows()
        let axisRow = rows.firstIndex { $0.contains("└") }!
        let axisX = Array(rows[axisRow]).firstIndex(of: "└")!
        var topmost: [Int] = []
        for x in (axisX + 1)..<40 {
            let row = (0..<axisRow).first { b[x, $0].symbol.unicodeScalars.first!.value & 0xFF00 == 0x2800 }
            if let row { topmost.append(row) }
        }
        #expect(topmost.count == 40 - axisX - 1)  // every plot column holds a dot
        #expect(topmost.first == axisRow - 1)
        #expect(topmost.last == 0)
        #expect(zip(topmost, topmost.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(b[40 - 1, 0].style.fg == .green)
    }

    @Test func asciiGridAsExactRows() {
        let chart = LineChart(series: [ChartSeries(name: "", points: [(0, 0), (4, 4)])],
                              xRange: 0...4, yRange: 0...4, mode: .ascii)
        let b = render(chart, width: 7, height: 7)
        #expect(b.textRows() == [
            "4+    *",
            " |   *",
            "2+  *",
            " | *",
            "0+*",
            " +-----",
            "  0 2 4",
        ])
    }

    @Test func yTicksIncludeMinAndMax() {
        let chart = LineChart(series: [ChartSeries(name: "", values: [0.2, 0.7, 0.4])], yRange: 0...1.5)
        let rows = render(chart, width: 30, height: 12).textRows()
        // Labels are right-aligned against the axis: 1.5, 1.13, 0.75, 0.38, 0.
        #expect(rows[0].hasPrefix(" 1.5┤"))
        #expect(rows[9].hasPrefix("   0┤"))
        #expect(rows.filter { $0.contains("┤") }.count == 5)
        // Computed ranges: min and max of the data with a small margin, labelled at top and bottom.
        let auto = LineChart(series: [ChartSeries(name: "", values: [1, 3, 2])]).ranges().y
        #expect(auto.0 < 1 && auto.0 > 0.8 && auto.1 > 3 && auto.1 < 3.2)
    }

    @Test func flatSeriesGetsAnOpenRange() {
        #expect(LineChart(series: [ChartSeries(name: "", values: [2, 2, 2])]).ranges().y == (1.8, 2.2))
        #expect(LineChart(series: [ChartSeries(name: "", values: [0, 0])]).ranges().y == (-0.5, 0.5))
        #expect(LineChart(series: []).ranges().x == (0, 1))
        let single = LineChart(series: [ChartSeries(name: "", points: [(5, 1)])]).ranges().x
        #expect(single.1 > single.0)
    }

    @Test func logScalePlacesPowersOfTenOnEvenlySpacedRows() {
        let chart = LineChart(series: [ChartSeries(name: "", values: [100, 30, 10, 3, 1, 0, -1])],
                              yRange: 1...100, logY: true)
        let rows = render(chart, width: 30, height: 11).textRows()
        #expect(rows[0].hasPrefix("100┤"))
        #expect(rows[4].hasPrefix(" 10┤"))
        #expect(rows[8].hasPrefix("  1┤"))
        #expect(rows.filter { $0.contains("┤") }.count == 3)
    }

    @Test func nanLeavesAGap() {
        let ys: [Double] = [1, 1, 1, .nan, .nan, .nan, 1, 1, 1]
        let chart = LineChart(series: [ChartSeries(name: "", values: ys)], yRange: 0...2, mode: .ascii)
        #expect(render(chart, width: 9, height: 1).textRows() == ["***   ***"])
        let braille = LineChart(series: [ChartSeries(name: "", values: ys)], yRange: 0...2)
        let row = render(braille, width: 5, height: 1).textRows()[0]
        // 10 dot columns over x 0...8: x=2 → dot 2.25 (cell 1), x=6 → dot 6.75 (cell 3); cell 2 stays empty.
        #expect(Array(row)[2] == " ")
        #expect(Array(row)[1] != " " && Array(row)[3] != " ")
    }

    @Test func isolatedPointAndPointsKindAreMarked() {
        let chart = LineChart(series: [
            ChartSeries(name: "", values: [.nan, 1, .nan], kind: .line),
            ChartSeries(name: "", points: [(2, 1)], kind: .points),
        ], xRange: 0...2, yRange: 0...2, mode: .ascii)
        #expect(render(chart, width: 3, height: 1).textRows() == [" *o"])
    }

    @Test func fewPointsAreVisibleBoldDotsEvenUnderALine() {
        let bold = Style(attributes: .bold)
        for n in 1...3 {
            let val = ChartSeries(name: "", points: (0..<n).map { (x: Double($0 * 10), y: 2 - Double($0) * 0.5) },
                                  style: bold, kind: .points)
            // The dense line comes later in the list but the dots are drawn over it.
            let train = ChartSeries(name: "", values: (0...30).map { 2 - Double($0) / 30 })
            let b = render(LineChart(series: [val, train], xRange: 0...30, yRange: 0...2.5), width: 30, height: 10)
            let dots = b.cells.filter { $0.symbol == "•" }
            #expect(dots.count == n && dots.allSatisfy { $0.style == bold }, "\(n) points")
        }
    }

    @Test func laterSeriesWinsASharedCell() {
        let chart = LineChart(series: [
            ChartSeries(name: "", values: [1, 1, 1], style: Style(fg: .red)),
            ChartSeries(name: "", values: [1, 1, 1], style: Style(fg: .blue)),
        ], yRange: 0...2, mode: .blocks)
        let b = render(chart, width: 3, height: 1)
        #expect((0..<3).allSatisfy { b[$0, 0].style.fg == .blue && b[$0, 0].symbol != " " })
    }

    @Test func legendAvoidsTheData() {
        // y = x covers the bottom-left and top-right corners: the legend goes top-left.
        let rising = LineChart(series: [ChartSeries(name: "loss", values: (0...40).map(Double.init))])
        let rows = render(rising, width: 40, height: 12).textRows()
        let axisX = Array(rows[0]).firstIndex(of: "┤")!
        #expect(String(Array(rows[0])[(axisX + 1)...]).hasPrefix("━ loss"))
        // A falling curve covers top-left and bottom-right: top-right wins the tie with bottom-left.
        let falling = LineChart(series: [ChartSeries(name: "loss", values: (0...40).map { 40 - Double($0) })])
        let top = render(falling, width: 40, height: 12).textRows()[0]
        #expect(top.hasSuffix("━ loss"))
        // Too small: no legend.
        let tiny = render(LineChart(series: [ChartSeries(name: "loss", values: [1, 2])]), width: 6, height: 2)
        #expect(!tiny.textRows().joined().contains("loss"))
    }

    private let falling = ChartSeries(name: "", values: [4, 3, 2.5, 2, 1.8, 1.7])

    @Test func markerDrawsALineWhereTheSeriesLeavesRoom() {
        let chart = LineChart(series: [falling], markers: [ChartMarker(x: 2, label: "✗ div")], mode: .ascii)
        #expect(render(chart, width: 20, height: 8).textRows() == [
            "4.12+*     |✗ div",
            "    | **   |",
            "    |   ** |",
            " 2.6+     **",
            "    |      |***",
            "1.59+      |   *****",
            "    +---------------",
            "     0 1.67 3.33   5",
        ])
        let red = Style(fg: .red)
        let braille = render(LineChart(series: [falling], markers: [ChartMarker(x: 2, label: "✗", style: red)]),
                             width: 20, height: 8)
        #expect(braille[11, 1].symbol == "┊" && braille[11, 1].style == red)
        #expect(braille[12, 0].symbol == "✗" && braille[12, 0].style == red)
    }

    @Test func markerLabelFlipsLeftAtTheRightEdge() {
        let chart = LineChart(series: [falling], markers: [ChartMarker(x: 5, label: "✗ div")], mode: .ascii)
        let rows = render(chart, width: 20, height: 8).textRows()
        #expect(rows[0] == "4.12+*        ✗ div|")
        #expect(rows[1...4].allSatisfy { $0.hasSuffix("|") } && rows[5].hasSuffix("*"))
        // No room either side: the line alone.
        let long = LineChart(series: [falling], markers: [ChartMarker(x: 3, label: "far too long a label")])
        #expect(!render(long, width: 20, height: 8).textRows()[0].contains("far"))
    }

    @Test func markersOutsideTheRangeAreNotDrawnAndWidenTheAutoRange() {
        let outside = LineChart(series: [falling], markers: [ChartMarker(x: 9, label: "✗"), ChartMarker(x: .nan)],
                                xRange: 0...5, mode: .ascii)
        #expect(render(outside, width: 20, height: 8) == render(LineChart(series: [falling], xRange: 0...5, mode: .ascii),
                                                               width: 20, height: 8))
        #expect(LineChart(series: [falling], markers: [ChartMarker(x: 9)]).ranges().x == (0, 9))
        #expect(LineChart(series: [], markers: [ChartMarker(x: -3), ChartMarker(x: 3)]).ranges().x == (-3, 3))
    }

    @Test func legendAvoidsAMarkerLabel() {
        let rising = ChartSeries(name: "loss", values: (0...40).map(Double.init))
        let rows = render(LineChart(series: [rising], markers: [ChartMarker(x: 2, label: "✗ diverged")]),
                          width: 40, height: 12).textRows()
        #expect(rows[0].contains("✗ diverged") && !rows[0].contains("loss"))
        #expect(rows.contains { $0.contains("━ loss") })
    }

    @Test func compactNumbers() {
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(0.12) == "0.12")
        #expect(NumberFormat.compact(1.5) == "1.5")
        #expect(NumberFormat.compact(250) == "250")
        #expect(NumberFormat.compact(1500) == "1.5k")
        #expect(NumberFormat.compact(2_500_000) == "2.5M")
        #expect(NumberFormat.compact(0.002) == "2e-3")
        #expect(NumberFormat.compact(-0.0025) == "-2.5e-3")
        #expect(NumberFormat.compact(3e15) == "3e+15")
        #expect(NumberFormat.compact(999.9) == "1k")
    }

    @Test func tinyAreasDrawWhatFits() {
        let chart = LineChart(series: [ChartSeries(name: "a", values: [1, 2, 3])], title: "T", xLabel: "step")
        for (w, h) in [(0, 0), (1, 1), (0, 5), (5, 0), (2, 1), (1, 3)] {
            var b = ScreenBuffer(width: max(w, 1), height: max(h, 1))
            chart.render(into: &b, area: Rect(x: 0, y: 0, width: w, height: h))
        }
        #expect(render(chart, width: 1, height: 1).textRows()[0].count <= 1)
    }

    @Test func hugeSeriesKeepsSpikesAndIsFast() {
        var ys = (0..<100_000).map { 1 + Double($0 % 7) * 0.01 }
        ys[50_001] = 50
        let chart = LineChart(series: [ChartSeries(name: "loss", values: ys)], mode: .braille)
        let rows = render(chart, width: 80, height: 20).textRows()
        // The spike sets the top of the range and shows up in the top plot row.
        let top = rows[0].drop { $0 == " " }
        #expect(top.hasPrefix("52.5┤") || top.hasPrefix("52.4┤"), "\(rows[0])")
        #expect(Array(rows[0]).dropFirst(5).contains { $0 != " " && $0 != "━" })
    }

    @Test func fuzzNeverCrashesOrWritesOutsideTheArea() {
        var rng = SplitMix64(seed: 0x5EED)
        let specials: [Double] = [.nan, .infinity, -.infinity, 0, -1, 1e308, -1e308, .leastNormalMagnitude, .leastNonzeroMagnitude]
        let names = ["", "loss", "eval 神经", "a", "a very long series name indeed"]
        func value() -> Double {
            Int.random(in: 0..<10, using: &rng) == 0 ? specials.randomElement(using: &rng)!
                : Double.random(in: -100...100, using: &rng) * (Bool.random(using: &rng) ? 1 : 1e-4)
        }
        for _ in 0..<2000 {
            let w = Int.random(in: 0...45, using: &rng), h = Int.random(in: 0...16, using: &rng)
            var series: [ChartSeries] = []
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let n = Int.random(in: 0...(Bool.random(using: &rng) ? 5 : 300), using: &rng)
                let sorted = Bool.random(using: &rng)
                let pts = (0..<n).map { i in (x: sorted ? Double(i) : value(), y: value()) }
                series.append(ChartSeries(name: names.randomElement(using: &rng)!, points: pts,
                                          style: Style(fg: TermColor.allCases.randomElement(using: &rng)!),
                                          kind: Bool.random(using: &rng) ? .line : .points))
            }
            func range() -> ClosedRange<Double>? {
                guard Int.random(in: 0..<4, using: &rng) == 0 else { return nil }
                let a = value(), b = value()
                guard !a.isNaN, !b.isNaN else { return nil }
                return min(a, b)...max(a, b)
            }
            let markers = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                ChartMarker(x: value(), label: names.randomElement(using: &rng)!)
            }
            let chart = LineChart(series: series, markers: markers, xRange: range(), yRange: range(),
                                  logY: Bool.random(using: &rng),
                                  mode: [.braille, .blocks, .ascii].randomElement(using: &rng)!,
                                  title: Bool.random(using: &rng) ? "Loss" : "",
                                  xLabel: Bool.random(using: &rng) ? "step" : "")
            if let at = cellWrittenOutside(chart, width: w, height: h) {
                Issue.record("wrote outside \(w)×\(h) at \(at)")
                return
            }
        }
    }
}
