/// Byte-level byte-pair encoding (the idea of GPT-2's tokenizer, written here from the description): the
/// vocabulary starts as the 256 byte values, then training merges the most frequent adjacent pair of tokens
/// into a new token, again and again, up to the vocabulary size asked for. Any UTF-8 text encodes (every
/// byte has a token) and decodes back exactly.
///
/// Ties between equally frequent pairs go to the smaller pair (first id, then second), so training is
/// deterministic. There is no splitting into words first, so a token may span a space or a line break.
public struct BPETokenizer: LMTokenizer, Equatable {
    /// The merges in training order: merge k made token 256 + k from the pair.
    public let merges: [Pair]
    /// Each token's bytes.
    public let pieces: [[UInt8]]

    public struct Pair: Hashable, Sendable, Comparable {
        public var left: Int32
        public var right: Int32
        public init(_ left: Int32, _ right: Int32) { self.left = left; self.right = right }
        public static func < (a: Pair, b: Pair) -> Bool { (a.left, a.right) < (b.left, b.right) }
    }

    /// Trains on `bytes` (usually a UTF-8 text) up to `vocabularySize` tokens (at least 256). Stops early when
    /// no pair occurs twice.
    public init(training bytes: [UInt8], vocabularySize: Int) {
        precondition(vocabularySize >= 256, "a byte-level vocabulary has at least 256 tokens")
        var seq = bytes.map { Int32($0) }
        var counts: [Pair: Int] = [:]
        for i in seq.indices.dropLast() { counts[Pair(seq[i], seq[i + 1]), default: 0] += 1 }
        func add(_ p: Pair, _ n: Int) {
            let c = (counts[p] ?? 0) + n
            counts[p] = c > 0 ? c : nil
        }
        var merges: [Pair] = []
        for k in 0..<(vocabularySize - 256) {
            // The most frequent pair; among equals, the smallest.
            var best: (pair: Pair, count: Int)?
            for (p, c) in counts where best.map({ c > $0.count || (c == $0.count && p < $0.pair) }) ?? true {
                best = (p, c)
            }
            guard let (pair, count) = best, count >= 2 else { break }
            let new = Int32(256 + k)
            var out: [Int32] = []
            out.reserveCapacity(seq.count)
            var i = 0
            while i < seq.count {
                if i + 1 < seq.count, seq[i] == pair.left, seq[i + 1] == pair.right {
                    // The pairs around the merged one change: (prev, left) becomes (prev, new), (right, next)
                    // becomes (new, next).
                    if let prev = out.last { add(Pair(prev, pair.left), -1); add(Pair(prev, new), 1) }
                    if i + 2 < seq.count { add(Pair(pair.right, seq[i + 2]), -1); add(Pair(new, seq[i + 2]), 1) }
                    add(pair, -1)
                    out.append(new)
                    i += 2
                } else {
                    out.append(seq[i])
                    i += 1
                }
            }
            seq = out
            merges.append(pair)
        }
        self.init(merges: merges)
    }

    /// A tokenizer from its merges (as a model file keeps them).
    public init(merges: [Pair]) {
        var pieces = (0..<256).map { [UInt8($0)] }
        for m in merges { pieces.append(pieces[Int(m.left)] + pieces[Int(m.right)]) }
        self.merges = merges
        self.pieces = pieces
    }

    public var vocabularySize: Int { pieces.count }

    public func encode(_ text: String) throws(TokenizerError) -> [Int32] { encode(bytes: Array(text.utf8)) }

    /// The ids of `bytes`: the merges applied in training order, each wherever its pair stands.
    public func encode(bytes: [UInt8]) -> [Int32] {
        var seq = bytes.map { Int32($0) }
        for (k, pair) in merges.enumerated() where seq.count > 1 {
            let new = Int32(256 + k)
            var out: [Int32] = []
            out.reserveCapacity(seq.count)
            var i = 0
            var merged = false
            while i < seq.count {
                if i + 1 < seq.count, seq[i] == pair.left, seq[i + 1] == pair.right {
                    out.append(new)
                    i += 2
                    merged = true
                } else {
                    out.append(seq[i])
                    i += 1
                }
            }
            if merged { seq = out }
        }
        return seq
    }

    public func decode(_ ids: [Int32]) -> String {
        var bytes: [UInt8] = []
        for id in ids where pieces.indices.contains(Int(id)) { bytes += pieces[Int(id)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func display(_ id: Int32) -> String {
        guard pieces.indices.contains(Int(id)) else { return "‹?›" }
        return Self.display(bytes: pieces[Int(id)])
    }

    /// Whole UTF-8 characters as text, the bytes of a cut one as `‹e4 b8›`.
    static func display(bytes: [UInt8]) -> String {
        var out = ""
        var loose: [UInt8] = []
        var i = 0
        func flush() { if !loose.isEmpty { out += TokenDisplay.hex(loose); loose = [] } }
        while i < bytes.count {
            let length = Self.sequenceLength(bytes[i])
            if length > 0, i + length <= bytes.count,
               let s = String(validating: bytes[i..<(i + length)], as: UTF8.self) {
                flush()
                out += TokenDisplay.visible(s)
                i += length
            } else {
                loose.append(bytes[i])
                i += 1
            }
        }
        flush()
        return out
    }

    /// The length of the UTF-8 sequence a lead byte starts, or 0 for a continuation or invalid byte.
    static func sequenceLength(_ b: UInt8) -> Int {
        switch b {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }
}
