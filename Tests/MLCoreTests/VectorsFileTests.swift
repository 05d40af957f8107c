import Foundation
import Testing
@testable import MLCore

// MARK: - Helpers

/// A fresh empty temporary directory (removed by the caller's `defer`).
private func makeVectorsTempDir() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-vectors-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

private func littleEndian(_ x: Float) -> [UInt8] {
    let b = x.bitPattern
    return [UInt8(b & 0xFF), UInt8((b >> 8) & 0xFF), UInt8((b >> 16) & 0xFF), UInt8(b >> 24)]
}

/// Runs `body`, expecting a DataError, and returns it.
private func expectDataError<T>(_ body: () throws(DataError) -> T) -> DataError? {
    do {
        _ = try body()
        Issue.record("expected a DataError")
        return nil
    } catch {
        return error
    }
}

private func decodeError(_ text: String, path: String = "v.txt") -> DataError? {
    expectDataError { () throws(DataError) in try VectorsFile.decode(Array(text.utf8), path: path) }
}

/// Random vectors with every kind of value the text writer must spell: tiny, huge, negative zero, integers.
/// `extremes: false` leaves out ±inf and 3.4e38, whose norms overflow in gensim's float32 arithmetic.
private func sampleVectors(words: Int = 40, dim: Int = 13, seed: UInt64 = 5, extremes: Bool = true) -> WordVectors {
    var rng = SplitMix64(seed: seed)
    var names = (0 ..< words).map { "w\($0)" }
    names[0] = "café"
    names[1] = "北京"
    names[2] = "don't"
    var values: [Float] = (0 ..< words * dim).map { _ in (rng.nextUnitFloat() - 0.5) * 0.8 }
    var specials: [Float] = [0, -0.0, 1, -5, 1e-4, 9.99e-5, 1e-5, 1.5e-7, .leastNonzeroMagnitude, 999_999.9, 1e6, 16_777_216, 1.0374392e6,
                             -2.5e-5, 123_456.7, 1.0 / 3.0]
    if extremes { specials += [3.4e38, .infinity, -.infinity] }
    for (i, s) in specials.enumerated() { values[dim + i] = s }
    return WordVectors(words: names, dimension: dim, vectors: values)
}

private func expectBitIdentical(_ a: WordVectors, _ b: WordVectors) {
    #expect(a.words == b.words)
    #expect(a.dimension == b.dimension)
    #expect(a.vectors.map(\.bitPattern) == b.vectors.map(\.bitPattern))
}

// MARK: - Tests

@Suite struct VectorsFileTests {
    @Test(arguments: VectorsFile.Format.allCases)
    func roundTripIsBitExact(format: VectorsFile.Format) throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = sampleVectors()
        let path = dir + "/vectors"
        try VectorsFile.save(v, to: path, format: format)
        let (loaded, detected) = try VectorsFile.load(path: path)
        #expect(detected == format)
        // Text too: values are written as the shortest decimal that reads back as the same float32.
        expectBitIdentical(v, loaded)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["vectors"])
    }

    @Test func textWriterSpellsValuesAsNumPy() {
        // Expected strings are NumPy 2's str(numpy.float32(x)), what gensim 4.4 writes.
        let cases: [(Float, String)] = [
            (0, "0.0"), (-0.0, "-0.0"), (5, "5.0"), (0.1, "0.1"), (1.0 / 3.0, "0.33333334"), (100_000, "100000.0"),
            (999_999.9, "999999.9"), (-999_999.94, "-999999.94"), (123_456.7, "123456.7"), (65504, "65504.0"),
            (1e6, "1e+06"), (1_234_567, "1.234567e+06"), (1.0374392e6, "1.0374392e+06"), (16_777_216, "1.6777216e+07"),
            (1e16, "1e+16"), (3e38, "3e+38"),
            (1e-4, "1e-04"), (0.00010000001, "0.00010000001"), (0.000100001, "0.000100001"), (0.00012345, "0.00012345"),
            (9.99e-5, "9.99e-05"), (-2.5e-5, "-2.5e-05"), (1e-5, "1e-05"), (1.5e-7, "1.5e-07"),
            (1.1754944e-38, "1.1754944e-38"), (Float(bitPattern: 4_995_367), "7e-39"), (.leastNonzeroMagnitude, "1e-45"),
            (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (x, expected) in cases {
            #expect(VectorsFile.gensimString(x) == expected, "\(x)")
        }
    }

    @Test func encodesTheExactGensimLayout() throws {
        let v = WordVectors(words: ["the", "cat"], dimension: 2, vectors: [0.5, -1, 1e-5, 2])
        let text = try VectorsFile.encode(v, format: .text)
        #expect(String(decoding: text, as: UTF8.self) == "2 2\nthe 0.5 -1.0\ncat 1e-05 2.0\n")
        let binary = try VectorsFile.encode(v, format: .binary)
        // gensim: header line, then per word "word " + float32 LE, no newline after the vector.
        let expected = Array("2 2\nthe ".utf8) + littleEndian(0.5) + littleEndian(-1)
            + Array("cat ".utf8) + littleEndian(1e-5) + littleEndian(2)
        #expect(binary == expected)
    }

    @Test func loadsHandWrittenGensimAndCToolText() throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // gensim style, then the C tool's trailing space, Windows line ends, a blank line at the end.
        let text = "3 4\nthe 0.1 -0.2 1e-05 3.0\nof -0.5 0.25 0.125 -1.0 \r\nand 1.5e+06 0.0 -0.0 7.0\n\n"
        try write(Array(text.utf8), to: dir + "/gensim.vec")
        let (v, format) = try VectorsFile.load(path: dir + "/gensim.vec")
        #expect(format == .text)
        #expect(v.words == ["the", "of", "and"])
        #expect(v.dimension == 4)
        #expect(v.vectors == [0.1, -0.2, 1e-5, 3, -0.5, 0.25, 0.125, -1, 1.5e6, 0, -0.0, 7])
        #expect(v.index["of"] == 1)
    }

    @Test func loadsBinaryBuiltByteByByte() throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let king: [Float] = [0.25, -1.5, 3e-8], queen: [Float] = [-0.0, 1e30, 0.1]
        // gensim's layout (no newline between entries) and the C tool's (a newline after every vector).
        let gensim = Array("2 3\nking ".utf8) + king.flatMap(littleEndian) + Array("queen ".utf8) + queen.flatMap(littleEndian)
        let cTool = Array("2 3\nking ".utf8) + king.flatMap(littleEndian) + [0x0A]
            + Array("queen ".utf8) + queen.flatMap(littleEndian) + [0x0A]
        for (name, bytes) in [("gensim.bin", gensim), ("ctool.bin", cTool)] {
            try write(bytes, to: dir + "/" + name)
            let (v, format) = try VectorsFile.load(path: dir + "/" + name)
            #expect(format == .binary, "\(name)")
            #expect(v.words == ["king", "queen"])
            #expect(v.vectors.map(\.bitPattern) == (king + queen).map(\.bitPattern))
        }
    }

    @Test func formatComesFromTheContentNotTheName() throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = sampleVectors(words: 12, dim: 5)
        try VectorsFile.save(v, to: dir + "/really-text.bin", format: .text)
        try VectorsFile.save(v, to: dir + "/really-binary.txt", format: .binary)
        try VectorsFile.save(v, to: dir + "/no-extension", format: .binary)
        #expect(try VectorsFile.load(path: dir + "/really-text.bin").format == .text)
        #expect(try VectorsFile.load(path: dir + "/really-binary.txt").format == .binary)
        #expect(try VectorsFile.load(path: dir + "/no-extension").format == .binary)
        // Binary whose vector bytes happen to be printable ASCII ("AAAA" = 12.078431) still loads as binary.
        let printable = Array("1 2\nx ".utf8) + Array("AAAABBBB".utf8)
        let (p, format) = try VectorsFile.decode(printable, path: "p")
        #expect(format == .binary)
        #expect(p.vectors == [Float(bitPattern: 0x4141_4141), Float(bitPattern: 0x4242_4242)])
        // An empty vocabulary is text.
        #expect(try VectorsFile.decode(Array("0 7\n".utf8), path: "e").format == .text)
    }

    @Test func badHeadersNameLineOne() {
        for text in ["", "hello world\n", "3\nthe 1\n", "2 x\n", "-1 3\n", "2 0\n", "1 2 3\n"] {
            let e = decodeError(text)
            #expect(e?.path == "v.txt:1", "\(text.debugDescription)")
            #expect(e?.message.hasPrefix("bad header") == true, "\(text.debugDescription): \(e?.message ?? "")")
        }
    }

    @Test func textErrorsNameTheLine() {
        let short = decodeError("3 2\na 1 2\nb 3\nc 4 5\n")
        #expect(short?.path == "v.txt:3")
        #expect(short?.message == "'b' has 1 value, expected 2")

        let long = decodeError("2 2\na 1 2\nb 3 4 5\n")
        #expect(long?.path == "v.txt:3")
        #expect(long?.message == "'b' has 3 values, expected 2")

        let nonNumeric = decodeError("2 2\na 1 2\nb 3 x4\n")
        #expect(nonNumeric?.path == "v.txt:3")
        #expect(nonNumeric?.message == "value 2 of 'b', 'x4', is not a number")

        let duplicate = decodeError("3 1\na 1\nb 2\na 3\n")
        #expect(duplicate?.path == "v.txt:4")
        #expect(duplicate?.message == "duplicate word 'a' (first on line 2)")

        let fewer = decodeError("3 1\na 1\nb 2\n")
        #expect(fewer?.path == "v.txt")
        #expect(fewer?.message == "the file ends after 2 of the 3 words its header declares")

        let noWord = decodeError("1 1\n 1\n")
        #expect(noWord?.path == "v.txt:2")
        #expect(noWord?.message == "the line starts with a space, not a word")

        let more = decodeError("1 1\na 1\nb 2\n")
        #expect(more?.path == "v.txt:3")
        #expect(more?.message == "more words than the 1 the header declares")
    }

    @Test func binaryErrorsNameTheEntry() {
        let good = Array("3 2\na ".utf8) + littleEndian(1) + littleEndian(2) + Array("b ".utf8) + littleEndian(3) + littleEndian(4)
        func error(_ bytes: [UInt8]) -> DataError? {
            expectDataError { () throws(DataError) in try VectorsFile.decode(bytes, path: "v.bin") }
        }
        // Entry 3 is missing altogether, then cut inside its vector, then inside entry 2's vector.
        let missing = error(good)
        #expect(missing?.path == "v.bin")
        #expect(missing?.message.hasPrefix("entry 3: truncated") == true, "\(missing?.message ?? "")")
        let cut = error(good + Array("c ".utf8) + [0, 0, 0x80])
        #expect(cut?.message.hasPrefix("entry 3 ('c'): truncated: 3 of the 8 bytes") == true, "\(cut?.message ?? "")")
        let early = error(Array(good.dropLast(5)))
        #expect(early?.message.hasPrefix("entry 2 ('b'): truncated: 3 of the 8 bytes") == true, "\(early?.message ?? "")")

        let duplicate = error(good + Array("a ".utf8) + littleEndian(5) + littleEndian(6))
        #expect(duplicate?.message.hasPrefix("entry 3: duplicate word 'a' (first at entry 1)") == true, "\(duplicate?.message ?? "")")

        let extra = error(Array("1 1\na ".utf8) + littleEndian(0) + Array("b ".utf8) + littleEndian(0))
        #expect(extra?.message.hasPrefix("more data after the 1 words") == true, "\(extra?.message ?? "")")
    }

    @Test func missingFileAndDirectoryAreNamed() throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = expectDataError { () throws(DataError) in try VectorsFile.load(path: dir + "/nope.vec") }
        #expect(missing?.path == dir + "/nope.vec")
        #expect(missing?.message.hasPrefix("cannot open") == true)
        let directory = expectDataError { () throws(DataError) in try VectorsFile.load(path: dir) }
        #expect(directory?.message.contains("directory") == true)
    }

    @Test func saveRefusesWordsTheFormatCannotHold() throws {
        for (words, fragment) in [(["a b", "c"], "contains a space"), (["a", ""], "is empty"), (["a\nb"], "line break"),
                                  (["x", "y", "x"], "word 3 ('x') repeats word 1")] {
            let v = WordVectors(words: words, dimension: 1, vectors: [Float](repeating: 1, count: words.count))
            let e = expectDataError { () throws(DataError) in try VectorsFile.encode(v, format: .binary) }
            #expect(e?.message.contains(fragment) == true, "\(words): \(e?.message ?? "")")
        }
    }

    @Test func saveIsAtomic() throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = sampleVectors(words: 10, dim: 3)

        // No such directory: an error naming the destination, and nothing written anywhere.
        #expect(throws: DataError.self) { try VectorsFile.save(v, to: dir + "/missing/v.txt", format: .text) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)

        // The rename fails (the destination is a non-empty directory): the temporary file is removed
        // and the destination is left as it was.
        let blocked = dir + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: false)
        try write([1, 2, 3], to: blocked + "/keep")
        #expect(throws: DataError.self) { try VectorsFile.save(v, to: blocked, format: .binary) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["blocked"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocked) == ["keep"])

        // Words the format cannot hold: refused before anything is written; the old file stays.
        let old = dir + "/old.txt"
        try VectorsFile.save(v, to: old, format: .text)
        let before = try Data(contentsOf: URL(fileURLWithPath: old))
        let bad = WordVectors(words: ["a b"], dimension: 1, vectors: [1])
        #expect(throws: DataError.self) { try VectorsFile.save(bad, to: old, format: .text) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == before)

        // Overwriting replaces the content and leaves no temporary file behind.
        try VectorsFile.save(v, to: old, format: .binary)
        #expect(try VectorsFile.load(path: old).format == .binary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["blocked", "old.txt"])
    }

    /// Set LECTERN_GENSIM_CHECK=1 (with gensim installed) to have gensim load what we save, re-save it
    /// byte for byte, and agree with our neighbours and analogy evaluation.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LECTERN_GENSIM_CHECK"] != nil))
    func gensimReadsWhatWeWrite() throws {
        let dir = try makeVectorsTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = sampleVectors(words: 300, dim: 25, seed: 11, extremes: false)
        let index = VectorIndex(v)
        var questions = ": first\n"
        var rng = SplitMix64(seed: 3)
        for s in 0 ..< 2 {
            if s == 1 { questions += ": second\n" }
            for _ in 0 ..< 200 {
                let w = (0 ..< 4).map { _ in v.words[3 + rng.below(297)] }
                questions += w.joined(separator: " ") + "\n"
            }
            questions += "w5 w6 w7 unknownword\n"
        }
        let questionsPath = dir + "/questions.txt"
        try write(Array(questions.utf8), to: questionsPath)
        let report = try AnalogyEvaluation.evaluate(index, questionsPath: questionsPath)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/gensim_roundtrip.py").path
        for format in VectorsFile.Format.allCases {
            let path = dir + "/vectors-\(format.rawValue)"
            try VectorsFile.save(v, to: path, format: format)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, path, "--words", "w3,w10,café,北京", "-k", "5", "--questions", questionsPath]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let lines = try String(decoding: output, as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
            let summary = try #require(lines.first)
            #expect(summary["format"] as? String == format.rawValue)
            #expect(summary["resaved_identical"] as? Bool == true)
            #expect(summary["vectors_identical"] as? Bool == true)
            for line in lines where line["word"] != nil {
                let word = line["word"] as! String
                let theirs = (line["neighbors"] as! [[Any]]).map { ($0[0] as! String, ($0[1] as! NSNumber).floatValue) }
                let ours = try index.nearest(to: word, k: 5)
                #expect(ours.map(\.word) == theirs.map(\.0), "\(word)")
                for (o, t) in zip(ours, theirs) { #expect(abs(o.similarity - t.1) < 1e-5) }
            }
            let eval = try #require(lines.last)
            #expect(eval["correct"] as? Int == report.correct)
            #expect(eval["covered"] as? Int == report.covered)
            #expect(eval["total"] as? Int == report.total)
        }
    }
}
