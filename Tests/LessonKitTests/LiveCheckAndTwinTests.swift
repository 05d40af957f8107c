import LabKit
import Foundation
import Testing
@testable import LessonKit

/// The suites of this file, grouped so that `--filter LiveCheckAndTwinTests` runs them all.
@Suite struct LiveCheckAndTwinTests {}

// Live checks (`check:` in a quiz), the twin checks across languages, and the leftover-TeX check.
// Line numbers: the front matter written by `checkLessonText` takes five lines (six with a `lab:` line), so the
// first body line is line 6 (or 7) of the file.

/// A lesson file's text: five lines of front matter, then `body`.
private func checkLessonText(_ body: String, id: String = "x", order: String = "1", lab: String? = nil) -> String {
    let labLine = lab.map { "lab: \($0)\n" } ?? ""
    return "---\nid: \(id)\ntitle: \(id.capitalized)\norder: \(order)\n\(labLine)---\n" + body
}

/// A quiz block's text from its lines.
private func quizBlock(_ lines: String...) -> String { "```quiz\n" + lines.joined(separator: "\n") + "\n```\n" }

/// A try block's text from its lines.
private func tryBlockText(_ lines: String...) -> String { "```try\n" + lines.joined(separator: "\n") + "\n```\n" }

extension LiveCheckAndTwinTests {
    @Suite struct LiveCheckParsingTests {
        @Test(arguments: [
            ("mlp val-accuracy >= 0.95", Lab.mlp, "val-accuracy", LiveCheck.Comparison.atLeast, 0.95),
            ("mlp test-accuracy > 0.9", .mlp, "test-accuracy", .above, 0.9),
            ("mlp loss <= 0.25", .mlp, "loss", .atMost, 0.25),
            ("mlp epochs < 4", .mlp, "epochs", .below, 4),
            ("gd loss < 1e-3", .gd, "loss", .below, 0.001),
            ("gd iterations >= 100", .gd, "iterations", .atLeast, 100),
            ("gd alpha > 0.14", .gd, "alpha", .above, 0.14),
            ("word2vec loss <= 2.5", .word2vec, "loss", .atMost, 2.5),
            ("word2vec epochs >= 3", .word2vec, "epochs", .atLeast, 3),
            ("lm val_loss < 2.2", .lm, "val-loss", .below, 2.2),
            ("lm val-loss < 2.2", .lm, "val-loss", .below, 2.2),
            ("lm step >= 1000", .lm, "step", .atLeast, 1000),
            ("MLP\tval-accuracy   >=  -0.5", .mlp, "val-accuracy", .atLeast, -0.5),
        ])
        func parsesEveryMetricAndComparison(text: String, lab: Lab, metric: String, op: LiveCheck.Comparison, value: Double) throws {
            let check = try LiveCheck(parsing: text, labs: .standard)
            #expect(check == LiveCheck(lab: lab, metric: metric, comparison: op, value: value))
        }

        @Test func everyListedMetricParses() throws {
            for schema in LabCatalog.standard.schemas {
                let lab = schema.lab
                #expect(!schema.metrics.isEmpty, "\(lab) has no metric a check can test")
                for metric in schema.metrics {
                    let check = try LiveCheck(parsing: "\(lab.rawValue) \(metric) >= 1", labs: .standard)
                    #expect(check.lab == lab && check.metric == metric)
                }
            }
        }

        @Test(arguments: LabRegistry.labs)
        func divergedTakesNoComparison(lab: Lab) throws {
            let check = try LiveCheck(parsing: "\(lab.rawValue) diverged", labs: .standard)
            #expect(check.lab == lab && check.metric == "diverged")
            #expect(check.description == "\(lab.rawValue) diverged")
        }

        @Test func descriptionReadsLikeTheSource() throws {
            #expect(try LiveCheck(parsing: "mlp val-accuracy >= 0.95", labs: .standard).description == "mlp val-accuracy >= 0.95")
        }

        /// The error each bad check gets: (text, a piece of the message that names what is wrong).
        @Test(arguments: [
            ("cnn loss < 1", "'cnn' is not a lab (mlp, gd, word2vec, lm)"),
            ("", "'' is not a lab"),
            ("   ", "'' is not a lab"),
            ("gd val-accuracy >= 0.9", "unknown metric 'val-accuracy' for lab gd (known: loss, iterations, alpha, diverged)"),
            ("word2vec iterations > 3", "unknown metric 'iterations' for lab word2vec"),
            ("mlp accuracy >= 0.9", "unknown metric 'accuracy' for lab mlp"),
            ("mlp loss == 0.1", "unknown comparison '==' (use >=, <=, > or <)"),
            ("mlp loss => 0.1", "unknown comparison '=>'"),
            ("mlp loss ≥ 0.1", "unknown comparison '≥'"),
            ("mlp loss < abc", "check wants a number to compare with, got 'abc'"),
            ("mlp loss < 0,5", "got '0,5'"),
            ("mlp loss < inf", "got 'inf'"),
            ("mlp loss < nan", "got 'nan'"),
            ("mlp", "check wants 'LAB METRIC OP VALUE'"),
            ("mlp loss", "check wants 'LAB METRIC OP VALUE'"),
            ("mlp loss <", "check wants 'LAB METRIC OP VALUE'"),
            ("mlp loss < 0.1 please", "check wants 'LAB METRIC OP VALUE'"),
            ("gd diverged soon", "check wants 'LAB METRIC OP VALUE'"),
            ("mlp loss<0.1", "check wants 'LAB METRIC OP VALUE'"),
        ])
        func badChecksSayWhatIsWrong(text: String, expected: String) {
            do {
                let check = try LiveCheck(parsing: text, labs: .standard)
                Issue.record("'\(text)' parsed as \(check)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
            }
        }

        @Test func passesComparesWithEdgesAsWritten() {
            func check(_ op: LiveCheck.Comparison) -> LiveCheck { LiveCheck(lab: .mlp, metric: "val-accuracy", comparison: op, value: 0.9) }
            #expect(check(.atLeast).passes(0.9) && check(.atLeast).passes(0.95) && !check(.atLeast).passes(0.8999))
            #expect(!check(.above).passes(0.9) && check(.above).passes(0.9001))
            #expect(check(.atMost).passes(0.9) && check(.atMost).passes(0.1) && !check(.atMost).passes(0.9001))
            #expect(!check(.below).passes(0.9) && check(.below).passes(0.8999))
            // A run whose number is not finite passes nothing, whichever way the comparison goes.
            for op in LiveCheck.Comparison.allCases {
                #expect(!check(op).passes(.nan))
                #expect(!check(op).passes(.infinity))
                #expect(!check(op).passes(-.infinity))
            }
        }

        @Test func divergedPassesOnOne() {
            let check = LiveCheck(lab: .gd, metric: "diverged")
            #expect(check.passes(1))
            #expect(!check.passes(0))
        }
    }
}

extension LiveCheckAndTwinTests {
    @Suite struct LiveQuizBlockTests {
        @Test func quizWithCheckIsALiveQuiz() {
            let body = quizBlock("question: Train until the validation accuracy reaches 0.95.",
                                 "check: mlp val-accuracy >= 0.95",
                                 "explain: More epochs, or a larger hidden layer.")
            let lesson = LessonParser.parse(checkLessonText(body), path: "live.md", labs: .standard)
            #expect(lesson.diagnostics.isEmpty)
            let quiz = Quiz(question: "Train until the validation accuracy reaches 0.95.", choices: [],
                            answer: .live(LiveCheck(lab: .mlp, metric: "val-accuracy", comparison: .atLeast, value: 0.95)),
                            explanation: "More epochs, or a larger hidden layer.")
            #expect(lesson.blocks.map(\.block) == [.quiz(quiz)])
            #expect(lesson.quizzes.map(\.line) == [6])
        }

        @Test func divergedQuizParses() {
            let lesson = LessonParser.parse(checkLessonText(quizBlock("question: Make it blow up.", "check: gd diverged")), path: "d.md", labs: .standard)
            #expect(lesson.diagnostics.isEmpty)
            #expect(lesson.quizzes.first?.quiz.answer == .live(LiveCheck(lab: .gd, metric: "diverged")))
        }

        @Test func checkWithAnAnswerIsReportedOnTheAnswerLine() {
            // Lines: 6 fence, 7 question, 8 check, 9 answer.
            let body = quizBlock("question: Q?", "check: gd loss < 0.01", "answer: 0.01")
            let lesson = LessonParser.parse(checkLessonText(body), path: "both.md", labs: .standard)
            #expect(lesson.diagnostics.map(\.description) == ["both.md:9: a quiz with 'check:' is answered by a lab run; drop 'answer:'"])
        }

        @Test func checkWithChoicesIsReportedOnTheFirstChoice() {
            // Lines: 6 fence, 7 question, 8 first choice, 9 second, 10 check.
            let body = quizBlock("question: Q?", "- yes", "- no", "check: mlp epochs >= 3")
            let lesson = LessonParser.parse(checkLessonText(body), path: "choices.md", labs: .standard)
            #expect(lesson.diagnostics.map(\.description) == ["choices.md:8: a quiz with 'check:' takes no choices"])
        }

        @Test func checkWithBothAnswerAndChoicesReportsBoth() {
            let body = quizBlock("question: Q?", "- yes", "- no", "answer: a", "check: mlp epochs >= 3")
            let lesson = LessonParser.parse(checkLessonText(body), path: "c.md", labs: .standard)
            #expect(Set(lesson.diagnostics.map(\.line)) == [8, 10])
        }

        @Test(arguments: [
            ("check: rnn loss < 1", "'rnn' is not a lab"),
            ("check: gd epochs >= 3", "unknown metric 'epochs' for lab gd"),
            ("check: mlp loss ~ 1", "unknown comparison '~'"),
            ("check: mlp loss < low", "got 'low'"),
            ("check: mlp loss <", "check wants 'LAB METRIC OP VALUE'"),
            ("check:", "is not a lab"),
        ])
        func badCheckIsReportedOnItsLineAndTheQuizDropped(line: String, expected: String) {
            let lesson = LessonParser.parse(checkLessonText(quizBlock("question: Q?", line)), path: "bad.md", labs: .standard)
            #expect(lesson.diagnostics.count == 1)
            #expect(lesson.diagnostics.first?.line == 8)
            #expect(lesson.diagnostics.first?.message.contains(expected) == true)
            #expect(lesson.quizzes.isEmpty)
        }

        @Test func unknownKeyListsCheckAmongTheKnown() {
            let lesson = LessonParser.parse(checkLessonText(quizBlock("question: Q?", "check: gd diverged", "chek: x")), path: "k.md", labs: .standard)
            #expect(lesson.diagnostics.map(\.line) == [9])
            #expect(lesson.diagnostics.first?.message.contains("known: question, answer, tolerance, check, explain") == true)
        }
    }
}

extension LiveCheckAndTwinTests {
    @Suite struct TryBlockWordsTests {
        @Test func trainSizeAllAndPatienceOff() {
            #expect(Lab.mlp.problem(setting: "train-size", value: "all") == nil)
            #expect(Lab.mlp.problem(setting: "train-size", value: "5000") == nil)
            #expect(Lab.mlp.problem(setting: "patience", value: "off") == nil)
            #expect(Lab.mlp.problem(setting: "patience", value: "3") == nil)
            // Each word belongs to its own setting only.
            #expect(Lab.mlp.problem(setting: "train-size", value: "off") == "setting 'train-size' of lab mlp: a whole number or 'all', got “off”")
            #expect(Lab.mlp.problem(setting: "patience", value: "all") == "setting 'patience' of lab mlp: a whole number or 'off', got “all”")
            #expect(Lab.mlp.problem(setting: "patience", value: "none") != nil)
            #expect(Lab.mlp.problem(setting: "train-size", value: "half") != nil)
            #expect(Lab.mlp.problem(setting: "epochs", value: "all") != nil)
        }

        @Test func tryBlockKeepsTheWordsInOrder() {
            let body = tryBlockText("lab: mlp", "train-size: all", "patience: off", "epochs: 20")
            let lesson = LessonParser.parse(checkLessonText(body), path: "t.md", labs: .standard)
            #expect(lesson.diagnostics.isEmpty)
            let settings = lesson.tryBlocks.first?.block.settings ?? []
            #expect(settings.map(\.key) == ["train-size", "patience", "epochs"])
            #expect(settings.map(\.value) == ["all", "off", "20"])
        }

        @Test func tryBlockWithAWrongWordIsReported() {
            let lesson = LessonParser.parse(checkLessonText(tryBlockText("lab: mlp", "patience: never")), path: "t.md", labs: .standard)
            #expect(lesson.diagnostics.map(\.description) == ["t.md:8: setting 'patience' of lab mlp: a whole number or 'off', got “never”"])
        }
    }
}

extension LiveCheckAndTwinTests {
    @Suite struct TwinCheckTests {
        /// Writes `files` (relative path → text) under a fresh temporary folder and loads it as a library.
        func library(_ files: [String: String]) throws -> (LessonLibrary, root: String) {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-twins-\(UUID().uuidString)").path
            for (rel, text) in files {
                let path = (root as NSString).appendingPathComponent(rel)
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
            return (LessonLibrary.load(from: root, labs: .standard), root)
        }

        /// The library's folder diagnostics as "file:line: message", every path relative to the root.
        func problems(_ lib: LessonLibrary, _ root: String) -> [String] {
            lib.folderDiagnostics.map { $0.description.replacingOccurrences(of: root + "/", with: "") }
        }

        /// A lesson with a choice quiz (answer b), a number quiz (0.5 ± 0.01) and a gd try block, in either language.
        func twin(_ lang: String, id: String = "a", order: String = "1", lab: String? = "gd", choiceAnswer: String = "b",
                  number: String = "0.5", tolerance: String = "0.01", alpha: String = "0.2", extraQuiz: Bool = false,
                  tryLab: String = "gd", settingsSwapped: Bool = false) -> String {
            let zh = lang == "zh"
            var body = "# \(zh ? "标题" : "Title")\n\n\(zh ? "一段话。" : "A paragraph.")\n\n"
            body += quizBlock("question: \(zh ? "哪一个？" : "Which one?")", "- one", "- two", "- three",
                              "answer: \(choiceAnswer)", "explain: \(zh ? "因为。" : "Because.")")
            body += "\n" + quizBlock("question: \(zh ? "多少？" : "How much?")", "answer: \(number)", "tolerance: \(tolerance)")
            if extraQuiz { body += "\n" + quizBlock("question: \(zh ? "再来？" : "Again?")", "answer: 1") }
            let tryLines = tryLab == "gd"
                ? (settingsSwapped ? ["lab: gd", "iterations: 50", "alpha: \(alpha)"] : ["lab: gd", "alpha: \(alpha)", "iterations: 50"])
                : ["lab: \(tryLab)", "epochs: 2"]
            body += "\n```try\n" + tryLines.joined(separator: "\n") + "\nnote: \(zh ? "看看。" : "Look.")\n```\n"
            return checkLessonText(body, id: id, order: order, lab: lab)
        }

        // Lines of `twin` with a lab line (six lines of front matter): 7 heading, 9 paragraph, 11 choice quiz,
        // 20 number quiz, 26 try block (or 26 the extra quiz and 31 the try block).

        @Test func identicalStructureInBothLanguagesIsClean() throws {
            let (lib, root) = try library(["zh/01-a.md": twin("zh"), "en/01-a.md": twin("en")])
            defer { try? FileManager.default.removeItem(atPath: root) }
            #expect(lib.diagnostics.isEmpty)
            #expect(lib.lessons(in: "en").first?.quizzes.map(\.line) == [11, 20])
            #expect(lib.lessons(in: "en").first?.tryBlocks.map(\.line) == [26])
        }

        @Test func missingTwinIsReportedEitherWay() throws {
            let (lib, root) = try library([
                "zh/01-a.md": twin("zh", id: "a"), "en/01-a.md": twin("en", id: "a"),
                "zh/02-only-zh.md": twin("zh", id: "only-zh", order: "2"),
                "en/03-only-en.md": twin("en", id: "only-en", order: "3"),
            ])
            defer { try? FileManager.default.removeItem(atPath: root) }
            #expect(problems(lib, root).sorted() == [
                "en/03-only-en.md:1: lesson 'only-en' has no zh twin",
                "zh/02-only-zh.md:1: lesson 'only-zh' has no en twin",
            ])
        }

        @Test func differentQuizCount() throws {
            let (lib, root) = try library(["zh/01-a.md": twin("zh"), "en/01-a.md": twin("en", extraQuiz: true)])
            defer { try? FileManager.default.removeItem(atPath: root) }
            #expect(problems(lib, root) == ["en/01-a.md:1: 3 quizzes, its twin zh/01-a.md has 2"])
        }

        @Test func differentChoiceAnswerIsReportedOnTheQuizLine() throws {
            let (lib, root) = try library(["zh/01-a.md": twin("zh"), "en/01-a.md": twin("en", choiceAnswer: "c")])
            defer { try? FileManager.default.removeItem(atPath: root) }
            let found = problems(lib, root)
            #expect(found.count == 1)
            #expect(found.first?.hasPrefix("en/01-a.md:11: this quiz's answer") == true)
            #expect(found.first?.contains("differs from its twin's at zh/01-a.md:11") == true)
        }

        @Test func differentNumberOrToleranceIsReported() throws {
            let (lib, root) = try library([
                "zh/01-a.md": twin("zh"), "en/01-a.md": twin("en", number: "0.6"),
                "zh/02-b.md": twin("zh", id: "b", order: "2"), "en/02-b.md": twin("en", id: "b", order: "2", tolerance: "0.1"),
            ])
            defer { try? FileManager.default.removeItem(atPath: root) }
            let found = problems(lib, root)
            #expect(found.count == 2)
            #expect(found.contains { $0.hasPrefix("en/01-a.md:20: this quiz's answer") })
            #expect(found.contains { $0.hasPrefix("en/02-b.md:20: this quiz's answer") })
        }

        @Test func differentTrySettingsAreReportedOnTheTryLine() throws {
            let (lib, root) = try library([
                "zh/01-a.md": twin("zh"), "en/01-a.md": twin("en", alpha: "0.3"),
                "zh/02-b.md": twin("zh", id: "b", order: "2"), "en/02-b.md": twin("en", id: "b", order: "2", settingsSwapped: true),
                "zh/03-c.md": twin("zh", id: "c", order: "3"), "en/03-c.md": twin("en", id: "c", order: "3", tryLab: "mlp"),
            ])
            defer { try? FileManager.default.removeItem(atPath: root) }
            let found = problems(lib, root)
            #expect(found.count == 3)
            #expect(found.contains {
                $0.hasPrefix("en/01-a.md:26: this try block (gd: alpha=0.3 iterations=50) differs from its twin's at zh/01-a.md:26 (gd: alpha=0.2 iterations=50)")
            })
            #expect(found.contains { $0.hasPrefix("en/02-b.md:26: this try block (gd: iterations=50 alpha=0.2)") })
            #expect(found.contains { $0.hasPrefix("en/03-c.md:26: this try block (mlp: epochs=2)") })
        }

        @Test func differentLessonLabOrOrder() throws {
            let (lib, root) = try library([
                "zh/01-a.md": twin("zh"), "en/01-a.md": twin("en", lab: "mlp"),
                "zh/02-b.md": twin("zh", id: "b", order: "2"), "en/02-b.md": twin("en", id: "b", order: "2.1"),
                "zh/03-c.md": twin("zh", id: "c", order: "3"), "en/03-c.md": twin("en", id: "c", order: "3", lab: nil),
            ])
            defer { try? FileManager.default.removeItem(atPath: root) }
            #expect(problems(lib, root).sorted() == [
                "en/01-a.md:1: lab 'mlp' differs from its twin's 'gd' (zh/01-a.md)",
                "en/02-b.md:1: order 2.1 differs from its twin's 2 (zh/02-b.md)",
                "en/03-c.md:1: lab 'none' differs from its twin's 'gd' (zh/03-c.md)",
            ])
        }

        @Test func twinDiagnosticsWorkOnLessonsInMemoryToo() {
            let en = LessonParser.parse(twin("en", choiceAnswer: "a"), path: "en/a.md", labs: .standard)
            let zh = LessonParser.parse(twin("zh"), path: "zh/a.md", labs: .standard)
            let found = LessonLibrary.twinDiagnostics(["en": [en], "zh": [zh]])
            #expect(found.map(\.path) == ["en/a.md"])
            #expect(found.map(\.line) == [11])
            #expect(LessonLibrary.twinDiagnostics(["en": [en], "zh": [en]]).isEmpty)
        }
    }
}

extension LiveCheckAndTwinTests {
    @Suite struct LeftoverTeXTests {
        @Test func unknownCommandIsFlaggedWithFileAndLine() {
            // Lines: 6 heading, 7 blank, 8 paragraph with the unknown command.
            var lesson = LessonParser.parse(checkLessonText("# Math\n\nA made-up command: $\\foo{x}$.\n"), path: "en/m.md", labs: .standard)
            let found = LessonLibrary.mathDiagnostics(lesson)
            #expect(found.count == 1)
            #expect(found.first?.description.hasPrefix("en/m.md:8: formula '\\foo{x}' renders with leftover TeX '\\foo'") == true)
            lesson.diagnostics += found
            #expect(lesson.hasErrors)
        }

        @Test func knownFormulasAreNotFlagged() {
            let body = "# Math\n\nInline $\\alpha + \\beta^2 \\le \\frac{1}{2}$ and $w \\cdot x + b$.\n\n$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n"
                + "- a list item with $\\sqrt{x}$\n\n"
                + quizBlock("question: What is $\\theta_{0}$?", "answer: 1", "explain: $\\theta_0 = 1$.")
            let lesson = LessonParser.parse(checkLessonText(body), path: "ok.md", labs: .standard)
            #expect(lesson.diagnostics.isEmpty)
            #expect(LessonLibrary.mathDiagnostics(lesson).isEmpty)
        }

        @Test func leftoverInDisplayMathAndQuizzesIsFlaggedToo() {
            // Lines: 6 display math, 7 blank, 8 quiz fence.
            let body = "$$\\bogus{y}$$\n\n" + quizBlock("question: Q?", "answer: 1", "explain: see $\\nope$.")
            let lesson = LessonParser.parse(checkLessonText(body), path: "d.md", labs: .standard)
            let found = LessonLibrary.mathDiagnostics(lesson)
            #expect(found.map(\.line) == [6, 8])
            #expect(found.map { $0.message.contains("leftover TeX '\\bogus'") } == [true, false])
            #expect(found.last?.message.contains("'\\nope'") == true)
        }

        @Test func loadingALibraryAddsTheMathDiagnosticsToTheLesson() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-tex-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: root) }
            for lang in ["zh", "en"] {
                try FileManager.default.createDirectory(atPath: root + "/" + lang, withIntermediateDirectories: true)
                let line = lang == "en" ? "Broken: $\\foo{x}$.\n" : "好的：$x^2$。\n"
                try checkLessonText("# T\n\n" + line).write(toFile: root + "/\(lang)/01-t.md", atomically: true, encoding: .utf8)
            }
            let lib = LessonLibrary.load(from: root, labs: .standard)
            #expect(lib.diagnostics.map(\.description) == ["\(root)/en/01-t.md:8: formula '\\foo{x}' renders with leftover TeX '\\foo': \(MathRenderer.render("\\foo{x}"))"])
        }

        @Test func leftoverTeXFindsCommandsBracesAndGroupedScripts() {
            #expect(LessonLibrary.leftoverTeX(in: "\\foo x") == "\\foo")
            #expect(LessonLibrary.leftoverTeX(in: "a {b}") == "{")
            #expect(LessonLibrary.leftoverTeX(in: "x}") == "}")
            #expect(LessonLibrary.leftoverTeX(in: "x^{2}") == "^{")
            #expect(LessonLibrary.leftoverTeX(in: "σ(z) = 1/(1 + e⁻ᶻ)") == nil)
            #expect(LessonLibrary.leftoverTeX(in: "a \\ b") == nil)
            #expect(LessonLibrary.leftoverTeX(in: "x^2 and y_1") == nil)
        }
    }
}
