import CZlib
import Foundation
import Testing
@testable import MLCore

// MARK: - Helpers


private func idxBigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
}

/// An IDX3 image file of `count` images `rows`×`cols`; pixel k of the whole file is `pixel(k)`.
private func idxImages(count: Int, rows: Int, cols: Int, pixel: (Int) -> UInt8 = { UInt8($0 % 256) }) -> [UInt8] {
    idxBigEndian(0x0000_0803) + idxBigEndian(UInt32(count)) + idxBigEndian(UInt32(rows)) + idxBigEndian(UInt32(cols))
        + (0 ..< count * rows * cols).map(pixel)
}

private func idxLabels(_ labels: [UInt8]) -> [UInt8] {
    idxBigEndian(0x0000_0801) + idxBigEndian(UInt32(labels.count)) + labels
}

/// A fresh empty temporary directory (removed by the caller's `defer`).
private func makeDataTempDir() throws -> String {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("lectern-data-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func writeDataFile(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The repository's assets/ folder, found from this source file.
private let dataAssetsDir = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("assets").path

/// Runs `body`, expecting a DataError, and returns it.
private func captureDataError<T>(_ body: () throws(DataError) -> T) -> DataError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

// MARK: - Gzip

@Suite struct GzipTests {
    @Test func roundTripOfDeflatedBytes() throws {
        var rng = SplitMix64(seed: 7)
        let noisy = (0 ..< 50_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        #expect(try Gzip.decompress(zlibDeflate(noisy)) == noisy)
        #expect(try Gzip.decompress(zlibDeflate([1, 2, 3])) == [1, 2, 3])
        #expect(try Gzip.decompress(zlibDeflate([])) == [])
    }

    @Test func growsOutputWellPastTheFirstGuess() throws {
        // zlib wrapper: no ISIZE trailer, so the first guess (4 × input) is far too small for 1 MB of zeros.
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let packed = zlibDeflate(zeros, gzip: false)
        #expect(packed.count < 5_000)
        #expect(try Gzip.decompress(packed) == zeros)
    }

    @Test func multiMemberGzipIsJoined() throws {
        let a = Array("hello, ".utf8), b = Array("world".utf8)
        #expect(try Gzip.decompress(zlibDeflate(a) + zlibDeflate(b)) == a + b)
        // Trailing zero padding (as tape tools leave) is ignored.
        #expect(try Gzip.decompress(zlibDeflate(a) + [0, 0, 0, 0]) == a)
    }

    @Test func corruptTruncatedOrTrailingGarbageThrows() {
        let good = zlibDeflate(Array(repeating: 42, count: 10_000) + Array(0 ... 255))
        var corrupt = good
        corrupt[12] ^= 0xFF  // inside the deflate data, past the 10-byte header
        corrupt[13] ^= 0xFF
        let e1 = captureDataError { () throws(DataError) in try Gzip.decompress(corrupt) }
        #expect(e1 != nil)

        let e2 = captureDataError { () throws(DataError) in try Gzip.decompress(Array(good.dropLast(12))) }
        #expect(e2?.message.contains("truncated") == true)

        let e3 = captureDataError { () throws(DataError) in try Gzip.decompress([0x1F, 0x8B, 0x08, 0, 0]) }
        #expect(e3?.message.contains("truncated") == true)

        let e4 = captureDataError { () throws(DataError) in try Gzip.decompress(Array("not gzip at all".utf8)) }
        #expect(e4 != nil)

        let e5 = captureDataError { () throws(DataError) in try Gzip.decompress(good + [1, 2, 3]) }
        #expect(e5?.message.contains("after the end") == true)
    }

    @Test func readMaybeGzippedHandlesBothAndNamesMissingFiles() throws {
        let dir = try makeDataTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let content = Array("plain text\n".utf8)
        try writeDataFile(content, to: dir + "/a.txt")
        try writeDataFile(zlibDeflate(content), to: dir + "/b.txt.gz")
        #expect(try Gzip.readMaybeGzipped(path: dir + "/a.txt") == content)
        #expect(try Gzip.readMaybeGzipped(path: dir + "/b.txt.gz") == content)

        let missing = captureDataError { () throws(DataError) in try Gzip.readMaybeGzipped(path: dir + "/nope.gz") }
        #expect(missing == DataError(path: dir + "/nope.gz", message: "no such file"))
        #expect(missing?.description == "\(dir)/nope.gz: no such file")

        try writeDataFile([0x1F, 0x8B, 0x08, 0x00, 0x01], to: dir + "/broken.gz")
        let broken = captureDataError { () throws(DataError) in try Gzip.readMaybeGzipped(path: dir + "/broken.gz") }
        #expect(broken?.path == dir + "/broken.gz")
    }
}

// MARK: - IDX

@Suite struct IDXReaderTests {
    @Test func readsImagesAndLabels() throws {
        let file = idxImages(count: 3, rows: 2, cols: 2) { UInt8($0 * 10) }
        let images = try IDXReader.images(file, path: "img")
        #expect(images.count == 3 && images.rows == 2 && images.cols == 2)
        #expect(images.pixels == (0 ..< 12).map { UInt8($0 * 10) })
        #expect(try IDXReader.labels(idxLabels([7, 0, 9]), path: "lab") == [7, 0, 9])
    }

    @Test func truncatedPayloadNamesExpectedAndActualSizes() {
        let file = idxImages(count: 3, rows: 2, cols: 2)
        let error = captureDataError { () throws(DataError) in try IDXReader.images(Array(file.dropLast(5)), path: "img") }
        #expect(error?.path == "img")
        #expect(error?.message.contains("truncated") == true)
        #expect(error?.message.contains("12") == true)  // expected payload bytes
        #expect(error?.message.contains("found 7") == true)

        let labels = captureDataError { () throws(DataError) in
            try IDXReader.labels(idxLabels([1, 2, 3]) + [4], path: "lab")
        }
        #expect(labels?.message.contains("need 3 bytes") == true)
        #expect(labels?.message.contains("found 4") == true)

        let header = captureDataError { () throws(DataError) in try IDXReader.images(Array(file.prefix(9)), path: "img") }
        #expect(header?.message.contains("header") == true)
    }

    @Test func wrongMagicNamesTheMagicFound() {
        let labelFile = idxLabels([1, 2])
        let e1 = captureDataError { () throws(DataError) in try IDXReader.images(labelFile, path: "x") }
        #expect(e1?.message.contains("0x00000801") == true)
        #expect(e1?.message.contains("0x00000803") == true)

        let e2 = captureDataError { () throws(DataError) in try IDXReader.labels([0xDE, 0xAD, 0xBE, 0xEF, 0, 0], path: "y") }
        #expect(e2?.message.contains("0xDEADBEEF") == true)

        let e3 = captureDataError { () throws(DataError) in try IDXReader.labels([0x1F, 0x8B, 8, 0], path: "z") }
        #expect(e3?.message.contains("gzip") == true)
    }
}

// MARK: - DatasetLoader (IDX directories, real MNIST)

@Suite struct DatasetLoaderTests {
    /// Writes a tiny MNIST-like directory: 10 training and 3 test images of 2×2.
    private func writeTinyIDX(in dir: String, trainLabels: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) throws {
        try writeDataFile(zlibDeflate(idxImages(count: 10, rows: 2, cols: 2) { UInt8($0 * 6) }),
                  to: dir + "/train-images-idx3-ubyte.gz")
        try writeDataFile(idxLabels(trainLabels), to: dir + "/train-labels-idx1-ubyte")
        try writeDataFile(idxImages(count: 3, rows: 2, cols: 2) { UInt8(255 - $0) }, to: dir + "/t10k-images-idx3-ubyte")
        try writeDataFile(zlibDeflate(idxLabels([9, 8, 7])), to: dir + "/t10k-labels-idx1-ubyte.gz")
    }

    @Test func idxDirectoryHoldsOutTheLastTenthAndScales() throws {
        let dir = try makeDataTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeTinyIDX(in: dir)
        let splits = try DatasetLoader.idxDirectory(dir)
        #expect(splits.train.count == 9)
        #expect(splits.validation.count == 1)
        #expect(splits.test.count == 3)
        #expect(splits.train.labels == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(splits.validation.labels == [9])
        #expect(splits.test.labels == [9, 8, 7])
        for d in [splits.train, splits.validation, splits.test] {
            #expect(d.features == 4 && d.classes == 10 && d.imageRows == 2 && d.imageCols == 2)
            #expect(d.inputs.count == d.count * 4)
        }
        #expect(Array(splits.train.inputs.prefix(5)) == (0 ..< 5).map { Float($0 * 6) / 255 })
        #expect(splits.validation.inputs == (36 ..< 40).map { Float($0 * 6) / 255 })
        #expect(splits.test.inputs.first == 1 && splits.test.inputs.last == Float(244) / 255)

        let half = try DatasetLoader.idxDirectory(dir, validationFraction: 0.5)
        #expect(half.train.count == 5 && half.validation.labels == [5, 6, 7, 8, 9])
    }

    @Test func idxDirectoryErrors() throws {
        let dir = try makeDataTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let noDir = captureDataError { () throws(DataError) in try DatasetLoader.idxDirectory(dir + "/absent") }
        #expect(noDir?.path == dir + "/absent")
        #expect(noDir?.message.contains("no such directory") == true)

        try writeTinyIDX(in: dir)
        try FileManager.default.removeItem(atPath: dir + "/t10k-labels-idx1-ubyte.gz")
        let missing = captureDataError { () throws(DataError) in try DatasetLoader.idxDirectory(dir) }
        #expect(missing?.path == dir + "/t10k-labels-idx1-ubyte")
        #expect(missing?.message.contains("missing t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)") == true)

        try writeTinyIDX(in: dir, trainLabels: [0, 1, 2])
        let mismatch = captureDataError { () throws(DataError) in try DatasetLoader.idxDirectory(dir) }
        #expect(mismatch?.path == dir + "/train-labels-idx1-ubyte")
        #expect(mismatch?.message.contains("3 labels") == true)
        #expect(mismatch?.message.contains("10 images") == true)

        try writeTinyIDX(in: dir, trainLabels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 10])
        let badLabel = captureDataError { () throws(DataError) in try DatasetLoader.idxDirectory(dir) }
        #expect(badLabel?.path == dir + "/train-labels-idx1-ubyte")
        #expect(badLabel?.message.contains("label 10") == true)

        try writeTinyIDX(in: dir)
        let full = idxImages(count: 3, rows: 2, cols: 2)
        try writeDataFile(Array(full.dropLast(2)), to: dir + "/t10k-images-idx3-ubyte")
        let truncated = captureDataError { () throws(DataError) in try DatasetLoader.idxDirectory(dir) }
        #expect(truncated?.path == dir + "/t10k-images-idx3-ubyte")
        #expect(truncated?.message.contains("truncated") == true)
    }

    @Test func sliceAndPrefix() {
        let d = Dataset(features: 2, classes: 10, inputs: [0, 0.1, 1, 1.1, 2, 2.1], labels: [0, 1, 2],
                        imageRows: 1, imageCols: 2)
        #expect(d.slice(1 ..< 3).inputs == [1, 1.1, 2, 2.1])
        #expect(d.slice(1 ..< 3).labels == [1, 2])
        #expect(d.prefix(1).inputs == [0, 0.1] && d.prefix(1).count == 1)
        #expect(d.prefix(10).count == 3)
        #expect(d.prefix(0).count == 0)
    }

    /// Loads the real MNIST shipped in assets/mnist (11 MB of gzip, 55 MB inflated). The slowest test here;
    /// prints the load time.
    @Test func loadsRealMNIST() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let mnist = try DatasetLoader.idxDirectory(dataAssetsDir + "/mnist")
        let elapsed = clock.now - start
        print("MNIST load time: \(elapsed)")
        #expect(mnist.name == "mnist")
        #expect(mnist.train.count == 54_000)
        #expect(mnist.validation.count == 6_000)
        #expect(mnist.test.count == 10_000)
        #expect(mnist.train.features == 784 && mnist.train.imageRows == 28 && mnist.train.imageCols == 28)
        #expect(mnist.train.inputs.count == 54_000 * 784)
        #expect(mnist.test.inputs.count == 10_000 * 784)
        // Well-known first labels of the training and test files.
        #expect(Array(mnist.train.labels.prefix(5)) == [5, 0, 4, 1, 9])
        #expect(Array(mnist.test.labels.prefix(5)) == [7, 2, 1, 0, 4])
        // Scaled to [0, 1] (checked on the first 1,000 test images: a full scan is slow in debug builds).
        let sample = mnist.test.inputs.prefix(1_000 * 784)
        #expect(sample.max() == 1 && sample.min() == 0)
    }
}

// MARK: - Digits CSV

@Suite struct DigitsCSVTests {
    @Test func loadsTheRealDigits() throws {
        let path = dataAssetsDir + "/digits/digits.csv.gz"
        let digits = try DatasetLoader.digitsCSV(path)
        #expect(digits.name == "digits")
        #expect(digits.train.count + digits.validation.count + digits.test.count == 1797)
        #expect(digits.test.count == 359)
        #expect(digits.validation.count == 144)
        #expect(digits.train.count == 1294)
        var seen = Set<Int32>()
        for d in [digits.train, digits.validation, digits.test] {
            #expect(d.features == 64 && d.imageRows == 8 && d.imageCols == 8 && d.classes == 10)
            #expect(d.inputs.count == d.count * 64)
            #expect(d.inputs.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(d.labels.allSatisfy { (0 ..< 10).contains($0) })
            seen.formUnion(d.labels)
        }
        #expect(seen == Set(0 ..< 10))
        #expect(digits.train.inputs.contains(1))  // some pixel is 16

        // The split is fixed: a second load gives exactly the same sets in the same order.
        let again = try DatasetLoader.digitsCSV(path)
        #expect(again.train.labels == digits.train.labels && again.train.inputs == digits.train.inputs)
        #expect(again.test.labels == digits.test.labels && again.test.inputs == digits.test.inputs)
        #expect(again.validation.labels == digits.validation.labels)
    }

    @Test func toleratesHeaderCRLFFloatsAndBlankLines() throws {
        let dir = try makeDataTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let header = (0 ..< 64).map { "p\($0)" }.joined(separator: ",") + ",label\r\n"
        var text = header
        for i in 0 ..< 10 {
            text += (0 ..< 64).map { _ in i % 2 == 0 ? "16.0" : "8" }.joined(separator: ",") + ",\(i)\r\n"
            if i == 4 { text += "\r\n" }
        }
        try writeDataFile(Array(text.utf8), to: dir + "/d.csv")
        let d = try DatasetLoader.digitsCSV(dir + "/d.csv", validationFraction: 0)
        #expect(d.name == "d")
        #expect(d.train.count == 8 && d.validation.count == 0 && d.test.count == 2)
        let all = d.train.labels + d.test.labels
        #expect(Set(all) == Set(0 ..< 10))
        for (k, label) in d.train.labels.enumerated() {
            #expect(d.train.inputs[k * 64] == (label % 2 == 0 ? 1 : 0.5))
        }
    }

    @Test func malformedRowsNamePathAndLine() throws {
        let dir = try makeDataTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = Array(repeating: "0", count: 64).joined(separator: ",") + ",3\n"
        let cases: [(String, String)] = [
            (Array(repeating: "0", count: 63).joined(separator: ",") + ",3\n", "found 64"),
            (Array(repeating: "0", count: 64).joined(separator: ",") + ",x\n", "\"x\" is not a number"),
            (Array(repeating: "17", count: 64).joined(separator: ",") + ",3\n", "outside 0–16"),
            (Array(repeating: "0", count: 64).joined(separator: ",") + ",10\n", "label 10.0"),
            (Array(repeating: "0", count: 64).joined(separator: ",") + ",2.5\n", "label 2.5"),
        ]
        for (bad, expected) in cases {
            try writeDataFile(Array((good + good + bad).utf8), to: dir + "/bad.csv")
            let error = captureDataError { () throws(DataError) in try DatasetLoader.digitsCSV(dir + "/bad.csv") }
            #expect(error?.path == dir + "/bad.csv:3")
            #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        }
        let missing = captureDataError { () throws(DataError) in try DatasetLoader.digitsCSV(dir + "/none.csv") }
        #expect(missing?.path == dir + "/none.csv")
    }
}
