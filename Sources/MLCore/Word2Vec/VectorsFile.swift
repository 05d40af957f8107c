import Foundation

/// Word vectors in the word2vec file formats, byte-compatible with gensim 4.4's
/// `KeyedVectors.save_word2vec_format` / `load_word2vec_format`.
///
/// Both formats start with the ASCII header line `"<count> <dimension>\n"`. Then, per word, in file order:
/// - **text**: `word v1 v2 … vdim\n`, single spaces, UTF-8. Each value is written the way gensim writes it
///   (`str()` of a NumPy float32): the shortest decimal that reads back as the same float32, positional for
///   1e-4 ≤ |x| < 1e6 (`0.0123`, `5.0`, `-0.0`), otherwise scientific with a two-digit exponent (`1e-05`,
///   `1.0374392e+06`); `nan`, `inf`, `-inf`. A text file therefore round-trips bit-exactly too.
/// - **binary**: `word` + one space + `dimension` little-endian float32, and *no* newline after the vector
///   (gensim writes none; the original C word2vec writes one). Loading skips any `\n` before a word, as gensim
///   does, so files from either tool load.
///
/// Loading detects the format from the content, not the file name: text when the bytes after the header are
/// plausible text (UTF-8, no control characters but tab/CR/LF), binary otherwise; if the likely format does not
/// parse but the other does, the other wins. Loading is stricter than gensim where gensim would silently load
/// something else than the file says:
/// - a duplicate word is an error (gensim keeps the first vector and logs a warning);
/// - entries beyond the header's count are an error (gensim ignores them), and so are fewer (gensim too);
/// - a text line must hold exactly `dimension` values; blank lines and trailing whitespace
///   (the C tool's `"… vdim \n"`, Windows line ends) are accepted, repeated spaces too.
/// Words must be non-empty UTF-8 without spaces or line breaks, in both directions.
///
/// Saving is atomic: the bytes go to a temporary file in the destination's directory, which is synced and then
/// renamed over the destination; on any failure the temporary file is removed and the destination is untouched.
public enum VectorsFile {
    public enum Format: String, Sendable, CaseIterable {
        case text, binary
    }

    // MARK: - Save

    /// Writes `v` to `path` atomically. Throws `DataError` (words the format cannot hold, I/O failures).
    public static func save(_ v: WordVectors, to path: String, format: Format) throws {
        let bytes = try encode(v, format: format, path: path)
        try FileIO.writeAtomically(bytes, to: path)
    }

    /// The file's bytes. `path` only labels errors.
    public static func encode(_ v: WordVectors, format: Format, path: String = "<vectors>") throws(DataError) -> [UInt8] {
        let dim = v.dimension
        guard dim >= 1 else { throw DataError(path: path, message: "the vectors have dimension \(dim); the format needs at least 1") }
        guard v.vectors.count == v.words.count * dim else {
            throw DataError(path: path, message: "\(v.vectors.count) values for \(v.words.count) words × \(dim) dimensions")
        }
        for (i, w) in v.words.enumerated() {
            if w.isEmpty { throw DataError(path: path, message: "word \(i + 1) is empty; the word2vec format cannot hold it") }
            if w.utf8.contains(where: { $0 == 0x20 || $0 == 0x0A }) {
                throw DataError(path: path, message: "word \(i + 1) (\(quoted(w))) contains a space or a line break; the word2vec format cannot hold it")
            }
        }
        if v.index.count != v.words.count {
            for (i, w) in v.words.enumerated() where v.index[w] != i {
                throw DataError(path: path, message: "word \(i + 1) (\(quoted(w))) repeats word \(v.index[w]! + 1)")
            }
        }

        var out: [UInt8] = []
        out.append(contentsOf: "\(v.words.count) \(dim)\n".utf8)
        switch format {
        case .text:
            out.reserveCapacity(out.count + v.words.count * (dim * 12 + 12))
            v.vectors.withUnsafeBufferPointer { values in
                for (i, w) in v.words.enumerated() {
                    out.append(contentsOf: w.utf8)
                    for j in 0 ..< dim {
                        out.append(0x20)
                        out.append(contentsOf: gensimString(values[i * dim + j]).utf8)
                    }
                    out.append(0x0A)
                }
            }
        case .binary:
            out.reserveCapacity(out.count + v.words.count * (dim * 4 + 16))
            v.vectors.withUnsafeBufferPointer { values in
                for (i, w) in v.words.enumerated() {
                    out.append(contentsOf: w.utf8)
                    out.append(0x20)
                    for j in 0 ..< dim {
                        let bits = values[i * dim + j].bitPattern
                        out.append(UInt8(truncatingIfNeeded: bits))
                        out.append(UInt8(truncatingIfNeeded: bits >> 8))
                        out.append(UInt8(truncatingIfNeeded: bits >> 16))
                        out.append(UInt8(truncatingIfNeeded: bits >> 24))
                    }
                }
            }
        }
        return out
    }

    /// `x` as gensim writes it in a text file: NumPy's `str(numpy.float32(x))`.
    ///
    /// NumPy prints the shortest round-trip digits (as Swift's `description` does) but switches to scientific
    /// notation by value: below 1e-4 or from 1e6 up, where Swift switches at 2^24 and by the digits' exponent.
    public static func gensimString(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        let s = x.description
        let magnitude = Double(x).magnitude
        let wantPositional = magnitude >= 1e-4 && magnitude < 1e6
        let isScientific = s.utf8.contains(UInt8(ascii: "e"))
        if wantPositional != isScientific { return s }

        // Re-spell Swift's shortest digits in the other notation.
        var body = Substring(s)
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        var digits: [Character]
        var exponent: Int  // of the first significant digit
        if let e = body.firstIndex(of: "e") {
            let mantissa = body[..<e]
            exponent = Int(body[body.index(after: e)...])!
            digits = Array(mantissa.filter { $0 != "." })
        } else {
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            let intPart = parts[0], fracPart = parts.count > 1 ? parts[1] : ""
            digits = Array(intPart + fracPart)
            let leadingZeros = digits.prefix { $0 == "0" }.count
            digits.removeFirst(leadingZeros)
            exponent = intPart.count - 1 - leadingZeros
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        var out = negative ? "-" : ""
        if wantPositional {
            if exponent >= 0 {
                let intCount = exponent + 1
                out += String(digits.prefix(intCount))
                if digits.count < intCount { out += String(repeating: "0", count: intCount - digits.count) }
                out += "."
                out += digits.count > intCount ? String(digits[intCount...]) : "0"
            } else {
                out += "0." + String(repeating: "0", count: -exponent - 1) + String(digits)
            }
        } else {
            out.append(digits[0])
            if digits.count > 1 { out += "." + String(digits[1...]) }
            out += exponent < 0 ? "e-" : "e+"
            if abs(exponent) < 10 { out += "0" }
            out += String(abs(exponent))
        }
        return out
    }

    // MARK: - Load

    /// Reads a word2vec file, text or binary (detected from the content).
    public static func load(path: String) throws(DataError) -> (vectors: WordVectors, format: Format) {
        try decode(FileIO.readAll(path), path: path)
    }

    /// Parses the bytes of a word2vec file; `path` labels errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(DataError) -> (vectors: WordVectors, format: Format) {
        let result: Result<(vectors: WordVectors, format: Format), DataError> = bytes.withUnsafeBufferPointer { buf in
            do throws(DataError) { return .success(try decode(buf, path: path)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func decode(_ buf: UnsafeBufferPointer<UInt8>, path: String) throws(DataError) -> (vectors: WordVectors, format: Format) {
        let (count, dim, bodyStart) = try parseHeader(buf, path: path)
        if looksLikeText(buf, from: bodyStart) {
            do { return (try parseText(buf, from: bodyStart, count: count, dim: dim, path: path), .text) } catch {
                if let v = try? parseBinary(buf, from: bodyStart, count: count, dim: dim, path: path) { return (v, .binary) }
                throw error
            }
        } else {
            do { return (try parseBinary(buf, from: bodyStart, count: count, dim: dim, path: path), .binary) } catch {
                if let v = try? parseText(buf, from: bodyStart, count: count, dim: dim, path: path) { return (v, .text) }
                throw DataError(path: error.path, message: error.message + " (read as binary: the bytes after the header are not text)")
            }
        }
    }

    private static func parseHeader(_ buf: UnsafeBufferPointer<UInt8>, path: String) throws(DataError) -> (count: Int, dim: Int, bodyStart: Int) {
        let at = "\(path):1"
        guard !buf.isEmpty else { throw DataError(path: at, message: "bad header: the file is empty") }
        let end = buf.firstIndex(of: 0x0A) ?? buf.count
        guard end <= 200, let line = String(validating: UnsafeBufferPointer(rebasing: buf[0 ..< end]), as: UTF8.self) else {
            throw DataError(path: at, message: "bad header: expected '<count> <dimension>' on the first line")
        }
        let parts = line.split(whereSeparator: { $0.isWhitespace })
        guard parts.count == 2, let count = Int(parts[0]), let dim = Int(parts[1]), count >= 0, dim >= 0 else {
            throw DataError(path: at, message: "bad header: expected '<count> <dimension>', got \(quoted(line))")
        }
        guard dim >= 1 else { throw DataError(path: at, message: "bad header: dimension \(dim); it must be at least 1") }
        let (cells, overflow) = count.multipliedReportingOverflow(by: dim)
        guard !overflow, cells <= Int.max / 8 else {
            throw DataError(path: at, message: "bad header: \(count) × \(dim) values is too large")
        }
        return (count, dim, min(end + 1, buf.count))
    }

    /// True when the first 64 KiB after the header are UTF-8 text without control characters other than
    /// tab, CR and LF. Float32 bytes almost never are: zeros, small exponents and stray continuation bytes show.
    static func looksLikeText(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var end = min(buf.count, start + 65536)
        for i in start ..< end {
            let b = buf[i]
            if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F { return false }
        }
        if end < buf.count {
            // Cut before a multi-byte character that the sample would split.
            var j = end - 1
            while j > start && end - j < 4 && buf[j] & 0xC0 == 0x80 { j -= 1 }
            if buf[j] >= 0xC0 { end = j }
        }
        return String(validating: UnsafeBufferPointer(rebasing: buf[start ..< end]), as: UTF8.self) != nil
    }

    private static func isSpaceOrTab(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    private static func isTrailingWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    private static func parseText(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, count: Int, dim: Int,
                                  path: String) throws(DataError) -> WordVectors {
        let n = buf.count
        var words: [String] = []
        words.reserveCapacity(min(count, n / (2 * dim + 2) + 1))
        var values: [Float] = []
        values.reserveCapacity(min(count * dim, n / 2 + 1))
        var firstLine: [String: Int] = [:]
        firstLine.reserveCapacity(words.capacity)
        var pos = start
        var line = 1
        while pos < n {
            line += 1
            let lineEnd = UnsafeBufferPointer(rebasing: buf[pos...]).firstIndex(of: 0x0A).map { $0 + pos } ?? n
            var end = lineEnd
            while end > pos && isTrailingWhitespace(buf[end - 1]) { end -= 1 }
            let lineStart = pos
            pos = lineEnd + 1
            if end == lineStart { continue }  // blank line
            let at = "\(path):\(line)"
            if words.count == count {
                throw DataError(path: at, message: "more words than the \(count) the header declares")
            }
            // The word: up to the first space.
            var i = lineStart
            while i < end && buf[i] != 0x20 { i += 1 }
            guard i > lineStart else { throw DataError(path: at, message: "the line starts with a space, not a word") }
            guard let word = String(validating: UnsafeBufferPointer(rebasing: buf[lineStart ..< i]), as: UTF8.self) else {
                throw DataError(path: at, message: "the word is not valid UTF-8")
            }
            // Count the values first, so a short or long line says so before any value is judged.
            var fields = 0
            var j = i
            while j < end {
                while j < end && buf[j] == 0x20 { j += 1 }
                if j == end { break }
                fields += 1
                while j < end && buf[j] != 0x20 { j += 1 }
            }
            guard fields == dim else {
                throw DataError(path: at, message: "\(quoted(word)) has \(fields) value\(fields == 1 ? "" : "s"), expected \(dim)")
            }
            j = i
            var k = 0
            while j < end {
                while j < end && buf[j] == 0x20 { j += 1 }
                if j == end { break }
                let tokenStart = j
                while j < end && buf[j] != 0x20 { j += 1 }
                k += 1
                let token = String(decoding: UnsafeBufferPointer(rebasing: buf[tokenStart ..< j]), as: UTF8.self)
                guard let x = Float(token) else {
                    throw DataError(path: at, message: "value \(k) of \(quoted(word)), \(quoted(token)), is not a number")
                }
                values.append(x)
            }
            if let first = firstLine[word] {
                throw DataError(path: at, message: "duplicate word \(quoted(word)) (first on line \(first))")
            }
            firstLine[word] = line
            words.append(word)
        }
        guard words.count == count else {
            throw DataError(path: path, message: "the file ends after \(words.count) of the \(count) words its header declares")
        }
        return WordVectors(words: words, dimension: dim, vectors: values)
    }

    private static func parseBinary(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, count: Int, dim: Int,
                                    path: String) throws(DataError) -> WordVectors {
        let n = buf.count
        let vectorBytes = dim * 4
        let plausible = min(count, (n - start) / (vectorBytes + 2) + 1)
        var words: [String] = []
        words.reserveCapacity(plausible)
        var values = [Float]()
        values.reserveCapacity(plausible * dim)
        var firstEntry: [String: Int] = [:]
        firstEntry.reserveCapacity(plausible)
        let raw = UnsafeRawBufferPointer(buf)
        var pos = start
        for e in 0 ..< count {
            let entry = e + 1
            while pos < n && buf[pos] == 0x0A { pos += 1 }  // the C tool's newline after the previous vector
            guard pos < n else {
                throw DataError(path: path, message: "entry \(entry): truncated: the file ends after \(entry - 1) of the \(count) words its header declares")
            }
            var space = pos
            while space < n && buf[space] != 0x20 { space += 1 }
            guard space < n else {
                throw DataError(path: path, message: "entry \(entry): truncated: no space after the word")
            }
            guard space > pos else { throw DataError(path: path, message: "entry \(entry): empty word") }
            guard let word = String(validating: UnsafeBufferPointer(rebasing: buf[pos ..< space]), as: UTF8.self) else {
                throw DataError(path: path, message: "entry \(entry): the word is not valid UTF-8")
            }
            let vectorStart = space + 1
            guard n - vectorStart >= vectorBytes else {
                throw DataError(path: path, message: "entry \(entry) (\(quoted(word))): truncated: \(n - vectorStart) of the \(vectorBytes) bytes of its vector")
            }
            for j in 0 ..< dim {
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: vectorStart + 4 * j, as: UInt32.self))
                values.append(Float(bitPattern: bits))
            }
            if let first = firstEntry[word] {
                throw DataError(path: path, message: "entry \(entry): duplicate word \(quoted(word)) (first at entry \(first))")
            }
            firstEntry[word] = entry
            words.append(word)
            pos = vectorStart + vectorBytes
        }
        while pos < n && isTrailingWhitespace(buf[pos]) { pos += 1 }
        guard pos == n else {
            throw DataError(path: path, message: "more data after the \(count) words the header declares (at byte \(pos))")
        }
        return WordVectors(words: words, dimension: dim, vectors: values)
    }

    private static func quoted(_ s: String) -> String {
        let short = s.count > 40 ? s.prefix(40) + "…" : Substring(s)
        return "'\(short)'"
    }
}
