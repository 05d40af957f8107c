import LabKit
import LessonKit
import TerminalUI

/// Marks a quiz answer: a typed letter or number, or a lab run for a quiz with `check:`.
public enum QuizGrader {
    /// The verdict on one answer, and what to show about it.
    public struct Verdict: Sendable, Equatable {
        public var correct: Bool
        /// The answer as recorded: "b", "0.1133", or for a live check the measured value.
        public var given: String
    }

    /// Marks a typed answer; returns why it cannot be marked (not a letter of a choice, not a number) instead.
    public static func grade(_ quiz: Quiz, typed: String) -> Result<Verdict, GradeProblem> {
        let text = typed.trimmingSpaces.lowercased()
        switch quiz.answer {
        case .choice(let right):
            guard text.count == 1, let c = text.unicodeScalars.first, c.value >= 97, Int(c.value - 97) < quiz.choices.count else {
                return .failure(.notAChoice(count: quiz.choices.count))
            }
            return .success(Verdict(correct: Int(c.value - 97) == right, given: text))
        case .number(let right, let tolerance):
            guard let x = Self.number(text) else { return .failure(.notANumber) }
            // A hair of slack so that an answer exactly at the edge of the tolerance counts despite rounding.
            let slack = tolerance + 1e-9 * max(1, abs(right))
            return .success(Verdict(correct: abs(x - right) <= slack, given: text))
        case .live:
            return .failure(.answeredByALab)
        }
    }

    /// A typed number: "0.25", "−0.3" (a Unicode minus), "0,25" (a decimal comma), "25,450" (thousands).
    static func number(_ typed: String) -> Double? {
        var t = typed.replacing("−", with: "-").replacing(" ", with: "")
        let groups = t.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            let head = groups[0].hasPrefix("-") ? groups[0].dropFirst() : groups[0]
            let thousands = (1...3).contains(head.count) && head.first != "0" && head.allSatisfy(\.isNumber)
                && groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isNumber) }
            if thousands { t = t.replacing(",", with: "") }
            else if groups.count == 2 && !t.contains(".") { t = t.replacing(",", with: ".") }
        }
        guard let x = Double(t), x.isFinite else { return nil }
        return x
    }

    /// Marks a live check against the lab's current (or last) run.
    public static func grade(_ check: LiveCheck, run view: LabRun) -> Result<Verdict, GradeProblem> {
        guard let snapshot = view.snapshot else { return .failure(.noRun(check.lab)) }
        if check.metric == "diverged" {
            if case .diverged = snapshot.phase { return .success(Verdict(correct: true, given: "diverged")) }
            return .success(Verdict(correct: false, given: "not diverged"))
        }
        // "At most N epochs" (steps, iterations) is only known once the run has ended: a run just started has done 0.
        let upperBound = check.comparison == .atMost || check.comparison == .below
        if LabRegistry.schema(check.lab).counts.contains(check.metric), upperBound, !snapshot.phase.isOver { return .failure(.notMeasuredYet(check.metric)) }
        guard let measured = LabRegistry.definition(snapshot.lab).measure(check.metric, in: snapshot) else { return .failure(.notMeasuredYet(check.metric)) }
        return .success(Verdict(correct: check.passes(measured), given: "\(check.metric) \(NumberFormat.answer(measured))"))
    }

}

/// Why an answer could not be marked.
public enum GradeProblem: Error, Equatable, Sendable {
    case notAChoice(count: Int)
    case notANumber
    case answeredByALab
    case noRun(Lab)
    case notMeasuredYet(String)
}


