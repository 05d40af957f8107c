import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Which box on screen Enter acts on.

extension CourseTests {
    @Suite struct ActionBlockTests {
        @Test func quizOnScreenIsTheActionBlock() {
            let s = courseState()
            #expect(s.visibleActionBlock == .quiz(choiceQuizEN, index: 0))
            #expect(s.screenJoined.contains("Press Enter to answer."))
            #expect(!s.screenJoined.contains("The bias is b"))
        }

        @Test func aBoxBeginningOnScreenWinsOverOneWhoseTopScrolledAway() {
            var s = courseState()
            s.scroll = s.firstBoxLine(2) + 1
            #expect(s.visibleActionBlock == .quiz(numberQuizEN, index: 1))
        }

        @Test func withNoBoxBeginningOnScreenThePartlyShownOneCounts() {
            var s = courseState()
            s.scroll = s.firstBoxLine(3) + 1
            #expect(s.visibleActionBlock == .quiz(numberQuizEN, index: 1))
            // Once the number quiz has scrolled away there is nothing to act on: Enter scrolls a line.
            s.scroll = s.document.lines.lastIndex { $0.anchor.block == 3 }! + 1
            #expect(s.visibleActionBlock == nil)
            let before = s.scroll
            #expect(s.press(.enter).isEmpty)
            #expect(s.scroll == before + 1 && s.prompt == nil)
        }

        @Test func liveQuizIsAnActionBlockToo() {
            let s = courseState("live")
            #expect(s.visibleActionBlock == .quiz(Quiz(question: "Train until the validation accuracy reaches 0.85.", choices: [],
                                                       answer: .live(liveCheck), explanation: "Train a few more epochs."), index: 0))
        }
    }
}
