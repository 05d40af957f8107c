import LessonKit

/// The words of quizzes and course progress, in English and Chinese.
public struct CourseText: Sendable {
    var zh: Bool

    public static func `for`(_ language: String) -> CourseText { CourseText(zh: language == "zh") }

    var right: String { zh ? "✓ 答对了" : "✓ Right" }
    var wrong: String { zh ? "✗ 不对，再试一次（Enter）；第二次之后会显示解释" : "✗ Not quite — try again (Enter); the explanation shows after a second try" }
    var rightMark: String { zh ? "✓ 正确" : "✓ Right." }
    var wrongMark: String { zh ? "✗ 不对" : "✗ Not quite." }
    var enterToAnswer: String { zh ? "按 Enter 作答。" : "Press Enter to answer." }
    public var notSaved: String { zh ? "进度无法保存" : "Progress not saved" }
    func alreadyPassed(_ now: String) -> String {
        zh ? "这道题你已经答对了（这次运行：\(now)）" : "You passed this one already (this run: \(now))"
    }
    var lessonDone: String { zh ? "本课完成！" : "Lesson complete!" }

    /// The letter of the last of `count` choices: 4 → "d".
    static func lastLetter(_ count: Int) -> Character { Character(Unicode.Scalar(UInt8(96 + max(1, min(count, 26))))) }

    func youAnswered(_ given: String, attempts: Int) -> String {
        zh ? "你的答案：\(given)（第 \(attempts) 次）" : "You answered \(given) (attempt \(attempts))."
    }

    func answerPrompt(_ quiz: Quiz?) -> String {
        switch quiz?.answer {
        case .choice?:
            let last = Self.lastLetter(quiz?.choices.count ?? 1)
            return zh ? "答案（a–\(last)）：" : "Answer (a–\(last)): "
        default: return zh ? "答案（数字）：" : "Answer (a number): "
        }
    }

    func problem(_ p: GradeProblem) -> String {
        switch p {
        case .notAChoice(let n):
            let last = Self.lastLetter(n)
            return zh ? "请输入 a 到 \(last) 之间的一个字母" : "Type one letter, a to \(last)"
        case .notANumber: return zh ? "请输入一个数字，例如 0.25" : "Type a number, e.g. 0.25"
        case .answeredByALab: return zh ? "这道题用实验来回答" : "This quiz is answered by a lab run"
        case .noRun(let lab): return zh ? "还没有 \(lab.rawValue) 实验的运行：先按 s 开始" : "No \(lab.rawValue) run yet: start one with s first"
        case .notMeasuredYet(let metric): return zh ? "这次运行还没有 \(metric)，再训练一会儿" : "This run has no \(metric) yet: train a little longer"
        }
    }
}

extension AppState {
    public var courseText: CourseText { CourseText.for(language) }

    /// The `index`-th quiz of lesson `id` in the current language.
    func quiz(_ id: String, _ index: Int) -> Quiz? {
        lessons.first { $0.meta.id == id }?.quizzes[safe: index]?.quiz
    }
}
