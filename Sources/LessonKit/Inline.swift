/// Text inside a paragraph, heading, list item or table cell.
public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case emphasis([Inline])
    case strong([Inline])
    case code(String)
    /// TeX source of `$…$`; render with `MathRenderer`.
    case math(String)
    case link(text: [Inline], url: String)
}

extension Array where Element == Inline {
    /// The words a reader sees, without markup (math rendered).
    public var plainText: String {
        map { inline -> String in
            switch inline {
            case .text(let s), .code(let s): return s
            case .emphasis(let xs), .strong(let xs): return xs.plainText
            case .math(let tex): return MathRenderer.render(tex)
            case .link(let text, _): return text.plainText
            }
        }.joined()
    }
}
