import CZlib
import Foundation

/// gzip (and zlib) decompression through the system zlib.
///
/// Inflated output is capped, so that a small file that inflates to gigabytes (a "zip bomb", or simply the
/// wrong file) stops with a DataError instead of taking the machine's memory: by default a file may inflate to
/// 50× its size, at least 64 MiB and at most 2 GiB (`defaultLimit`). The data this program ships inflates to
/// 2–5× (MNIST's idx files 4.8×, the corpora 3×, digits.csv 4.6×; the largest, 47 MB, is under 64 MiB).
public enum Gzip {
    /// No file inflates to more than this, whatever its size.
    public static let absoluteLimit = 2 << 30
    /// Any file may inflate to this much, however small it is.
    public static let smallFileLimit = 64 << 20
    /// Above `smallFileLimit`, a file may inflate to this many times its own size.
    public static let ratioLimit = 50

    /// The most `compressedSize` bytes may inflate to: min(2 GiB, max(64 MiB, 50 × compressedSize)).
    public static func defaultLimit(compressedSize: Int) -> Int {
        let (product, overflow) = compressedSize.multipliedReportingOverflow(by: ratioLimit)
        return min(absoluteLimit, max(smallFileLimit, overflow ? .max : product))
    }

    /// Inflates gzip or zlib `data`. Several gzip members in a row (as `cat a.gz b.gz` makes) are inflated one
    /// after the other and joined; trailing zero padding is ignored. Corrupt or truncated input throws, and so
    /// does output of more than `maxOutput` bytes (nil: `defaultLimit` for the size of `data`).
    public static func decompress(_ data: [UInt8], maxOutput: Int? = nil) throws(DataError) -> [UInt8] {
        try decompress(data, path: "<gzip data>", maxOutput: maxOutput)
    }

    /// Reads the file at `path`; when it starts with the gzip magic bytes 1f 8b, returns it inflated (at most
    /// `maxOutput` bytes, nil: `defaultLimit` for the file's size), otherwise as it is.
    public static func readMaybeGzipped(path: String, maxOutput: Int? = nil) throws(DataError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw DataError(path: path, message: "is a directory, expected a file")
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        if isGzip(bytes) { return try decompress(bytes, path: path, maxOutput: maxOutput) }
        return bytes
    }

    /// Whether `bytes` starts with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    static func decompress(_ data: [UInt8], path: String, maxOutput: Int? = nil) throws(DataError) -> [UInt8] {
        if data.isEmpty { throw DataError(path: path, message: "empty input, not gzip data") }
        let limit = max(0, maxOutput ?? defaultLimit(compressedSize: data.count))
        // Room for one byte past the limit: a stream that fills exactly `limit` bytes must still be able to
        // reach its end, and one that needs more shows it by writing that byte. The buffer never grows past it.
        let room = limit == .max ? limit : limit + 1
        var stream = z_stream()
        guard lectern_inflate_init_gzip(&stream) == Z_OK else {
            throw DataError(path: path, message: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: min(initialCapacity(for: data), room))
        var produced = 0
        var consumed = 0
        // One chunk per inflate call; keeps avail_in/avail_out (UInt32) in range.
        let maxChunk = 1 << 30
        var failure: String? = nil

        data.withUnsafeBufferPointer { input in
            let inBase = UnsafeMutablePointer(mutating: input.baseAddress!)
            while true {
                if produced == output.count {
                    // Double (at least 64 KiB more), up to `room`; reserve exactly, so that the array does not
                    // round its capacity up to twice what it holds. (Appending an array, not repeatElement:
                    // unoptimised builds copy a repeatElement byte by byte, 4 s for 16 MiB.)
                    let grown = min(room, output.count + max(output.count, 1 << 16))
                    output.reserveCapacity(grown)
                    output.append(contentsOf: [UInt8](repeating: 0, count: grown - output.count))
                }
                let inChunk = min(input.count - consumed, maxChunk)
                stream.next_in = inBase + consumed
                stream.avail_in = UInt32(inChunk)
                let outChunk = min(output.count - produced, maxChunk)
                let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(outChunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                consumed += inChunk - Int(stream.avail_in)
                produced += outChunk - Int(stream.avail_out)
                if produced > limit {
                    failure = tooLarge(limit: limit, asked: maxOutput != nil, compressedSize: input.count)
                    return
                }

                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // End of one member: stop at the end of input or at zero padding, go on for another member.
                    let rest = input[consumed...]
                    if rest.allSatisfy({ $0 == 0 }) { return }
                    guard rest.count >= 2, rest[consumed] == 0x1F, rest[consumed + 1] == 0x8B else {
                        failure = "unexpected \(rest.count) bytes after the end of the gzip data"
                        return
                    }
                    guard inflateReset(&stream) == Z_OK else {
                        failure = "zlib inflateReset failed"
                        return
                    }
                case Z_BUF_ERROR:
                    // No progress possible: either the output is full (grow it and go on) or the input ran out.
                    if produced == output.count { continue }
                    if consumed == input.count {
                        failure = "truncated gzip data (input ended before the end of the compressed stream)"
                        return
                    }
                    failure = "zlib could not make progress"
                    return
                case Z_DATA_ERROR:
                    let detail = stream.msg.map { String(cString: $0) } ?? "invalid data"
                    failure = "corrupt gzip data (\(detail))"
                    return
                case Z_MEM_ERROR:
                    failure = "zlib ran out of memory"
                    return
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    failure = "zlib inflate failed (\(detail))"
                    return
                }
            }
        }
        if let failure { throw DataError(path: path, message: failure) }
        output.removeSubrange(produced...)
        return output
    }

    /// What to say when the output passed `limit`.
    static func tooLarge(limit: Int, asked: Bool, compressedSize: Int) -> String {
        let why: String
        if asked {
            why = "the limit asked for"
        } else if limit == absoluteLimit {
            why = "the most any file may inflate to"
        } else if limit == smallFileLimit {
            why = "the most a file under \(byteCount(smallFileLimit / ratioLimit)) may inflate to"
        } else {
            why = "\(ratioLimit)× the \(byteCount(compressedSize)) file"
        }
        return "inflates to more than \(byteCount(limit)) (\(why)); refusing — is this really a gzip of the expected data?"
    }

    /// A size in bytes, KiB, MiB or GiB, with one decimal when it is not whole: "900 bytes", "1.3 MiB", "2 GiB".
    static func byteCount(_ n: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        if n < 1024 { return n == 1 ? "1 byte" : "\(n) bytes" }
        var value = Double(n) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        let text = String(format: "%.1f", value)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " " + units[unit]
    }

    /// A first guess at the inflated size: the gzip trailer's ISIZE (size mod 2^32 of the last member) when it
    /// is plausible, otherwise four times the input. The buffer grows when the guess is short.
    private static func initialCapacity(for data: [UInt8]) -> Int {
        let fallback = max(data.count * 4, 1 << 12)
        guard isGzip(data), data.count >= 18 else { return fallback }
        let n = data.count
        let isize = Int(data[n - 4]) | Int(data[n - 3]) << 8 | Int(data[n - 2]) << 16 | Int(data[n - 1]) << 24
        // deflate cannot compress better than about 1032:1, so a bigger ISIZE is garbage, not a size.
        guard isize > 0, isize <= data.count * 1032 else { return fallback }
        return isize
    }
}
