import LabKit
import Foundation
import Testing
@testable import LessonKit

/// Builds a lesson file: front matter, then the body.
func lessonText(_ body: String, lab: String? = nil) -> String {
    "---\nid: demo\ntitle: Demo\norder: 3.1\n" + (lab.map { "lab: \($0)\n" } ?? "") + "---\n" + body
}

@Suite struct LessonParserTests {
    @Test func frontMatterIsRead() {
        let lesson = LessonParser.parse(lessonText("# Hi\n", lab: "mlp"), path: "en/03-demo.md", labs: .standard)
        #expect(lesson.meta == LessonMeta(id: "demo", title: "Demo", order: [3, 1], lab: .mlp))
        #expect(lesson.diagnostics.isEmpty)
        #expect(lesson.blocks == [BlockNode(line: 7, block: .heading(level: 1, text: [.text("Hi")]))])
    }

    @Test func missingFrontMatterFallsBackToTheFileName() {
        let lesson = LessonParser.parse("# Hi\n", path: "zh/07-some-thing.md", labs: .standard)
        #expect(lesson.meta.id == "some-thing")
        #expect(lesson.meta.order == [7])
        #expect(lesson.diagnostics.map(\.line) == [1])
        #expect(lesson.diagnostics[0].description.hasPrefix("zh/07-some-thing.md:1: missing front matter"))
        #expect(lesson.blocks.count == 1)
    }

    @Test func badFrontMatterValuesAreReportedWithTheirLines() {
        let text = "---\nid: bad id\ntitle: T\norder: 3.x\nlab: robot\ncolour: red\n---\nText\n"
        let lesson = LessonParser.parse(text, path: "a.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.line) == [2, 4, 5, 6])
        #expect(lesson.diagnostics[2].message.contains("unknown lab 'robot'"))
        #expect(lesson.diagnostics[3].message.contains("unknown key 'colour'"))
    }

    @Test func unclosedFrontMatter() {
        let lesson = LessonParser.parse("---\nid: x\ntitle: y\n", path: "a.md", labs: .standard)
        #expect(lesson.diagnostics.contains { $0.message.contains("not closed") })
    }

    @Test func paragraphsJoinLinesAndKeepCJKTight() {
        let lesson = LessonParser.parse(lessonText("one\ntwo\n\n神经\n网络\n"), path: "a.md", labs: .standard)
        #expect(lesson.blocks.map(\.block) == [.paragraph([.text("one two")]), .paragraph([.text("神经网络")])])
        #expect(lesson.blocks.map(\.line) == [6, 9])
    }

    @Test func inlineMarkup() {
        let inl = InlineParser.parse("a *em* **strong** `code` $x_i$ [link](http://x) \\*lit\\* $5")
        #expect(inl == [
            .text("a "), .emphasis([.text("em")]), .text(" "), .strong([.text("strong")]), .text(" "),
            .code("code"), .text(" "), .math("x_i"), .text(" "), .link(text: [.text("link")], url: "http://x"),
            .text(" *lit* $5"),
        ])
    }

    @Test func unmatchedMarkersStayLiteral() {
        #expect(InlineParser.parse("2 * 3 and `open") == [.text("2 * 3 and `open")])
        #expect(InlineParser.parse("**bold *both* done**") == [.strong([.text("bold "), .emphasis([.text("both")]), .text(" done")])])
    }

    @Test func listsNestAndNumber() {
        let body = "- a\n  continued\n  - nested\n- b\n\n1. one\n2. two\n"
        let blocks = LessonParser.parse(lessonText(body), path: "a.md", labs: .standard).blocks.map(\.block)
        #expect(blocks == [
            .list(ordered: false, items: [
                ListItem(depth: 0, number: 1, text: [.text("a continued")]),
                ListItem(depth: 1, number: 2, text: [.text("nested")]),
                ListItem(depth: 0, number: 3, text: [.text("b")]),
            ]),
            .list(ordered: true, items: [
                ListItem(depth: 0, number: 1, text: [.text("one")]),
                ListItem(depth: 0, number: 2, text: [.text("two")]),
            ]),
        ])
    }

    @Test func quotesRuleAndHeadings() {
        let blocks = LessonParser.parse(lessonText("## Two\n> quoted *x*\n> more\n\n---\n### Three\n"), path: "a.md", labs: .standard).blocks.map(\.block)
        #expect(blocks == [
            .heading(level: 2, text: [.text("Two")]),
            .quote([BlockNode(line: 7, block: .paragraph([.text("quoted "), .emphasis([.text("x")]), .text(" more")]))]),
            .rule,
            .heading(level: 3, text: [.text("Three")]),
        ])
    }

    @Test func codeFencesKeepTheirLines() {
        let blocks = LessonParser.parse(lessonText("```python\nx = 1\n\n\tprint(x)\n```\n"), path: "a.md", labs: .standard).blocks.map(\.block)
        #expect(blocks == [.code(language: "python", lines: ["x = 1", "", "    print(x)"])])
    }

    @Test func unclosedFenceIsReportedAtItsOpeningLine() {
        let lesson = LessonParser.parse(lessonText("text\n\n```swift\nlet x = 1\n"), path: "l.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.description) == ["l.md:8: unclosed code fence: add a line '```' to end the block opened here"])
        #expect(lesson.blocks.count == 2)
    }

    @Test func unknownBlockKindIsReported() {
        let lesson = LessonParser.parse(lessonText("```qiuz\nquestion: x\n```\n"), path: "l.md", labs: .standard)
        #expect(lesson.diagnostics.count == 1)
        #expect(lesson.diagnostics[0].line == 6)
        #expect(lesson.diagnostics[0].message.contains("unknown block kind 'qiuz'"))
    }

    @Test func displayMathOnOneLineAndAcrossLines() {
        let blocks = LessonParser.parse(lessonText("$$y = f(x)$$\n\n$$\n\\theta \\leftarrow\n\\theta\n$$\n"), path: "a.md", labs: .standard).blocks.map(\.block)
        #expect(blocks == [.math("y = f(x)"), .math("\\theta \\leftarrow \\theta")])
    }

    @Test func unclosedDisplayMath() {
        let lesson = LessonParser.parse(lessonText("$$\nx + y\n"), path: "a.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.line) == [6])
    }

    @Test func tables() {
        let body = "| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | 3 |\n| x \\| y | | z |\n"
        let blocks = LessonParser.parse(lessonText(body), path: "a.md", labs: .standard).blocks.map(\.block)
        #expect(blocks == [.table(Table(
            header: [[.text("a")], [.text("b")], [.text("c")]],
            alignments: [.left, .center, .right],
            rows: [[[.text("1")], [.emphasis([.text("2")])], [.text("3")]], [[.text("x | y")], [], [.text("z")]]]))])
    }
}

@Suite struct LineEndingTests {
    @Test func windowsLineEndingsParseLikeUnix() {
        let unix = lessonText("# Title\n\nSome text.\n\n```quiz\nquestion: Q?\n- a\n- b\nanswer: a\n```\n")
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let a = LessonParser.parse(unix, path: "u.md", labs: .standard), b = LessonParser.parse(windows, path: "w.md", labs: .standard)
        #expect(b.diagnostics.isEmpty)
        #expect(a.meta == b.meta)
        #expect(a.blocks == b.blocks)
    }
}
