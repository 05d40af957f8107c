import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Showing a lab with its number key, hiding it with 0, zooming it, and the layout around it.

extension LabReducerTests {
    @Suite struct LabShowAndZoomTests: LabReducerTesting {
        @Test(arguments: [(Character("1"), Lab.mlp), ("2", .gd), ("3", .word2vec)])
        func numberKeyShowsItsLab(key: Character, lab: Lab) {
            var s = labState()
            #expect(s.press(.char(key)).isEmpty)
            #expect(s.labs.shown == lab)
            #expect(s.message == english.labName(lab))
        }

        @Test func zeroHidesTheLabAndLeavesZoom() {
            var s = labState()
            _ = s.press(.char("1"), .char("z"))
            #expect(s.labs.zoomed)
            _ = s.press(.char("0"))
            #expect(s.labs.shown == nil)
            #expect(!s.labs.zoomed)
            #expect(s.layout.lab.isEmpty)
        }

        @Test func showingALabNarrowsTheLessonText() {
            var s = labState(width: 120, height: 40)
            let alone = s.layout.lessonText.width
            _ = s.press(.char("2"))
            #expect(s.layout.lessonText.width < alone)
            // The lesson is laid out again for the narrower pane.
            #expect(s.document.lines.allSatisfy { DisplayWidth.of($0.line.plainText) <= s.layout.lessonText.width })
            _ = s.press(.char("0"))
            #expect(s.layout.lessonText.width == alone)
        }

        @Test func at80x24TheLabSitsBelowTheLesson() {
            var s = labState(width: 80, height: 24)
            _ = s.press(.char("1"))
            let l = s.layout
            #expect(l.lab == Rect(x: 0, y: 11, width: 80, height: 12))
            #expect(l.lesson.maxY == l.lab.y)
            #expect(l.lesson.height == 10)
            #expect(l.statusBar.y == 23)
        }

        @Test func at120x40TheLabSitsBesideTheLesson() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("1"))
            let l = s.layout
            #expect(l.lab == Rect(x: 60, y: 1, width: 60, height: 38))
            #expect(l.lesson == Rect(x: 0, y: 1, width: 60, height: 38))
            #expect(l.list.isEmpty)
        }

        @Test func zoomGivesTheLabTheWholeBodyAndBack() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("1"))
            let beside = s.layout
            _ = s.press(.char("z"))
            #expect(s.layout.lab == Rect(x: 0, y: 1, width: 120, height: 38))
            #expect(s.layout.lesson.isEmpty)
            _ = s.press(.char("z"))
            #expect(s.layout == beside)
        }

        @Test func zoomInAndOutKeepsTheReadingPosition() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("1"))
            for _ in 0..<12 { _ = s.press(.char("j")) }
            let block = s.document.lines[s.scroll].anchor.block
            #expect(s.scroll == 12)
            _ = s.press(.char("z"), .char("z"))
            #expect(s.document.lines[s.scroll].anchor.block == block)
        }

        @Test func zoomWithNoLabShownDoesNothing() {
            var s = labState(width: 120, height: 40)
            _ = s.press(.char("z"))
            #expect(!s.labs.zoomed)
            #expect(s.layout.lab.isEmpty)
        }

        @Test func lessonFrontMatterOpensItsLab() {
            #expect(labState("digits").labs.shown == .mlp)
            #expect(labState("words").labs.shown == .word2vec)
            var s = labState("reading")
            #expect(s.labs.shown == nil)
            _ = s.press(.char("]"))
            #expect(s.currentLesson?.meta.id == "descent")
            #expect(s.labs.shown == .gd)
        }
    }
}
