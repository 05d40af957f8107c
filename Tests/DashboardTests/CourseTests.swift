import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

/// The course suites, grouped so that `--filter CourseTests` runs them all.
@Suite struct CourseTests {}

// The course side of the dashboard: grading typed and live answers, the answer flow through keys, lesson
// completion, and carrying progress from one session (and language) to the next. Everything runs on a small
// library built in memory; the live checks are graded against snapshots written by hand.

/// Twin lessons in both languages, in this order:
///
/// - `plain` (1): a heading and one sentence; fits on any screen, no quiz.
/// - `quizzes` (2): heading (block 0), a paragraph (1), a choice quiz (2: w/b/x, answer b) right above a number
///   quiz (3: 0.25 ± 0.01), then 30 paragraphs and a last line, so its end is far below the first screen.
/// - `live` (3, lab mlp): a live quiz (`check: mlp val-accuracy >= 0.85`) and a sentence.
fileprivate func courseLibrary() -> LessonLibrary {
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
fileprivate func courseState(_ lessonID: String = "quizzes", lang: String = "en", width: Int = 120, height: Int = 40) -> AppState {
    AppState(library: courseLibrary(), language: lang, width: width, height: height, lessonID: lessonID)
}

fileprivate let choiceQuizEN = Quiz(question: "Which letter names the bias?", choices: ["w", "b", "x"], answer: .choice(1),
                        explanation: "The bias is b: it shifts the weighted sum.")
fileprivate let numberQuizEN = Quiz(question: "What is one quarter as a decimal?", choices: [], answer: .number(0.25, tolerance: 0.01),
                        explanation: "A quarter is 0.25.")
fileprivate let liveCheck = LiveCheck(lab: .mlp, metric: "val-accuracy", comparison: .atLeast, value: 0.85)

fileprivate extension AppState {
    /// Types each character of `text` as a key, returning the effects.
    mutating func typed(_ text: String) -> [Effect] {
        text.flatMap { reduce(.keyPressed(.char($0))) }
    }

    /// Enter on the quiz box on screen, the answer typed, Enter again.
    mutating func answerOnScreen(_ text: String) -> [Effect] {
        press(.enter) + typed(text) + press(.enter)
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

// MARK: - Typed answers

extension CourseTests {
    @Suite struct QuizGraderTypedTests {
        func grade(_ quiz: Quiz, _ typed: String) -> Result<QuizGrader.Verdict, GradeProblem> {
            QuizGrader.grade(quiz, typed: typed)
        }

        func number(_ answer: Double, tolerance: Double) -> Quiz {
            Quiz(question: "?", choices: [], answer: .number(answer, tolerance: tolerance), explanation: "")
        }

        @Test func choiceRightWrongAndRecordedLowercase() {
            #expect(grade(choiceQuizEN, "b") == .success(.init(correct: true, given: "b")))
            #expect(grade(choiceQuizEN, "B") == .success(.init(correct: true, given: "b")))
            #expect(grade(choiceQuizEN, "  b ") == .success(.init(correct: true, given: "b")))
            #expect(grade(choiceQuizEN, "a") == .success(.init(correct: false, given: "a")))
            #expect(grade(choiceQuizEN, "c") == .success(.init(correct: false, given: "c")))
        }

        @Test(arguments: ["d", "z", "", " ", "ab", "1", "é", "?", "b)"])
        func choiceOutOfRangeOrNotALetter(typed: String) {
            #expect(grade(choiceQuizEN, typed) == .failure(.notAChoice(count: 3)))
        }

        @Test func numberRightAndWrong() {
            #expect(grade(numberQuizEN, "0.25") == .success(.init(correct: true, given: "0.25")))
            #expect(grade(numberQuizEN, " .25 ") == .success(.init(correct: true, given: ".25")))
            #expect(grade(numberQuizEN, "2.5e-1") == .success(.init(correct: true, given: "2.5e-1")))
            #expect(grade(numberQuizEN, "0.255") == .success(.init(correct: true, given: "0.255")))
            #expect(grade(numberQuizEN, "0.3") == .success(.init(correct: false, given: "0.3")))
            #expect(grade(numberQuizEN, "-0.25") == .success(.init(correct: false, given: "-0.25")))
        }

        @Test(arguments: ["", "abc", "1/4", "0.2.5", "nan", "inf", "-inf", "1e400", "0,2,5", "1.000,5", "a quarter"])
        func notANumber(typed: String) {
            #expect(grade(numberQuizEN, typed) == .failure(.notANumber))
        }

        @Test func toleranceEdgesExactInBinary() {
            // 0.5 ± 0.25: every number here is exact in binary, so the edges are exactly the edges.
            let quiz = number(0.5, tolerance: 0.25)
            for typed in ["0.75", "0.25", "0.5"] {
                #expect((try? grade(quiz, typed).get().correct) == true, "\(typed)")
            }
            for typed in ["0.7500001", "0.2499999", "1"] {
                #expect((try? grade(quiz, typed).get().correct) == false, "\(typed)")
            }
            // Tolerance 0: only the exact number.
            let exact = number(3, tolerance: 0)
            #expect((try? grade(exact, "3").get().correct) == true)
            #expect((try? grade(exact, "3.0000001").get().correct) == false)
        }

        @Test func toleranceEdgesWrittenInDecimal() {
            // An answer exactly at answer ± tolerance, as the lesson author writes both in decimal, is right: the
            // tolerance is inclusive. 0.26 − 0.25 is 0.010000000000000009 in binary floating point, a hair over 0.01.
            #expect((try? grade(numberQuizEN, "0.26").get().correct) == true)
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0.299").get().correct) == true)
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0.301").get().correct) == true)
            // Just outside the edge stays wrong, whatever the fix.
            #expect((try? grade(numberQuizEN, "0.2601").get().correct) == false)
            #expect((try? grade(numberQuizEN, "0.2399").get().correct) == false)
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0.3011").get().correct) == false)
        }

        @Test func defaultToleranceIsAMillionth() {
            let lesson = LessonParser.parse("---\nid: t\ntitle: T\norder: 1\n---\n```quiz\nquestion: Parameters?\nanswer: 25450\n```\n", path: "t.md", labs: .standard)
            let quiz = lesson.quizzes[0].quiz
            #expect((try? grade(quiz, "25450").get().correct) == true)
            #expect((try? grade(quiz, "25450.02").get().correct) == true)
            #expect((try? grade(quiz, "25451").get().correct) == false)
        }

        @Test func decimalComma() {
            #expect(grade(numberQuizEN, "0,25") == .success(.init(correct: true, given: "0,25")))
            #expect(grade(numberQuizEN, ",25") == .success(.init(correct: true, given: ",25")))
            #expect(grade(numberQuizEN, "0,3") == .success(.init(correct: false, given: "0,3")))
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0,3").get().correct) == true)
        }

        @Test func commaGroupingThousandsIsNotADecimalComma() {
            // Both course languages group thousands with a comma ("25,450", as lesson 3.1's own explanation writes
            // it); reading that as 25.45 marks a right answer wrong.
            let quiz = number(25450, tolerance: 0.5)
            #expect((try? grade(quiz, "25,450").get().correct) == true)
            // An unambiguous decimal comma (a leading zero, or not three digits after it) keeps working.
            #expect((try? grade(numberQuizEN, "0,250").get().correct) == true)
        }

        @Test func liveQuizCannotBeTyped() {
            let quiz = Quiz(question: "?", choices: [], answer: .live(liveCheck), explanation: "")
            #expect(grade(quiz, "0.9") == .failure(.answeredByALab))
        }

        @Test func problemsAreWordedInBothLanguages() {
            let en = CourseText.for("en"), zh = CourseText.for("zh")
            #expect(en.problem(.notAChoice(count: 3)) == "Type one letter, a to c")
            #expect(zh.problem(.notAChoice(count: 4)) == "请输入 a 到 d 之间的一个字母")
            #expect(en.problem(.notANumber) == "Type a number, e.g. 0.25")
            #expect(en.problem(.noRun(.gd)) == "No gd run yet: start one with s first")
            #expect(zh.problem(.noRun(.mlp)).contains("mlp"))
            #expect(en.problem(.notMeasuredYet("test-accuracy")) == "This run has no test-accuracy yet: train a little longer")
            #expect(zh.problem(.notMeasuredYet("loss")).contains("loss"))
        }
    }
}

// MARK: - Live answers

/// Lab snapshots written by hand: every number a live check can measure is fixed here.
fileprivate enum CourseSnapshots {
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
}

extension CourseTests {
    @Suite struct QuizGraderLiveTests {
        func view(_ snapshot: LabSnapshot?, _ lab: Lab) -> LabRun {
            var v = LabRun(lab: lab)
            v.snapshot = snapshot
            return v
        }

        func grade(_ check: String, _ snapshot: LabSnapshot?) throws -> Result<QuizGrader.Verdict, GradeProblem> {
            let c = try LiveCheck(parsing: check, labs: .standard)
            return QuizGrader.grade(c, run: view(snapshot, c.lab))
        }

        /// Whether `check` passes on `snapshot` (nil when it cannot be graded).
        func passes(_ check: String, _ snapshot: LabSnapshot?) throws -> Bool? {
            try? grade(check, snapshot).get().correct
        }

        @Test func noRunYet() throws {
            for check in ["mlp val-accuracy >= 0.9", "gd diverged", "word2vec loss < 3", "gd iterations >= 1"] {
                let lab = try LiveCheck(parsing: check, labs: .standard).lab
                #expect(try grade(check, nil) == .failure(.noRun(lab)))
            }
        }

        @Test func mlpMetricsAndComparisons() throws {
            let s = CourseSnapshots.mlp()
            #expect(try grade("mlp val-accuracy >= 0.9", s) == .success(.init(correct: true, given: "val-accuracy 0.9100")))
            #expect(try passes("mlp val-accuracy >= 0.91", s) == true)
            #expect(try passes("mlp val-accuracy > 0.91", s) == false)
            #expect(try passes("mlp val-accuracy >= 0.95", s) == false)
            #expect(try passes("mlp test-accuracy > 0.92", s) == true)
            #expect(try passes("mlp test-accuracy < 0.93", s) == false)
            #expect(try passes("mlp test-accuracy <= 0.93", s) == true)
            // Epochs done: one validation accuracy per epoch. An upper bound is only judged once the run ended,
            // or "epochs < 60" would pass the moment a run starts.
            #expect(try grade("mlp epochs >= 2", s) == .success(.init(correct: true, given: "epochs 2")))
            #expect(try grade("mlp epochs < 3", s) == .failure(.notMeasuredYet("epochs")))
            var ended = s
            ended.phase = .finished
            #expect(try grade("mlp epochs >= 2", ended) == .success(.init(correct: true, given: "epochs 2")))
            #expect(try passes("mlp epochs >= 3", ended) == false)
            #expect(try passes("mlp epochs < 3", ended) == true)
            #expect(try grade("mlp loss <= 0.5", s) == .success(.init(correct: true, given: "loss 0.4000")))
            #expect(try passes("mlp loss < 0.4", s) == false)
            #expect(try passes("mlp loss > 0.3", s) == true)
        }

        @Test func mlpNotMeasuredYet() throws {
            let fresh = CourseSnapshots.mlp(validation: [], test: [], losses: [])
            #expect(try grade("mlp val-accuracy >= 0.9", fresh) == .failure(.notMeasuredYet("val-accuracy")))
            #expect(try grade("mlp test-accuracy >= 0.9", fresh) == .failure(.notMeasuredYet("test-accuracy")))
            #expect(try grade("mlp loss < 1", fresh) == .failure(.notMeasuredYet("loss")))
            // No epoch finished is a measurement (zero) for a lower bound, but not yet for an upper one.
            #expect(try grade("mlp epochs >= 1", fresh) == .success(.init(correct: false, given: "epochs 0")))
            #expect(try grade("mlp epochs < 60", fresh) == .failure(.notMeasuredYet("epochs")))
            // Validation measured, test not yet.
            let half = CourseSnapshots.mlp(validation: [0.9], test: [])
            #expect(try passes("mlp val-accuracy >= 0.9", half) == true)
            #expect(try grade("mlp test-accuracy >= 0.9", half) == .failure(.notMeasuredYet("test-accuracy")))
        }

        @Test func diverged() throws {
            #expect(try grade("mlp diverged", CourseSnapshots.mlp()) == .success(.init(correct: false, given: "not diverged")))
            let blown = CourseSnapshots.mlp(losses: [2, .nan], phase: .diverged("the loss became NaN"))
            #expect(try grade("mlp diverged", blown) == .success(.init(correct: true, given: "diverged")))
            // A diverged run's loss passes no bound.
            #expect(try passes("mlp loss < 100", blown) == false)
            #expect(try passes("mlp loss > 0", blown) == false)
            let gdBlown = CourseSnapshots.gd(losses: [1, 10, 1e5, .infinity], alpha: 0.7, phase: .diverged("J grew without bound"))
            #expect(try passes("gd diverged", gdBlown) == true)
            #expect(try passes("gd loss >= 0", gdBlown) == false)
            #expect(try passes("gd diverged", CourseSnapshots.gd()) == false)
            #expect(try passes("word2vec diverged", CourseSnapshots.word2vec(epoch: 2, phase: .stopped)) == false)
        }

        @Test func gdMetricsAndComparisons() throws {
            let s = CourseSnapshots.gd()
            #expect(try grade("gd loss < 0.2", s) == .success(.init(correct: true, given: "loss 0.1000")))
            #expect(try passes("gd loss < 0.1", s) == false)
            #expect(try passes("gd loss <= 0.1", s) == true)
            #expect(try grade("gd iterations >= 3", s) == .success(.init(correct: true, given: "iterations 3")))
            #expect(try passes("gd iterations > 3", s) == false)
            #expect(try grade("gd alpha <= 0.1", s) == .success(.init(correct: true, given: "alpha 0.0500")))
            #expect(try passes("gd alpha > 0.05", s) == false)
            #expect(try passes("gd alpha >= 0.05", s) == true)
            // Before any loss: not measured; iterations and alpha are known from the start.
            let start = CourseSnapshots.gd(losses: [], phase: .running)
            #expect(try grade("gd loss < 1", start) == .failure(.notMeasuredYet("loss")))
            #expect(try grade("gd iterations >= 1", start) == .success(.init(correct: false, given: "iterations 0")))
            #expect(try passes("gd alpha < 0.1", start) == true)
        }

        @Test func word2vecEpochsCountFinishedOnes() throws {
            #expect(try grade("word2vec epochs >= 1", CourseSnapshots.word2vec(epoch: 2, phase: .running))
                    == .success(.init(correct: true, given: "epochs 1")))
            #expect(try passes("word2vec epochs >= 2", CourseSnapshots.word2vec(epoch: 2, phase: .running)) == false)
            #expect(try passes("word2vec epochs >= 3", CourseSnapshots.word2vec(epoch: 3, phase: .finished)) == true)
            #expect(try grade("word2vec loss < 2.5", CourseSnapshots.word2vec(epoch: 1, phase: .running))
                    == .success(.init(correct: true, given: "loss 2.2000")))
        }
    }
}

// MARK: - Enter on a box

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

// MARK: - Answering through keys

extension CourseTests {
    @Suite struct AnswerFlowTests {
        @Test func enterOpensThePromptTypingFillsItEnterRecords() {
            var s = courseState()
            #expect(s.press(.enter).isEmpty)
            #expect(s.prompt == Prompt(kind: .quiz(lesson: "quizzes", index: 0), text: ""))
            #expect(s.statusLine.hasPrefix("Answer (a–c): ▏"))
            #expect(s.typed("a").isEmpty)
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
            #expect(s.typed("0,25") == [])
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
            _ = s.typed("b")
            #expect(s.press(.escape).isEmpty)
            #expect(s.prompt == nil && s.progress.quizAnswers.isEmpty)
            _ = s.press(.enter)
            #expect(s.press(.ctrl("c")).isEmpty)
            #expect(s.prompt == nil && s.progress.quizAnswers.isEmpty)
        }

        @Test func backspaceAndCtrlUEditTheAnswer() {
            var s = courseState()
            _ = s.press(.enter)
            _ = s.typed("ax")
            _ = s.press(.backspace)
            #expect(s.prompt?.text == "a")
            _ = s.press(.ctrl("u"))
            #expect(s.prompt?.text == "")
            _ = s.typed("b")
            _ = s.press(.enter)
            #expect(s.progress.quizAnswers["quizzes#0"] == QuizAnswer(given: "b", correct: true, attempts: 1))
        }

        @Test func chineseAnswerFlow() {
            var s = courseState(lang: "zh")
            _ = s.press(.enter)
            #expect(s.statusLine.hasPrefix("答案（a–c）："))
            _ = s.typed("c")
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

// MARK: - Key dispatch order

extension CourseTests {
    @Suite struct CourseKeyOrderTests {
        @Test func theOpenPromptTakesEveryKeyFirst() {
            var s = courseState()
            _ = s.press(.enter)
            // q, L, j, G, Tab and ? are text here: no quitting, no language switch, no scrolling, no help.
            #expect(s.typed("qLjG?").isEmpty)
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
            _ = s.typed("b")
            _ = s.press(.enter)
            #expect(s.search.query == "b" && s.prompt == nil && s.progress.quizAnswers.isEmpty)
            // With search and help closed, Enter on the box opens the prompt.
            s.scroll = 0
            _ = s.press(.enter)
            #expect(s.prompt?.kind == .quiz(lesson: "quizzes", index: 0))
        }
    }
}

// MARK: - Completion

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

// MARK: - Saving and restoring

extension CourseTests {
    @Suite struct RestoreTests {
        /// An English session: plain read, the choice quiz answered wrong, the number quiz right, the lab's lr
        /// edited, and left on the quizzes lesson with the number quiz's box at the top of the pane.
        func session() -> AppState {
            var s = courseState("plain")
            _ = s.press(.char("j"))  // plain is shown whole: finished
            _ = s.press(.char("l"))  // now quizzes
            _ = s.answerOnScreen("c")
            s.scroll = s.firstBoxLine(3)
            _ = s.answerOnScreen("0.25")
            #expect(s.labs[.mlp].settings.set("lr", "0.05") == nil)
            return s
        }

        @Test func progressToSaveHoldsWhereTheStudentIs() {
            let s = session()
            let p = s.progressToSave
            #expect(p.language == "en")
            #expect(p.currentLesson == "quizzes")
            #expect(p.positions["quizzes"] == ReadingPosition(block: 3, offset: s.topAnchor.offset))
            #expect(p.positions["plain"] == ReadingPosition(block: 0, offset: 0))
            #expect(p.quizAnswers == ["quizzes#0": QuizAnswer(given: "c", correct: false, attempts: 1),
                                      "quizzes#1": QuizAnswer(given: "0.25", correct: true, attempts: 1)])
            #expect(p.completed == ["plain"])
            #expect(p.labSettings["mlp"]?["lr"] == "0.05")
            #expect(Set(p.labSettings.keys) == ["mlp", "gd", "word2vec"])
        }

        @Test func roundTripIntoTheOtherLanguageLandsOnTheSameBlock() throws {
            let s = session()
            let bytes = try s.progressToSave.encoded()
            let saved = try CourseProgress.decoded(from: bytes)
            #expect(saved == s.progressToSave)

            // A fresh start in Chinese (as `lectern --lang zh` does): the saved lesson and place, in the twin.
            var fresh = AppState(library: courseLibrary(), language: "zh", width: 120, height: 40)
            _ = fresh.reduce(.progressRestored(saved, language: "zh", lessonID: nil))
            #expect(fresh.language == "zh")
            #expect(fresh.currentLesson?.meta.id == "quizzes")
            #expect(fresh.currentLesson?.meta.title == "小测验")
            #expect(fresh.topAnchor.block == 3)
            #expect(fresh.scroll == fresh.firstBoxLine(3))
            #expect(fresh.visibleActionBlock == .quiz(fresh.currentLesson!.quizzes[1].quiz, index: 1))
            let screen = fresh.screenJoined
            #expect(screen.contains("四分之一写成小数是多少？"))
            #expect(screen.contains("✓ 正确 你的答案：0.25（第 1 次）"))
            #expect(screen.contains("四分之一是 0.25。"))
            #expect(fresh.progress.quizAnswers == s.progress.quizAnswers)
            #expect(fresh.progress.completed == ["plain"])
            #expect(fresh.labs[.mlp].settings["lr"] == "0.05")

            // Saving again from there gives the same progress, but in Chinese.
            var again = s.progressToSave
            again.language = "zh"
            #expect(fresh.progressToSave == again)

            // Going back to plain in Chinese resumes where it was left in English; the wrong answer to the first
            // quiz shows in its twin's box.
            fresh.scroll = 0
            #expect(fresh.screenJoined.contains("✗ 不对 你的答案：c（第 1 次）"))
        }

        @Test func restoreWithoutALanguageUsesTheSavedOne() throws {
            let saved = session().progressToSave
            var fresh = AppState(library: courseLibrary(), language: "zh", width: 100, height: 30)
            _ = fresh.reduce(.progressRestored(saved, language: nil, lessonID: nil))
            #expect(fresh.language == "en")
            #expect(fresh.currentLesson?.meta.id == "quizzes" && fresh.topAnchor.block == 3)
            #expect(fresh.screenJoined.contains("✓ Right. You answered 0.25 (attempt 1)."))
        }

        @Test func restoreOnAnotherLessonAndBackKeepsBothPlaces() throws {
            let saved = session().progressToSave
            var fresh = AppState(library: courseLibrary(), language: "en", width: 120, height: 40)
            _ = fresh.reduce(.progressRestored(saved, language: nil, lessonID: "plain"))
            #expect(fresh.currentLesson?.meta.id == "plain")
            _ = fresh.press(.char("l"))
            #expect(fresh.currentLesson?.meta.id == "quizzes" && fresh.topAnchor.block == 3)
        }

        @Test func restoreIgnoresWhatThisLibraryDoesNotHave() {
            var saved = CourseProgress(language: "fr", currentLesson: "gone")
            saved.positions["gone"] = ReadingPosition(block: 99)
            var fresh = AppState(library: courseLibrary(), language: "zh", width: 100, height: 30)
            _ = fresh.reduce(.progressRestored(saved, language: nil, lessonID: nil))
            #expect(fresh.language == "zh")
            #expect(fresh.currentLesson?.meta.id == "plain")
            // Only lessons of this library count: "plain" (no quiz, shown whole) is finished, "gone" is not.
            #expect(fresh.progress.completed == ["plain"])
            #expect(abs(fresh.courseFraction - 1.0 / 3) < 1e-12)
        }

        @Test func aFinishedLessonStaysFinishedAfterRestore() {
            var s = courseState()
            _ = s.answerOnScreen("b")
            s.scroll = s.firstBoxLine(3)
            _ = s.answerOnScreen("0.25")
            _ = s.press(.char("G"))
            var fresh = AppState(library: courseLibrary(), language: "en", width: 160, height: 40)
            _ = fresh.reduce(.progressRestored(s.progressToSave, language: nil, lessonID: nil))
            #expect(fresh.progress.completed == ["quizzes"])
            #expect(fresh.scroll == fresh.maxScroll)
            _ = fresh.press(.char("l"))
            #expect(fresh.screenText().contains { $0.contains("│✓2 Quizzes") })
        }

        @Test func aPlaceReadInOneLanguageIsThePlaceInTheOther() {
            // Twins share their blocks, so a reading position belongs to the lesson, not to one language.
            var s = courseState()
            s.scroll = s.firstBoxLine(5)                   // en: quizzes read down to block 5
            _ = s.press(.char("l"), .char("L"))      // live, then Chinese
            _ = s.press(.char("h"))                  // back to quizzes, in Chinese
            #expect(s.currentLesson?.meta.id == "quizzes" && s.language == "zh")
            #expect(s.topAnchor.block == 5)
            // Read on in Chinese to block 12 and leave; the saved place is the latest one, whichever the language.
            s.scroll = s.firstBoxLine(12)
            _ = s.press(.char("l"), .char("L"))
            #expect(s.currentLesson?.meta.id == "live" && s.language == "en")
            #expect(s.progressToSave.positions["quizzes"]?.block == 12)
        }
    }
}

// MARK: - The save effect

extension CourseTests {
    @Suite struct SaveEffectTests {
        @Test func onlyARecordedAnswerAsksForASave() {
            var s = courseState()
            #expect(!s.press(.enter).contains(.saveProgress))        // the prompt opens
            #expect(!s.typed("b").contains(.saveProgress))
            #expect(s.press(.enter) == [.saveProgress])               // recorded
            #expect(!s.answerOnScreen("9").contains(.saveProgress))           // not a choice: nothing recorded
            #expect(!s.press(.char("j"), .char("G"), .char("g")).contains(.saveProgress))
            #expect(s.answerOnScreen("a") == [.saveProgress])
            var live = courseState("live")
            #expect(live.press(.enter).isEmpty)                       // no run: nothing to save
            live.labs[.mlp].snapshot = CourseSnapshots.mlp()
            #expect(live.press(.enter) == [.saveProgress])
        }

        @Test func theSavedAnswerIsInTheProgressToSave() throws {
            var s = courseState()
            _ = s.answerOnScreen("a")
            _ = s.answerOnScreen("b")
            let p = try CourseProgress.decoded(from: s.progressToSave.encoded())
            #expect(p.quizAnswers["quizzes#0"] == QuizAnswer(given: "b", correct: true, attempts: 2))
            #expect(p.quizTally.right == 1 && p.quizTally.wrong == 0)
        }
    }
}
