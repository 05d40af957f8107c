import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct ScreenTests {
    @Test func dashboardAt80x24() {
        let s = AppState(library: fixtureLibrary(), language: "en", width: 80, height: 24, lessonID: "forward")
        let rows = s.screenText()
        #expect(rows.count == 24)
        // The title bar: the app, the open lesson's order and title; at its right both languages by name, then how far
        // down the lesson the view is (all of "Forward" fits: 100%).
        #expect(rows[0].hasPrefix(" Lectern") && rows[0].holds(inOrder: ["Lectern", "3.1", "Forward"]))
        #expect(rows[0].hasSuffix("100%") && rows[0].holds(inOrder: ["Forward", "中文", "English", "100%"]))
        // "Forward" fits on the screen: shown whole, and it has no quiz, it counts as finished (1 of 2).
        #expect(rows[1].hasPrefix("┌ Lessons 50% ─"))
        #expect(rows[2].hasPrefix("│ 1 Intro"))
        #expect(rows[3].hasPrefix("│▸3.1 Forward"))
        #expect(rows.contains { $0.contains("y = f(w · x + b)") })
        #expect(rows[23].hasPrefix(" ↑↓ scroll"))
    }

    @Test func chineseScreenKeepsColumnsAligned() {
        let s = AppState(library: fixtureLibrary(), language: "zh", width: 80, height: 24)
        var b = ScreenBuffer(width: 80, height: 24)
        Screen.render(s, into: &b)
        // Every row covers exactly 80 columns: wide characters never push the border out.
        for y in 0..<24 {
            let columns = (0..<80).reduce(0) { $0 + (b[$1, y].isContinuation ? 0 : Int(b[$1, y].width)) }
            #expect(columns == 80, "row \(y)")
        }
        #expect(b.textRows()[4].contains("第1段：权重和偏置。"))
    }

    @Test func tooSmallScreenSaysSo() {
        let s = AppState(library: fixtureLibrary(), language: "en", width: 39, height: 12)
        #expect(s.screenText().contains { $0.contains("Terminal too small: 39×12") })
    }

    @Test func anySizeRendersWithoutCrashing() {
        for w in [0, 1, 2, 5, 39, 40, 41, 63, 64, 109, 110, 200] {
            for h in [0, 1, 3, 11, 12, 13, 50] {
                var s = AppState(library: fixtureLibrary(), language: "zh", width: w, height: h)
                _ = s.press(.char("G"), .tab, .char("?"))
                _ = s.screenText()
            }
        }
    }

    @Test func helpOverlayListsEveryKey() {
        var s = AppState(library: fixtureLibrary(), language: "en", width: 100, height: 30)
        _ = s.press(.char("?"))
        // The list is longer than the screen: everything the overlay shows while scrolling to its end.
        var text = s.screenText().joined(separator: "\n")
        for _ in 0..<40 {
            _ = s.press(.char("j"))
            text += s.screenText().joined(separator: "\n")
        }
        for row in KeyTable.helpRows("en") { #expect(text.contains(row.keys)) }
        #expect(text.contains("quit"))
    }

    @Test func searchHitsAreHighlighted() {
        var s = AppState(library: fixtureLibrary(), language: "en", width: 100, height: 30, lessonID: "forward")
        _ = s.press(.char("/"), .char("r"), .char("e"), .char("l"), .char("u"), .enter)
        var b = ScreenBuffer(width: 100, height: 30)
        Screen.render(s, into: &b)
        let hit = s.search.matches[0]
        let x = s.layout.lessonText.x + hit.column, y = s.layout.lessonText.y + hit.line - s.scroll
        #expect(b[x, y].symbol == "R")
        #expect(b[x, y].style.bg == s.theme.currentHit.bg)
        #expect(b.textRows()[29].contains("/relu  1/2"))
    }

    @Test func brokenLessonShowsItsErrorsInPlace() {
        let broken = LessonParser.parse("---\nid: b\ntitle: B\norder: 2\nlab: zzz\n---\ntext\n", path: "en/02-b.md", labs: .standard)
        var lib = fixtureLibrary()
        lib.lessons["en"]!.insert(broken, at: 1)
        let s = AppState(library: lib, language: "en", width: 100, height: 30, lessonID: "b")
        let text = s.screenText().joined(separator: "\n")
        #expect(text.contains("en/02-b.md:5: unknown lab 'zzz'"))
        #expect(text.contains("B ⚠"))
    }
}

/// The "going deeper" aside in the reader: a box with its title, the inner text wrapped inside it.
@Suite struct DeeperBoxTests {
    @Test(arguments: ["en", "zh"])
    func drawnAsATitledBox(lang: String) {
        let text = "---\nid: d\ntitle: D\norder: 1\n---\n```deeper\ntitle: PMI\nWord vectors approximate a shifted pointwise mutual information matrix, which is a longer sentence than fits.\n\nSecond paragraph.\n```\n"
        let lesson = LessonParser.parse(text, path: "d.md", labs: .standard)
        let rows = LessonRenderer(theme: Theme(), language: lang).render(lesson, width: 40).lines.map(\.line.plainText)
        let top = rows.firstIndex { $0.hasPrefix("╭─ ") }
        #expect(top != nil)
        guard let top else { return }
        #expect(rows[top].hasPrefix(lang == "zh" ? "╭─ 深入一步 · PMI ─" : "╭─ Going deeper · PMI ─") && rows[top].hasSuffix("╮"))
        let bottom = rows.firstIndex { $0.hasPrefix("╰") }!
        let inside = rows[(top + 1)..<bottom]
        #expect(inside.allSatisfy { $0.hasPrefix("│ ") && $0.hasSuffix(" │") && DisplayWidth.of($0) == 40 })
        #expect(inside.count >= 5, "the paragraph wraps, a blank line, the second paragraph")
        #expect(inside.contains { $0.contains("Second paragraph.") })
    }
}
