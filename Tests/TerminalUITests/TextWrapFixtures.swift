import Testing
import TerminalUI

/// The TextWrap suites, grouped so that `--filter TextWrapTests` runs them all.
@Suite struct TextWrapTests {}

// What the TextWrap suites share: wrapping plain text with string indents, the lines' text, the CJK marks a
// line may not start or end with, and a check of each line's source offset.

func wrap(_ text: String, _ width: Int, first: String = "", rest: String = "") -> [WrappedLine] {
    TextWrap.wrap(
        [Span(text)], width: width,
        firstIndent: first.isEmpty ? [] : [Span(first)],
        restIndent: rest.isEmpty ? [] : [Span(rest)])
}

func texts(_ lines: [WrappedLine]) -> [String] { lines.map(\.line.plainText) }

let closingMarks: Set<Character> = Set("。，、．：；！？）」』】》〉〕｝”’%‰,.:;!?)]}…")
let openingMarks: Set<Character> = Set("（「『【《〈〔｛“‘([{")

/// Checks that every line is the source text starting at its `sourceOffset`, and that only
/// spaces, tabs and newlines sit between one line's end and the next line's start.
/// For plain texts without tabs or control characters.
func checkOffsets(_ text: String, _ lines: [WrappedLine], indents: [String] = [],
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let source = Array(text)
    var expectedNext = 0
    for (i, wrapped) in lines.enumerated() {
        var plain = wrapped.line.plainText
        if i < indents.count, plain.hasPrefix(indents[i]) { plain.removeFirst(indents[i].count) }
        let content = Array(plain)
        let offset = wrapped.sourceOffset
        #expect(offset >= expectedNext, sourceLocation: sourceLocation)
        if offset < expectedNext || offset + content.count > source.count {
            Issue.record("line \(i) offset \(offset) out of range", sourceLocation: sourceLocation)
            return
        }
        for k in expectedNext..<offset {
            #expect(source[k] == " " || source[k] == "\n" || source[k] == "\t",
                    "dropped non-space \(source[k]) at \(k)", sourceLocation: sourceLocation)
        }
        #expect(Array(source[offset..<offset + content.count]) == content,
                "line \(i) '\(plain)' does not match the source at \(offset)", sourceLocation: sourceLocation)
        expectedNext = offset + content.count
    }
    for k in expectedNext..<source.count {
        #expect(source[k] == " " || source[k] == "\n" || source[k] == "\t", sourceLocation: sourceLocation)
    }
}
