import Foundation
import Testing
@testable import MLCore

/// The cap on inflated output: min(2 GiB, max(64 MiB, 50 × the compressed size)), or a limit passed in.
@Suite struct GzipLimitTests {
    static let refusal = "refusing — is this really a gzip of the expected data?"

    /// The assets folder of the repository, found from this source file.
    static let assets = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("assets").path

    static func dataError<T>(_ body: () throws(DataError) -> T) -> DataError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultLimitIsFiftyTimesTheFileBetween64MiBAnd2GiB() {
        #expect(Gzip.defaultLimit(compressedSize: 0) == 64 << 20)
        #expect(Gzip.defaultLimit(compressedSize: 1_000_000) == 64 << 20)      // 50 MB < 64 MiB
        #expect(Gzip.defaultLimit(compressedSize: 2_000_000) == 100_000_000)
        #expect(Gzip.defaultLimit(compressedSize: 40_000_000) == 2_000_000_000)
        #expect(Gzip.defaultLimit(compressedSize: 100_000_000) == 2 << 30)     // 5 GB capped at 2 GiB
        #expect(Gzip.defaultLimit(compressedSize: .max) == 2 << 30)            // 50 × Int.max overflows
    }

    @Test func outputOverAnExplicitLimitFailsAndUpToItSucceeds() throws {
        let limit = 100_000
        let over = [UInt8](repeating: 7, count: limit + 1)
        let packed = zlibDeflate(over)
        #expect(packed.count < 1_000)
        let error = Self.dataError { () throws(DataError) in try Gzip.decompress(packed, maxOutput: limit) }
        #expect(error == DataError(path: "<gzip data>",
                                   message: "inflates to more than 97.7 KiB (the limit asked for); \(Self.refusal)"))
        // Exactly at the limit, and one byte under it, inflate as before.
        let at = [UInt8](repeating: 7, count: limit)
        #expect(try Gzip.decompress(zlibDeflate(at), maxOutput: limit) == at)
        #expect(try Gzip.decompress(zlibDeflate(Array(at.dropLast())), maxOutput: limit) == Array(at.dropLast()))
    }

    @Test func theLimitHoldsWithoutTheGzipSizeTrailer() throws {
        // The zlib wrapper has no ISIZE, so the output buffer grows by doubling: it must stop at the limit too.
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let packed = zlibDeflate(zeros, gzip: false)
        let error = Self.dataError { () throws(DataError) in try Gzip.decompress(packed, maxOutput: 300_000) }
        #expect(error?.message == "inflates to more than 293 KiB (the limit asked for); \(Self.refusal)")
        #expect(try Gzip.decompress(packed, maxOutput: 1 << 20) == zeros)
    }

    @Test func theLimitCountsEveryMemberOfAMultiMemberFile() throws {
        let member = zlibDeflate([UInt8](repeating: 1, count: 60_000))
        let error = Self.dataError { () throws(DataError) in try Gzip.decompress(member + member, maxOutput: 100_000) }
        #expect(error?.message.hasPrefix("inflates to more than 97.7 KiB") == true)
        #expect(try Gzip.decompress(member + member, maxOutput: 120_000).count == 120_000)
    }

    @Test func aSmallBombStopsAtTheDefault64MiB() throws {
        // 1 MiB of zeros packs to about 1 KiB; 65 copies of that member are a 66 KiB file that would inflate
        // to 65 MiB, just past the 64 MiB any file may inflate to. 63 copies are just under and load.
        let member = zlibDeflate([UInt8](repeating: 0, count: 1 << 20))
        let bomb = Array([[UInt8]](repeating: member, count: 65).joined())
        #expect(bomb.count < 100_000)
        let error = Self.dataError { () throws(DataError) in try Gzip.decompress(bomb) }
        #expect(error?.message
            == "inflates to more than 64 MiB (the most a file under 1.3 MiB may inflate to); \(Self.refusal)")
        let fine = Array([[UInt8]](repeating: member, count: 63).joined())
        let inflated = try Gzip.decompress(fine)
        // Compared as Data (memcmp): a byte-by-byte loop over 63 MiB takes seconds in a debug build.
        #expect(Data(inflated) == Data(count: 63 << 20))
    }

    @Test func theMessageSaysWhichLimitApplied() {
        #expect(Gzip.tooLarge(limit: Gzip.defaultLimit(compressedSize: 25_000_000), asked: false,
                              compressedSize: 25_000_000)
            == "inflates to more than 1.2 GiB (50× the 23.8 MiB file); \(Self.refusal)")
        #expect(Gzip.tooLarge(limit: Gzip.defaultLimit(compressedSize: 90_000_000), asked: false,
                              compressedSize: 90_000_000)
            == "inflates to more than 2 GiB (the most any file may inflate to); \(Self.refusal)")
        #expect(Gzip.byteCount(1) == "1 byte" && Gzip.byteCount(1023) == "1023 bytes")
        #expect(Gzip.byteCount(1536) == "1.5 KiB" && Gzip.byteCount(64 << 20) == "64 MiB")
    }

    @Test func aFileNamesItselfInTheError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-gzip-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/big.txt.gz"
        try Data(zlibDeflate([UInt8](repeating: 65, count: 5_000))).write(to: URL(fileURLWithPath: path))
        let error = Self.dataError { () throws(DataError) in try Gzip.readMaybeGzipped(path: path, maxOutput: 4_096) }
        #expect(error?.description == "\(path): inflates to more than 4 KiB (the limit asked for); \(Self.refusal)")
        #expect(try Gzip.readMaybeGzipped(path: path).count == 5_000)
    }

    /// The shipped text and CSV assets load under the default limit (MNIST is loaded by DataLoadingTests), at
    /// a few times their compressed size — far from 50×.
    @Test(arguments: [
        ("corpus/austen.txt.gz", 3_866_915), ("corpus/pdmix.txt.gz", 12_604_497),
        ("digits/digits.csv.gz", 264_712), ("mnist/t10k-labels-idx1-ubyte.gz", 10_008),
    ])
    func shippedAssetsLoad(file: String, inflatedSize: Int) throws {
        let path = Self.assets + "/" + file
        let compressed = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let bytes = try Gzip.readMaybeGzipped(path: path)
        #expect(bytes.count == inflatedSize)
        #expect(bytes.count < 5 * compressed)
    }
}
