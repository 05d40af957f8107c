import MLCore
import Testing
@testable import LessonKit

@Suite struct CodeHighlighterTests {
    private func kinds(_ line: String, _ language: String) -> [String: CodeTokenKind] {
        var result: [String: CodeTokenKind] = [:]
        for token in CodeHighlighter.tokens(line: line, language: language) where token.kind != .plain {
            result[token.text] = token.kind
        }
        return result
    }

    @Test func pythonLine() {
        let tokens = CodeHighlighter.tokens(line: "for i in range(10):  # loop", language: "python")
        #expect(tokens == [
            CodeToken(text: "for", kind: .keyword),
            CodeToken(text: " i ", kind: .plain),
            CodeToken(text: "in", kind: .keyword),
            CodeToken(text: " ", kind: .plain),
            CodeToken(text: "range", kind: .builtin),
            CodeToken(text: "(", kind: .plain),
            CodeToken(text: "10", kind: .number),
            CodeToken(text: "):  ", kind: .plain),
            CodeToken(text: "# loop", kind: .comment),
        ])
    }

    @Test func pythonStringsNumbersBuiltins() {
        let k = kinds("x = np.array([1.5, 2e-3, 0x1F]) if f'a{b}' else \"c # d\"", "py")
        #expect(k == [
            "np": .builtin, "1.5": .number, "2e-3": .number, "0x1F": .number,
            "if": .keyword, "f'a{b}'": .string, "else": .keyword, "\"c # d\"": .string,
        ])
        #expect(kinds("model = tf.keras.Sequential()", "Python")["tf"] == .builtin)
        #expect(kinds("print(len(xs), 'it''s')", "PY") == ["print": .builtin, "len": .builtin, "'it'": .string, "'s'": .string])
        #expect(kinds("s = rb'\\x00' + 'a\\'b'", "python") == ["rb'\\x00'": .string, "'a\\'b'": .string])
        #expect(kinds("doc = \"\"\"one 'two' three\"\"\" # c", "python") == ["\"\"\"one 'two' three\"\"\"": .string, "# c": .comment])
        #expect(kinds("def f(x1, _y): return None", "python") == ["def": .keyword, "return": .keyword, "None": .keyword])
        #expect(kinds("rf = buf", "python").isEmpty)  // prefix letters alone are not a string
    }

    @Test func swiftLine() {
        let tokens = CodeHighlighter.tokens(line: "let x: Int = 42 // answer", language: "Swift")
        #expect(tokens == [
            CodeToken(text: "let", kind: .keyword),
            CodeToken(text: " x: ", kind: .plain),
            CodeToken(text: "Int", kind: .builtin),
            CodeToken(text: " = ", kind: .plain),
            CodeToken(text: "42", kind: .number),
            CodeToken(text: " ", kind: .plain),
            CodeToken(text: "// answer", kind: .comment),
        ])
        #expect(kinds("print(\"a \\\"b\\\" // c\") /* note */ return", "swift")
            == ["print": .builtin, "\"a \\\"b\\\" // c\"": .string, "/* note */": .comment, "return": .keyword])
        #expect(kinds("for i in 0..<n where i > 1_000 { }", "swift")
            == ["for": .keyword, "in": .keyword, "0": .number, "where": .keyword, "1_000": .number])
        #expect(kinds("# not a comment in swift", "swift")["# not a comment in swift"] == nil)
    }

    @Test func otherLanguagesArePlain() {
        #expect(CodeHighlighter.tokens(line: "fn main() { let x = 1; }", language: "rust")
            == [CodeToken(text: "fn main() { let x = 1; }", kind: .plain)])
        #expect(CodeHighlighter.tokens(line: "x = 1", language: "") == [CodeToken(text: "x = 1", kind: .plain)])
        #expect(CodeHighlighter.tokens(line: "", language: "python").isEmpty)
    }

    @Test func unterminatedRunsToEndOfLine() {
        #expect(CodeHighlighter.tokens(line: "s = 'abc", language: "python").last == CodeToken(text: "'abc", kind: .string))
        #expect(CodeHighlighter.tokens(line: "x = \"\"\"doc", language: "python").last == CodeToken(text: "\"\"\"doc", kind: .string))
        #expect(CodeHighlighter.tokens(line: "s = \"ab\\", language: "swift").last == CodeToken(text: "\"ab\\", kind: .string))
        #expect(CodeHighlighter.tokens(line: "a /* b", language: "swift").last == CodeToken(text: "/* b", kind: .comment))
    }

    static let sampleLines = [
        "", " ", "\t", "x", "#", "//", "/*", "*/", "'", "\"", "'''", "\"\"\"", "\\", "f'", "rb\"", "f",
        "import numpy as np", "    return x ** 2  # square", "s = 'unterminated", "t = \"also \\\" open",
        "print(f\"{x:.2f} and {y!r}\")", "n = 1_000.5e+10j + .5 + 0b101", "x = y[1:-1]  #  é 数字 🚀",
        "let s = \"\"\"", "func f() async throws -> [Int] { [1, 2] }  // end", "a /* b */ c /* d",
        "e\u{301}\"\u{301}x", "\"\u{301}", "1.", "1..", "0..<n", "五 = 5", "x\r\n", "'\\", "\\'",
        "case let .some(v) where v > 0:", "@MainActor final class A: B {}", "#if DEBUG", "@tf.function",
    ]

    @Test(arguments: ["python", "swift", "py", "rust", "PYTHON"])
    func tokensConcatenateToTheLine(_ language: String) {
        var rng = SplitMix64(seed: 42)
        let alphabet: [Character] = ["a", "f", "r", "b", "1", "0", "x", ".", "e", "-", "+", "'", "\"", "#",
                                      "/", "*", "\\", " ", "_", "\t", "é", "数", "\u{301}", "{", "}", "(", "i", "n"]
        var lines = Self.sampleLines
        for _ in 0..<3_000 {
            lines.append(String((0..<rng.below(30)).map { _ in alphabet[rng.below(alphabet.count)] }))
        }
        for line in lines {
            let tokens = CodeHighlighter.tokens(line: line, language: language)
            #expect(tokens.map(\.text).joined().unicodeScalars.elementsEqual(line.unicodeScalars), "line: \(line)")
            #expect(!tokens.contains { $0.text.isEmpty }, "line: \(line)")
        }
    }
}
