import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// When a lesson counts as finished, and how the list and its percentage show it.

extension CourseTests {
    @Suite struct CompletionTests {
        @Test func notCompleteBeforeTheEndIsReached() {
            var s = courseState()
            #expect(s.answerOnScreen("b") == [.saveProgress])
            s.scroll = s.firstBoxLine(3)
            #expect(s.answerOnScreen("0.25") == [.saveProgress])
            #expect(s.progress.quizTally.right == 2 && s.progress.quizTally.wrong == 0)
            #expect(!s.progress.completed.contains("quizzes"))
            _ = s.press(.char("j"))
            #expect(s.scroll < s.maxScroll && !s.progress.completed.contains("quizzes"))
            let effects = s.press(.char("G"))
            #expect(s.progress.completed.contains("quizzes"))
            #expect(s.message == "✓ Lesson complete!")
            // Finishing a lesson is a change to keep: reduce asks for the save itself.
            #expect(effects == [.saveProgress])
        }

        @Test func notCompleteWhileAQuizIsWrongOrUnanswered() {
            var s = courseState()
            _ = s.press(.char("G"))
            #expect(s.progress.completed.isEmpty)
            #expect(s.message == nil)
            _ = s.press(.char("g"))
            _ = s.answerOnScreen("b")
            #expect(s.progress.completed.isEmpty)  // the number quiz is unanswered
            s.scroll = s.firstBoxLine(3)
            _ = s.answerOnScreen("0.3")
            #expect(s.progress.completed.isEmpty)  // and now wrong
            // Right at last: the end was reached earlier in the session, so the lesson is finished now.
            _ = s.answerOnScreen("0.25")
            #expect(s.progress.completed == ["quizzes"])
            #expect(s.courseFraction == 1.0 / 3.0)
        }

        @Test func finishedLessonShowsACheckInTheListAndThePercentage() {
            var s = courseState(width: 160, height: 40)
            #expect(s.screenJoined.contains("Lessons 0%"))
            _ = s.answerOnScreen("b")
            s.scroll = s.firstBoxLine(3)
            _ = s.answerOnScreen("0.25")
            _ = s.press(.char("G"))
            #expect(s.screenJoined.contains("Lessons 33%"))
            // The open lesson is marked ▸; on the next one (live: not finished, its quiz unanswered) the ✓ shows.
            _ = s.press(.char("l"))
            #expect(s.currentLesson?.meta.id == "live")
            #expect(s.progress.completed == ["quizzes"])
            let rows = s.screenText()
            #expect(rows.contains { $0.contains("│✓2 Quizzes") })
            #expect(rows.contains { $0.contains("│▸3 Live") })
            #expect(rows.contains { $0.contains("│ 1 Start") })
            #expect(rows.contains { $0.contains("Lessons 33%") })
            // plain fits on one screen and has no quiz: opening it finishes it.
            _ = s.press(.char("h"), .char("h"))
            #expect(s.currentLesson?.meta.id == "plain")
            #expect(s.progress.completed == ["quizzes", "plain"])
            #expect(s.screenJoined.contains("Lessons 67%"))
            #expect(s.courseFraction == 2.0 / 3.0)
        }

        @Test func liveLessonCompletesOnceTheCheckPasses() {
            var s = courseState("live")
            _ = s.press(.char("j"))  // any key: the short lesson is shown to its end
            #expect(s.progress.completed.isEmpty)
            s.labs[.mlp].snapshot = CourseSnapshots.mlp()
            _ = s.press(.enter)
            #expect(s.progress.completed == ["live"])
        }

        @Test func aShortLessonShownWholeAtStartIsFinishedWhenLeft() {
            // The student saw all of plain (it fits on the screen) and went on with l.
            var s = courseState("plain")
            #expect(s.maxScroll == 0)
            _ = s.press(.char("l"))
            #expect(s.progress.completed.contains("plain"))
        }

        @Test func completionCountsInTheOtherLanguageToo() {
            var s = courseState("plain", width: 160)
            _ = s.press(.char("j"))
            #expect(s.progress.completed == ["plain"])
            _ = s.press(.char("L"))
            #expect(s.language == "zh")
            #expect(s.courseFraction == 1.0 / 3.0)
            #expect(s.screenJoined.contains("33%"))
        }
    }
}
