import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// The Word2Vec lab on screen: the watched words' neighbours and the analogy answers.

extension LabScreenTests {
    @Suite struct Word2VecScreenTests: LabScreenTesting {
        @Test func word2vecAt120x40ShowsTheWatchList() {
            let rows = pane(running(LabFixtures.word2vecRunning, width: 120, height: 40))
            #expect(fieldsShown(rows[1], LabSettings(lab: .word2vec)) == ["alpha", "epochs", "dim", "window", "negative"])
            // Progress in epochs, 40 of 120 steps done (33%); then the rate, time, α and speed.
            #expect(rows[2].holds(inOrder: ["▶ running", "epoch 1/3", "33%", "ETA 20s"]) && !rows[2].contains("words/s"))
            #expect(barShows(rows[2], 40.0 / 120), "\(rows[2])")
            #expect(rows[3].holds(inOrder: ["52k words/s", "elapsed 10s", "α 0.025", "100 steps/s"]))
            #expect(row(rows, "━ #1 α 0.025") != nil)
            #expect(row(rows, "│ austen · vocab 7 · 123k words · w a") != nil)
            // Each watched word's neighbours with their similarity, all starting in one column after the words.
            let king = watchRow("king", in: rows), apple = watchRow("apple", in: rows), missing = watchRow("zyzzyva", in: rows)
            #expect(king?.shows == "prince .82 queen .41")
            #expect(apple?.shows == "pear .67")
            #expect(missing?.shows == "(not in the vocabulary)")
            #expect(king != nil && king?.column == apple?.column && apple?.column == missing?.column)
        }

        @Test func word2vecAt80x24ShowsTheWatchListBesideTheChart() {
            let s = running(LabFixtures.word2vecRunning, width: 80, height: 24)
            let rows = pane(s)
            #expect(rows[2].holds(inOrder: ["▶ running", "epoch 1/3", "33%", "ETA 20s", "52k words/s"]))
            #expect(barShows(rows[2], 40.0 / 120), "\(rows[2])")
            #expect(row(rows, "━ #1 α 0.025") != nil)
            // The watch list starts right of the chart's end, on the chart's rows.
            let chart = lossChart(s), king = find("king", in: s.screenBuffer())
            #expect(chart != nil && king != nil)
            if let chart, let king { #expect(king.x >= chart.right && chart.rows.contains(king.y), "\(king), chart ends at \(chart.right)") }
            #expect(watchRow("king", in: rows)?.shows == "prince .82 queen .41")
            #expect(row(rows, "zyzzyva (not in the vocabular") != nil)
        }

        @Test func analogyAnswerShowsUnderTheWatchList() {
            var s = running(LabFixtures.word2vecRunning, width: 120, height: 40)
            _ = s.press(.char("a"))
            _ = s.typeText("man king woman")
            _ = s.press(.enter)
            let rows = pane(s)
            let line = row(rows, "man : king :: woman : ?")
            #expect(line?.contains("man : king :: woman : ? queen .96") == true, "\(line ?? "no analogy row")")
            let asked = rows.firstIndex { $0.contains("man : king :: woman : ?") }
            let lastWatched = rows.firstIndex { $0.contains("zyzzyva") }
            #expect(asked != nil && lastWatched != nil && asked! > lastWatched!, "the answer is under the watch list")
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
    }
}
