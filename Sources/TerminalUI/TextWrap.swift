/// One line produced by `TextWrap.wrap`.
public struct WrappedLine: Sendable, Hashable {
    /// The styled line, indent prefix included.
    public var line: Line
    /// How many Characters of the input (all spans' text concatenated) come before this line's
    /// first character. Lets a caller map a screen line back to the text, e.g. to keep the
    /// reading position when the terminal is resized.
    public var sourceOffset: Int

    public init(line: Line, sourceOffset: Int) {
        self.line = line
        self.sourceOffset = sourceOffset
    }
}

/// Line breaking for mixed Chinese/English text in terminal columns.
///
/// Break opportunities:
/// - after a run of spaces or tabs (the run is dropped when the line breaks there; runs inside
///   a line stay);
/// - between two CJK characters (ideographs, kana, Hangul, full-width forms and punctuation,
///   and anything else two columns wide such as emoji), and between a CJK character and
///   whatever is next to it (a Latin word on either side);
/// - after U+200B ZERO WIDTH SPACE.
///
/// Closing punctuation (`。，、）」%…` …) never starts a line and opening punctuation
/// (`（「“(` …) never ends one: the break moves back one opportunity, carrying the previous
/// character (or the opening mark) to the next line. When no opportunity is left on the line,
/// a word is broken hard at the width (still trying to keep one character with a closing
/// mark). A wide character never straddles the edge.
///
/// Input handling: the text is segmented into grapheme clusters (`Character`s) once, over all
/// spans concatenated, so a combining mark always stays with its base. `\n`, `\r\n`, U+2028
/// and U+2029 force a line break (a trailing newline gives a final empty line). A tab becomes
/// spaces up to the next multiple of 4 columns, counted from the start of the line's text
/// (after the indent); it is still one source Character. Other control characters become
/// U+FFFD. Trailing spaces of a paragraph's last line are kept only while they fit.
///
/// Indents: `firstIndent` goes before the first line of the result, `restIndent` before every
/// other one (also after a forced newline). They count toward `width`. An indent is cut short
/// when it would leave no room for text: to `width - 1` columns, or fewer when the line's one
/// character is two columns wide, so that every line fits.
///
/// Every line's width (`Line.width`) is ≤ `width`, except when `width` is 1 and a line holds a
/// single two-column character, which is put on its own line and overflows. `width ≤ 0`
/// returns no lines; empty input returns one empty line carrying `firstIndent`.
///
/// Cost is linear in the input: clusters are found once (ASCII without the grapheme machinery),
/// then layout works on arrays of per-cluster UTF-8 offsets, widths and classes, and each
/// output span is one copy out of the input's UTF-8.
public enum TextWrap {
    /// Wraps styled text to `width` columns. `firstIndent`/`restIndent` are prefixes (e.g. a
    /// bullet "• " and two spaces) drawn at the start of the first and following lines; their
    /// widths count toward `width`.
    public static func wrap(
        _ spans: [Span], width: Int, firstIndent: [Span] = [], restIndent: [Span] = []
    ) -> [WrappedLine] {
        guard width > 0 else { return [] }
        var wrapper = Wrapper(spans: spans, width: width, firstIndent: firstIndent, restIndent: restIndent)
        return wrapper.run()
    }
}

// MARK: - Implementation

private struct Wrapper {
    let width: Int
    let firstIndent: [Span]
    let restIndent: [Span]
    let firstIndentWidth: Int
    let restIndentWidth: Int

    /// The input's UTF-8 (all spans concatenated) and, per Character, where it starts in it
    /// (`starts` has one extra entry: the end), its width, kind and span.
    var bytes: [UInt8] = []
    var starts: [Int32] = []
    var widths: [Int8] = []
    var kinds: [Kind] = []
    var styleIndex: [Int32] = []
    var styles: [Style] = []
    /// Reused by `emit` to assemble a span's UTF-8.
    var scratch: [UInt8] = []

    var output: [WrappedLine] = []
    var isFirstLine = true

    init(spans: [Span], width: Int, firstIndent: [Span], restIndent: [Span]) {
        self.width = width
        self.firstIndent = firstIndent
        self.restIndent = restIndent
        self.firstIndentWidth = firstIndent.reduce(0) { $0 + DisplayWidth.of($1.text) }
        self.restIndentWidth = restIndent.reduce(0) { $0 + DisplayWidth.of($1.text) }
        prepare(spans)
    }

    // MARK: Preparation

    private mutating func prepare(_ spans: [Span]) {
        styles = spans.map(\.style)
        var text: String
        // UTF-8 offset where each span ends, to give every Character the style of the span its
        // first byte comes from (a cluster split across spans goes to the first one).
        var spanEnds: [Int] = []
        spanEnds.reserveCapacity(spans.count)
        if spans.count == 1 {
            text = spans[0].text
            spanEnds.append(text.utf8.count)
        } else {
            text = ""
            var total = 0
            for span in spans {
                text += span.text
                total += span.text.utf8.count
                spanEnds.append(total)
            }
        }
        text.makeContiguousUTF8()
        bytes = Array(text.utf8)
        let estimate = bytes.count
        starts.reserveCapacity(estimate + 1)
        widths.reserveCapacity(estimate)
        kinds.reserveCapacity(estimate)
        styleIndex.reserveCapacity(estimate)

        // Grapheme clusters come from the standard library, except that an ASCII byte followed
        // by another ASCII byte is a cluster of its own (only CR LF joins two ASCII bytes).
        // Walking indices rather than iterating Characters avoids building a Character per
        // cluster; `index` is kept in step with `offset` only when it is needed.
        let utf8 = text.utf8
        let count = bytes.count
        var spanIdx = 0
        var offset = 0
        var index = text.startIndex
        var indexIsCurrent = true
        while offset < count {
            while spanIdx < spanEnds.count - 1 && offset >= spanEnds[spanIdx] { spanIdx += 1 }
            starts.append(Int32(offset))
            styleIndex.append(Int32(spanIdx))
            let b = bytes[offset]
            if b < 0x80 && b != 0x0D && (offset + 1 == count || bytes[offset + 1] < 0x80) {
                classifyASCII(b)
                offset += 1
                indexIsCurrent = false
                continue
            }
            if !indexIsCurrent {
                index = utf8.index(utf8.startIndex, offsetBy: offset)
                indexIsCurrent = true
            }
            let next = text.index(after: index)
            let end = offset + utf8.distance(from: index, to: next)
            classify(offset, end, text, index)
            index = next
            offset = end
        }
        starts.append(Int32(offset))
    }

    /// Classifies the cluster at bytes `[from, to)`, which is `text[index]`.
    private mutating func classify(_ from: Int, _ to: Int, _ text: String, _ index: String.Index) {
        let b0 = bytes[from]
        if b0 < 0x80 {
            if to - from == 1 {
                classifyASCII(b0)
            } else if b0 == 0x0D && to - from == 2 && bytes[from + 1] == 0x0A {
                add(0, .newline)  // "\r\n"
            } else {
                // An ASCII base with marks or selectors ("e\u{301}", a keycap).
                add(Int8(DisplayWidth.of(text[index])), LineBreakClass.ascii(b0))
            }
            return
        }
        // Decode the first scalar (the bytes are valid UTF-8).
        let first: UInt32
        let length: Int
        if b0 < 0xE0 {
            first = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[from + 1] & 0x3F)
            length = 2
        } else if b0 < 0xF0 {
            first = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[from + 1] & 0x3F) << 6 | UInt32(bytes[from + 2] & 0x3F)
            length = 3
        } else {
            first = UInt32(b0 & 0x07) << 18 | UInt32(bytes[from + 1] & 0x3F) << 12
                | UInt32(bytes[from + 2] & 0x3F) << 6 | UInt32(bytes[from + 3] & 0x3F)
            length = 4
        }
        if first == 0x2028 || first == 0x2029 { add(0, .newline); return }
        if first < 0xA0 { add(1, .replaced); return }  // C1 controls
        let w: Int
        if length == to - from {
            w = DisplayWidth.of(Unicode.Scalar(first)!)
        } else {
            w = DisplayWidth.of(text[index])
        }
        var kind = LineBreakClass.punctuation(first)
        if w == 2 || (first >= 0x3000 && first <= 0x303F) || (first >= 0xFF61 && first <= 0xFF9F) {
            kind.insert(.cjk)
        }
        if first == 0x200B { kind.insert(.breakAfter) }
        add(Int8(w), kind)
    }

    /// Classifies a cluster that is one ASCII byte.
    private mutating func classifyASCII(_ b: UInt8) {
        switch b {
        case 0x20: add(1, .space)
        case 0x09: add(0, [.space, .tab])
        case 0x0A: add(0, .newline)
        case 0x00..<0x20, 0x7F: add(1, .replaced)
        default: add(1, LineBreakClass.ascii(b))
        }
    }

    private mutating func add(_ w: Int8, _ kind: Kind) {
        widths.append(w)
        kinds.append(kind)
    }

    // MARK: Layout

    mutating func run() -> [WrappedLine] {
        let n = kinds.count
        var start = 0
        while true {
            var end = start
            while end < n && !kinds[end].contains(.newline) { end += 1 }
            layoutParagraph(start, end)
            if end >= n { break }
            start = end + 1
        }
        return output
    }

    private func isSpace(_ i: Int) -> Bool { kinds[i].contains(.space) }

    /// Whether a line may break between `i - 1` and `i` (both in one paragraph, `i` not a space).
    private func canBreak(before i: Int) -> Bool {
        let b = kinds[i]
        if b.contains(.closing) { return false }
        let a = kinds[i - 1]
        if a.contains(.space) { return true }
        if widths[i] == 0 || a.contains(.opening) { return false }
        if a.contains(.breakAfter) { return true }
        return a.contains(.cjk) || b.contains(.cjk)
    }

    /// Whether breaking between `i - 1` and `i` would start a line with a closing mark, end one
    /// with an opening mark, or split a zero-width character from its predecessor.
    private func violatesKinsoku(before i: Int) -> Bool {
        widths[i] == 0 || kinds[i].contains(.closing) || kinds[i - 1].contains(.opening)
    }

    private static func tabWidth(at column: Int) -> Int { 4 - column % 4 }

    private mutating func layoutParagraph(_ start: Int, _ end: Int) {
        if start == end {
            emit(start, start)
            return
        }
        var lineStart = start
        while lineStart < end {
            let indentWidth = isFirstLine ? firstIndentWidth : restIndentWidth
            let room = width - min(indentWidth, width - 1)  // always ≥ 1
            var col = 0
            var inkEnd = lineStart  // one past the last non-space placed
            var inkCol = 0
            var lastBreak = -1
            var breakAt = -1
            var i = lineStart
            while i < end {
                let kind = kinds[i]
                if kind.contains(.space) {
                    // Spaces hang: they only count once something visible follows them.
                    col += kind.contains(.tab) ? Wrapper.tabWidth(at: col) : 1
                    i += 1
                    continue
                }
                if i > lineStart && canBreak(before: i) { lastBreak = i }
                let w = Int(widths[i])
                // (A zero-width character overflows only after spaces that hang past the edge.)
                if col + w > room && i > lineStart {
                    if lastBreak > lineStart {
                        breakAt = lastBreak
                    } else {
                        // Hard break inside a word; keep one character with a closing mark,
                        // or move an opening mark down, when the line keeps something.
                        breakAt = i
                        if violatesKinsoku(before: i) && i - 1 > lineStart && !isSpace(i - 1)
                            && !violatesKinsoku(before: i - 1)
                        {
                            breakAt = i - 1
                        }
                    }
                    break
                }
                // The first character of a line is always placed, even if it overflows
                // (a wide character at width 1): this is what guarantees progress.
                col += w
                i += 1
                inkEnd = i
                inkCol = col
            }
            if breakAt < 0 {
                // End of paragraph: keep trailing spaces while they fit.
                var e = inkEnd
                var c = inkCol
                while e < end {
                    let w = kinds[e].contains(.tab) ? Wrapper.tabWidth(at: c) : 1
                    if c + w > room { break }
                    c += w
                    e += 1
                }
                emit(lineStart, e)
                return
            }
            var contentEnd = breakAt
            while contentEnd > lineStart && isSpace(contentEnd - 1) { contentEnd -= 1 }
            // A line of nothing but spaces that overflow (leading indentation wider than the
            // room left) is dropped rather than emitted empty.
            if contentEnd > lineStart { emit(lineStart, contentEnd) }
            lineStart = breakAt
        }
    }

    /// Appends the line made of characters `[from, to)`, with the current indent.
    private mutating func emit(_ from: Int, _ to: Int) {
        var content: [Span] = []
        var col = 0
        var k = from
        while k < to {
            // One run of characters from the same span.
            let style = styleIndex[k]
            var runEnd = k
            var plain = true
            while runEnd < to && styleIndex[runEnd] == style {
                if kinds[runEnd].contains(.tab) || kinds[runEnd].contains(.replaced) { plain = false }
                runEnd += 1
            }
            let text: String
            if plain {
                text = String(decoding: bytes[Int(starts[k])..<Int(starts[runEnd])], as: UTF8.self)
                for j in k..<runEnd { col += Int(widths[j]) }
            } else {
                scratch.removeAll(keepingCapacity: true)
                for j in k..<runEnd {
                    if kinds[j].contains(.tab) {
                        let w = Wrapper.tabWidth(at: col)
                        scratch.append(contentsOf: repeatElement(0x20, count: w))
                        col += w
                    } else if kinds[j].contains(.replaced) {
                        scratch.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD
                        col += 1
                    } else {
                        scratch.append(contentsOf: bytes[Int(starts[j])..<Int(starts[j + 1])])
                        col += Int(widths[j])
                    }
                }
                text = String(decoding: scratch, as: UTF8.self)
            }
            content.append(Span(text, styles[Int(style)]))
            k = runEnd
        }

        var line = Line()
        let indent = isFirstLine ? firstIndent : restIndent
        let indentWidth = isFirstLine ? firstIndentWidth : restIndentWidth
        let allowed = max(0, width - col)
        if indentWidth <= allowed {
            for span in indent { line.append(span) }
        } else {
            Wrapper.appendTruncated(indent, maxWidth: allowed, to: &line)
        }
        for span in content { line.append(span) }
        output.append(WrappedLine(line: line, sourceOffset: from))
        isFirstLine = false
    }

    private static func appendTruncated(_ spans: [Span], maxWidth: Int, to line: inout Line) {
        var used = 0
        for span in spans {
            var text = ""
            for c in span.text {
                let w = DisplayWidth.of(c)
                if used + w > maxWidth {
                    line.append(Span(text, span.style))
                    return
                }
                used += w
                text.append(c)
            }
            line.append(Span(text, span.style))
        }
    }
}
