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
            #expect(rows[0].holds(inOrder: ["┌", "MLP digits", "#1", "─"]))
            // As many settings as 80 columns hold, each with its value; the rest is cut with "…".
            #expect(fieldsShown(rows[1], LabSettings(lab: .mlp)) == ["lr", "epochs", "batch-size", "hidden", "data"])
            // One progress line: the phase, epoch 3 of 5, a bar 60% full, the percent, the time left, the rate.
            #expect(rows[2].holds(inOrder: ["▶ running", "epoch 3/5", "60%", "ETA 20s", "9.6k samples/s", "elapsed"]))
            #expect(barShows(rows[2], 0.6), "\(rows[2])")
            #expect(rows[3].contains("loss · smoothed 0.9"))
            // The y axis runs from the highest loss (the first step's, 2.26) down to 0; the x axis over all 150
            // planned steps, not only the 90 done.
            let chart = lossChart(s)
            #expect(chart?.yLabels.first == "2.26" && chart?.yLabels.last == "0", "\(chart?.yLabels ?? [])")
            #expect(chart?.xLabels.first == "0" && chart?.xLabels.last == "150", "\(chart?.xLabels ?? [])")
            #expect(chart?.yLabelRows.first == 0, "the top label is on the plot's first row")
            #expect(chart?.rows.last == s.layout.lab.maxY - 2, "the chart reaches down to the pane's border")
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
            let s = running(LabFixtures.mlpRunning(), width: 80, height: 24)
            let rows = pane(s)
            #expect(row(rows, "test acc 0.812 0.874 0.901") != nil)
            #expect(row(rows, "test digits, predictions (✗ w…") != nil)
            // The first three digits fit, each guess marked under its own picture: the 2 was taken for a 7.
            #expect(digitMarks(s) == ["0✓", "1✓", "7✗"])
            // The picture of the 0.
            #expect(row(rows, "▄▀▀▀▀▄") != nil)
        }

        @Test func mlpAt120x40AddsEveryDigitAndTheConfusionMatrix() {
            let s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            let rows = pane(s)
            // Two progress lines: the phase, epoch, bar, percent and time left; then the rate, time, rate and speed.
            #expect(rows[2].holds(inOrder: ["▶ running", "epoch 3/5", "60%", "ETA 20s"]) && !rows[2].contains("samples/s"))
            #expect(barShows(rows[2], 0.6), "\(rows[2])")
            #expect(rows[3].holds(inOrder: ["9.6k samples/s", "elapsed 30s", "lr 0.001", "500 steps/s"]))
            #expect(digitMarks(s) == ["0✓", "1✓", "7✗", "3✓", "4✓", "5✓"])
            #expect(row(rows, "confusion (row = true, column = predicted)") != nil)
            // The header 0…9, and every count of the fixture's matrix in its column (the 2s taken for 7s, the 4s for 9s).
            let matrix = confusionMatrix(rows, caption: "confusion (row = true")
            #expect(matrix?.header == (0...9).map(String.init))
            #expect(matrix?.counts == LabFixtures.confusion)
        }

        @Test func eachLayersGradientNormAndTheTestConditionsShow() {
            var snap = LabFixtures.mlpRunning()
            snap.detail = {
                var d = snap.mlp!
                d.gradientNorms = [0.12, 0.3, 0.0451]
                d.gradientNormsMax = [1.5, 0.9, 0.2]
                d.testConditions = TestConditions(shift: 1, attack: .fgsm, epsilon: 0.125)
                return d
            }()
            for lang in ["en", "zh"] {
                let rows = pane(running(snap, lang: lang, width: 120, height: 40))
                let norms = row(rows, "‖∇W‖ 0.12 0.3 0.045 · ")
                #expect(norms?.contains(lang == "zh" ? "本轮最大 1.5 0.9 0.2" : "epoch max 1.5 0.9 0.2") == true, "\(norms ?? "no gradient row")")
                #expect(row(rows, lang == "zh" ? "测试准确率 (右移 1 像素, fgsm ε 0.125)" : "test acc (shift 1 px, fgsm ε 0.125)") != nil)
            }
            // A plain test set is not labelled, and no gradients yet means no row.
            let plain = pane(running(LabFixtures.mlpRunning(), width: 120, height: 40))
            #expect(row(plain, "test acc (") == nil && row(plain, "‖∇W‖") == nil)
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
            #expect(inside(rows[2]).hasPrefix("diverged ") && rows[2].holds(inOrder: ["diverged", "epoch 3/5"]))
            #expect(row(rows, "┊✗") != nil)
            // The advice, then why, wrapped over the pane's last rows.
            #expect(footNote(rows) == "✗ The learning rate is too large and the weights blew up. Press - to halve it, then r. "
                    + "the loss became NaN at step 12")
        }

        @Test func largeDigitsAreShrunkToTheStrip() {
            let s = running(LabFixtures.mlpLargeDigits, width: 120, height: 40)
            let rows = pane(s)
            let guesses = row(rows, "0✓")
            #expect(guesses?.contains("7✗") == true, "\(guesses ?? "no guesses")")
            // Shrunk to 14 columns, three fit, each mark under its picture.
            #expect(digitMarks(s) == ["0✓", "1✓", "7✗"])
            #expect(row(rows, "confusion (row = true, column = predicted)") != nil)
        }
    }
}
