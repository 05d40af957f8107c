import LabKit
import Testing
import TerminalUI
@testable import Dashboard

/// The lab screen suites, grouped so that `--filter LabScreenTests` runs them all.
@Suite struct LabScreenTests {}

/// What the lab screen suites share: the pane's text, finding text on screen, a running lab, and readers that pick
/// out what a pane must show (the chart's axes, the settings bar, the progress bar, the digit strip's marks, the
/// confusion matrix, the GD table, the watch list, the foot note) without pinning the spaces around it.
protocol LabScreenTesting {}

/// The loss chart as read off the screen.
struct LossChart {
    /// The y axis's tick labels, top to bottom.
    var yLabels: [String]
    /// The plot row of each y label (0 is the top row).
    var yLabelRows: [Int]
    /// The x axis's tick labels, left to right.
    var xLabels: [String]
    /// The plot's rows, top to bottom, from the y axis to the end of the x axis.
    var plot: [String]
    /// The screen rows from the plot's top row to the x labels' row.
    var rows: Range<Int>
    /// The first screen column right of the chart.
    var right: Int
}

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

    // MARK: Reading what a pane shows

    /// A pane row without its borders and the padding column inside each.
    func inside(_ row: String) -> String { String(row.dropFirst(2).dropLast(2)) }

    /// `text` without the spaces at its end.
    func trimmed(_ text: String) -> String { String(text.reversed().drop { $0 == " " }.reversed()) }

    /// The words of `text` (split at spaces), each with the column it starts at and the one after its end.
    func tokens(_ text: String) -> [(text: String, start: Int, end: Int)] {
        var out: [(text: String, start: Int, end: Int)] = []
        var word = "", start = 0
        for (i, ch) in text.enumerated() {
            if ch == " " {
                if !word.isEmpty { out.append((word, start, i)) }
                word = ""
            } else {
                if word.isEmpty { start = i }
                word.append(ch)
            }
        }
        if !word.isEmpty { out.append((word, start, text.count)) }
        return out
    }

    /// The loss chart under its title, found by its y axis: the column that runs down from the row under the title
    /// in ┤ and │ to the └ of the x axis (a plot beside it whose axis reaches the title row is not it). nil when
    /// there is none.
    func lossChart(_ s: AppState) -> LossChart? {
        let b = s.screenBuffer(), lab = s.layout.lab
        let axis: Set<String> = ["┤", "│"]
        func line(_ y: Int, _ from: Int, _ to: Int) -> String { text(b, Rect(x: from, y: y, width: max(0, to - from), height: 1))[0] }
        guard lab.width > 2,
              let top = (lab.y..<lab.maxY).first(where: { line($0, lab.x, lab.maxX).contains(s.labText.loss) }) else { return nil }
        for x in (lab.x + 1)..<(lab.maxX - 1) where !axis.contains(b[x, top].symbol) {
            var y = top + 1
            var ticks: [String] = []
            var tickRows: [Int] = []
            while y < lab.maxY - 1, axis.contains(b[x, y].symbol) {
                if b[x, y].symbol == "┤" {
                    var from = x
                    while from > lab.x + 1, b[from - 1, y].symbol != " " { from -= 1 }
                    ticks.append(line(y, from, x))
                    tickRows.append(y - top - 1)
                }
                y += 1
            }
            guard y > top + 1, b[x, y].symbol == "└" else { continue }
            var right = x + 1
            while right < lab.maxX - 1, b[right, y].symbol == "─" { right += 1 }
            return LossChart(yLabels: ticks, yLabelRows: tickRows, xLabels: tokens(line(y + 1, x + 1, right)).map(\.text),
                             plot: ((top + 1)..<y).map { line($0, x + 1, right) }, rows: (top + 1)..<(y + 2), right: right)
        }
        return nil
    }

    /// The settings fields the bar `row` shows whole; nil when it shows anything but the fields of `settings` in the
    /// schema's order, each as its name and value (or what `showing` says, as the editor's typed text), two spaces
    /// apart, and cut at the pane's edge with "…".
    func fieldsShown(_ row: String, _ settings: LabSettings, showing: [String: String] = [:]) -> [String]? {
        let bar = trimmed(inside(row))
        var full = ""
        var ends: [(key: String, end: Int)] = []
        for key in settings.fields {
            if !full.isEmpty { full += "  " }
            full += key + " " + (showing[key] ?? settings[key])
            ends.append((key, full.count))
        }
        let shown: Int
        if bar == full {
            shown = full.count
        } else if bar.hasSuffix("…"), full.hasPrefix(bar.dropLast()) {
            shown = bar.count - 1
        } else {
            return nil
        }
        return ends.filter { $0.end <= shown }.map(\.key)
    }

    /// Whether the progress bar in `row` (▕ eighth blocks ▏) is filled to `fraction`, rounded down to an eighth of
    /// a cell: full blocks, at most one partial block, then blanks.
    func barShows(_ row: String, _ fraction: Double) -> Bool {
        guard let open = row.firstIndex(of: "▕"), let close = row.lastIndex(of: "▏"), open < close else { return false }
        let cells = row[row.index(after: open)..<close]
        let partial: [Character: Int] = ["▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7]
        var eighths = 0
        var blank = false
        for c in cells {
            if c == "█", eighths % 8 == 0, !blank {
                eighths += 8
            } else if let p = partial[c], eighths % 8 == 0, !blank {
                eighths += p
            } else if c == " " {
                blank = true
            } else {
                return false
            }
        }
        return eighths == Int((fraction * Double(cells.count * 8)).rounded(.down))
    }

    /// The marks under the digit strip, left to right: each test digit's guess and ✓ or ✗. nil when there are none,
    /// or when a mark has no ink of a picture right above it, in the columns up to the next mark.
    func digitMarks(_ s: AppState) -> [String]? {
        let b = s.screenBuffer(), lab = s.layout.lab
        let digits = Set((0...9).map(String.init))
        for y in (lab.y + 1)..<max(lab.y + 1, lab.maxY - 1) {
            let xs = (lab.x..<(lab.maxX - 1)).filter { digits.contains(b[$0, y].symbol) && ["✓", "✗"].contains(b[$0 + 1, y].symbol) }
            guard !xs.isEmpty else { continue }
            let gap = xs.count > 1 ? xs[1] - xs[0] : 4
            for x in xs where !(x..<min(x + gap - 1, lab.maxX - 1)).contains(where: { b[$0, y - 1].symbol != " " }) {
                return nil
            }
            return xs.map { b[$0, y].symbol + b[$0 + 1, y].symbol }
        }
        return nil
    }

    /// The confusion matrix under the row holding `caption`: the header's column numbers, and each row's counts
    /// (· read as 0), every count ending in its header number's column. nil when the header is missing or a count is
    /// out of its column.
    func confusionMatrix(_ rows: [String], caption: String) -> (header: [String], counts: [[Int]])? {
        guard let c = rows.firstIndex(where: { $0.contains(caption) }), c + 1 < rows.count else { return nil }
        let header = tokens(inside(rows[c + 1]))
        guard !header.isEmpty else { return nil }
        var counts: [[Int]] = []
        for (r, line) in rows[(c + 2)...].map(inside).enumerated() {
            guard line.hasPrefix("\(r)│") else { break }
            let cells = tokens(line).dropFirst()
            guard cells.map(\.end) == header.map(\.end) else { return nil }
            counts.append(cells.map { $0.text == "·" ? 0 : Int($0.text) ?? -1 })
        }
        return (header.map(\.text), counts)
    }

    /// The GD table: its header's cells (it θ₁ θ₂ J), then each row's under it, every cell starting in its header
    /// cell's column. nil when there is no header or a row is out of its columns.
    func gdTable(_ rows: [String]) -> [[String]]? {
        let header = ["it", "θ₁", "θ₂", "J"]
        for (i, row) in rows.enumerated() {
            let cells = tokens(inside(row))
            guard let k = cells.indices.first(where: { cells[$0...].prefix(4).map(\.text) == header }) else { continue }
            let starts = cells[k..<(k + 4)].map(\.start)
            var table = [header]
            for next in rows[(i + 1)...] {
                let values = tokens(inside(next)).filter { $0.start >= starts[0] }
                guard let first = values.first, Int(first.text) != nil else { break }
                guard values.map(\.start) == starts else { return nil }
                table.append(values.map(\.text))
            }
            return table
        }
        return nil
    }

    /// What the watch list shows for `word`: the text after the word's column, and that column. nil when no row
    /// starts a watched word's entry with it.
    func watchRow(_ word: String, in rows: [String]) -> (column: Int, shows: String)? {
        for row in rows.map(inside) {
            let cells = tokens(row)
            guard let i = cells.firstIndex(where: { $0.text == word }), i + 1 < cells.count else { continue }
            return (cells[i + 1].start, trimmed(String(row.dropFirst(cells[i + 1].start))))
        }
        return nil
    }

    /// The foot note at the bottom of the pane: its one or two rows from the one that starts with ✗, joined with a
    /// space where they were wrapped. nil without one.
    func footNote(_ rows: [String]) -> String? {
        let inner = rows.dropFirst().dropLast().map { trimmed(inside($0)) }
        guard let start = inner.indices.suffix(2).first(where: { inner[$0].hasPrefix("✗ ") }) else { return nil }
        return inner[start...].joined(separator: " ")
    }
}
