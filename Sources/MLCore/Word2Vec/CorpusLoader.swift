import Foundation

/// Reads a text corpus, one sentence per line, into a `Vocabulary` and an index-encoded `Corpus`.
///
/// - Lines are tokenised by `Tokenizer` (pure-ASCII lines on a byte-level path that interns tokens straight
///   from the file's bytes, without making a `String` per token).
/// - The vocabulary keeps the words that occur at least `minCount` times, most frequent first; ties keep the
///   order in which the words first appear, so the same text always gives the same indices. When
///   `maxVocabulary` is given, only that many of the most frequent are kept (after sorting).
/// - The corpus keeps the vocabulary's words in order, drops the others, and drops lines left empty. A line
///   with more than `maxSentenceLength` kept words is cut into sentences of at most that many (word2vec.c and
///   gensim cap sentences the same way, so that one huge line does not make one huge training batch).
public enum CorpusLoader {
    /// The longest sentence (in kept words) of a `Corpus`; longer lines are split.
    public static let maxSentenceLength = 10_000

    /// Loads the UTF-8 text file at `path` (gzip-compressed or not).
    ///
    /// - Parameters:
    ///   - minCount: keep words that occur at least this many times (values below 1 keep every word).
    ///   - maxVocabulary: keep at most this many of the most frequent words.
    ///   - maxLines: read only the first `maxLines` lines (for quick runs and tests).
    /// - Throws: `DataError` naming the file (or `file:line` for text that is not UTF-8) when the file is
    ///   missing or unreadable, holds no words, or no word occurs `minCount` times.
    public static func load(
        path: String, minCount: Int = 5, maxVocabulary: Int? = nil, maxLines: Int? = nil
    ) throws(DataError) -> (vocabulary: Vocabulary, corpus: Corpus) {
        let bytes = try Gzip.readMaybeGzipped(path: path)
        var builder = Builder(source: path)
        var failure: DataError? = nil
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            var start = 0
            var lineNumber = 0
            while start < n {
                if let maxLines, lineNumber >= maxLines { break }
                lineNumber += 1
                let end: Int
                if let newline = memchr(base + start, 0x0A, n - start) {
                    end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = n
                }
                do throws(DataError) {
                    try builder.addLine(UnsafeBufferPointer(start: base + start, count: end - start),
                                        lineNumber: lineNumber)
                } catch {
                    failure = error
                    return
                }
                start = end + 1
            }
        }
        if let failure { throw failure }
        return try builder.finish(minCount: minCount, maxVocabulary: maxVocabulary)
    }

    /// Builds the vocabulary and corpus of `sentences` (each one line of text), as `load` does for a file.
    /// Errors name the source `<sentences>`.
    public static func build(
        sentences: [String], minCount: Int, maxVocabulary: Int? = nil
    ) throws(DataError) -> (vocabulary: Vocabulary, corpus: Corpus) {
        var builder = Builder(source: "<sentences>")
        for (i, sentence) in sentences.enumerated() {
            var s = sentence
            // A sentence with a newline inside is still one sentence: newline is a separator like any space.
            let error = s.withUTF8 { bytes -> DataError? in
                do throws(DataError) {
                    try builder.addLine(bytes, lineNumber: i + 1)
                    return nil
                } catch {
                    return error
                }
            }
            if let error { throw error }
        }
        return try builder.finish(minCount: minCount, maxVocabulary: maxVocabulary)
    }

    // MARK: - Building

    /// Counts the words of the lines fed to it, as ids in order of first appearance, and keeps the text as
    /// those ids until `finish` maps them to vocabulary indices.
    struct Builder {
        let source: String
        var interner = WordInterner()
        /// Every token of every line, as first-appearance ids.
        var stream: [Int32] = []
        /// lineEnds[k] = end (exclusive) in `stream` of the k-th line that had tokens.
        var lineEnds: [Int] = []
        var scratch: [UInt8] = []

        init(source: String) {
            self.source = source
            stream.reserveCapacity(1 << 16)
        }

        mutating func addLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(DataError) {
            let before = stream.count
            if Tokenizer.isASCII(line) {
                // Take the scratch buffer out of self so the closure below can use self freely.
                var buffer: [UInt8] = []
                swap(&buffer, &scratch)
                if buffer.count < line.count { buffer = [UInt8](repeating: 0, count: max(line.count, 256)) }
                buffer.withUnsafeMutableBufferPointer { scratchBuffer in
                    Tokenizer.forEachASCIIToken(line, scratch: scratchBuffer.baseAddress!) { token in
                        stream.append(interner.intern(token))
                    }
                }
                swap(&buffer, &scratch)
            } else {
                guard let text = String(validating: line, as: UTF8.self) else {
                    throw DataError(path: "\(source):\(lineNumber)", message: "not valid UTF-8 text")
                }
                for token in Tokenizer.unicodeTokens(text) {
                    var t = token
                    let id = t.withUTF8 { interner.intern($0) }
                    stream.append(id)
                }
            }
            if stream.count > before { lineEnds.append(stream.count) }
        }

        func finish(minCount: Int, maxVocabulary: Int?) throws(DataError) -> (vocabulary: Vocabulary, corpus: Corpus) {
            if let maxVocabulary, maxVocabulary < 1 {
                throw DataError(path: source, message: "the vocabulary size limit must be at least 1, not \(maxVocabulary)")
            }
            let counts = interner.counts
            guard !stream.isEmpty else {
                throw DataError(path: source, message: "empty corpus: the text has no words")
            }
            var kept: [Int32] = []
            for id in 0 ..< counts.count where counts[id] >= minCount { kept.append(Int32(id)) }
            if kept.isEmpty {
                let most = counts.max() ?? 0
                throw DataError(
                    path: source,
                    message: "no word occurs at least \(minCount) times (min_count \(minCount)); "
                        + "the most frequent occurs \(most) times")
            }
            // Most frequent first; ties in order of first appearance (= id order).
            kept.sort { a, b in
                let ca = counts[Int(a)], cb = counts[Int(b)]
                return ca != cb ? ca > cb : a < b
            }
            if let maxVocabulary, kept.count > maxVocabulary { kept.removeSubrange(maxVocabulary...) }

            var remap = [Int32](repeating: -1, count: counts.count)
            var words: [String] = []
            var keptCounts: [Int] = []
            words.reserveCapacity(kept.count)
            keptCounts.reserveCapacity(kept.count)
            for (newIndex, id) in kept.enumerated() {
                remap[Int(id)] = Int32(newIndex)
                words.append(interner.word(Int(id)))
                keptCounts.append(counts[Int(id)])
            }

            let keptTotal = keptCounts.reduce(0, +)
            var tokens: [Int32] = []
            tokens.reserveCapacity(keptTotal)
            var sentenceEnds: [Int] = []
            sentenceEnds.reserveCapacity(lineEnds.count)
            let maxLength = CorpusLoader.maxSentenceLength
            stream.withUnsafeBufferPointer { stream in
                remap.withUnsafeBufferPointer { remap in
                    var lineStart = 0
                    for lineEnd in lineEnds {
                        var sentenceLength = 0
                        for k in lineStart ..< lineEnd {
                            let index = remap[Int(stream[k])]
                            if index < 0 { continue }
                            tokens.append(index)
                            sentenceLength += 1
                            if sentenceLength == maxLength {
                                sentenceEnds.append(tokens.count)
                                sentenceLength = 0
                            }
                        }
                        if sentenceLength > 0 { sentenceEnds.append(tokens.count) }
                        lineStart = lineEnd
                    }
                }
            }
            let vocabulary = Vocabulary(words: words, counts: keptCounts)
            let corpus = Corpus(tokens: tokens, sentenceEnds: sentenceEnds, rawTokenCount: stream.count)
            return (vocabulary, corpus)
        }
    }
}

/// An open-addressing hash set of byte strings (words as UTF-8) that hands out ids in order of first
/// appearance and counts how often each was interned. Faster than `[String: Int]` for the loader: no `String`
/// is made per token, and hashing reads eight bytes at a time.
struct WordInterner {
    /// Slot → word id, or -1 when empty. Power-of-two size, at most half full.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var arena: [UInt8] = []
    /// counts[id] = times word `id` was interned.
    private(set) var counts: [Int] = []

    init() {
        slots = [Int32](repeating: -1, count: 1 << 12)
        arena.reserveCapacity(1 << 16)
    }

    var count: Int { counts.count }

    /// The word with id `id`.
    func word(_ id: Int) -> String {
        arena.withUnsafeBufferPointer { a in
            String(decoding: UnsafeBufferPointer(rebasing: a[starts[id] ..< starts[id] + lengths[id]]), as: UTF8.self)
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(n)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }

    /// The id of `bytes` (a new one, the next in order, if it was not seen before); adds one to its count.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(bytes)
        let n = bytes.count
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            let i = Int(id)
            if hashes[i] == h && lengths[i] == n {
                let start = starts[i]
                let same = arena.withUnsafeBufferPointer { a in
                    n == 0 || memcmp(a.baseAddress! + start, bytes.baseAddress!, n) == 0
                }
                if same {
                    counts[i] += 1
                    return id
                }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(counts.count)
        slots[slot] = id
        hashes.append(h)
        starts.append(arena.count)
        lengths.append(n)
        arena.append(contentsOf: bytes)
        counts.append(1)
        if counts.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in 0 ..< counts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id)
        }
        slots = bigger
    }
}
