import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Answering through keys: the prompt, the verdict and explanation in the box, and live quizzes graded at once.

extension CourseTests {
    @Suite struct AnswerFlowTests {
        @Test func enterOpensThePromptTypingFillsItEnterRecords() {
            var s = courseState()
            #expect(s.press(.enter).isEmpty)
            #expect(s.prompt == Prompt(kind: .quiz(lesson: "quizzes", index: 0), text: ""))
            #expect(s.statusLine.hasPrefix("Answer (a–c): ▏"))
            #expect(s.typeText("a").isEmpty)
            #expect(s.prompt?.text == "a")
            #expect(s.statusLine.hasPrefix("Answer (a–c): a▏"))

            #expect(s.press(.enter) == [.saveProgress])
            #expect(s.prompt == nil)
            #expect(s.progress.quizAnswers == ["quizzes#0": QuizAnswer(given: "a", correct: false, attempts: 1)])
            #expect(s.message == s.courseText.wrong)
            #expect(s.statusLine.hasPrefix("✗ Not quite"))
            let wrong = s.screenJoined
            #expect(wrong.contains("│ ✗ Not quite. You answered a (attempt 1)."))
            // The explanation gives the answer away: not after a first wrong try.
            #expect(!wrong.contains("The bias is b: it shifts the weighted sum."))

            // Enter again: the same quiz, a second attempt.
            #expect(s.answerOnScreen("b") == [.saveProgress])
            #expect(s.progress.quizAnswers["quizzes#0"] == QuizAnswer(given: "b", correct: true, attempts: 2))
            #expect(s.message == s.courseText.right)
            let right = s.screenJoined
            #expect(right.contains("│ ✓ Right. You answered b (attempt 2)."))
            #expect(right.contains("│ The bias is b: it shifts the weighted sum."))
            #expect(!right.contains("You answered a"))
            #expect(s.statusLine.hasPrefix("✓ Right"))
        }

        @Test func explanationShowsAfterASecondWrongTry() {
            var s = courseState()
            _ = s.answerOnScreen("a")
            #expect(!s.screenJoined.contains("The bias is b"))
            #expect(s.answerOnScreen("c") == [.saveProgress])
            #expect(s.progress.quizAnswers["quizzes#0"] == QuizAnswer(given: "c", correct: false, attempts: 2))
            #expect(s.screenJoined.contains("│ ✗ Not quite. You answered c (attempt 2)."))
            #expect(s.screenJoined.contains("│ The bias is b: it shifts the weighted sum."))
        }

        @Test func numberQuizWithDecimalComma() {
            var s = courseState()
            s.scroll = s.firstBoxLine(3)
            #expect(s.press(.enter).isEmpty)
            #expect(s.statusLine.hasPrefix("Answer (a number): "))
            #expect(s.typeText("0,25") == [])
            #expect(s.press(.enter) == [.saveProgress])
            #expect(s.progress.quizAnswers["quizzes#1"] == QuizAnswer(given: "0,25", correct: true, attempts: 1))
            #expect(s.screenJoined.contains("✓ Right. You answered 0,25 (attempt 1)."))
            #expect(s.screenJoined.contains("A quarter is 0.25."))
            // The box grew by its verdict and explanation, and the reading position stayed on it: its top border
            // is still the first line of the pane.
            #expect(s.topAnchor.block == 3)
            #expect(s.scroll == s.firstBoxLine(3))
        }

        @Test func unmarkableInputSaysWhyAndRecordsNothing() {
            var s = courseState()
            #expect(s.answerOnScreen("z").isEmpty)
            #expect(s.message == "Type one letter, a to c")
            #expect(s.progress.quizAnswers.isEmpty)
            s.scroll = s.firstBoxLine(3)
            #expect(s.answerOnScreen("a quarter").isEmpty)
            #expect(s.message == "Type a number, e.g. 0.25")
            #expect(s.progress.quizAnswers.isEmpty)
            #expect(s.screenJoined.contains("Type a number, e.g. 0.25"))
        }

        @Test func escapeOrCtrlCClosesThePromptWithoutAnswering() {
            var s = courseState()
            _ = s.press(.enter)
            _ = s.typeText("b")
            #expect(s.press(.escape).isEmpty)
            #expect(s.prompt == nil && s.progress.quizAnswers.isEmpty)
            _ = s.press(.enter)
            #expect(s.press(.ctrl("c")).isEmpty)
            #expect(s.prompt == nil && s.progress.quizAnswers.isEmpty)
        }

        @Test func backspaceAndCtrlUEditTheAnswer() {
            var s = courseState()
            _ = s.press(.enter)
            _ = s.typeText("ax")
            _ = s.press(.backspace)
            #expect(s.prompt?.text == "a")
            _ = s.press(.ctrl("u"))
            #expect(s.prompt?.text == "")
            _ = s.typeText("b")
            _ = s.press(.enter)
            #expect(s.progress.quizAnswers["quizzes#0"] == QuizAnswer(given: "b", correct: true, attempts: 1))
        }

        @Test func chineseAnswerFlow() {
            var s = courseState(lang: "zh")
            _ = s.press(.enter)
            #expect(s.statusLine.hasPrefix("答案（a–c）："))
            _ = s.typeText("c")
            #expect(s.press(.enter) == [.saveProgress])
            #expect(s.message == CourseText.for("zh").wrong)
            #expect(s.statusLine.hasPrefix("✗ 不对"))
            #expect(s.screenJoined.contains("│ ✗ 不对 你的答案：c（第 1 次）"))
            #expect(!s.screenJoined.contains("偏置是 b：它平移加权和。"))
            #expect(s.answerOnScreen("b") == [.saveProgress])
            #expect(s.message == "✓ 答对了")
            #expect(s.screenJoined.contains("│ ✓ 正确 你的答案：b（第 2 次）"))
            #expect(s.screenJoined.contains("│ 偏置是 b：它平移加权和。"))
        }

        @Test func liveQuizIsGradedAtOnceAgainstTheLabsRun() {
            var s = courseState("live", width: 200)
            // No run yet: say so, open no prompt, record nothing.
            #expect(s.press(.enter).isEmpty)
            #expect(s.message == "No mlp run yet: start one with s first")
            #expect(s.prompt == nil && s.progress.quizAnswers.isEmpty)
            // A run with no validation accuracy yet.
            s.labs[.mlp].snapshot = CourseSnapshots.mlp(validation: [], test: [], losses: [2.1])
            #expect(s.press(.enter).isEmpty)
            #expect(s.message == "This run has no val-accuracy yet: train a little longer")
            #expect(s.progress.quizAnswers.isEmpty)
            // 0.80 is short of 0.85.
            s.labs[.mlp].snapshot = CourseSnapshots.mlp(validation: [0.80])
            #expect(s.press(.enter) == [.saveProgress])
            #expect(s.prompt == nil)
            #expect(s.progress.quizAnswers["live#0"] == QuizAnswer(given: "val-accuracy 0.8000", correct: false, attempts: 1))
            #expect(s.message?.hasPrefix("✗ Not quite") == true)
            #expect(s.wholeLessonText.contains("✗ Not quite. You answered val-accuracy 0.8000 (attempt 1)."))
            // Trained further: 0.91 passes.
            s.labs[.mlp].snapshot = CourseSnapshots.mlp()
            #expect(s.press(.enter) == [.saveProgress])
            #expect(s.progress.quizAnswers["live#0"] == QuizAnswer(given: "val-accuracy 0.9100", correct: true, attempts: 2))
            #expect(s.message == s.courseText.right)
            #expect(s.wholeLessonText.contains("✓ Right. You answered val-accuracy 0.9100 (attempt 2)."))
            #expect(s.wholeLessonText.contains("Train a few more epochs."))
        }

        @Test func liveQuizThroughTheLabsOwnRun() {
            // The same, with the run started by the lab's key and its report delivered as the engine does.
            var s = courseState("live")
            _ = s.press(.char("s"))
            #expect(s.labs[.mlp].active)
            _ = s.reduce(.snapshotArrived(.mlp, version: s.labs[.mlp].version + 1, CourseSnapshots.mlp()))
            #expect(s.press(.enter) == [.saveProgress])
            #expect(s.progress.quizAnswers["live#0"]?.correct == true)
        }
    }
}
