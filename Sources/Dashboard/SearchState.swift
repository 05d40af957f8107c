import TerminalUI

/// One place the search query appears: a document line and the columns it covers there.
public struct SearchMatch: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var width: Int
}

/// The `/` search: the query being typed, the last query searched, and where it matched.
public struct SearchState: Sendable {
    public var query: String = ""
    public var matches: [SearchMatch] = []
    public var current: Int?

    public init() {}

    /// Finds every occurrence of `query` (case-insensitive) in the document's lines.
    mutating func refresh(in document: LessonDocument) {
        matches = Self.find(query, in: document)
        if let c = current, c >= matches.count { current = matches.isEmpty ? nil : 0 }
    }

    /// A character in lower case, when that is still one character.
    static func folded(_ c: Character) -> Character {
        let lower = c.lowercased()
        return lower.count == 1 ? Character(lower) : c
    }

    static func find(_ query: String, in document: LessonDocument) -> [SearchMatch] {
        let needle = query.map(Self.folded)
        guard !needle.isEmpty else { return [] }
        var out: [SearchMatch] = []
        for (i, docLine) in document.lines.enumerated() {
            let hay = docLine.line.plainText.map(Self.folded)
            guard hay.count >= needle.count else { continue }
            var k = 0
            while k + needle.count <= hay.count {
                if hay[k..<(k + needle.count)].elementsEqual(needle) {
                    let col = hay[..<k].reduce(0) { $0 + DisplayWidth.of($1) }
                    let w = hay[k..<(k + needle.count)].reduce(0) { $0 + DisplayWidth.of($1) }
                    out.append(SearchMatch(line: i, column: col, width: w))
                    k += needle.count
                } else {
                    k += 1
                }
            }
        }
        return out
    }
}
