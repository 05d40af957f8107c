/// What a piece of a code line is, for colouring.
public enum CodeTokenKind: Sendable, Equatable {
    case plain, keyword, string, comment, number, builtin
}

/// A run of a code line with one kind.
public struct CodeToken: Sendable, Equatable {
    public var text: String
    public var kind: CodeTokenKind

    public init(text: String, kind: CodeTokenKind) {
        self.text = text
        self.kind = kind
    }
}

/// Simple per-line keyword colouring for Python and Swift. Each line is tokenized on its own (a string
/// or block comment left open runs to the end of the line). Joining the token texts gives back the
/// line exactly; adjacent plain runs are merged, and an empty line gives no tokens.
public enum CodeHighlighter {
    public static func tokens(line: String, language: String) -> [CodeToken] {
        guard !line.isEmpty else { return [] }
        let name = language.trimmingWhitespace().lowercased()
        let rules: LanguageRules
        switch name {
        case "python", "py", "python3", "py3": rules = .python
        case "swift": rules = .swift
        default: return [CodeToken(text: line, kind: .plain)]
        }
        return tokenize(Array(line), rules)
    }

    private static func tokenize(_ chars: [Character], _ rules: LanguageRules) -> [CodeToken] {
        var tokens: [CodeToken] = []
        var i = 0
        func emit(_ end: Int, _ kind: CodeTokenKind) {
            let text = String(chars[i..<end])
            i = end
            if kind == .plain, let last = tokens.last, last.kind == .plain {
                tokens[tokens.count - 1].text += text
            } else {
                tokens.append(CodeToken(text: text, kind: kind))
            }
        }
        func starts(with prefix: String, at index: Int) -> Bool {
            var j = index
            for p in prefix {
                guard j < chars.count, chars[j] == p else { return false }
                j += 1
            }
            return true
        }
        while i < chars.count {
            let c = chars[i]
            if starts(with: rules.lineComment, at: i) {
                emit(chars.count, .comment)
            } else if rules.blockComments, starts(with: "/*", at: i) {
                var j = i + 2
                while j < chars.count, !starts(with: "*/", at: j) { j += 1 }
                emit(min(j + 2, chars.count), .comment)
            } else if let end = stringEnd(chars, from: i, rules) {
                emit(end, .string)
            } else if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                emit(numberEnd(chars, from: i), .number)
            } else if isIdentifierStart(c) {
                var j = i + 1
                while j < chars.count, isIdentifierStart(chars[j]) || chars[j].isNumber { j += 1 }
                let word = String(chars[i..<j])
                let kind: CodeTokenKind = rules.keywords.contains(word) ? .keyword
                    : rules.builtins.contains(word) ? .builtin : .plain
                emit(j, kind)
            } else {
                emit(i + 1, .plain)
            }
        }
        return tokens
    }

    private static func isIdentifierStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    /// If a string literal starts at `start` (after an optional prefix such as `f`, `rb`), the index just
    /// past its end, or the end of the line when it is unterminated.
    private static func stringEnd(_ chars: [Character], from start: Int, _ rules: LanguageRules) -> Int? {
        var i = start
        if rules.stringPrefixes, start == 0 || !(isIdentifierStart(chars[start - 1]) || chars[start - 1].isNumber) {
            var j = start
            while j < chars.count, j - start < 2, "rRbBuUfF".contains(chars[j]) { j += 1 }
            if j > start, j < chars.count, rules.quotes.contains(chars[j]) { i = j }
        }
        guard i < chars.count, rules.quotes.contains(chars[i]) else { return nil }
        let quote = chars[i]
        let triple = i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote
        var j = i + (triple ? 3 : 1)
        while j < chars.count {
            if chars[j] == "\\" {  // an escaped character (also in raw strings) never ends the string
                j += 2
                continue
            }
            if chars[j] == quote {
                if !triple { return j + 1 }
                if j + 2 < chars.count, chars[j + 1] == quote, chars[j + 2] == quote { return j + 3 }
            }
            j += 1
        }
        return chars.count
    }

    /// Digits with `_`, one `.`, an exponent with sign, hex/octal/binary letters, and a `j` suffix.
    private static func numberEnd(_ chars: [Character], from start: Int) -> Int {
        var j = start
        var previous: Character = " "
        while j < chars.count {
            let c = chars[j]
            let isExponentSign = (c == "+" || c == "-") && (previous == "e" || previous == "E")
                && !(chars[start] == "0" && start + 1 < chars.count && "xX".contains(chars[start + 1]))
            guard c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "." || isExponentSign else { break }
            if c == ".", j > start, j + 1 < chars.count, !isDigit(chars[j + 1]) {
                break  // `1.method` or range `0..<n`: the dot is not part of the number
            }
            previous = c
            j += 1
        }
        return max(j, start + 1)
    }
}

private struct LanguageRules {
    var keywords: Set<String>
    var builtins: Set<String>
    var lineComment: String
    var blockComments: Bool
    var quotes: Set<Character>
    var stringPrefixes: Bool

    static let python = LanguageRules(
        keywords: [
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
            "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
            "with", "yield", "match", "case",
        ],
        builtins: [
            "print", "len", "range", "enumerate", "zip", "map", "filter", "sorted", "reversed", "sum",
            "min", "max", "abs", "round", "int", "float", "str", "bool", "list", "dict", "set", "tuple",
            "type", "isinstance", "open", "super", "input", "iter", "next", "any", "all", "self",
            "np", "tf", "torch", "pd", "plt", "keras", "math", "random",
        ],
        lineComment: "#", blockComments: false, quotes: ["'", "\""], stringPrefixes: true
    )

    static let swift = LanguageRules(
        keywords: [
            "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class",
            "continue", "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough",
            "false", "fileprivate", "final", "for", "func", "guard", "if", "import", "in", "init", "inout",
            "internal", "is", "let", "mutating", "nil", "nonisolated", "open", "operator", "override",
            "package", "private", "protocol", "public", "repeat", "rethrows", "return", "self", "Self",
            "some", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try",
            "typealias", "var", "where", "while", "lazy", "weak", "get", "set", "willSet", "didSet",
        ],
        builtins: [
            "print", "Int", "Double", "Float", "String", "Array", "Bool", "Character", "Dictionary",
            "Set", "Optional", "Result", "Error", "Float32", "Int32", "UInt8", "min", "max", "abs",
            "zip", "stride", "precondition", "fatalError",
        ],
        lineComment: "//", blockComments: true, quotes: ["\""], stringPrefixes: false
    )
}

private extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
