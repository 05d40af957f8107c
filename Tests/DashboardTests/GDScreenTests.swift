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
            let rows = pane(running(LabFixtures.gdConverging, width: 80, height: 24))
            #expect(rows[1].hasPrefix("│ alpha 0.01  iterations 300  theta0 0,0   "))
            #expect(rows[2].hasPrefix("│ ▶ running  iteration 7/300 ▕▎             ▏ 2% ETA 15s  20 it/s · elapsed"))
            #expect(row(rows, "━ #1 α 0.01") != nil)
            #expect(row(rows, "α 0.25 · stable for α < 0.500") != nil)
            #expect(row(rows, "it    θ₀      θ₁      J") != nil)
            #expect(row(rows, "7     1.9844  0.9922  3") != nil)
            // The contour plot: the path, its current point, and the minimum.
            #expect(row(rows, "●★") != nil)
            #expect(row(rows, "θ₀") != nil && row(rows, "θ₁│") != nil)
        }

        @Test func gdAt120x40ShowsTheLastThreeIterations() {
            let rows = pane(running(LabFixtures.gdConverging, width: 120, height: 40))
            #expect(rows[2].hasPrefix("│ ▶ running  iteration 7/300 ▕▎               ▏ 2% ETA 15s"))
            #expect(rows[3].hasPrefix("│ 20 it/s · elapsed 0s · α 0.25 · 20 steps/s"))
            #expect(row(rows, "│ 5     1.9375     0.9688     0.0059") != nil)
            #expect(row(rows, "│ 6     1.9688     0.9844     0.0015") != nil)
            #expect(row(rows, "│ 7     1.9844     0.9922     3.7e-4") != nil)
        }

        @Test func gdDivergenceShowsTheMarkerAdviceAndUnstableAlpha() {
            let s = running(LabFixtures.gdDiverged, width: 120, height: 40)
            let rows = pane(s)
            #expect(rows[2].hasPrefix("│ diverged  iteration 6/300"))
            #expect(rows[2].contains("ETA") == false, "no ETA once the run is over")
            #expect(row(rows, "┤ ⡇✗") != nil)
            #expect(row(rows, "│ ✗ Each step overshoots the valley by more than the last. │") != nil)
            #expect(row(rows, "│ Press - to halve α, then r. J grew without bound") != nil)
            #expect(row(rows, "│ 6     -49.2000   -24.6000   3932.2") != nil)
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
