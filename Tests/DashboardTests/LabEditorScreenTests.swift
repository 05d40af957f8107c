import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// The settings editor, the restart question and the watch prompt on screen.

extension LabScreenTests {
    @Suite struct LabEditorScreenTests: LabScreenTesting {
        @Test func editorShowsTheTypedTextAndTheError() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("1"), .char("e"))
            _ = s.typeText("abc")
            _ = s.press(.tab)
            let rows = pane(s)
            // The refused text stays in its field, with the cursor; the other fields keep their values.
            #expect(fieldsShown(rows[1], LabSettings(lab: .mlp), showing: ["lr": "abc▏"])
                    == ["lr", "epochs", "batch-size", "hidden"])
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

        @Test func watchPromptShowsInTheStatusBar() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("3"), .char("w"), .backspace, .backspace)
            let words = LabSettings(lab: .word2vec).watchWords.joined(separator: " ")
            #expect(s.screenText()[39] == " Watch words (space-separated): \(words.dropLast(2))▏")
        }
    }
}
