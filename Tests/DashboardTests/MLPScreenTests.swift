import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// The MLP lab on screen: settings, progress, the loss chart, accuracies, the digit strip and the confusion matrix.

extension LabScreenTests {
    @Suite struct MLPScreenTests: LabScreenTesting {
        @Test func mlpAt80x24ShowsSettingsProgressAndChart() {
            let s = running(LabFixtures.mlpRunning(), width: 80, height: 24)
            let rows = pane(s)
            #expect(s.layout.lab.y == 11)
            #expect(rows[0].hasPrefix("┌  MLP digits #1  ─"))
            #expect(rows[1].hasPrefix("│ lr 0.001  epochs 10  batch-size 32  hidden 64,64  data mnist  train-size al…"))
            #expect(rows[2].hasPrefix("│ ▶ running  epoch 3/5 ▕████████▍     ▏ 60% ETA 20s  9.6k samples/s · elapsed"))
            #expect(rows[3].contains("loss · smoothed 0.9"))
            #expect(rows[4].contains("2.26┤"))
            #expect(row(rows, "0┤") != nil)
            #expect(row(rows, "└────") != nil)
            #expect(rows[rows.count - 2].contains("0      37.5       75       113      150"))
        }

        @Test func mlpChartHasLegendAndValidationPoints() {
            let rows = pane(running(LabFixtures.mlpRunning(), width: 80, height: 24))
            #expect(row(rows, "━ #1 lr 0.001") != nil)
            #expect(row(rows, "• val") != nil)
            // Two validation points on the curve, besides the one in the legend.
            let dots = rows.joined().filter { $0 == "•" }.count
            #expect(dots == 3)
        }

        @Test func mlpAt80x24ShowsAccuracyAndDigitGuesses() {
            let rows = pane(running(LabFixtures.mlpRunning(), width: 80, height: 24))
            #expect(row(rows, "test acc 0.812 0.874 0.901") != nil)
            #expect(row(rows, "test digits, predictions (✗ w…") != nil)
            let guesses = row(rows, "0✓")
            #expect(guesses?.contains("0✓       1✓       7✗") == true)
            // The picture of the 0 sits above its guess.
            #expect(row(rows, "▄▀▀▀▀▄") != nil)
        }

        @Test func mlpAt120x40AddsEveryDigitAndTheConfusionMatrix() {
            let s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            let rows = pane(s)
            #expect(rows[2].hasPrefix("│ ▶ running  epoch 3/5 ▕████████████▌        ▏ 60% ETA 20s │"))
            #expect(rows[3].hasPrefix("│ 9.6k samples/s · elapsed 30s · lr 0.001 · 500 steps/s"))
            #expect(row(rows, "0✓       1✓       7✗       3✓       4✓       5✓") != nil)
            #expect(row(rows, "confusion (row = true, column = predicted)") != nil)
            #expect(row(rows, "     0   1   2   3   4   5   6   7   8   9") != nil)
            #expect(row(rows, "2│   ·   · 172   ·   ·   ·   ·   9   ·   ·") != nil)
            #expect(row(rows, "9│   ·   ·   ·   ·   ·   ·   ·   ·   · 179") != nil)
        }

        @Test func wrongGuessIsDrawnInTheWrongStyle() {
            let s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            let b = s.screenBuffer()
            let wrong = find("7✗", in: b), right = find("1✓", in: b)
            #expect(wrong.map { b[$0.x, $0.y].style } == s.theme.wrong)
            #expect(right.map { b[$0.x, $0.y].style } == s.theme.right)
        }

        @Test func mlpDivergenceShowsTheMarkerAndAdvice() {
            let rows = pane(running(LabFixtures.mlpDiverged, width: 80, height: 24))
            #expect(rows[2].hasPrefix("│ diverged  epoch 3/5"))
            #expect(row(rows, "┊✗") != nil)
            #expect(row(rows, "│ ✗ The learning rate is too large and the weights blew up. Press - to halve") != nil)
            #expect(row(rows, "│ it, then r. the loss became NaN at step 12") != nil)
        }


        @Test func largeDigitsAreShrunkToTheStrip() {
            let rows = pane(running(LabFixtures.mlpLargeDigits, width: 120, height: 40))
            let guesses = row(rows, "0✓")
            #expect(guesses?.contains("7✗") == true, "\(guesses ?? "no guesses")")
            #expect(row(rows, "confusion (row = true, column = predicted)") != nil)
        }
    }
}
