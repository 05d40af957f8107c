import Foundation

/// A language-model corpus: a UTF-8 text read whole (gzip or plain), kept as written.
public struct LMCorpus: Sendable {
    /// The corpora Lectern ships, by name: assets/corpus/NAME.txt.gz.
    public static let shipped = ["shakespeare", "poems-zh", "classics-zh"]

    public let name: String
    public let text: String
    public let bytes: [UInt8]

    /// A shipped corpus by name (its file found by `asset`, given "corpus/NAME.txt.gz"), or a file's path.
    public static func named(_ name: String, asset: (String) throws -> String) throws -> LMCorpus {
        let path = shipped.contains(name) ? try asset("corpus/\(name).txt.gz") : (name as NSString).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path) else { throw LecternError("\(name): no such corpus or file") }
        do { return try LMCorpus(path: path, name: name) } catch { throw LecternError(error.description) }
    }

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
