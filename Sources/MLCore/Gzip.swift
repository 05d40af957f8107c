import CZlib
import Foundation

/// gzip (and zlib) decompression through the system zlib.
public enum Gzip {
    /// Inflates gzip or zlib `data`. Several gzip members in a row (as `cat a.gz b.gz` makes) are inflated one
    /// after the other and joined; trailing zero padding is ignored. Corrupt or truncated input throws.
    public static func decompress(_ data: [UInt8]) throws(DataError) -> [UInt8] {
        try decompress(data, path: "<gzip data>")
    }

    /// Reads the file at `path`; when it starts with the gzip magic bytes 1f 8b, returns it inflated, otherwise
    /// as it is.
    public static func readMaybeGzipped(path: String) throws(DataError) -> [UInt8] {
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
        if isGzip(bytes) { return try decompress(bytes, path: path) }
        return bytes
    }

    /// Whether `bytes` starts with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    static func decompress(_ data: [UInt8], path: String) throws(DataError) -> [UInt8] {
        if data.isEmpty { throw DataError(path: path, message: "empty input, not gzip data") }
        var stream = z_stream()
        guard lectern_inflate_init_gzip(&stream) == Z_OK else {
            throw DataError(path: path, message: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: initialCapacity(for: data))
        var produced = 0
        var consumed = 0
        // One chunk per inflate call; keeps avail_in/avail_out (UInt32) in range.
        let maxChunk = 1 << 30
        var failure: String? = nil

        data.withUnsafeBufferPointer { input in
            let inBase = UnsafeMutablePointer(mutating: input.baseAddress!)
            while true {
                if produced == output.count {
                    // An array, not repeatElement: unoptimised builds copy a repeatElement byte by byte (4 s
                    // for 16 MiB), an array as one block.
                    output.append(contentsOf: [UInt8](repeating: 0, count: max(output.count, 1 << 16)))
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
