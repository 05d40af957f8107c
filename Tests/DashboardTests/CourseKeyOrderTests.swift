import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Who takes a key first while a quiz is on screen: the open prompt, the list, help and search.

extension CourseTests {
    @Suite struct CourseKeyOrderTests {
        @Test func theOpenPromptTakesEveryKeyFirst() {
            var s = courseState()
            _ = s.press(.enter)
            // q, L, j, G, Tab and ? are text here: no quitting, no language switch, no scrolling, no help.
            #expect(s.typeText("qLjG?").isEmpty)
            _ = s.press(.tab)
            #expect(s.prompt?.text == "qLjG?")
            #expect(s.language == "en" && s.scroll == 0 && !s.showHelp && s.focus == .lesson)
            _ = s.press(.escape)
            #expect(s.press(.char("q")) == [.quit])
        }

        @Test func enterInTheListOpensALessonInsteadOfAnswering() {
            var s = courseState()
            _ = s.press(.tab)
            #expect(s.focus == .list)
            _ = s.press(.up, .enter)
            #expect(s.prompt == nil)
            #expect(s.currentLesson?.meta.id == "plain" && s.focus == .lesson)
        }

        @Test func helpAndSearchComeBeforeTheQuiz() {
            var s = courseState()
            _ = s.press(.char("?"))
            _ = s.press(.enter)
            #expect(s.showHelp && s.prompt == nil)
            _ = s.press(.escape)
            _ = s.press(.char("/"))
            _ = s.typeText("b")
            _ = s.press(.enter)
            #expect(s.search.query == "b" && s.prompt == nil && s.progress.quizAnswers.isEmpty)
            // With search and help closed, Enter on the box opens the prompt.
            s.scroll = 0
            _ = s.press(.enter)
            #expect(s.prompt?.kind == .quiz(lesson: "quizzes", index: 0))
        }
    }
}
