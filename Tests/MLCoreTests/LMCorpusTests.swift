import Foundation
import Testing
@testable import MLCore

@Suite struct LMCorpusTests {
    static func file(_ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-lm-\(UUID().uuidString).txt").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func readsAPlainUTF8File() throws {
        let corpus = try LMCorpus(path: Self.file(Array("床前明月光\nTo be".utf8)), name: "t")
        #expect(corpus.text == "床前明月光\nTo be")
        #expect(corpus.bytes.count == 21)
    }

    @Test func anEmptyFileIsRefused() {
        let path = Self.file([])
        #expect(throws: DataError(path: path, message: "is empty: a language model needs text to learn from")) {
            try LMCorpus(path: path, name: "empty")
        }
    }

    @Test func aFileThatIsNotUTF8NamesTheFirstBadByte() {
        let path = Self.file(Array("abc中".utf8) + [0xFF] + Array("def".utf8))
        #expect(throws: DataError(path: path, message: "is not UTF-8 text (the first bad byte is at offset 6)")) {
            try LMCorpus(path: path, name: "latin1")
        }
    }

    @Test func theShippedCorporaAreThere() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in LMCorpus.shipped {
            let corpus = try LMCorpus(path: root.appendingPathComponent("assets/corpus/\(name).txt.gz").path, name: name)
            #expect(corpus.text.count > 30_000, "\(name)")
        }
        let shakespeare = try LMCorpus(path: root.appendingPathComponent("assets/corpus/shakespeare.txt.gz").path, name: "s")
        #expect(shakespeare.text.count == 1_036_152)
        #expect(CharTokenizer(training: shakespeare.text).vocabularySize == 76)
    }
}
