/// One of the eight ANSI colours, or the terminal's own default.
///
/// Lectern only uses the basic eight so that 8-colour terminals and `NO_COLOR` both work:
/// every style must stay readable when colours are dropped and only the attributes remain.
public enum TermColor: UInt8, Sendable, Hashable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case `default` = 255
}

/// Text attributes that survive on monochrome terminals.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)
}

/// How a cell is drawn: foreground, background and attributes.
public struct Style: Sendable, Hashable {
    public var fg: TermColor
    public var bg: TermColor
    public var attributes: TextAttributes

    public init(fg: TermColor = .default, bg: TermColor = .default, attributes: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public static let plain = Style()

    public func fg(_ color: TermColor) -> Style { var s = self; s.fg = color; return s }
    public func bg(_ color: TermColor) -> Style { var s = self; s.bg = color; return s }
    public func with(_ attrs: TextAttributes) -> Style {
        var s = self; s.attributes.formUnion(attrs); return s
    }

    /// Lays `other` over this style: colours that `other` sets win, attributes add up.
    public func patched(by other: Style) -> Style {
        Style(
            fg: other.fg == .default ? fg : other.fg,
            bg: other.bg == .default ? bg : other.bg,
            attributes: attributes.union(other.attributes)
        )
    }
}
