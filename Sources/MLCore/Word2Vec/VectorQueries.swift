/// A word that is not in the vocabulary, or a query vector of the wrong size.
public enum QueryError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The word, and a vocabulary word it may have meant (same word in lower case, or the longest shared prefix).
    case unknownWord(String, suggestion: String? = nil)
    case wrongDimension(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .unknownWord(let word, let suggestion):
            return "'\(word)' is not in the vocabulary" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .wrongDimension(let expected, let got):
            return "the query vector has \(got) components; the word vectors have \(expected)"
        }
    }
}

/// Word vectors ready for cosine queries: every row normalised to unit length once, up front.
///
/// Mirrors gensim 4.4's `KeyedVectors`: `nearest(to:)` is `most_similar(word)`, `analogy(…, method: .add)` is
/// `most_similar(positive: [b, c], negative: [a])` (3CosAdd) and `.mul` is `most_similar_cosmul` (3CosMul).
/// Rows of all zeros stay zero (similarity 0 to everything) where gensim would produce NaN.
/// Ties rank the earlier (in a frequency-sorted vocabulary, more frequent) word first.
public struct VectorIndex: Sendable {
    public enum AnalogyMethod: String, Sendable, CaseIterable {
        /// 3CosAdd: argmax cos(d, b − a + c) over unit vectors.
        case add
        /// 3CosMul (Levy & Goldberg 2014): argmax cos′(d,b)·cos′(d,c) / (cos′(d,a) + 1e-6), cos′ = (cos + 1) / 2.
        case mul
    }

    public let words: [String]
    public let index: [String: Int]
    public let dimension: Int
    /// Floats per stored row: the dimension rounded up to a multiple of 8, zero-padded, so SIMD8 needs no tail.
    let stride: Int
    /// count × stride unit-length rows.
    let unit: [Float]

    public var count: Int { words.count }

    public init(_ vectors: WordVectors) {
        let dim = vectors.dimension, count = vectors.words.count
        let stride = (dim + 7) / 8 * 8
        words = vectors.words
        index = vectors.index
        dimension = dim
        self.stride = stride
        unit = [Float](unsafeUninitializedCapacity: count * stride) { out, initialized in
            vectors.vectors.withUnsafeBufferPointer { src in
                for r in 0 ..< count {
                    var sumSquares = 0.0
                    for j in 0 ..< dim {
                        let x = Double(src[r * dim + j])
                        sumSquares += x * x
                    }
                    let norm = Float(sumSquares.squareRoot())
                    let usable = norm > 0 && norm.isFinite
                    for j in 0 ..< dim { out[r * stride + j] = usable ? src[r * dim + j] / norm : 0 }
                    for j in dim ..< stride { out[r * stride + j] = 0 }
                }
            }
            initialized = count * stride
        }
    }

    public func contains(_ word: String) -> Bool { index[word] != nil }

    /// The word's unit-length vector.
    public func unitVector(_ word: String) throws(QueryError) -> [Float] {
        let r = try row(word)
        return Array(unit[r * stride ..< r * stride + dimension])
    }

    /// The k words closest to `word` by cosine similarity, best first, without `word` itself.
    public func nearest(to word: String, k: Int = 10) throws(QueryError) -> [(word: String, similarity: Float)] {
        let r = try row(word)
        guard k > 0, count > 0 else { return [] }
        return unit.withUnsafeBufferPointer { u in
            top(k: k, excluded: [r]) { p in Self.dot(p, u.baseAddress! + r * stride, blocks: stride / 8) }
        }
    }

    /// The k words closest to `vector` (any length; it is normalised), best first, without the `excluding` words.
    public func nearest(vector: [Float], k: Int = 10, excluding: Set<String> = []) throws(QueryError) -> [(word: String, similarity: Float)] {
        guard vector.count == dimension else { throw .wrongDimension(expected: dimension, got: vector.count) }
        guard k > 0, count > 0 else { return [] }
        var query = [Float](repeating: 0, count: stride)
        for j in 0 ..< dimension { query[j] = vector[j] }
        Self.normalise(&query)
        let excluded = excluding.compactMap { index[$0] }.sorted()
        return query.withUnsafeBufferPointer { q in
            top(k: k, excluded: excluded) { p in Self.dot(p, q.baseAddress!, blocks: stride / 8) }
        }
    }

    /// Cosine similarity of two words.
    public func similarity(_ a: String, _ b: String) throws(QueryError) -> Float {
        let ra = try row(a), rb = try row(b)
        return unit.withUnsafeBufferPointer { u in
            Self.dot(u.baseAddress! + ra * stride, u.baseAddress! + rb * stride, blocks: stride / 8)
        }
    }

    /// a : b :: c : ?, the k best answers (never a, b or c), with their 3CosAdd cosine or 3CosMul score.
    public func analogy(_ a: String, _ b: String, _ c: String, k: Int = 5,
                        method: AnalogyMethod = .add) throws(QueryError) -> [(word: String, similarity: Float)] {
        let ra = try row(a), rb = try row(b), rc = try row(c)
        guard k > 0, count > 0 else { return [] }
        let excluded = Array(Set([ra, rb, rc])).sorted()
        let blocks = stride / 8
        return unit.withUnsafeBufferPointer { u in
            let pa = u.baseAddress! + ra * stride, pb = u.baseAddress! + rb * stride, pc = u.baseAddress! + rc * stride
            switch method {
            case .add:
                // gensim: mean of (+b̂, +ĉ, −â), then unit length.
                var query = [Float](repeating: 0, count: stride)
                for j in 0 ..< dimension { query[j] = (pb[j] + pc[j]) - pa[j] }
                Self.normalise(&query)
                return query.withUnsafeBufferPointer { q in
                    top(k: k, excluded: excluded) { p in Self.dot(p, q.baseAddress!, blocks: blocks) }
                }
            case .mul:
                return top(k: k, excluded: excluded) { p in
                    let (da, db, dc) = Self.dot3(p, pa, pb, pc, blocks: blocks)
                    return ((1 + db) / 2) * ((1 + dc) / 2) / ((1 + da) / 2 + 0.000001)
                }
            }
        }
    }

    // MARK: - Internals

    func row(_ word: String) throws(QueryError) -> Int {
        if let r = index[word] { return r }
        throw .unknownWord(word, suggestion: suggestion(for: word))
    }

    /// A cheap guess at the intended word: the word in lower case, else the (most frequent) word sharing the
    /// longest prefix with it, if that prefix has at least 3 characters and half the word's length.
    func suggestion(for word: String) -> String? {
        let lower = word.lowercased()
        if lower != word, index[lower] != nil { return lower }
        let target = Array(lower.unicodeScalars)
        let needed = max(3, (target.count + 1) / 2)
        guard target.count >= needed else { return nil }
        var best = needed - 1, bestRow = -1
        for (r, w) in words.enumerated() {
            var shared = 0
            for s in w.unicodeScalars {
                guard shared < target.count, s == target[shared] else { break }
                shared += 1
            }
            if shared > best {
                best = shared
                bestRow = r
                if shared == target.count { break }
            }
        }
        return bestRow >= 0 ? words[bestRow] : nil
    }

    static func normalise(_ v: inout [Float]) {
        var sumSquares = 0.0
        for x in v { sumSquares += Double(x) * Double(x) }
        guard sumSquares > 0 else { return }
        let norm = Float(sumSquares.squareRoot())
        guard norm.isFinite else { return }
        for j in v.indices { v[j] /= norm }
    }

    /// Scores every row with `score(rowPointer)` and keeps the k best not in `excluded` (sorted, tiny).
    @inline(__always)
    func top(k: Int, excluded: [Int], score: (UnsafePointer<Float>) -> Float) -> [(word: String, similarity: Float)] {
        var best = TopK(capacity: min(k, count))
        unit.withUnsafeBufferPointer { u in
            var p = u.baseAddress!
            for r in 0 ..< count {
                let s = score(p)
                if best.accepts(s) && !excluded.contains(r) { best.insert(s, r) }
                p += stride
            }
        }
        return zip(best.rows, best.scores).map { (words[$0], $1) }
    }

    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>, _ block: Int) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(fromByteOffset: block &* 32, as: SIMD8<Float>.self)
    }

    /// Dot product of two zero-padded rows of `blocks` × 8 floats.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, blocks: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i &+ 2 <= blocks {
            s0 += load8(a, i) * load8(b, i)
            s1 += load8(a, i &+ 1) * load8(b, i &+ 1)
            i &+= 2
        }
        if i < blocks { s0 += load8(a, i) * load8(b, i) }
        return (s0 + s1).sum()
    }

    /// Dot products of row `p` with three rows at once (one read of `p`).
    @inline(__always)
    static func dot3(_ p: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                     _ c: UnsafePointer<Float>, blocks: Int) -> (Float, Float, Float) {
        var sa = SIMD8<Float>(), sb = SIMD8<Float>(), sc = SIMD8<Float>()
        for i in 0 ..< blocks {
            let x = load8(p, i)
            sa += x * load8(a, i)
            sb += x * load8(b, i)
            sc += x * load8(c, i)
        }
        return (sa.sum(), sb.sum(), sc.sum())
    }
}

/// The k best (score, row) pairs seen so far, best first; equal scores keep the earlier row first.
struct TopK {
    let capacity: Int
    private(set) var scores: [Float] = []
    private(set) var rows: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity + 1)
        rows.reserveCapacity(capacity + 1)
    }

    /// Whether `s` would enter the list (NaN never does).
    @inline(__always)
    func accepts(_ s: Float) -> Bool {
        if scores.count < capacity { return !s.isNaN }
        return s > scores[capacity - 1]
    }

    mutating func insert(_ s: Float, _ row: Int) {
        var i = scores.count
        while i > 0 && scores[i - 1] < s { i -= 1 }
        scores.insert(s, at: i)
        rows.insert(row, at: i)
        if scores.count > capacity {
            scores.removeLast()
            rows.removeLast()
        }
    }
}
