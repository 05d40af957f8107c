import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Restarting (r), reseeding (R) and stopping (x) a run, and the earlier runs kept for the chart.

extension LabReducerTests {
    @Suite struct LabRestartTests: LabReducerTesting {
        @Test func rRestartsWithTheSameSeed() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            let effects = s.press(.char("r"))
            #expect(effects == [.run(.mlp, .stop), .run(.mlp, .start(LabSettings(lab: .mlp), paused: false, speed: 500))])
            #expect(s.labs[.mlp].settings["seed"] == "1")
        }

        @Test func capitalRBumpsTheSeed() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            let effects = s.press(.char("R"))
            #expect(started(effects)?["seed"] == "2")
            #expect(s.labs[.mlp].settings["seed"] == "2")
            _ = s.press(.char("R"))
            #expect(s.labs[.mlp].settings["seed"] == "3")
        }

        /// R at the largest seed used to keep it silently (the refused value was thrown away): it wraps to 0 now,
        /// says so, starts with it, and asks for the change to be saved.
        @Test func capitalRAtTheLargestSeedWrapsToZero() {
            var s = labState()
            _ = s.press(.char("1"))
            #expect(s.labs[.mlp].settings.set("seed", "2147483647") == nil)
            let effects = s.press(.char("R"))
            #expect(started(effects)?["seed"] == "0")
            #expect(s.labs[.mlp].settings["seed"] == "0")
            #expect(s.message == "seed 0")
            #expect(effects.last == .saveProgress)
        }

        /// Gradient descent has no seed: R resets it like r (it used to do nothing at all after the redesign).
        @Test func capitalRInALabWithoutASeedResets() {
            var s = labState()
            _ = s.press(.char("2"), .char("s"))
            let effects = s.press(.char("R"))
            #expect(effects == [.run(.gd, .stop), .run(.gd, .start(LabSettings(lab: .gd), paused: false, speed: 20))])
            #expect(s.labs[.gd].runNumber == 2)
        }

        @Test func restartOfAPausedRunStaysPaused() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"), .char(" "))
            #expect(s.press(.char("r")) == [.run(.mlp, .stop), .run(.mlp, .start(LabSettings(lab: .mlp), paused: true, speed: 500))])
            #expect(s.labs[.mlp].paused)
        }

        @Test func restartMovesTheCurveIntoHistory() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            let first = snapshot(.mlp, steps: 7)
            s.deliver(first)
            _ = s.press(.char("r"))
            let view = s.labs[.mlp]
            #expect(view.history == [PastRun(label: "#1 lr 0.001", curve: first.curve, divergedAt: nil)])
            #expect(view.snapshot == nil)
            #expect(view.version == -1)
        }

        @Test func restartWithoutStepsAddsNoHistory() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            s.deliver(snapshot(.mlp, steps: 0, phase: .loading("digits")))
            _ = s.press(.char("r"), .char("R"))
            #expect(s.labs[.mlp].history.isEmpty)
        }

        @Test func historyKeepsOnlyTheLastTwoRuns() {
            var s = labState()
            _ = s.press(.char("2"), .char("s"))
            for run in 1...4 {
                s.deliver(snapshot(.gd, steps: run * 10))
                _ = s.press(.char("+"), .char("r"))
                #expect(s.labs[.gd].history.count == min(run, LabRun.keptRuns), "after run \(run)")
            }
            let history = s.labs[.gd].history
            #expect(history.count == LabRun.keptRuns)
            #expect(history.map(\.curve.steps) == [30, 40])
            // Each label names its run and the rate it ran with (the last +, applied live, is recorded on it).
            #expect(history.map(\.label) == ["#3 α 0.08", "#4 α 0.16"])
        }

        @Test func divergedRunKeepsItsMarkerInHistory() {
            var s = labState()
            _ = s.press(.char("2"), .char("s"))
            s.deliver(LabFixtures.gdDiverged)
            _ = s.press(.char("r"))
            #expect(s.labs[.gd].history.first?.divergedAt == 6)
        }

        @Test func xStopsOnlyARunningLab() {
            var s = labState()
            _ = s.press(.char("3"))
            #expect(s.press(.char("x")).isEmpty)
            #expect(s.message == english.nothingRunning)
            _ = s.press(.char("s"))
            #expect(s.press(.char("x")) == [.run(.word2vec, .stop)])
            s.deliver(snapshot(.word2vec, steps: 3, phase: .stopped))
            #expect(s.press(.char("x")).isEmpty)
            #expect(s.message == english.nothingRunning)
        }
    }
}
