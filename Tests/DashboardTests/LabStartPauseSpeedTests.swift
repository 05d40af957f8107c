import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Starting a run with s, pausing and stepping it with space and dot, and its speed with { and }.

extension LabReducerTests {
    @Suite struct LabStartPauseSpeedTests: LabReducerTesting {
        // MARK: - Starting

        @Test(arguments: [(Lab.mlp, Double?(500)), (.gd, 20), (.word2vec, 100)])
        func sStartsAtTheLabsDefaultSpeed(lab: Lab, speed: Double?) {
            var s = labState()
            _ = s.press(.char(AppState.showKey(lab)))
            let effects = s.press(.char("s"))
            #expect(effects == [.run(lab, .start(LabSettings(lab: lab), paused: false, speed: speed))])
            #expect(s.labs[lab].active)
            #expect(s.labs[lab].runNumber == 1)
            #expect(s.labs[lab].runSettings == LabSettings(lab: lab))
        }

        @Test func sWhileRunningStopsTheOldRunFirst() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            let effects = s.press(.char("s"))
            #expect(effects == [.run(.mlp, .stop), .run(.mlp, .start(LabSettings(lab: .mlp), paused: false, speed: 500))])
            #expect(s.labs[.mlp].runNumber == 2)
        }

        @Test func labKeysWithNoLabShownBelongToTheReader() {
            var s = labState()
            #expect(s.press(.char("s"), .char("."), .char("x"), .char("e"), .char("+")).isEmpty)
            #expect(LabRegistry.labs.allSatisfy { !s.labs[$0].active })
            #expect(s.editor == nil)
        }

        // MARK: - Space and step

        @Test func spaceStartsAnIdleLab() {
            var s = labState()
            _ = s.press(.char("2"))
            #expect(s.press(.char(" ")) == [.run(.gd, .start(LabSettings(lab: .gd), paused: false, speed: 20))])
            #expect(s.scroll == 0)
        }

        @Test func spacePausesAndResumesARun() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            #expect(s.press(.char(" ")) == [.run(.mlp, .pause)])
            #expect(s.labs[.mlp].paused)
            #expect(s.message == english.paused)
            #expect(s.press(.char(" ")) == [.run(.mlp, .resume)])
            #expect(!s.labs[.mlp].paused)
            #expect(s.message == english.resumed)
        }

        @Test func spaceAfterAFinishedRunStartsANewOne() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            s.deliver(snapshot(.mlp, steps: 5, phase: .finished))
            #expect(started(s.press(.char(" "))) == LabSettings(lab: .mlp))
            #expect(s.labs[.mlp].runNumber == 2)
        }

        @Test func spaceWithNoLabShownPagesTheLesson() {
            var s = labState()
            #expect(s.press(.char(" ")).isEmpty)
            #expect(s.scroll == s.pageHeight - 1)
        }

        @Test func dotOnAnIdleLabStartsPausedAndSteps() {
            var s = labState()
            _ = s.press(.char("2"))
            let effects = s.press(.char("."))
            #expect(effects == [.run(.gd, .start(LabSettings(lab: .gd), paused: true, speed: 20)), .run(.gd, .step)])
            #expect(s.labs[.gd].paused)
        }

        @Test func dotOnARunningLabPausesFirstThenSteps() {
            var s = labState()
            _ = s.press(.char("2"), .char("s"))
            #expect(s.press(.char(".")) == [.run(.gd, .pause)])
            #expect(s.labs[.gd].paused)
            #expect(s.press(.char(".")) == [.run(.gd, .step)])
            #expect(s.press(.char(".")) == [.run(.gd, .step)])
            #expect(s.labs[.gd].paused)
        }

        // MARK: - Speed

        @Test func braceSpeedLadderClampsAtBothEnds() {
            var s = labState()
            _ = s.press(.char("2"))
            #expect(s.press(.char("{")) == [.run(.gd, .speed(5))])
            #expect(s.press(.char("{")) == [.run(.gd, .speed(1))])
            #expect(s.press(.char("{")) == [.run(.gd, .speed(1))])
            #expect(s.labs[.gd].speedIndex == LabRun.speeds.count - 1)
            for _ in 0..<10 { _ = s.press(.char("}")) }
            #expect(s.labs[.gd].speedIndex == 0)
            #expect(s.press(.char("}")) == [.run(.gd, .speed(nil))])
            #expect(s.message == "Speed: full")
        }

        @Test func aNewRunKeepsTheChosenSpeed() {
            var s = labState()
            _ = s.press(.char("1"), .char("{"), .char("{"))
            #expect(s.press(.char("s")) == [.run(.mlp, .start(LabSettings(lab: .mlp), paused: false, speed: 20))])
        }
    }
}
