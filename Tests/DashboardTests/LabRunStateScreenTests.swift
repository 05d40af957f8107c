import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// A run's states on screen (failed, paused, loading, earlier runs), the chart's options, zoom, and the ETA.

extension LabScreenTests {
    @Suite struct LabRunStateScreenTests: LabScreenTesting {
        @Test(arguments: LabRegistry.labs)
        func failedRunSaysWhy(lab: Lab) {
            let rows = pane(running(LabFixtures.failed(lab), width: 120, height: 40))
            #expect(rows[2].hasPrefix("│ failed"))
            #expect(row(rows, "│ ✗ cannot read assets/\(lab.rawValue): no such file") != nil)
        }

        @Test func pausedRunSaysPaused() {
            var s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            _ = s.press(.char(" "))
            #expect(pane(s)[2].hasPrefix("│ ⏸ paused  epoch 3/5"))
            #expect(s.screenText()[39].hasPrefix(" Paused (space resumes, . steps)"))
        }

        @Test func startedRunBeforeItsFirstSnapshotSaysLoading() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("1"), .char("s"))
            #expect(pane(s)[2].hasPrefix("│ loading …"))
        }

        @Test func pastRunsStayOnTheChartWithTheirLabels() {
            var s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            _ = s.press(.char("+"), .char("r"))
            s.deliver(LabFixtures.mlpRunning(steps: 20))
            let rows = pane(s)
            #expect(rows[0].holds(inOrder: ["┌", "MLP digits", "#2", "─"]))
            #expect(row(rows, "━ #1 lr 0.002") != nil)
            #expect(row(rows, "━ #2 lr 0.002") != nil)
            // The earlier run's legend comes first, above this run's.
            let earlier = rows.firstIndex { $0.contains("━ #1 lr 0.002") }, now = rows.firstIndex { $0.contains("━ #2 lr 0.002") }
            #expect(earlier != nil && now != nil && earlier! < now!)
        }

        @Test func logScaleAndSmoothingShowInTheChartTitle() {
            var s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            _ = s.press(.char("y"), .char(">"))
            #expect(row(pane(s), "loss (log) · smoothed 0.95") != nil)
            for _ in 0..<6 { _ = s.press(.char("<")) }
            let title = pane(s)[4].split(separator: " ").filter { $0 != "│" }.joined(separator: " ")
            #expect(title == "loss (log)")
        }

        @Test func asciiModeDrawsWithoutBrailleOrBlocks() {
            var s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            _ = s.press(.char("c"), .char("c"))
            let rows = pane(s)
            #expect(rows[2].contains("60%"))
            #expect(rows[2].contains("[############"))
            let chart = rows[4..<18].joined()
            #expect(!chart.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) || $0 == "█" })
        }

        @Test func zoomedLabTakesTheWholeBody() {
            var s = running(LabFixtures.gdConverging, width: 120, height: 40)
            _ = s.press(.char("z"))
            let screen = s.screenText()
            #expect(screen[1].holds(inOrder: ["┌", "Gradient descent", "#1", "─"]))
            #expect(screen[1].hasSuffix("┐"))
            #expect(!screen.contains { $0.contains("Paragraph 1:") })
            // Wide enough to put the θ path beside the chart, with the stability line and the table under it, still
            // beside the chart.
            #expect(screen.contains { $0.contains("━ #1 α 0.01") && $0.contains("│▓") })
            let chart = lossChart(s), stable = find("α 0.25 · stable for α < 0.500", in: s.screenBuffer())
            #expect(chart != nil && stable != nil)
            if let chart, let stable {
                #expect(stable.x >= chart.right && chart.rows.contains(stable.y + 4), "\(stable), chart ends at \(chart.right)")
            }
            #expect(gdTable(pane(s))?.last == ["7", "1.9844", "0.9922", "3.7e-4"])
        }

        @Test func progressLineKeepsTheWholeEta() {
            // ETA past a minute ("7:00") or Chinese words ("剩余") are wider than the bar leaves room for.
            var slow = LabFixtures.mlpRunning(steps: 20)
            slow.progress.elapsed = 30
            let en = pane(running(slow, width: 120, height: 40))[2]
            let zh = pane(running(LabFixtures.mlpRunning(), lang: "zh", width: 120, height: 40))[2]
            #expect(en.contains("ETA 3:15"), "\(en)")
            #expect(zh.contains("剩余 20s"), "\(zh)")
        }
    }
}
