import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct LabReducerTests: LabReducerTesting {

    // MARK: - Showing and hiding

    @Test(arguments: [(Character("1"), Lab.mlp), ("2", .gd), ("3", .word2vec)])
    func numberKeyShowsItsLab(key: Character, lab: Lab) {
        var s = labState()
        #expect(s.press(.char(key)).isEmpty)
        #expect(s.labs.shown == lab)
        #expect(s.message == english.labName(lab))
    }

    @Test func zeroHidesTheLabAndLeavesZoom() {
        var s = labState()
        _ = s.press(.char("1"), .char("z"))
        #expect(s.labs.zoomed)
        _ = s.press(.char("0"))
        #expect(s.labs.shown == nil)
        #expect(!s.labs.zoomed)
        #expect(s.layout.lab.isEmpty)
    }

    @Test func showingALabNarrowsTheLessonText() {
        var s = labState(width: 120, height: 40)
        let alone = s.layout.lessonText.width
        _ = s.press(.char("2"))
        #expect(s.layout.lessonText.width < alone)
        // The lesson is laid out again for the narrower pane.
        #expect(s.document.lines.allSatisfy { DisplayWidth.of($0.line.plainText) <= s.layout.lessonText.width })
        _ = s.press(.char("0"))
        #expect(s.layout.lessonText.width == alone)
    }

    @Test func at80x24TheLabSitsBelowTheLesson() {
        var s = labState(width: 80, height: 24)
        _ = s.press(.char("1"))
        let l = s.layout
        #expect(l.lab == Rect(x: 0, y: 11, width: 80, height: 12))
        #expect(l.lesson.maxY == l.lab.y)
        #expect(l.lesson.height == 10)
        #expect(l.statusBar.y == 23)
    }

    @Test func at120x40TheLabSitsBesideTheLesson() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("1"))
        let l = s.layout
        #expect(l.lab == Rect(x: 60, y: 1, width: 60, height: 38))
        #expect(l.lesson == Rect(x: 0, y: 1, width: 60, height: 38))
        #expect(l.list.isEmpty)
    }

    @Test func zoomGivesTheLabTheWholeBodyAndBack() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("1"))
        let beside = s.layout
        _ = s.press(.char("z"))
        #expect(s.layout.lab == Rect(x: 0, y: 1, width: 120, height: 38))
        #expect(s.layout.lesson.isEmpty)
        _ = s.press(.char("z"))
        #expect(s.layout == beside)
    }

    @Test func zoomInAndOutKeepsTheReadingPosition() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("1"))
        for _ in 0..<12 { _ = s.press(.char("j")) }
        let block = s.document.lines[s.scroll].anchor.block
        #expect(s.scroll == 12)
        _ = s.press(.char("z"), .char("z"))
        #expect(s.document.lines[s.scroll].anchor.block == block)
    }

    @Test func zoomWithNoLabShownDoesNothing() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("z"))
        #expect(!s.labs.zoomed)
        #expect(s.layout.lab.isEmpty)
    }

    @Test func lessonFrontMatterOpensItsLab() {
        #expect(labState("digits").labs.shown == .mlp)
        #expect(labState("words").labs.shown == .word2vec)
        var s = labState("reading")
        #expect(s.labs.shown == nil)
        _ = s.press(.char("]"))
        #expect(s.currentLesson?.meta.id == "descent")
        #expect(s.labs.shown == .gd)
    }

    // MARK: - Starting

    @Test(arguments: [(Lab.mlp, Double?(500)), (.gd, 20), (.word2vec, nil)])
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

    // MARK: - Restart, reseed, stop

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

    // MARK: - Learning rate

    @Test func plusAndMinusDoubleAndHalveWhileIdle() {
        var s = labState()
        _ = s.press(.char("1"))
        #expect(s.press(.char("+")) == [.saveProgress])
        #expect(s.labs[.mlp].settings["lr"] == "0.002")
        #expect(s.message == "lr = 0.002")
        _ = s.press(.char("-"), .char("-"))
        #expect(s.labs[.mlp].settings["lr"] == "0.0005")
    }

    @Test func plusSendsTheRateToARunningJob() {
        var s = labState()
        _ = s.press(.char("2"), .char("s"))
        #expect(s.press(.char("+")) == [.run(.gd, .setLive(key: "alpha", value: "0.02")), .saveProgress])
        #expect(s.press(.char("_")) == [.run(.gd, .setLive(key: "alpha", value: "0.01")), .saveProgress])
        #expect(s.labs[.gd].runSettings?["alpha"] == "0.01")
    }

    @Test func plusRefusesARateAbove100AndKeepsTheOld() {
        var s = labState()
        _ = s.press(.char("1"))
        s.labs[.mlp].settings.set("lr", "64")
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

    // MARK: - Snapshots

    @Test func olderOrEqualSnapshotVersionsAreIgnored() {
        var s = labState()
        _ = s.press(.char("1"), .char("s"))
        let newer = snapshot(.mlp, steps: 9)
        _ = s.reduce(.snapshotArrived(.mlp, version: 5, newer))
        _ = s.reduce(.snapshotArrived(.mlp, version: 5, snapshot(.mlp, steps: 2)))
        _ = s.reduce(.snapshotArrived(.mlp, version: 4, snapshot(.mlp, steps: 1)))
        #expect(s.labs[.mlp].version == 5)
        #expect(s.labs[.mlp].snapshot?.curve == newer.curve)
    }

    @Test func snapshotForALabNeverStartedIsIgnored() {
        var s = labState()
        _ = s.reduce(.snapshotArrived(.gd, version: 0, LabFixtures.gdConverging))
        #expect(s.labs[.gd].snapshot == nil)
        #expect(s.labs[.gd].version == -1)
    }

    @Test func finishedRunClearsPaused() {
        var s = labState()
        _ = s.press(.char("1"), .char("s"), .char(" "))
        #expect(s.labs[.mlp].paused)
        s.deliver(snapshot(.mlp, steps: 4, phase: .finished))
        #expect(!s.labs[.mlp].paused)
        #expect(!s.labs[.mlp].isRunning)
    }

    @Test func runEndingInAHiddenLabSaysSo() {
        var s = labState()
        _ = s.press(.char("1"), .char("s"), .char("2"))
        s.deliver(snapshot(.mlp, steps: 4, phase: .finished))
        #expect(s.message == "MLP digits: finished")
    }

    // MARK: - Who gets the key

    @Test func searchAndHelpComeBeforeLabKeys() {
        var s = labState()
        _ = s.press(.char("1"), .char("/"), .char("s"))
        #expect(s.searchTyped == "s")
        _ = s.press(.escape, .char("?"), .char("s"))
        #expect(s.showHelp)
        #expect(!s.labs[.mlp].active)
    }

    @Test func editorComesBeforeQuitAndHelp() {
        var s = labState()
        _ = s.press(.char("1"), .char("e"))
        #expect(s.press(.char("q"), .char("?")).isEmpty)
        #expect(!s.showHelp)
        #expect(s.editor?.text == "q?")
    }

    @Test func pendingRestartTakesEnterBeforeATryBlock() {
        var s = labState("descent")
        _ = s.press(.char("s"), .char("e"), .tab)
        _ = s.typeText("10")
        _ = s.press(.enter)
        #expect(s.visibleTryBlock != nil)
        let effects = s.press(.enter)
        // Enter answers yes: the edited run starts, not the try block's.
        #expect(started(effects)?["iterations"] == "10")
        #expect(started(effects)?["alpha"] == "0.01")
    }

    // MARK: - Try blocks

    @Test func enterOnAVisibleTryBlockLoadsShowsAndStarts() {
        var s = labState("reading")
        _ = s.press(.char("G"))
        #expect(s.visibleTryBlock?.lab == .gd)
        var expected = LabSettings(lab: .gd)
        expected.set("alpha", "0.2")
        #expect(s.press(.enter) == [.run(.gd, .start(expected, paused: false, speed: 20)), .saveProgress])
        #expect(s.labs.shown == .gd)
        #expect(s.labs[.gd].settings == expected)
    }

    @Test func tryBlockInALabLessonRestartsARunningLab() {
        var s = labState("descent")
        _ = s.press(.char("s"))
        let effects = s.press(.enter)
        #expect(effects.first == .run(.gd, .stop))
        #expect(started(effects)?["alpha"] == "0.2")
        #expect(started(effects)?["iterations"] == "50")
    }

    @Test func invalidTryBlockChangesNothing() {
        var s = labState("badtry")
        #expect(s.visibleTryBlock != nil)
        #expect(s.press(.enter).isEmpty)
        #expect(s.message == "alpha: at most 100")
        // All or nothing: the valid iterations before the bad alpha were not kept either.
        #expect(s.labs[.gd].settings == LabSettings(lab: .gd))
        #expect(!s.labs[.gd].active)
    }

    @Test func enterWithNoTryBlockVisibleScrolls() {
        var s = labState("reading")
        #expect(s.visibleTryBlock == nil)
        #expect(s.press(.enter).isEmpty)
        #expect(s.scroll == 1)
        #expect(!s.labs[.gd].active)
    }
}
