import Testing
@testable import TerminalUI

@Suite struct ScreenBufferTests {
    @Test func putWritesAndClips() {
        var b = ScreenBuffer(width: 6, height: 2)
        #expect(b.put("hello world", x: 1, y: 0) == 5)
        #expect(b.textRows() == [" hello", ""])
    }

    @Test func wideCharactersTakeTwoCellsAndNeverStraddleTheEdge() {
        var b = ScreenBuffer(width: 5, height: 1)
        #expect(b.put("神经网", x: 0, y: 0) == 5)
        #expect(b[0, 0].width == 2)
        #expect(b[1, 0].isContinuation)
        #expect(b[4, 0].symbol == " ")
        #expect(b.textRows() == ["神经"])
    }

    @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.put("神经", x: 0, y: 0)
        b.put("x", x: 1, y: 0)
        #expect(b.textRows() == [" x经"])
        b.put("y", x: 2, y: 0)
        #expect(b.textRows() == [" xy"])
    }

    @Test func combiningMarksStayWithTheirBase() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.put("e\u{301}x", x: 0, y: 0)
        #expect(b[0, 0].symbol == "e\u{301}")
        #expect(b[1, 0].symbol == "x")
    }

    @Test func diffListsOnlyChangedCells() {
        var a = ScreenBuffer(width: 4, height: 2)
        a.put("abcd", x: 0, y: 0)
        var b = a
        b.put("X", x: 2, y: 1)
        #expect(b.changes(since: a) == [CellChange(x: 2, y: 1, cell: Cell("X"))])
        #expect(b.changes(since: b).isEmpty)
        #expect(b.changes(since: nil).count == 8)
        #expect(b.changes(since: ScreenBuffer(width: 3, height: 2)).count == 8)
    }

    @Test func diffRedrawsAWideCharacterWhoseSecondHalfChanged() {
        var a = ScreenBuffer(width: 4, height: 1)
        a.put("ab", x: 0, y: 0)
        var b = ScreenBuffer(width: 4, height: 1)
        b.put("a神", x: 0, y: 0)
        let changes = b.changes(since: a)
        #expect(changes.map(\.x) == [1])
        #expect(changes[0].cell.symbol == "神")
    }

    @Test func restyleLaysAPatchOver() {
        var b = ScreenBuffer(width: 3, height: 1)
        b.put("abc", x: 0, y: 0, style: Style(fg: .red))
        b.restyle(Rect(x: 1, y: 0, width: 5, height: 1), with: Style(bg: .yellow, attributes: .bold))
        #expect(b[0, 0].style == Style(fg: .red))
        #expect(b[1, 0].style == Style(fg: .red, bg: .yellow, attributes: .bold))
    }
}

@Suite struct LayoutAndWidgetTests {
    @Test func splitSharesFillsAndShrinksFixedParts() {
        let r = Rect(x: 0, y: 0, width: 100, height: 10)
        #expect(r.split(.horizontal, [.fixed(30), .fill(1)]).map(\.width) == [30, 70])
        #expect(r.split(.horizontal, [.fill(1), .fill(1), .fill(2)]).map(\.width) == [25, 25, 50])
        #expect(r.split(.vertical, [.fixed(8), .fixed(8)]).map(\.height) == [8, 2])
        #expect(r.split(.horizontal, [.fixed(20), .fill(1)])[1].x == 20)
    }

    @Test func boxWithTitle() {
        var b = ScreenBuffer(width: 12, height: 3)
        Box(title: Line("课程")).render(into: &b, area: b.area)
        #expect(b.textRows() == ["┌ 课程 ────┐", "│          │", "└──────────┘"])
    }

    @Test func paragraphScrollsAndClips() {
        var b = ScreenBuffer(width: 5, height: 2)
        Paragraph(lines: ["one", "two", "three3333"].map { Line($0) }, offset: 1).render(into: &b, area: b.area)
        #expect(b.textRows() == ["two", "three"])
    }

    @Test func listKeepsSelectionVisibleAndHighlighted() {
        var b = ScreenBuffer(width: 4, height: 3)
        let list = ListView(items: (0..<10).map { Line("i\($0)") }, selected: 8)
        list.render(into: &b, area: b.area)
        #expect(b.textRows() == ["i7", "i8", "i9"])
        #expect(b[0, 1].style.attributes.contains(.reverse))
        #expect(!b[0, 0].style.attributes.contains(.reverse))
    }

    @Test func statusBarPutsTextLeftAndRight() {
        var b = ScreenBuffer(width: 20, height: 1)
        StatusBar(left: Line("left"), right: Line("right")).render(into: &b, area: b.area)
        #expect(b.textRows() == [" left         right"])
        #expect(b[19, 0].style.attributes.contains(.reverse))
    }

    @Test func overlayClearsWhatIsBelow() {
        var b = ScreenBuffer(width: 10, height: 4)
        for y in 0..<4 { b.put("xxxxxxxxxx", x: 0, y: y) }
        Overlay(box: Box(), lines: [Line("hi")]).render(into: &b, area: Rect(x: 1, y: 0, width: 8, height: 3))
        #expect(b.textRows() == ["x┌──────┐x", "x│hi    │x", "x└──────┘x", "xxxxxxxxxx"])
    }
}

@Suite struct LineTests {
    @Test func truncationAddsAnEllipsisOnlyWhenNeeded() {
        #expect(Line("short").truncated(toWidth: 10).plainText == "short")
        #expect(Line("背景：为什么学").truncated(toWidth: 6).plainText == "背景…")
        #expect(Line([Span("ab"), Span("cdef", Style(fg: .red))]).truncated(toWidth: 4).plainText == "abc…")
        #expect(Line("abc").truncated(toWidth: 0).plainText == "")
    }
}
