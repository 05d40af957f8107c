/// Renders TeX-ish math (the inside of `$…$`) as readable Unicode for a terminal.
///
/// `\frac{1}{m} \sum_{i=1}^{m} (\hat{y}_i - y_i)^2` → `1/m Σᵢ₌₁ᵐ (ŷᵢ − yᵢ)²`.
/// Unknown commands stay as TeX (`\foo{x}`); malformed input never traps and always terminates.
public enum MathRenderer {
    public static func render(_ tex: String) -> String {
        var parser = MathParser(Array(tex))
        return collapseSpaces(parser.parseSequence(inGroup: false))
    }

    /// Runs of whitespace become one space; leading and trailing whitespace is removed.
    static func collapseSpaces(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Leading and trailing whitespace removed (cheaper than `collapseSpaces` on long strings).
    static func trim(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }

    static func isSingleCharacter(_ text: String) -> Bool {
        !text.isEmpty && text.index(after: text.startIndex) == text.endIndex
    }
}

/// Recursive-descent renderer over Characters. Every step consumes at least one Character, and
/// recursion is capped at `maxDepth` (deeper groups are copied raw), so any input terminates.
struct MathParser {
    private let chars: [Character]
    private var pos = 0
    private var depth = 0
    private static let maxDepth = 32

    init(_ chars: [Character]) { self.chars = chars }

    private var atEnd: Bool { pos >= chars.count }
    private var current: Character? { pos < chars.count ? chars[pos] : nil }

    /// Renders until the end of input or, inside a group, until (not past) the closing `}` (or `]`
    /// for the index of `\sqrt[…]`).
    mutating func parseSequence(inGroup: Bool, stopAtBracket: Bool = false) -> String {
        var out = ""
        while let c = current {
            if stopAtBracket, c == "]" { return out }
            switch c {
            case "}":
                if inGroup { return out }
                out.append("}")  // stray closing brace: keep it visible
                pos += 1
            case "_", "^":
                pos += 1
                guard let argument = parseArgument() else {
                    out.append(c)  // `x^` at the end: nothing to raise
                    continue
                }
                while out.last == " " { out.removeLast() }
                out += Self.script(argument, superscript: c == "^")
            default:
                // A fraction is set off by spaces from adjacent terms: `2\frac{1}{m}\sum` → `2 1/m Σ`.
                let isFraction = ["frac", "dfrac", "tfrac"].contains(peekCommandName())
                if isFraction, let last = out.last, last.isLetter || last.isNumber || ")]⟩".contains(last) {
                    out.append(" ")
                }
                out += parseAtom()
                if isFraction, startsTerm() { out.append(" ") }
            }
        }
        return out
    }

    /// The name of the `\command` at the current position, without consuming it.
    private func peekCommandName() -> String {
        guard current == "\\" else { return "" }
        var end = pos + 1
        while end < chars.count, chars[end].isASCII, chars[end].isLetter { end += 1 }
        return String(chars[(pos + 1)..<end])
    }

    /// Whether the input at the current position begins a new term (a letter, digit, bracket or a
    /// visible `\command`), as opposed to an operator, a script or the end of a group.
    private func startsTerm() -> Bool {
        guard let c = current else { return false }
        if c == "\\" {
            let name = peekCommandName()
            return name == "left" || !name.isEmpty && !MathSymbols.ignoredCommands.contains(name)
        }
        return c.isLetter || c.isNumber || "([{".contains(c)
    }

    /// One unit of input: a `{group}`, a `\command` with its arguments, or a single character.
    private mutating func parseAtom() -> String {
        guard let c = current else { return "" }
        switch c {
        case "{": return parseGroup()
        case "\\": return parseCommand()
        default:
            pos += 1
            switch c {
            case "-": return "−"
            case "'": return "′"
            case "~", "&": return " "
            case "$": return ""
            default: return String(c)
            }
        }
    }

    /// `{…}` with the braces removed. An unclosed group runs to the end of input.
    private mutating func parseGroup() -> String {
        if depth >= Self.maxDepth { return rawArgument() ?? "" }
        pos += 1
        depth += 1
        defer { depth -= 1 }
        let inner = parseSequence(inGroup: true)
        if current == "}" { pos += 1 }
        return inner
    }

    /// The argument of a command or script: skips spaces, then one atom. `nil` at the end of input
    /// or before a `}` (which is left for the enclosing group).
    private mutating func parseArgument() -> String? {
        while let c = current, c.isWhitespace { pos += 1 }
        guard let c = current, c != "}" else { return nil }
        if depth >= Self.maxDepth { return rawArgument() }
        depth += 1
        defer { depth -= 1 }
        if c == "_" || c == "^" {
            pos += 1  // `x^^`: take the marker itself as the argument
            return String(c)
        }
        return parseAtom()
    }

    /// An argument copied verbatim without recursion: the inside of a balanced `{…}` (escapes
    /// `\{ \} \_ \% \& \# \$` undone, inner braces dropped), a `\name`, or one character.
    private mutating func rawArgument() -> String? {
        while let c = current, c.isWhitespace { pos += 1 }
        guard let c = current, c != "}" else { return nil }
        if c == "\\" { return "\\" + readCommandName() }
        pos += 1
        guard c == "{" else { return String(c) }
        var text = ""
        var level = 1
        while let c = current {
            pos += 1
            if c == "\\", let next = current {
                pos += 1
                if "{}_%&#$".contains(next) { text.append(next) } else { text += "\\" + String(next) }
                continue
            }
            if c == "{" { level += 1; continue }
            if c == "}" { level -= 1; if level == 0 { break }; continue }
            text.append(c)
        }
        return text
    }

    /// After a `\`: a run of ASCII letters, or one other character (empty at the end of input).
    private mutating func readCommandName() -> String {
        if current == "\\" { pos += 1 }
        guard let first = current else { return "" }
        guard first.isASCII, first.isLetter else {
            pos += 1
            return String(first)
        }
        var name = ""
        while let c = current, c.isASCII, c.isLetter {
            name.append(c)
            pos += 1
        }
        return name
    }

    private mutating func parseCommand() -> String {
        let name = readCommandName()
        switch name {
        case "": return "\\"
        case ",", ";", ":", "\\": return " "
        case _ where name.allSatisfy(\.isWhitespace): return " "  // `\ ` and a `\` before a line break
        case "!": return ""
        case "{", "}", "_", "%", "&", "#", "$": return name
        case "|": return "‖"
        default: break
        }
        if let symbol = MathSymbols.symbols[name] {
            if MathSymbols.prefixSymbols.contains(name) {
                while let c = current, c.isWhitespace { pos += 1 }
            }
            return symbol
        }
        if MathSymbols.functionNames.contains(name) { return name }
        if MathSymbols.ignoredCommands.contains(name) {
            if current == "." { pos += 1 }  // `\left.` is an invisible delimiter
            return ""
        }
        if MathSymbols.styleCommands.contains(name) {
            if name == "operatorname", current == "*" { pos += 1 }
            return parseArgument() ?? ""
        }
        if MathSymbols.textCommands.contains(name) { return rawArgument() ?? "" }
        if let accent = MathSymbols.accents[name] {
            let argument = MathRenderer.trim(parseArgument() ?? "")
            if MathRenderer.isSingleCharacter(argument), let letter = argument.first, letter.isLetter {
                return argument + String(accent.mark)
            }
            return argument.isEmpty ? "" : "\(accent.name)(\(argument))"
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = MathRenderer.trim(parseArgument() ?? "")
            let denominator = MathRenderer.trim(parseArgument() ?? "")
            return Self.fractionPart(numerator) + "/" + Self.fractionPart(denominator)
        case "sqrt":
            return parseSquareRoot()
        case "mathbb":
            let argument = MathRenderer.trim(parseArgument() ?? "")
            return argument.map { MathSymbols.blackboard[$0] ?? String($0) }.joined()
        case "begin", "end":
            _ = rawArgument()  // environments (aligned, cases, …) are dropped; `&` and `\\` become spaces
            return ""
        default:
            return unknownCommand(name)
        }
    }

    /// `\sqrt{x}` → `√x`, `\sqrt{x+1}` → `√(x+1)`, `\sqrt[3]{x}` → `∛x`, `\sqrt[n]{x}` → `ⁿ√x`.
    private mutating func parseSquareRoot() -> String {
        var prefix = "√"
        if current == "[" {
            pos += 1
            var rendered = ""
            if depth >= Self.maxDepth {
                while let c = current, c != "]" { rendered.append(c); pos += 1 }
            } else {
                depth += 1
                rendered = MathRenderer.trim(parseSequence(inGroup: true, stopAtBracket: true))
                depth -= 1
            }
            if current == "]" { pos += 1 }
            switch rendered {
            case "": break
            case "3": prefix = "∛"
            case "4": prefix = "∜"
            default: prefix = Self.script(rendered, superscript: true) + "√"
            }
        }
        let radicand = MathRenderer.trim(parseArgument() ?? "")
        return radicand.isEmpty || MathRenderer.isSingleCharacter(radicand) ? prefix + radicand : "\(prefix)(\(radicand))"
    }

    /// An unknown `\name` stays readable TeX, with any directly following `{…}` arguments rendered.
    private mutating func unknownCommand(_ name: String) -> String {
        var out = "\\" + name
        while current == "{" {
            out += "{" + parseGroup() + "}"
        }
        return out
    }

    /// Whether a numerator or denominator needs parentheses: it has a space or an operator outside brackets.
    private static func fractionPart(_ text: String) -> String {
        var level = 0
        for c in text.unicodeScalars {  // scalars: cheaper than Characters, and all these are one scalar
            switch c {
            case "(", "[", "⟨", "{": level += 1
            case ")", "]", "⟩", "}": level -= 1
            case " ", "+", "-", "−", "·", "×", "÷", "/", "=", "<", ">", "±", "∓", "≤", "≥", "≠", "≈", ",":
                if level == 0 { return "(\(text))" }
            default: break
            }
        }
        return text
    }

    /// A sub- or superscript. With spaces removed, if every character has a Unicode script form the
    /// mapped string is used (`x_{i j}` → `xᵢⱼ`); otherwise `_c` / `^c` for a single character and
    /// `_(…)` / `^(…)` for longer content. Empty content renders as nothing.
    static func script(_ content: String, superscript: Bool) -> String {
        let table = superscript ? MathSymbols.superscripts : MathSymbols.subscripts
        let text = MathRenderer.trim(content)
        if text.isEmpty { return "" }
        var mapped = ""
        for c in text where !c.isWhitespace {
            guard let m = table[c] else {
                let marker = superscript ? "^" : "_"
                return MathRenderer.isSingleCharacter(text) ? marker + text : "\(marker)(\(text))"
            }
            mapped.append(m)
        }
        return mapped
    }
}
