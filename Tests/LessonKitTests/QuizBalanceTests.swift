import Foundation
import LabKit
import Testing
@testable import LessonKit

/// The quiz balance `lessons check` warns about: one letter too often, or the right option the longest too often.
@Suite struct QuizBalanceTests {
    static func lesson(_ quizzes: [(choices: [String], answer: String)]) -> Lesson {
        let body = quizzes.map { q in
            "```quiz\nquestion: Q?\n" + q.choices.map { "- \($0)\n" }.joined() + "answer: \(q.answer)\n```\n"
        }.joined(separator: "\n")
        return LessonParser.parse(lessonText(body), path: "q.md", labs: .standard)
    }

    @Test func balancedQuizzesGetNoWarning() {
        let l = Self.lesson([(["long right one", "no", "no"], "a"), (["xxx", "yes", "zz"], "b"), (["aa", "bb", "c"], "c"), (["p", "q", "r", "s"], "d")])
        let b = QuizBalance([l])
        #expect(b.letters == [1, 1, 1, 1] && b.longestIsRight == 1 && b.warnings.isEmpty)
        #expect(b.summary == "4 multiple-choice answers: a 1 · b 1 · c 1 · d 1 (most: 25 %); the right option is the longest in 1 (25 %)")
    }

    @Test func oneLetterOrTheLongestOptionTooOftenIsWarned() {
        // Three of five on b (60 %), and the right option the longest in four of five.
        let l = Self.lesson([(["no", "the right one"], "b"), (["no", "the right one"], "b"), (["no", "the right one"], "b"),
                             (["the right one", "no"], "a"), (["same", "sime"], "a")])
        let warnings = QuizBalance([l]).warnings
        #expect(warnings.count == 2)
        #expect(warnings.first?.hasPrefix("60 % of the 5 multiple-choice answers are 'b' (more than 40 %)") == true)
        #expect(warnings.last?.hasPrefix("the right option is the longest in 4 of 5 quizzes (more than half)") == true)
        // Numeric and live quizzes do not count; a tie for the longest is not "the longest".
        #expect(QuizBalance([Self.lesson([(["same", "sime"], "a")])]).longestIsRight == 0)
    }

    @Test func theShippedCourseIsBalanced() {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lib = LessonLibrary.load(from: here.appendingPathComponent("Lessons").path, labs: .standard)
        #expect(lib.warnings.map(\.message) == [])
    }
}
