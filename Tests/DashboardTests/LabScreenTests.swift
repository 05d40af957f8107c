import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct LabScreenTests {
    // MARK: - Helpers

    /// The text of `rect` in `buffer`, row by row (wide characters once, trailing spaces kept).
    func text(_ buffer: ScreenBuffer, _ rect: Rect) -> [String] {
        (rect.y..<rect.maxY).map { y in
            var row = ""
            for x in rect.x..<rect.maxX where !buffer[x, y].isContinuation { row += buffer[x, y].symbol }
            return row
        }
    }

    /// The lab pane's rows on the screen of `s`.
    func pane(_ s: AppState) -> [String] { text(s.screenBuffer(), s.layout.lab) }

    /// The first pane row containing `needle`, or nil.
    func row(_ rows: [String], _ needle: String) -> String? { rows.first { $0.contains(needle) } }

    /// Where `needle` starts on screen (one character per cell).
    func find(_ needle: String, in b: ScreenBuffer) -> (x: Int, y: Int)? {
        let want = needle.map(String.init)
        for y in 0..<b.height {
            let xs = (0..<b.width).filter { !b[$0, y].isContinuation }
            guard xs.count >= want.count else { continue }
            for i in 0...(xs.count - want.count) where (0..<want.count).allSatisfy({ b[xs[i + $0], y].symbol == want[$0] }) {
                return (xs[i], y)
            }
        }
        return nil
    }

    func running(_ snapshot: LabSnapshot, lang: String = "en", width: Int, height: Int) -> AppState {
        var s = labState(lang: lang, width: width, height: height)
        s.showRunning(snapshot.lab, snapshot)
        return s
    }

    // MARK: - MLP

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

    // MARK: - Gradient descent

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

    // MARK: - Word2Vec

    @Test func word2vecAt120x40ShowsTheWatchList() {
        let rows = pane(running(LabFixtures.word2vecRunning, width: 120, height: 40))
        #expect(rows[1].hasPrefix("│ alpha 0.025  epochs 3  dim 50  window 5  negative 5  mi…"))
        #expect(rows[2].hasPrefix("│ ▶ running  epoch 1/3 ▕███████              ▏ 33% ETA 20s │"))
        #expect(rows[3].hasPrefix("│ 52k words/s · elapsed 10s · α 0.025 · full"))
        #expect(row(rows, "━ #1 α 0.025") != nil)
        #expect(row(rows, "│ austen · vocab 7 · 123k words · w a") != nil)
        #expect(row(rows, "│ king    prince .82 queen .41   ") != nil)
        #expect(row(rows, "│ apple   pear .67   ") != nil)
        #expect(row(rows, "│ zyzzyva (not in the vocabulary)   ") != nil)
    }

    @Test func word2vecAt80x24ShowsTheWatchListBesideTheChart() {
        let rows = pane(running(LabFixtures.word2vecRunning, width: 80, height: 24))
        #expect(rows[2].hasPrefix("│ ▶ running  epoch 1/3 ▕████▋         ▏ 33% ETA 20s  52k words/s"))
        #expect(row(rows, "━ #1 α 0.025  king    prince .82 queen .41") != nil)
        #expect(row(rows, "zyzzyva (not in the vocabular") != nil)
    }

    @Test func analogyAnswerShowsUnderTheWatchList() {
        var s = running(LabFixtures.word2vecRunning, width: 120, height: 40)
        _ = s.press(.char("a"))
        _ = s.typeText("man king woman")
        _ = s.press(.enter)
        let line = row(pane(s), "man : king :: woman : ?")
        #expect(line?.contains("man : king :: woman : ? queen .96") == true, "\(line ?? "no analogy row")")
    }

    @Test func analogyProblemShowsInPlaceOfAnswers() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("3"), .char("a"))
        _ = s.typeText("man king woman")
        _ = s.press(.enter)
        #expect(row(pane(s), "│ man : king :: woman : ? no vectors yet") != nil)
    }

    @Test func idleWord2VecListsTheWatchWordsWaiting() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("3"))
        let rows = pane(s)
        #expect(rows[2].hasPrefix("│ idle — press s to start"))
        let words = LabSettings(lab: .word2vec).watchWords
        let width = words.map(\.count).max()! + 1
        for word in words {
            #expect(row(rows, "│ " + word + String(repeating: " ", count: width - word.count) + "…") != nil, "\(word)")
        }
    }

    @Test func largeDigitsAreShrunkToTheStrip() {
        let rows = pane(running(LabFixtures.mlpLargeDigits, width: 120, height: 40))
        let guesses = row(rows, "0✓")
        #expect(guesses?.contains("7✗") == true, "\(guesses ?? "no guesses")")
        #expect(row(rows, "confusion (row = true, column = predicted)") != nil)
    }

    @Test(arguments: LabRegistry.labs)
    func failedRunSaysWhy(lab: Lab) {
        let rows = pane(running(LabFixtures.failed(lab), width: 120, height: 40))
        #expect(rows[2].hasPrefix("│ failed"))
        #expect(row(rows, "│ ✗ cannot read assets/\(lab.rawValue): no such file") != nil)
    }

    // MARK: - Editor, questions, states

    @Test func editorShowsTheTypedTextAndTheError() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("1"), .char("e"))
        _ = s.typeText("abc")
        _ = s.press(.tab)
        let rows = pane(s)
        #expect(rows[1].contains("r abc▏  epochs 10  batch-size 32"))
        #expect(rows[2].hasPrefix("│ ⚠ lr: wants a number, got “abc” — kept 0.001"))
        #expect(s.screenText()[39].hasPrefix(" Tab next field  Enter apply  Esc cancel"))
    }

    @Test func editorOnTheFirstFieldShowsItsWholeName() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("1"), .char("e"))
        _ = s.typeText("0.5")
        let settings = pane(s)[1]
        #expect(settings.hasPrefix("│ lr 0.5▏  epochs 10"), "\(settings)")
    }

    @Test func editorKeepsTheFieldInViewOnANarrowPane() {
        var s = labState(width: 80, height: 24)
        _ = s.press(.char("1"))
        s.openEditor(at: "seed")
        _ = s.typeText("77")
        let settings = pane(s)[1]
        #expect(settings.hasPrefix("│ …"))
        #expect(settings.contains("seed 77▏"))
    }

    @Test func restartQuestionShows() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("1"), .char("s"))
        _ = s.edit("hidden", to: "32")
        let screen = s.screenText()
        #expect(screen[39].hasPrefix(" These changes need a new model. Restart now? y / n"))
        #expect(row(pane(s), "│ These changes need a new model. Restart now? y / n") != nil)
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

    @Test func watchPromptShowsInTheStatusBar() {
        var s = labState(width: 120, height: 40)
        _ = s.press(.char("3"), .char("w"), .backspace, .backspace)
        let words = LabSettings(lab: .word2vec).watchWords.joined(separator: " ")
        #expect(s.screenText()[39] == " Watch words (space-separated): \(words.dropLast(2))▏")
    }

    @Test func pastRunsStayOnTheChartWithTheirLabels() {
        var s = running(LabFixtures.mlpRunning(), width: 120, height: 40)
        _ = s.press(.char("+"), .char("r"))
        s.deliver(LabFixtures.mlpRunning(steps: 20))
        let rows = pane(s)
        #expect(rows[0].hasPrefix("┌  MLP digits #2  ─"))
        #expect(row(rows, "━ #1 lr 0.002") != nil)
        #expect(row(rows, "━ #2 lr 0.002") != nil)
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
        #expect(screen[1].hasPrefix("┌  Gradient descent #1  ─"))
        #expect(screen[1].hasSuffix("┐"))
        #expect(!screen.contains { $0.contains("Paragraph 1:") })
        // Wide enough to put the θ path beside the chart, with the table under it.
        #expect(screen.contains { $0.contains("━ #1 α 0.01") && $0.contains("│▓") })
        #expect(screen.contains { $0.contains("300  7     1.9844     0.9922     3.7e-4") })
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

    // MARK: - Whole-screen invariants

    @Test func aNewSnapshotChangesOnlyTheLabPane() {
        let pairs: [(LabSnapshot, LabSnapshot)] = [
            (LabFixtures.mlpRunning(steps: 40, rate: 5_000), LabFixtures.mlpRunning()),
            (LabFixtures.mlpRunning(), LabFixtures.mlpDiverged),
            (LabFixtures.gdConverging, LabFixtures.gdDiverged),
            (LabFixtures.word2vecRunning, { var w = LabFixtures.word2vecRunning; w.progress.step = 80; w.phase = .finished; return w }()),
        ]
        for (w, h) in [(80, 24), (120, 40)] {
            for (first, second) in pairs {
                var s = running(first, width: w, height: h)
                let before = s.screenBuffer()
                s.deliver(second)
                let after = s.screenBuffer()
                let lab = s.layout.lab
                var changedInside = false
                for y in 0..<h {
                    for x in 0..<w {
                        let inside = x >= lab.x && x < lab.maxX && y >= lab.y && y < lab.maxY
                        if inside { changedInside = changedInside || before[x, y] != after[x, y]; continue }
                        #expect(before[x, y] == after[x, y], "\(first.lab) \(w)×\(h) cell \(x),\(y)")
                    }
                }
                #expect(changedInside, "\(first.lab) \(w)×\(h): the pane shows the new snapshot")
            }
        }
    }

    @Test(arguments: ["en", "zh"])
    func everyRowIsExactlyTheScreenWidth(lang: String) {
        for (w, h) in [(80, 24), (120, 40)] {
            for snapshot in LabFixtures.everything {
                for zoom in [false, true] {
                    var s = running(snapshot, lang: lang, width: w, height: h)
                    if zoom { _ = s.press(.char("z")) }
                    let b = s.screenBuffer()
                    for y in 0..<h {
                        let columns = (0..<w).reduce(0) { $0 + (b[$1, y].isContinuation ? 0 : Int(b[$1, y].width)) }
                        let row = (0..<w).filter { !b[$0, y].isContinuation }.map { b[$0, y].symbol }.joined()
                        #expect(columns == w && DisplayWidth.of(row) == w, "\(lang) \(snapshot.lab) \(w)×\(h) zoom \(zoom) row \(y): \(row)")
                        // A wide character is always followed by its continuation cell.
                        for x in 0..<w where b[x, y].width == 2 {
                            #expect(x + 1 < w && b[x + 1, y].isContinuation, "\(lang) \(w)×\(h) row \(y) col \(x)")
                        }
                    }
                }
            }
        }
    }

    @Test func anySizeRendersEveryLabWithoutCrashing() {
        let sizes = [(0, 0), (0, 60), (200, 0), (1, 1), (5, 3), (20, 11), (39, 12), (40, 11), (40, 12), (41, 13),
                     (45, 60), (60, 12), (60, 17), (64, 24), (79, 13), (80, 14), (80, 24), (90, 18), (109, 12),
                     (109, 40), (110, 12), (110, 13), (111, 30), (120, 40), (149, 20), (150, 14), (150, 50),
                     (180, 24), (200, 12), (200, 60)]
        for snapshot in LabFixtures.everything + [nil] {
            for zoom in [false, true] {
                var s = labState("words", lang: "zh", width: 120, height: 40)
                s.showRunning(snapshot?.lab ?? .mlp, snapshot)
                if snapshot?.lab == .word2vec {
                    _ = s.press(.char("a"))
                    _ = s.typeText("man king woman")
                    _ = s.press(.enter)
                }
                if zoom { _ = s.press(.char("z")) }
                for (w, h) in sizes {
                    _ = s.reduce(.resized(width: w, height: h))
                    let rows = s.screenText()
                    #expect(rows.count == h)
                    #expect(rows.allSatisfy { DisplayWidth.of($0) <= w }, "\(w)×\(h)")
                }
            }
        }
    }

    @Test(arguments: ["en", "zh"])
    func editorAndQuestionsKeepRowsTheScreenWidth(lang: String) {
        for (w, h) in [(80, 24), (120, 40)] {
            var editing = labState(lang: lang, width: w, height: h)
            _ = editing.press(.char("3"), .char("e"))
            _ = editing.typeText("错误")
            _ = editing.press(.tab)
            var asking = running(LabFixtures.mlpRunning(), lang: lang, width: w, height: h)
            _ = asking.edit("hidden", to: "16")
            #expect(editing.editor?.error != nil && asking.pendingRestart != nil)
            for s in [editing, asking] {
                let b = s.screenBuffer()
                for y in 0..<h {
                    let row = (0..<w).filter { !b[$0, y].isContinuation }.map { b[$0, y].symbol }.joined()
                    #expect(DisplayWidth.of(row) == w, "\(lang) \(w)×\(h) row \(y): \(row)")
                }
            }
        }
    }

    @Test func everyLabRendersAtEverySizeWhileEditing() {
        for lab in LabRegistry.labs {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char(AppState.showKey(lab)), .char("e"))
            _ = s.typeText("not-a-value")
            _ = s.press(.tab)
            for (w, h) in [(0, 0), (10, 5), (40, 12), (41, 13), (60, 20), (109, 30), (200, 60)] {
                _ = s.reduce(.resized(width: w, height: h))
                #expect(s.screenText().count == h)
            }
        }
    }
}
