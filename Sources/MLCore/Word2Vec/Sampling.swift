import Foundation

// The random choices of Word2Vec training: which occurrences of frequent words to skip (sub-sampling), which
// words to draw as negatives (the unigram^0.75 distribution), and how the learning rate decays.

/// Frequent-word sub-sampling as in word2vec.c and gensim.
///
/// An occurrence of word w (count c among T kept tokens) is kept with probability
/// `p_keep = (sqrt(c / (s·T)) + 1) · (s·T) / c`, capped at 1, where s is `sample` (e.g. 1e-3). Words rarer than
/// about s·T are always kept; "the" is kept a small fraction of the time. `sample == 0` keeps everything.
///
/// As in gensim, each word's probability is stored as a 32-bit threshold, `p_keep · (2³² − 1)`, so the hot loop
/// draws a random `UInt32` r and keeps the occurrence when `r <= keepThreshold[w]` (no floating point, no
/// division). P(keep) is then (threshold + 1) / 2³², within 2⁻³² of p_keep; p_keep = 1 keeps always.
public struct Subsampler: Sendable {
    /// The sample parameter s; 0 means sub-sampling is off.
    public let sample: Double
    /// keepThreshold[w] = p_keep(w) · (2³² − 1), rounded.
    public let keepThreshold: [UInt32]
    private let counts: [Int]
    private let total: Double

    public init(vocabulary: Vocabulary, sample: Double) {
        self.init(counts: vocabulary.counts, sample: sample)
    }

    /// Sub-sampling for words with these counts (T is their sum).
    public init(counts: [Int], sample: Double) {
        precondition(sample >= 0 && sample.isFinite, "sample must be a finite number ≥ 0")
        self.sample = sample
        self.counts = counts
        self.total = Double(counts.reduce(0, +))
        var thresholds = [UInt32](repeating: .max, count: counts.count)
        if sample > 0 {
            let scale = Double(UInt32.max)
            for w in 0 ..< counts.count {
                let p = Self.keepProbability(count: counts[w], total: total, sample: sample)
                thresholds[w] = p >= 1 ? .max : UInt32((p * scale).rounded())
            }
        }
        keepThreshold = thresholds
    }

    /// Whether sub-sampling is on (sample > 0).
    public var isEnabled: Bool { sample > 0 }

    /// p_keep of `word`, by the formula (capped at 1; 1 when sub-sampling is off).
    public func keepProbability(_ word: Int) -> Double {
        sample > 0 ? Self.keepProbability(count: counts[word], total: total, sample: sample) : 1
    }

    /// Whether to keep an occurrence of `word`, given a uniform random `UInt32`.
    @inlinable @inline(__always)
    public func keeps(_ word: Int32, random: UInt32) -> Bool {
        random <= keepThreshold[Int(word)]
    }

    static func keepProbability(count: Int, total: Double, sample: Double) -> Double {
        guard count > 0 else { return 1 }
        let c = Double(count)
        let threshold = sample * total
        return min(1, ((c / threshold).squareRoot() + 1) * threshold / c)
    }
}

/// The noise distribution for negative sampling: word w is drawn with probability ∝ count(w)^0.75.
///
/// Walker's alias method (Vose's construction) rather than word2vec.c's big table: word2vec.c fills a table of
/// 10⁸ Int32 (400 MB) and indexes it at random, a cache miss on nearly every draw (it costs the original code
/// about a third of its speed); a table of 2²⁰ entries would still be 4 MB and would round small probabilities.
/// The alias table is one UInt64 per vocabulary word (about 120 KB for 15k words, at home in L2), the
/// distribution is exact up to 2⁻³² per word, and a draw is O(1): one multiply, one load, one compare.
public struct UnigramTable: Sendable {
    /// The exponent (0.75 in word2vec).
    public let power: Double
    /// Per column: acceptance threshold in the high 32 bits, alias in the low 32. A full column has threshold
    /// UInt32.max and itself as alias, so it always answers itself.
    @usableFromInline let entries: [UInt64]
    private let weights: [Double]
    private let totalWeight: Double

    public init(vocabulary: Vocabulary, power: Double = 0.75) {
        self.init(counts: vocabulary.counts, power: power)
    }

    public init(counts: [Int], power: Double = 0.75) {
        precondition(!counts.isEmpty, "the unigram table needs at least one word")
        precondition(counts.count < Int(Int32.max), "too many words")
        self.power = power
        let weights = counts.map { $0 > 0 ? Double($0).pow(power) : 0 }
        let total = weights.reduce(0, +)
        precondition(total > 0, "the unigram table needs a word with a positive count")
        self.weights = weights
        self.totalWeight = total

        // Vose: scale to mean 1, pair each under-full column with an over-full one.
        let n = counts.count
        var scaled = weights.map { $0 * Double(n) / total }
        var probability = [Double](repeating: 1, count: n)
        var alias = Array(0 ..< n)
        var small: [Int] = []
        var large: [Int] = []
        for i in 0 ..< n {
            if scaled[i] < 1 { small.append(i) } else { large.append(i) }
        }
        while let s = small.last, let l = large.last {
            small.removeLast()
            large.removeLast()
            probability[s] = scaled[s]
            alias[s] = l
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // What is left (large ones, or small ones off by rounding) is full: probability 1, alias itself.
        var entries = [UInt64](repeating: 0, count: n)
        let scale = 4_294_967_296.0  // 2^32
        for i in 0 ..< n {
            let t = probability[i] * scale
            if t >= scale - 0.5 || alias[i] == i {
                entries[i] = UInt64(UInt32.max) << 32 | UInt64(i)
            } else {
                entries[i] = UInt64(UInt32(t.rounded())) << 32 | UInt64(alias[i])
            }
        }
        self.entries = entries
    }

    /// Vocabulary size.
    public var count: Int { entries.count }

    /// A word index drawn from the distribution, from a uniform random `UInt64`: the high 32 bits pick the
    /// column (multiply-shift, no modulo), the low 32 bits accept the column or take its alias.
    @inlinable @inline(__always)
    public func sample(_ random: UInt64) -> Int32 {
        let column = Int(truncatingIfNeeded: ((random >> 32) &* UInt64(entries.count)) >> 32)
        let entry = entries[column]
        return UInt32(truncatingIfNeeded: random) < UInt32(truncatingIfNeeded: entry >> 32)
            ? Int32(truncatingIfNeeded: column) : Int32(truncatingIfNeeded: entry)
    }

    /// The table as two arrays (for a C kernel): draw column c, answer c when a uniform UInt32 is below
    /// `acceptThreshold[c]`, otherwise `alias[c]`. Full columns have threshold UInt32.max and alias c.
    public var columns: (acceptThreshold: [UInt32], alias: [Int32]) {
        (entries.map { UInt32(truncatingIfNeeded: $0 >> 32) }, entries.map { Int32(truncatingIfNeeded: $0) })
    }

    /// The target probability of `word`: count^power / Σ count^power.
    public func probability(_ word: Int) -> Double {
        weights[word] / totalWeight
    }

    /// The probability the table actually gives `word` (up to the 2⁻³² column rounding); for tests.
    func tableProbability(_ word: Int) -> Double {
        let n = Double(entries.count)
        var p = 0.0
        for (column, entry) in entries.enumerated() {
            let accept = Double(UInt32(truncatingIfNeeded: entry >> 32)) / 4_294_967_296.0
            let aliasOf = Int(UInt32(truncatingIfNeeded: entry))
            if column == word { p += accept / n }
            if aliasOf == word { p += (1 - accept) / n }
        }
        return p
    }
}

/// The learning-rate schedule of word2vec and gensim: linear decay over the whole run.
public enum LearningRate {
    /// α at `progress` (0 at the start of training, 1 at the end of the last epoch, clamped to 0…1): falls
    /// linearly from `start` to `end` and never goes below `end`.
    public static func alpha(start: Double, end: Double, progress: Double) -> Double {
        let p = progress.isNaN ? 0 : min(max(progress, 0), 1)
        return max(end, start - (start - end) * p)
    }
}

private extension Double {
    func pow(_ e: Double) -> Double {
        // 0.75 is the common case: x^0.75 = sqrt(x) · sqrt(sqrt(x)), exact enough and libm-free.
        if e == 0.75 { let r = squareRoot(); return r * r.squareRoot() }
        if e == 1 { return self }
        return Foundation.pow(self, e)
    }
}
