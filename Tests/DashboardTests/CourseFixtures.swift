import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

/// The course suites, grouped so that `--filter CourseTests` runs them all.
@Suite struct CourseTests {}

// The course side of the dashboard: grading typed and live answers, the answer flow through keys, lesson
// completion, and carrying progress from one session (and language) to the next. Everything runs on a small
// library built in memory; the live checks are graded against snapshots written by hand. This file holds what the
// course suites share: the library, the quizzes it asks, the lab snapshots a live check is graded on, and readers of
// the screen.

/// Twin lessons in both languages, in this order:
///
/// - `plain` (1): a heading and one sentence; fits on any screen, no quiz.
/// - `quizzes` (2): heading (block 0), a paragraph (1), a choice quiz (2: w/b/x, answer b) right above a number
///   quiz (3: 0.25 ± 0.01), then 30 paragraphs and a last line, so its end is far below the first screen.
/// - `live` (3, lab mlp): a live quiz (`check: mlp val-accuracy >= 0.85`) and a sentence.
func courseLibrary() -> LessonLibrary {
    func lesson(_ lang: String, _ id: String, _ title: String, _ order: String, lab: String? = nil, _ body: String) -> Lesson {
        let labLine = lab.map { "lab: \($0)\n" } ?? ""
        return LessonParser.parse("---\nid: \(id)\ntitle: \(title)\norder: \(order)\n\(labLine)---\n" + body, path: "\(lang)/\(id).md", labs: .standard)
    }
    func lessons(_ lang: String) -> [Lesson] {
        let zh = lang == "zh"
        let choice = "```quiz\nquestion: \(zh ? "哪个字母表示偏置？" : "Which letter names the bias?")\n- w\n- b\n- x\nanswer: b\n"
            + "explain: \(zh ? "偏置是 b：它平移加权和。" : "The bias is b: it shifts the weighted sum.")\n```\n"
        let number = "```quiz\nquestion: \(zh ? "四分之一写成小数是多少？" : "What is one quarter as a decimal?")\nanswer: 0.25\n"
            + "tolerance: 0.01\nexplain: \(zh ? "四分之一是 0.25。" : "A quarter is 0.25.")\n```\n"
        let live = "```quiz\nquestion: \(zh ? "训练到验证准确率达到 0.85。" : "Train until the validation accuracy reaches 0.85.")\n"
            + "check: mlp val-accuracy >= 0.85\nexplain: \(zh ? "多训练几轮。" : "Train a few more epochs.")\n```\n"
        let paragraphs = (1...30).map { zh ? "第\($0)段：权重乘以输入。" : "Paragraph \($0): weights times inputs." }
            .joined(separator: "\n\n")
        return [
            lesson(lang, "plain", zh ? "开始" : "Start", "1", "# \(zh ? "开始" : "Start")\n\n\(zh ? "欢迎。" : "Welcome.")\n"),
            lesson(lang, "quizzes", zh ? "小测验" : "Quizzes", "2",
                   "# \(zh ? "小测验" : "Quizzes")\n\n\(zh ? "先答两道题。" : "Two questions first.")\n\n" + choice + "\n" + number
                       + "\n" + paragraphs + "\n\n\(zh ? "完。" : "The end.")\n"),
            lesson(lang, "live", zh ? "实验题" : "Live", "3", lab: "mlp",
                   "# \(zh ? "实验题" : "Live")\n\n" + live + "\n\(zh ? "开始训练吧。" : "Start training.")\n"),
        ]
    }
    return LessonLibrary(root: "/course-fixture", lessons: ["en": lessons("en"), "zh": lessons("zh")])
}

/// A dashboard on one of `courseLibrary()`'s lessons.
func courseState(_ lessonID: String = "quizzes", lang: String = "en", width: Int = 120, height: Int = 40) -> AppState {
    AppState(library: courseLibrary(), language: lang, width: width, height: height, lessonID: lessonID)
}

let choiceQuizEN = Quiz(question: "Which letter names the bias?", choices: ["w", "b", "x"], answer: .choice(1),
                        explanation: "The bias is b: it shifts the weighted sum.")
let numberQuizEN = Quiz(question: "What is one quarter as a decimal?", choices: [], answer: .number(0.25, tolerance: 0.01),
                        explanation: "A quarter is 0.25.")
let liveCheck = LiveCheck(lab: .mlp, metric: "val-accuracy", comparison: .atLeast, value: 0.85)

extension AppState {
    /// Enter on the quiz box on screen, the answer typed, Enter again.
    mutating func answerOnScreen(_ text: String) -> [Effect] {
        press(.enter) + typeText(text) + press(.enter)
    }

    /// The first line of block `block` (for a box, its top border), not the blank line before it.
    func firstBoxLine(_ block: Int) -> Int {
        document.lines.firstIndex { $0.anchor.block == block && $0.anchor.offset >= 0 }!
    }

    /// The whole lesson as text, every line of the document (not only those on screen).
    var wholeLessonText: String {
        document.lines.map { $0.line.spans.map(\.text).joined() }.joined(separator: "\n")
    }

    /// The screen as one string.
    var screenJoined: String { screenText().joined(separator: "\n") }

    /// The status bar's text, without the space before it.
    var statusLine: String { String((screenText().last ?? "").drop { $0 == " " }) }
}

// MARK: - Lab snapshots

/// Lab snapshots written by hand: every number a live check can measure is fixed here.
enum CourseSnapshots {
    /// MLP at epoch 3 of 5: validation accuracy 0.80 then 0.91, test accuracy 0.85 then 0.93, last loss 0.4.
    static func mlp(validation: [Double] = [0.80, 0.91], test: [Double] = [0.85, 0.93], losses: [Double] = [2.0, 1.0, 0.4],
                    phase: RunPhase = .running) -> LabSnapshot {
        var d = MLPDetail()
        d.dataName = "digits"
        d.validationAccuracy = validation
        d.testAccuracy = test
        var s = LabSnapshot(lab: .mlp, phase: phase, detail: d)
        s.progress.epoch = 3
        s.progress.epochs = 5
        s.progress.step = losses.count
        s.progress.totalSteps = 10
        s.progress.learningRate = 0.001
        s.curve = LossCurve(values: losses)
        return s
    }

    /// Gradient descent after 3 iterations at α 0.05: J went 5, 2, 0.5, 0.1.
    static func gd(losses: [Double] = [5, 2, 0.5, 0.1], alpha: Double = 0.05, phase: RunPhase = .finished) -> LabSnapshot {
        var d = GDDetail()
        d.losses = losses
        d.path = losses.map { _ in [0, 0] }
        d.iterations = Array(losses.indices)
        var s = LabSnapshot(lab: .gd, phase: phase, detail: d)
        s.progress.epoch = 1
        s.progress.epochs = 1
        s.progress.step = max(0, losses.count - 1)
        s.progress.totalSteps = 300
        s.progress.learningRate = alpha
        s.curve = LossCurve(values: losses)
        return s
    }

    /// Word2Vec in epoch `epoch` of 3, last loss 2.2.
    static func word2vec(epoch: Int, phase: RunPhase) -> LabSnapshot {
        var s = LabSnapshot(lab: .word2vec, phase: phase, detail: Word2VecDetail())
        s.progress.epoch = epoch
        s.progress.epochs = 3
        s.progress.step = 40
        s.progress.totalSteps = 120
        s.progress.learningRate = 0.025
        s.curve = LossCurve(values: [4.1, 3.0, 2.2])
        return s
    }

    /// The language model at step 1200 of 2000: losses 4.2 → 1.9, validation 2.4 at 600 and 2.05 at 1200.
    static func lm(phase: RunPhase = .running) -> LabSnapshot {
        var s = LabSnapshot(lab: .lm, phase: phase, detail: LMDetail())
        s.progress.step = 1200
        s.progress.totalSteps = 2000
        s.progress.epochs = 1
        s.progress.learningRate = 0.003
        s.curve = LossCurve(values: [4.2, 2.5, 1.9])
        s.curve.validation = [.init(x: 600, y: 2.4), .init(x: 1200, y: 2.05)]
        return s
    }
}
