import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct ReducerTests {
    func state(_ lang: String = "en", width: Int = 100, height: Int = 30) -> AppState {
        AppState(library: fixtureLibrary(), language: lang, width: width, height: height)
    }

    @Test func scrollingStaysInBounds() {
        var s = state()
        _ = s.press(.up, .char("k"))
        #expect(s.scroll == 0)
        _ = s.press(.down, .char("j"))
        #expect(s.scroll == 2)
        _ = s.press(.char("G"))
        #expect(s.scroll == s.maxScroll && s.maxScroll > 0)
        _ = s.press(.pageDown)
        #expect(s.scroll == s.maxScroll)
        _ = s.press(.char("g"))
        #expect(s.scroll == 0)
        _ = s.press(.char(" "))
        #expect(s.scroll == s.pageHeight - 1)
        _ = s.press(.pageUp)
        #expect(s.scroll == 0)
        _ = s.press(.wheelDown)
        #expect(s.scroll == 3)
    }

    @Test func nextAndPreviousLessonResumePositions() {
        var s = state()
        _ = s.press(.char("j"), .char("j"), .char("j"), .char("j"))
        _ = s.press(.right)
        #expect(s.currentLesson?.meta.id == "forward")
        #expect(s.scroll == 0)
        _ = s.press(.right)
        #expect(s.message == UIText.english.lastLesson)
        _ = s.press(.char("["))
        #expect(s.currentLesson?.meta.id == "intro")
        #expect(s.scroll == 4)
    }

    @Test func listFocusMovesSelectionAndEnterOpens() {
        var s = state()
        _ = s.press(.tab)
        #expect(s.focus == .list)
        _ = s.press(.down)
        #expect(s.listSelection == 1 && s.lessonIndex == 0)
        _ = s.press(.enter)
        #expect(s.lessonIndex == 1 && s.focus == .lesson)
        _ = s.press(.backTab)
        #expect(s.focus == .list)
    }

    @Test func languageSwitchKeepsTheLesson() {
        var s = state()
        _ = s.press(.right, .char("L"))
        #expect(s.language == "zh")
        #expect(s.currentLesson?.meta.title == "前向传播")
        _ = s.press(.char("L"))
        #expect(s.language == "en" && s.currentLesson?.meta.id == "forward")
    }

    @Test func searchFindsAndCyclesMatches() {
        var s = state()
        _ = s.press(.right, .char("/"), .char("r"), .char("e"), .char("l"), .char("u"))
        #expect(s.searchTyped == "relu")
        _ = s.press(.enter)
        #expect(s.searchTyped == nil)
        #expect(s.search.matches.count == 2)
        #expect(s.search.current == 0)
        _ = s.press(.char("n"))
        #expect(s.search.current == 1)
        _ = s.press(.char("n"))
        #expect(s.search.current == 0)
        _ = s.press(.char("N"))
        #expect(s.search.current == 1)
    }

    @Test func searchJumpsToAFarMatchAndEscCancels() {
        var s = state()
        _ = s.press(.char("/"), .char("5"), .char("9"), .enter)
        #expect(s.search.matches.count == 1)
        #expect(s.scroll > 0)
        let line = s.search.matches[0].line
        #expect(line >= s.scroll && line < s.scroll + s.pageHeight)
        _ = s.press(.char("/"), .char("x"), .escape)
        #expect(s.searchTyped == nil && s.search.query == "59")
        _ = s.press(.char("/"), .char("z"), .char("z"), .char("z"), .enter)
        #expect(s.message?.contains("No match") == true)
    }

    @Test func typingInSearchDoesNotTriggerCommands() {
        var s = state()
        _ = s.press(.char("/"))
        #expect(s.press(.char("q")).isEmpty)
        #expect(s.searchTyped == "q")
        _ = s.press(.backspace, .backspace)
        #expect(s.searchTyped == nil)
    }

    @Test func helpToggles() {
        var s = state()
        _ = s.press(.char("?"))
        #expect(s.showHelp)
        _ = s.press(.char("j"))
        #expect(s.scroll == 0)
        _ = s.press(.escape)
        #expect(!s.showHelp)
    }

    @Test func quitKeys() {
        var s = state()
        #expect(s.press(.char("q")) == [.quit])
        #expect(s.press(.ctrl("c")) == [.quit])
        #expect(s.press(.ctrl("l")) == [.redrawAll])
    }

    @Test func resizeKeepsTheReadingPosition() {
        var s = state(width: 120, height: 30)
        _ = s.press(.char(" "), .char(" "))
        let anchor = s.document.lines[s.scroll].anchor
        _ = s.reduce(.resized(width: 60, height: 20))
        #expect(s.document.lines[s.scroll].anchor.block == anchor.block)
        _ = s.reduce(.resized(width: 20, height: 5))
        _ = s.reduce(.resized(width: 120, height: 30))
        #expect(s.document.lines[s.scroll].anchor.block == anchor.block)
    }

    @Test func openingOnALessonByID() {
        let s = AppState(library: fixtureLibrary(), language: "zh", width: 80, height: 24, lessonID: "forward")
        #expect(s.currentLesson?.meta.title == "前向传播")
    }
}
