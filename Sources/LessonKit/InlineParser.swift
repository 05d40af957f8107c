/// Parses the inline Markdown of one paragraph: emphasis, strong, code, math, links, escapes.
enum InlineParser {
    static func parse(_ text: String) -> [Inline] {
        var p = Scanner(chars: Array(text))
        return p.parse(until: nil, depth: 0)
    }

    private struct Scanner {
        let chars: [Character]
        var i = 0

        /// Reads inlines until the closing `marker` (consumed) or the end.
        mutating func parse(until marker: String?, depth: Int) -> [Inline] {
            var out: [Inline] = []
            var text = ""
            func flush() { if !text.isEmpty { out.append(.text(text)); text = "" } }
            while i < chars.count {
                if let marker, starts(with: marker) { i += marker.count; flush(); return out }
                let c = chars[i]
                switch c {
                case "\\" where i + 1 < chars.count && "\\`*_$[]()#-+!|>{}.".contains(chars[i + 1]):
                    text.append(chars[i + 1]); i += 2
                case "`":
                    if let end = find("`", from: i + 1) {
                        flush(); out.append(.code(String(chars[(i + 1)..<end]))); i = end + 1
                    } else { text.append(c); i += 1 }
                case "$" where !starts(with: "$$"):
                    if let end = find("$", from: i + 1), end > i + 1 {
                        flush(); out.append(.math(String(chars[(i + 1)..<end]))); i = end + 1
                    } else { text.append(c); i += 1 }
                case "*" where depth < 8:
                    let strong = starts(with: "**")
                    let m = strong ? "**" : "*"
                    let after = i + m.count
                    if after < chars.count, chars[after] != " ", findMarker(m, from: after) != nil {
                        flush(); i = after
                        let inner = parse(until: m, depth: depth + 1)
                        out.append(strong ? .strong(inner) : .emphasis(inner))
                    } else { text.append(contentsOf: m); i = after }
                case "[":
                    if let close = find("]", from: i + 1), close + 1 < chars.count, chars[close + 1] == "(",
                       let paren = find(")", from: close + 2) {
                        flush()
                        var inner = Scanner(chars: Array(chars[(i + 1)..<close]))
                        out.append(.link(text: inner.parse(until: nil, depth: depth + 1),
                                         url: String(chars[(close + 2)..<paren])))
                        i = paren + 1
                    } else { text.append(c); i += 1 }
                default:
                    text.append(c); i += 1
                }
            }
            flush()
            return out
        }

        func starts(with s: String) -> Bool {
            var k = i
            for ch in s {
                guard k < chars.count, chars[k] == ch else { return false }
                k += 1
            }
            return true
        }

        func find(_ ch: Character, from start: Int) -> Int? {
            var k = start
            while k < chars.count {
                if chars[k] == ch { return k }
                k += 1
            }
            return nil
        }

        /// A closing emphasis marker that is not preceded by a space.
        func findMarker(_ m: String, from start: Int) -> Int? {
            var probe = self
            probe.i = start
            while probe.i < chars.count {
                if probe.chars[probe.i] == "`", let end = probe.find("`", from: probe.i + 1) { probe.i = end + 1; continue }
                if probe.starts(with: m), probe.chars[probe.i - 1] != " " {
                    // "**" must not be taken for the end of a single "*".
                    if m == "*", probe.starts(with: "**") { probe.i += 2; continue }
                    return probe.i
                }
                probe.i += 1
            }
            return nil
        }
    }
}

/// Inline Markdown of a short text such as a quiz choice or a note.
public enum InlineText {
    public static func parse(_ text: String) -> [Inline] { InlineParser.parse(text) }
}
