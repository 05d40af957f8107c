import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// The gradient-descent lab on screen: progress, the θ path over J(θ), the stability limit and the last iterations.

extension LabScreenTests {
    @Suite struct GDScreenTests: LabScreenTesting {
        @Test func gdAt80x24ShowsProgressPathAndTable() {
            let s = running(LabFixtures.gdConverging, width: 80, height: 24)
            let rows = pane(s)
            // Every setting fits, each with its value.
            #expect(fieldsShown(rows[1], LabSettings(lab: .gd)) == LabSettings(lab: .gd).fields)
            // Progress counts iterations: 7 of 300 planned, 2%, the bar as full, the time left and the rate.
            #expect(rows[2].holds(inOrder: ["▶ running", "iteration 7/300", "2%", "ETA 15s", "20 it/s", "elapsed"]))
            #expect(barShows(rows[2], 7.0 / 300), "\(rows[2])")
            // J(0, 0) = 6 tops the y axis, which ends at 0; the x axis spans all 300 iterations.
            let chart = lossChart(s)
            #expect(chart?.yLabels.first == "6" && chart?.yLabels.last == "0", "\(chart?.yLabels ?? [])")
            #expect(chart?.xLabels.first == "0" && chart?.xLabels.last == "300", "\(chart?.xLabels ?? [])")
            #expect(row(rows, "━ #1 α 0.01") != nil)
            #expect(row(rows, "α 0.25 · stable for α < 0.500") != nil)
            // Room for the table's header and the latest iteration, each value under its column's name.
            #expect(gdTable(rows) == [["it", "θ₁", "θ₂", "J"], ["7", "1.9844", "0.9922", "3.7e-4"]])
            // The contour plot: the path, its current point, and the minimum.
            #expect(row(rows, "●★") != nil)
            #expect(row(rows, "θ₁") != nil && row(rows, "θ₂│") != nil)
        }

        @Test func gdAt120x40ShowsTheLastThreeIterations() {
            let rows = pane(running(LabFixtures.gdConverging, width: 120, height: 40))
            #expect(rows[2].holds(inOrder: ["▶ running", "iteration 7/300", "2%", "ETA 15s"]))
            #expect(barShows(rows[2], 7.0 / 300), "\(rows[2])")
            #expect(rows[3].holds(inOrder: ["20 it/s", "elapsed 0s", "α 0.25", "20 steps/s"]))
            #expect(gdTable(rows) == [["it", "θ₁", "θ₂", "J"],
                                      ["5", "1.9375", "0.9688", "0.0059"],
                                      ["6", "1.9688", "0.9844", "0.0015"],
                                      ["7", "1.9844", "0.9922", "3.7e-4"]])
        }

        @Test func gdDivergenceShowsTheMarkerAdviceAndUnstableAlpha() {
            let s = running(LabFixtures.gdDiverged, width: 120, height: 40)
            let rows = pane(s)
            #expect(inside(rows[2]).hasPrefix("diverged ") && rows[2].holds(inOrder: ["diverged", "iteration 6/300"]))
            #expect(rows[2].contains("ETA") == false, "no ETA once the run is over")
            // The y axis grows to the last J (3932.2), and the ✗ marks the top of the plot where the run diverged.
            let chart = lossChart(s)
            #expect(chart?.yLabels.first == "3.93k" && chart?.yLabels.last == "0", "\(chart?.yLabels ?? [])")
            #expect(chart?.plot.first?.contains("✗") == true, "\(chart?.plot.first ?? "no chart")")
            #expect(footNote(rows) == "✗ Each step overshoots the valley by more than the last. Press - to halve α, then r. "
                    + "J grew without bound")
            #expect(gdTable(rows)?.last == ["6", "-49.2000", "-24.6000", "3932.2"])
            let b = s.screenBuffer()
            let stable = find("α 0.7 · stable for α < 0.500", in: b)
            #expect(stable.map { b[$0.x, $0.y].style } == s.theme.error, "an α past the limit is shown as an error")
        }

        @Test func gdStableAlphaIsNotAnError() {
            let s = running(LabFixtures.gdConverging, width: 120, height: 40)
            let b = s.screenBuffer()
            let stable = find("α 0.25 · stable for α < 0.500", in: b)
            #expect(stable.map { b[$0.x, $0.y].style } == s.theme.dim)
        }
    }
}
