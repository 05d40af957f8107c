/// One terminal cell: a grapheme, how many columns it covers, and its style.
///
/// A wide character (a hanzi, say) sits in its first cell with `width == 2`; the cell to its right
/// is a continuation (`width == 0`, empty symbol) that a backend never draws on its own.
public struct Cell: Sendable, Hashable {
    public var symbol: String
    public var width: UInt8
    public var style: Style

    public init(_ symbol: String = " ", width: UInt8 = 1, style: Style = .plain) {
        self.symbol = symbol
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    static func continuation(_ style: Style) -> Cell { Cell("", width: 0, style: style) }

    public var isContinuation: Bool { width == 0 }
}
