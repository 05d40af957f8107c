import LabKit
import Testing
import TerminalUI
@testable import Dashboard

/// The lab screen suites, grouped so that `--filter LabScreenTests` runs them all.
@Suite struct LabScreenTests {}

/// What the lab screen suites share: the pane's text, finding text on screen, and a running lab.
protocol LabScreenTesting {}

extension LabScreenTesting {
    /// The text of `rect` in `buffer`, row by row (wide characters once, trailing spaces kept).
    func text(_ buffer: ScreenBuffer, _ rect: Rect) -> [String] {
        (rect.y..<rect.maxY).map { y in
            var row = ""
            for x in rect.x..<rect.maxX where !buffer[x, y].isContinuation { row += buffer[x, y].symbol }
            return row
        }
    }

    /// The lab pane's rows on the screen of `s`.
    func pane(_ s: AppState) -> [String] { text(s.screenBuffer(), s.layout.lab) }

    /// The first pane row containing `needle`, or nil.
    func row(_ rows: [String], _ needle: String) -> String? { rows.first { $0.contains(needle) } }

    /// Where `needle` starts on screen (one character per cell).
    func find(_ needle: String, in b: ScreenBuffer) -> (x: Int, y: Int)? {
        let want = needle.map(String.init)
        for y in 0..<b.height {
            let xs = (0..<b.width).filter { !b[$0, y].isContinuation }
            guard xs.count >= want.count else { continue }
            for i in 0...(xs.count - want.count) where (0..<want.count).allSatisfy({ b[xs[i + $0], y].symbol == want[$0] }) {
                return (xs[i], y)
            }
        }
        return nil
    }

    /// A dashboard of `width`×`height` on the reading lesson, with `snapshot`'s lab shown and running it.
    func running(_ snapshot: LabSnapshot, lang: String = "en", width: Int, height: Int) -> AppState {
        var s = labState(lang: lang, width: width, height: height)
        s.showRunning(snapshot.lab, snapshot)
        return s
    }
}
