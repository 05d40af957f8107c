import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// What holds for every lab, snapshot and size: a snapshot redraws only its pane, every row is the screen's width, nothing crashes.

extension LabScreenTests {
    @Suite struct LabScreenInvariantTests: LabScreenTesting {
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
}
