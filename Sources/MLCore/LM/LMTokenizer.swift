/// A language model's tokens: turns text into token ids and back: characters (`CharTokenizer`) or byte-level BPE (`BPETokenizer`).
public protocol LMTokenizer: Sendable {
    /// Tokens in the vocabulary; ids are 0 ..< vocabularySize.
    var vocabularySize: Int { get }
    /// The ids of `text`; throws when a part of it has no token (a character never seen in training).
    func encode(_ text: String) throws(TokenizerError) -> [Int32]
    /// The text of `ids`. BPE pieces that split a UTF-8 sequence join up again across neighbours.
    func decode(_ ids: [Int32]) -> String
    /// One token as a person can read it: its text, with line breaks and tabs made visible, and bytes that
    /// are not whole UTF-8 characters written as `‹e4 b8›` (never `�`).
    func display(_ id: Int32) -> String
}

/// Why a text could not be tokenized.
public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

enum TokenDisplay {
    /// `text` with its invisible characters shown: ⏎ for a line break, → for a tab, · for a space alone.
    static func visible(_ text: String) -> String {
        if text == " " { return "·" }
        var out = ""
        for ch in text {
            switch ch {
            case "\n", "\r\n": out += "⏎"
            case "\t": out += "→"
            case "\r": out += "␍"
            default:
                if let s = ch.unicodeScalars.first, ch.unicodeScalars.count == 1, s.value < 0x20 || s.value == 0x7F {
                    out += hex([UInt8(s.value)])
                } else {
                    out.append(ch)
                }
            }
        }
        return out
    }

    /// Bytes as `‹e4 b8›`.
    static func hex(_ bytes: [UInt8]) -> String {
        "‹" + bytes.map { b in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
        }.joined(separator: " ") + "›"
    }
}
