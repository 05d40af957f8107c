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
    }
}
