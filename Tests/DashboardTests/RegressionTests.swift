import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

/// Defects found in review, each pinned by the smallest case that showed it.
@Suite struct RegressionTests {
    @Test func hugeNumbersAreFormattedCompactlyInsteadOfTrapping() {
        #expect(NumberFormat.fixed(1.5e20) == NumberFormat.compact(1.5e20))
        #expect(NumberFormat.fixed(-3e18, decimals: 4) == NumberFormat.compact(-3e18))
        #expect(NumberFormat.fixed(0.1234) == "0.123")
    }

    @Test func enterActsOnTheQuizWhoseTopIsTheFirstRowNotTheNextOne() {
        let text = "---\nid: two\ntitle: Two\norder: 1\n---\nIntro.\n\n```quiz\nquestion: First?\n- a\n- b\nanswer: a\n```\n\n"
            + "```quiz\nquestion: Second?\n- a\n- b\nanswer: b\n```\n"
        let lesson = LessonParser.parse(text, path: "en/two.md", labs: .standard)
        let twin = LessonParser.parse(text, path: "zh/two.md", labs: .standard)
        var s = AppState(library: LessonLibrary(root: "/r", lessons: ["en": [lesson], "zh": [twin]]), language: "en",
                         width: 100, height: 12)
        let lines = s.document.lines
        let firstQuizBlock = lesson.blocks.firstIndex { if case .quiz = $0.block { return true } else { return false } }!
        let blank = lines.firstIndex { $0.anchor.block == firstQuizBlock }!
        #expect(lines[blank].anchor.offset < 0, "the renderer puts a blank line with offset −1 before a box")
        for top in [blank, blank + 1] {  // the blank line first, or the box's top border first
            s.scroll = top
            guard case .quiz(_, let index)? = s.visibleActionBlock else {
                Issue.record("no quiz found with row \(top) on top")
                continue
            }
            #expect(index == 0, "row \(top) on top")
        }
    }

    @Test func aLessonOpenedWhileTheLabIsZoomedShowsItsOwnTextAfterwards() {
        func long(_ lang: String, _ id: String, _ order: String) -> Lesson {
            let body = (1...80).map { "Paragraph \($0) of \(id)." }.joined(separator: "\n\n")
            return LessonParser.parse("---\nid: \(id)\ntitle: \(id)\norder: \(order)\n---\n" + body, path: "\(lang)/\(id).md", labs: .standard)
        }
        let library = LessonLibrary(root: "/r", lessons: ["en": [long("en", "one", "1"), long("en", "two", "2")],
                                                         "zh": [long("zh", "one", "1"), long("zh", "two", "2")]])
        var s = AppState(library: library, language: "en", width: 120, height: 40, lessonID: "one")
        _ = s.press(.char("1"), .char("G"), .char("z"), .char("]"), .char("z"))
        #expect(s.currentLesson?.meta.id == "two")
        #expect(s.document.lessonPath == "en/two.md")
        #expect(s.scroll == 0, "a lesson never visited opens at its top, not at the place read in the other one")
    }

    @Test func helpScrollStopsWhereTheLastLineShows() {
        var s = AppState(library: fixtureLibrary(), language: "en", width: 80, height: 24)
        _ = s.press(.char("?"))
        for _ in 0..<200 { _ = s.press(.char("j")) }
        let end = Screen.helpMaxScroll(s)
        #expect(end > 0 && s.helpScroll == end)
        _ = s.press(.char("k"))
        #expect(s.helpScroll == end - 1, "one k moves the view at once")
    }
}
