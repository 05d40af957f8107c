/// One block of a lesson, as the reader lays it out.
public indirect enum Block: Sendable, Equatable {
    case heading(level: Int, text: [Inline])
    case paragraph([Inline])
    case list(ordered: Bool, items: [ListItem])
    case quote([BlockNode])
    case code(language: String, lines: [String])
    /// TeX source of a `$$…$$` display.
    case math(String)
    case table(Table)
    case quiz(Quiz)
    case tryIt(TryBlock)
    /// An advanced aside (```deeper): text a first reading may skip, drawn in a box titled "Going deeper".
    case deeper(title: String, blocks: [BlockNode])
    case rule
}

/// A block and the line of the file it starts on.
public struct BlockNode: Sendable, Equatable {
    public var line: Int
    public var block: Block

    public init(line: Int, block: Block) {
        self.line = line
        self.block = block
    }
}

public struct ListItem: Sendable, Equatable {
    /// Nesting depth, 0 for a top-level item.
    public var depth: Int
    /// The number shown for an ordered item.
    public var number: Int
    public var text: [Inline]

    public init(depth: Int, number: Int, text: [Inline]) {
        self.depth = depth
        self.number = number
        self.text = text
    }
}

public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, center, right }
    public var header: [[Inline]]
    public var alignments: [Alignment]
    public var rows: [[[Inline]]]

    public init(header: [[Inline]], alignments: [Alignment], rows: [[[Inline]]]) {
        self.header = header
        self.alignments = alignments
        self.rows = rows
    }
}
