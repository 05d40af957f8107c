/// One token per character as a person sees it (a Swift `Character`: a hanzi, a letter with its accents, an
/// emoji). The vocabulary is the training text's distinct characters in Unicode scalar order, so the same
/// text always gives the same ids.
public struct CharTokenizer: LMTokenizer, Equatable {
    /// The characters, id order.
    public let characters: [Character]
    private let ids: [Character: Int32]

    /// The vocabulary of `text`.
    public init(training text: String) {
        self.init(characters: Array(Set(text)))
    }

    /// A given vocabulary (from a model file), put in the stable order.
    public init(characters: [Character]) {
        let sorted = Array(Set(characters)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
        self.characters = sorted
        var ids: [Character: Int32] = [:]
        for (i, c) in sorted.enumerated() { ids[c] = Int32(i) }
        self.ids = ids
    }

    public var vocabularySize: Int { characters.count }

    public func encode(_ text: String) throws(TokenizerError) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.count)
        for (offset, c) in text.enumerated() {
            guard let id = ids[c] else {
                throw TokenizerError("the character \(TokenDisplay.visible(String(c))) (\(Self.codePoints(c)), at position \(offset + 1)) is not in the vocabulary of \(vocabularySize) characters")
            }
            out.append(id)
        }
        return out
    }

    public func decode(_ ids: [Int32]) -> String {
        var s = ""
        for id in ids where characters.indices.contains(Int(id)) { s.append(characters[Int(id)]) }
        return s
    }

    public func display(_ id: Int32) -> String {
        characters.indices.contains(Int(id)) ? TokenDisplay.visible(String(characters[Int(id)])) : "‹?›"
    }

    /// U+4E2D, or U+0065 U+0301 for a character made of several scalars.
    static func codePoints(_ c: Character) -> String {
        c.unicodeScalars.map { s in
            let hex = String(s.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
    }

    public static func == (a: CharTokenizer, b: CharTokenizer) -> Bool { a.characters == b.characters }
}
