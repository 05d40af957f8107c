import Foundation

/// Whether a language's multiple-choice quizzes can be answered without reading them: the same letter too
/// often, or the right option the longest one too often.
public struct QuizBalance: Sendable, Equatable {
    /// Answers per letter (a, b, c, …), over every multiple-choice quiz of the language.
    public var letters: [Int]
    /// Quizzes whose right option is strictly longer than every other option (in characters).
    public var longestIsRight: Int
    public var count: Int { letters.reduce(0, +) }

    /// The limits `lessons check` warns above.
    public static let maxLetterShare = 0.4, maxLongestShare = 0.5

    public init(_ lessons: [Lesson]) {
        letters = []
        longestIsRight = 0
        for lesson in lessons {
            for q in lesson.quizzes {
                guard case .choice(let k) = q.quiz.answer, k < q.quiz.choices.count else { continue }
                while letters.count <= k { letters.append(0) }
                letters[k] += 1
                let lengths = q.quiz.choices.map(\.count)
                if lengths.enumerated().allSatisfy({ $0.offset == k || $0.element < lengths[k] }) { longestIsRight += 1 }
            }
        }
    }

    /// "24 multiple-choice answers: a 6 · b 6 · c 7 · d 5 (most: 29 %); the right option is the longest in 5 (21 %)".
    public var summary: String {
        let parts = letters.enumerated().map { "\(Character(UnicodeScalar(UInt8(97 + $0.offset)))) \($0.element)" }
        let top = letters.max() ?? 0
        return "\(count) multiple-choice answers: \(parts.joined(separator: " · ")) (most: \(Self.percent(top, of: count))); "
            + "the right option is the longest in \(longestIsRight) (\(Self.percent(longestIsRight, of: count)))"
    }

    /// What is over the limits, as sentences.
    public var warnings: [String] {
        guard count > 0 else { return [] }
        var out: [String] = []
        if let top = letters.max(), Double(top) > Self.maxLetterShare * Double(count), let k = letters.firstIndex(of: top) {
            let letter = Character(UnicodeScalar(UInt8(97 + k)))
            out.append("\(Self.percent(top, of: count)) of the \(count) multiple-choice answers are '\(letter)' (more than 40 %): move some right answers to other letters")
        }
        if Double(longestIsRight) > Self.maxLongestShare * Double(count) {
            out.append("the right option is the longest in \(longestIsRight) of \(count) quizzes (more than half): make wrong options as long, or the right one shorter")
        }
        return out
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0 %" : "\(Int((100 * Double(part) / Double(whole)).rounded())) %"
    }
}

extension LessonLibrary {
    /// What `lessons check` warns about without failing: each language's quiz balance.
    public var warnings: [Diagnostic] {
        Self.languages.flatMap { lang in
            QuizBalance(lessons(in: lang)).warnings.map {
                Diagnostic(path: (root as NSString).appendingPathComponent(lang), line: 0, message: "warning: " + $0)
            }
        }
    }
}
