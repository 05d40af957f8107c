import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// The learning-rate keys (+ and -) and the chart's options: smoothing, log scale, drawing.

extension LabReducerTests {
    @Suite struct LabRateAndChartTests: LabReducerTesting {
        // MARK: - Learning rate

        @Test func plusAndMinusDoubleAndHalveWhileIdle() {
            var s = labState()
            _ = s.press(.char("1"))
            #expect(s.press(.char("+")).isEmpty)
            #expect(s.labs[.mlp].settings["lr"] == "0.002")
            #expect(s.message == "lr = 0.002")
            _ = s.press(.char("-"), .char("-"))
            #expect(s.labs[.mlp].settings["lr"] == "0.0005")
        }

        @Test func plusSendsTheRateToARunningJob() {
            var s = labState()
            _ = s.press(.char("2"), .char("s"))
            #expect(s.press(.char("+")) == [.run(.gd, .setLive(key: "alpha", value: "0.02"))])
            #expect(s.press(.char("_")) == [.run(.gd, .setLive(key: "alpha", value: "0.01"))])
            #expect(s.labs[.gd].runSettings?["alpha"] == "0.01")
        }

        @Test func plusRefusesARateAbove100AndKeepsTheOld() {
            var s = labState()
            _ = s.press(.char("1"))
            #expect(s.labs[.mlp].settings.set("lr", "64") == nil)
            _ = s.press(.char("s"))
            #expect(s.press(.char("+")).isEmpty)
            #expect(s.labs[.mlp].settings["lr"] == "64")
            #expect(s.message == "lr: at most 100")
        }

        // MARK: - Chart options

        @Test func smoothingClampsAtBothEnds() {
            var s = labState()
            _ = s.press(.char("1"))
            #expect(s.labs.smoothing == 0.9)
            for _ in 0..<5 { _ = s.press(.char("<")) }
            #expect(s.labs.smoothingIndex == 0)
            #expect(s.labs.smoothing == 0)
            for _ in 0..<10 { _ = s.press(.char(">")) }
            #expect(s.labs.smoothingIndex == LabsState.smoothings.count - 1)
            #expect(s.message == "Smoothing 0.99")
            _ = s.press(.char(","))
            #expect(s.labs.smoothing == 0.98)
        }

        @Test func yTogglesTheLogScale() {
            var s = labState()
            _ = s.press(.char("1"), .char("y"))
            #expect(s.labs.logY)
            #expect(s.message == english.logScale)
            _ = s.press(.char("y"))
            #expect(!s.labs.logY)
            #expect(s.message == english.linearScale)
        }

        @Test func cCyclesTheChartDrawing() {
            var s = labState()
            _ = s.press(.char("1"))
            var modes: [LineChart.Mode] = []
            for _ in 0..<3 {
                _ = s.press(.char("c"))
                modes.append(s.labs.chartMode)
            }
            #expect(modes == [.blocks, .ascii, .braille])
        }
    }
}
