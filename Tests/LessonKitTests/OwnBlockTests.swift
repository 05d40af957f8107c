import LabKit
import Testing
@testable import LessonKit

@Suite struct OwnBlockTests {
    @Test func multipleChoiceQuiz() {
        let body = "```quiz\nquestion: Which one?\n  Really?\n- first\n- second\nanswer: b\nexplain: Because.\n```\n"
        let lesson = LessonParser.parse(lessonText(body), path: "a.md", labs: .standard)
        #expect(lesson.diagnostics.isEmpty)
        #expect(lesson.blocks.map(\.block) == [.quiz(Quiz(question: "Which one? Really?", choices: ["first", "second"],
                                                         answer: .choice(1), explanation: "Because."))])
    }

    @Test func numericQuizWithTolerance() {
        let body = "```quiz\nquestion: θ after one step?\nanswer: 0.34\ntolerance: 0.01\n```\n"
        let lesson = LessonParser.parse(lessonText(body), path: "a.md", labs: .standard)
        #expect(lesson.blocks.map(\.block) == [.quiz(Quiz(question: "θ after one step?", choices: [],
                                                         answer: .number(0.34, tolerance: 0.01), explanation: ""))])
    }

    @Test func quizProblemsCarryLines() {
        let body = "```quiz\nquestion: Q\n- a\n- b\nanswer: e\nhint: no\n```\n"
        let lesson = LessonParser.parse(lessonText(body), path: "q.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.line) == [10, 11])
        #expect(lesson.diagnostics[0].message.contains("answer must be a letter a–b"))
        #expect(lesson.diagnostics[1].message.contains("unknown quiz key 'hint'"))
    }

    @Test func quizWithoutQuestion() {
        let lesson = LessonParser.parse(lessonText("```quiz\nanswer: 1\n```\n"), path: "q.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.line) == [6])
        #expect(lesson.blocks.isEmpty)
    }

    @Test func tryBlock() {
        let body = "```try\nlab: gd\nalpha: 1.5\niterations: 50\nnote: Watch it diverge.\n```\n"
        let lesson = LessonParser.parse(lessonText(body), path: "a.md", labs: .standard)
        #expect(lesson.diagnostics.isEmpty)
        #expect(lesson.blocks.map(\.block) == [.tryIt(TryBlock(lab: .gd, settings: [("alpha", "1.5"), ("iterations", "50")],
                                                             note: "Watch it diverge."))])
    }

    @Test func tryBlockWithUnknownLabOrSetting() {
        let lesson = LessonParser.parse(lessonText("```try\nlab: rnn\n```\n\n```try\nlab: mlp\nlr: fast\nwidth: 3\n```\n"), path: "t.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.line) == [7, 12, 13])
        #expect(lesson.diagnostics[0].message.contains("unknown lab 'rnn'"))
        #expect(lesson.diagnostics[1].message.contains("wants a number"))
        #expect(lesson.diagnostics[2].message.contains("unknown setting 'width'"))
    }

    @Test func labSettingKinds() {
        #expect(Lab.mlp.problem(setting: "hidden", value: "64,64") == nil)
        #expect(Lab.mlp.problem(setting: "hidden", value: "64,x") != nil)
        #expect(Lab.gd.problem(setting: "theta0", value: "0, 0.5") == nil)
        #expect(Lab.word2vec.problem(setting: "cbow", value: "yes") == nil)
        #expect(Lab.gd.problem(setting: "alpha", value: "inf") != nil)
    }
}

/// Authors' comments and the "going deeper" aside.
@Suite struct CommentAndDeeperTests {
    @Test func commentsAreSkippedOnOneLineOrSeveral() {
        let body = "Before.\n<!-- how: 2 + 2 = 4 -->\nStill before.\n\n<!--\nseveral\nlines -->\nAfter.\n"
        let lesson = LessonParser.parse(lessonText(body), path: "c.md", labs: .standard)
        #expect(lesson.diagnostics.isEmpty)
        #expect(lesson.blocks.map(\.block) == [.paragraph([.text("Before.")]), .paragraph([.text("Still before.")]), .paragraph([.text("After.")])])
        let open = LessonParser.parse(lessonText("Text.\n\n<!-- never closed\nmore\n"), path: "c.md", labs: .standard)
        #expect(open.diagnostics.map(\.description) == ["c.md:8: unclosed comment: add '-->' to end the comment opened here"])
    }

    @Test func aDeeperBlockHoldsTextUnderItsTitle() {
        let body = "```deeper\ntitle: Eigenvectors\nThe slope is $\\lambda$.\n\n- one\n- two\n```\n"
        let lesson = LessonParser.parse(lessonText(body), path: "d.md", labs: .standard)
        #expect(lesson.diagnostics.isEmpty)
        guard case .deeper(let title, let inner)? = lesson.blocks.first?.block else { Issue.record("no deeper block"); return }
        #expect(title == "Eigenvectors" && inner.count == 2)
        #expect(inner.map(\.line) == [8, 10], "inner blocks keep their file lines")
        #expect(lesson.diagnostics.isEmpty)
    }

    @Test func quizzesInsideADeeperBlockAreReportedAndDropped() {
        let body = "```deeper\nText.\n~~~quiz\nquestion: Q\nanswer: 1\n~~~\n```\n"
        let lesson = LessonParser.parse(lessonText(body), path: "d.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.description) == ["d.md:8: a deeper block holds text, not quizzes, try blocks or other deeper blocks: move it out"])
        guard case .deeper(let title, let inner)? = lesson.blocks.first?.block else { Issue.record("no deeper block"); return }
        #expect(title.isEmpty && inner.count == 1)
    }
}
