/// A language-model corpus: a UTF-8 text read whole (gzip or plain), kept as written.
public struct LMCorpus: Sendable {
    /// The corpora Lectern ships, by name: assets/corpus/NAME.txt.gz.
    public static let shipped = ["shakespeare", "poems-zh", "classics-zh"]

    public let name: String
    public let text: String
    public let bytes: [UInt8]

    /// Reads `path`: a gzip or plain file that must hold UTF-8 text and not be empty.
    public init(path: String, name: String) throws(DataError) {
        let bytes = try Gzip.readMaybeGzipped(path: path)
        guard !bytes.isEmpty else { throw DataError(path: path, message: "is empty: a language model needs text to learn from") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let at = Self.firstInvalidByte(bytes)
            throw DataError(path: path, message: "is not UTF-8 text (the first bad byte is at offset \(at))")
        }
        self.name = name
        self.text = text
        self.bytes = bytes
    }

    /// The offset of the first byte where `bytes` stops being valid UTF-8 (a character cut off counts).
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let length = BPETokenizer.sequenceLength(bytes[i])
            guard length > 0, i + length <= bytes.count,
                  String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil else { return i }
            i += length
        }
        return bytes.count
    }
}
