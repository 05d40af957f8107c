/// Turns the Markdown body of a lesson into blocks, reporting problems with their line numbers.
struct BlockParser {
    /// Fence tags shown as code. Anything else that is not `quiz` or `try` is an unknown block kind.
    static let codeLanguages: Set<String> = [
        "", "text", "plain", "python", "py", "swift", "bash", "sh", "console", "json", "c", "math", "tex",
    ]

    typealias SourceLine = (text: String, number: Int)
    let report: (Int, String) -> Void
    /// The labs try blocks and check quizzes may name.
    let labs: LabCatalog

    func parse(_ lines: [SourceLine]) -> [BlockNode] {
        var out: [BlockNode] = []
        var paragraph: [SourceLine] = []
        func flush() {
            guard let first = paragraph.first else { return }
            out.append(BlockNode(line: first.number, block: .paragraph(InlineParser.parse(Self.join(paragraph.map(\.text))))))
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let (raw, n) = lines[i]
            let t = raw.trimmingSpaces
            if t.isEmpty { flush(); i += 1; continue }
            if t.hasPrefix("<!--") {
                flush(); i = comment(lines, at: i); continue
            }
            if t.hasPrefix("```") || t.hasPrefix("~~~") {
                flush(); i = fence(lines, at: i, into: &out); continue
            }
            if t.hasPrefix("$$") {
                flush(); i = displayMath(lines, at: i, into: &out); continue
            }
            if let (level, text) = Self.heading(t) {
                flush(); out.append(BlockNode(line: n, block: .heading(level: level, text: InlineParser.parse(text))))
                i += 1; continue
            }
            if t == "---" || t == "***" || t == "___" {
                flush(); out.append(BlockNode(line: n, block: .rule)); i += 1; continue
            }
            if t.hasPrefix(">") {
                flush()
                var inner: [SourceLine] = []
                while i < lines.count, lines[i].text.trimmingSpaces.hasPrefix(">") {
                    var s = Substring(lines[i].text.trimmingSpaces.dropFirst())
                    if s.first == " " { s = s.dropFirst() }
                    inner.append((String(s), lines[i].number))
                    i += 1
                }
                out.append(BlockNode(line: n, block: .quote(parse(inner))))
                continue
            }
            if t.hasPrefix("|"), i + 1 < lines.count, let aligns = Self.tableSeparator(lines[i + 1].text) {
                flush(); i = table(lines, at: i, alignments: aligns, into: &out); continue
            }
            if Self.listMarker(raw) != nil {
                flush(); i = list(lines, at: i, into: &out); continue
            }
            paragraph.append((raw, n))
            i += 1
        }
        flush()
        return out
    }

    // MARK: - Block kinds

    private func fence(_ lines: [SourceLine], at start: Int, into out: inout [BlockNode]) -> Int {
        let opener = lines[start].text.trimmingSpaces
        let mark = String(opener.prefix(3))
        let tag = opener.dropFirst(3).trimmingSpaces.lowercased()
        var body: [String] = []
        var i = start + 1
        var closed = false
        while i < lines.count {
            if lines[i].text.trimmingSpaces == mark { closed = true; i += 1; break }
            body.append(lines[i].text)
            i += 1
        }
        let n = lines[start].number
        if !closed { report(n, "unclosed code fence: add a line '\(mark)' to end the block opened here") }
        let firstBody = n + 1
        switch tag {
        case "quiz":
            if let q = OwnBlocks.quiz(lines: body, firstLine: firstBody, labs: labs, report: report) {
                out.append(BlockNode(line: n, block: .quiz(q)))
            }
        case "try":
            if let t = OwnBlocks.tryBlock(lines: body, firstLine: firstBody, labs: labs, report: report) {
                out.append(BlockNode(line: n, block: .tryIt(t)))
            }
        case "deeper":
            out.append(BlockNode(line: n, block: deeper(body, firstLine: firstBody)))
        case let lang where Self.codeLanguages.contains(lang):
            let expanded = body.map { $0.replacingTabs() }
            out.append(BlockNode(line: n, block: lang == "math" || lang == "tex"
                                 ? .math(body.joined(separator: " ")) : .code(language: lang, lines: expanded)))
        default:
            report(n, "unknown block kind '\(tag)' (use quiz, try, deeper, or a code language such as python, swift, text)")
            out.append(BlockNode(line: n, block: .code(language: "text", lines: body.map { $0.replacingTabs() })))
        }
        return i
    }

    /// An HTML comment (`<!-- … -->`, one line or several): a note for the lesson's authors, not shown.
    private func comment(_ lines: [SourceLine], at start: Int) -> Int {
        var i = start
        while i < lines.count {
            if lines[i].text.contains("-->") { return i + 1 }
            i += 1
        }
        report(lines[start].number, "unclosed comment: add '-->' to end the comment opened here")
        return i
    }

    /// A ```deeper block: an optional `title:` line, then Markdown. Quizzes and try blocks belong in the lesson
    /// itself (its twin checks count them there), so they are reported here and dropped.
    private func deeper(_ body: [String], firstLine: Int) -> Block {
        var title = ""
        var rest = Array(body.enumerated().map { (text: $0.element, number: firstLine + $0.offset) })
        if let first = rest.firstIndex(where: { !$0.text.trimmingSpaces.isEmpty }),
           rest[first].text.trimmingSpaces.hasPrefix("title:") {
            title = String(rest[first].text.trimmingSpaces.dropFirst("title:".count)).trimmingSpaces
            rest.removeFirst(first + 1)
        }
        let inner = parse(rest.map { ($0.text, $0.number) }).filter { node in
            switch node.block {
            case .quiz, .tryIt, .deeper:
                report(node.line, "a deeper block holds text, not quizzes, try blocks or other deeper blocks: move it out")
                return false
            default: return true
            }
        }
        return .deeper(title: title, blocks: inner)
    }

    private func displayMath(_ lines: [SourceLine], at start: Int, into out: inout [BlockNode]) -> Int {
        let first = lines[start].text.trimmingSpaces
        let n = lines[start].number
        let rest = first.dropFirst(2)
        if rest.hasSuffix("$$"), rest.count >= 2 {
            out.append(BlockNode(line: n, block: .math(String(rest.dropLast(2)).trimmingSpaces)))
            return start + 1
        }
        var tex = [String(rest)]
        var i = start + 1
        while i < lines.count {
            let t = lines[i].text.trimmingSpaces
            if t.hasSuffix("$$") {
                tex.append(String(t.dropLast(2)))
                out.append(BlockNode(line: n, block: .math(tex.map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " "))))
                return i + 1
            }
            tex.append(t)
            i += 1
        }
        report(n, "unclosed display math: '$$' opened here has no closing '$$'")
        out.append(BlockNode(line: n, block: .math(tex.joined(separator: " ").trimmingSpaces)))
        return i
    }

    private func table(_ lines: [SourceLine], at start: Int, alignments: [Table.Alignment],
                       into out: inout [BlockNode]) -> Int {
        let header = Self.cells(lines[start].text)
        if header.count != alignments.count {
            report(lines[start].number, "table header has \(header.count) cells but the separator has \(alignments.count)")
        }
        var rows: [[[Inline]]] = []
        var i = start + 2
        while i < lines.count, lines[i].text.trimmingSpaces.hasPrefix("|") {
            rows.append(Self.cells(lines[i].text).map(InlineParser.parse))
            i += 1
        }
        out.append(BlockNode(line: lines[start].number, block: .table(Table(
            header: header.map(InlineParser.parse), alignments: alignments, rows: rows))))
        return i
    }

    private func list(_ lines: [SourceLine], at start: Int, into out: inout [BlockNode]) -> Int {
        var items: [ListItem] = []
        var texts: [[String]] = []
        let ordered = Self.listMarker(lines[start].text)!.ordered
        var i = start
        while i < lines.count {
            let raw = lines[i].text
            if let m = Self.listMarker(raw) {
                if m.indent == 0 && m.ordered != ordered && !items.isEmpty { break }
                items.append(ListItem(depth: m.indent / 2, number: m.number ?? (items.count + 1), text: []))
                texts.append([m.text])
            } else if raw.trimmingSpaces.isEmpty {
                // A blank line ends the list unless another item follows.
                var k = i + 1
                while k < lines.count, lines[k].text.trimmingSpaces.isEmpty { k += 1 }
                guard k < lines.count, let m = Self.listMarker(lines[k].text), m.ordered == ordered || m.indent > 0 else { break }
            } else if raw.hasPrefix(" "), !texts.isEmpty {
                texts[texts.count - 1].append(raw.trimmingSpaces)
            } else {
                break
            }
            i += 1
        }
        for k in items.indices { items[k].text = InlineParser.parse(Self.join(texts[k])) }
        out.append(BlockNode(line: lines[start].number, block: .list(ordered: ordered, items: items)))
        return i
    }

    // MARK: - Line shapes

    static func heading(_ t: String) -> (Int, String)? {
        let hashes = t.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), t.count > hashes, t[t.index(t.startIndex, offsetBy: hashes)] == " " else { return nil }
        return (hashes, String(t.dropFirst(hashes)).trimmingSpaces)
    }

    static func listMarker(_ raw: String) -> (indent: Int, ordered: Bool, number: Int?, text: String)? {
        let indent = raw.prefix { $0 == " " }.count
        let rest = raw.dropFirst(indent)
        if let f = rest.first, "-*+".contains(f), rest.dropFirst().first == " " {
            return (indent, false, nil, String(rest.dropFirst(2)).trimmingSpaces)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let d = after.first, d == "." || d == ")", after.dropFirst().first == " " else { return nil }
        return (indent, true, Int(digits), String(after.dropFirst(2)).trimmingSpaces)
    }

    static func tableSeparator(_ raw: String) -> [Table.Alignment]? {
        let cells = self.cells(raw)
        guard !cells.isEmpty else { return nil }
        var out: [Table.Alignment] = []
        for c in cells {
            guard c.contains("-"), c.allSatisfy({ $0 == "-" || $0 == ":" }) else { return nil }
            out.append(c.hasPrefix(":") && c.hasSuffix(":") ? .center : c.hasSuffix(":") ? .right : .left)
        }
        return out
    }

    static func cells(_ raw: String) -> [String] {
        var t = Substring(raw.trimmingSpaces)
        if t.hasPrefix("|") { t = t.dropFirst() }
        if t.hasSuffix("|") && !t.hasSuffix("\\|") { t = t.dropLast() }
        var cells: [String] = [], cur = "", escaped = false
        for ch in t {
            if escaped { cur.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; cur.append(ch); continue }
            if ch == "|" { cells.append(cur.trimmingSpaces); cur = "" } else { cur.append(ch) }
        }
        cells.append(cur.trimmingSpaces)
        return cells
    }

    /// Joins source lines into one paragraph: no space between two CJK characters, a space otherwise.
    static func join(_ lines: [String]) -> String {
        var out = ""
        for line in lines.map({ $0.trimmingSpaces }) where !line.isEmpty {
            if let last = out.last, let first = line.first, !(last.isCJK && first.isCJK) { out.append(" ") }
            out += line
        }
        return out
    }
}

extension Character {
    /// Han, kana, Hangul and the CJK punctuation and full-width blocks.
    var isCJK: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFFEF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}

extension String {
    func replacingTabs() -> String {
        guard contains("\t") else { return self }
        var out = ""
        for ch in self {
            if ch == "\t" { out += String(repeating: " ", count: 4 - out.count % 4) } else { out.append(ch) }
        }
        return out
    }
}
