import CKernels
import Foundation

/// A plain-Swift, Float64 model of one sentence of skip-gram with negative sampling, written from the
/// algorithm rather than from the C, to check `lectern_w2v_sentence` (per pair, cbow = 0) and
/// `lectern_w2v_sentence_shared` (negatives shared across the window) against.
///
/// **Random draws.** The reference can only pick the same windows and negatives as a kernel by spending the
/// kernel's LCG (state ← state · 25214903917 + 11 mod 2⁶⁴) in the kernel's order:
///  1. Sub-sampling: one step per token of the sentence, in order; token w is kept when the step's high bits
///     r = (state >> 16) as a UInt32 satisfy r ≤ keep[w]. The windows are formed over the kept tokens.
///  2. For each kept position, in order: one step for the window, half = window − (state mod window) — the
///     whole 64-bit state, not its high bits — and the context is positions pos−half … pos+half clipped to the
///     sentence, without pos.
///  3. Negatives, each two steps: r₁ picks column ⌊r₁ · vocab / 2³²⌋, r₂ answers the column when
///     r₂ < aliasProb[column], else aliasIndex[column]. A draw equal to the centre word is dropped, but its two
///     steps are spent.
///     - Per pair: right after the window, for each context position in ascending order, `negative` draws for
///       that (centre, context) pair.
///     - Shared: right after the window, and only when the window holds at least one context word, `negative`
///       draws once for the centre word; every context word of the window trains against the same ones.
///
/// So a sentence of n tokens with `len` kept costs n + len + 2·negative·(pairs) steps per pair, and
/// n + len + 2·negative·(centres with a context) shared; `steps` counts them.
///
/// **σ.** The kernels read σ(f) and log σ(f) from tables on the grid x_i = (2i / TABLE − 1) · MAX_EXP at the
/// entry i = ⌊(f + MAX_EXP) · TABLE / (2 · MAX_EXP)⌋, and saturate beyond ±MAX_EXP. The reference evaluates σ
/// exactly in Float64, but at that same grid point: it reproduces the table's quantisation, not its Float32
/// storage. The exact σ(f) would not do: the grid step is 0.012, so the table is off by up to 0.25 · 0.012 =
/// 0.003 in σ (0.012 in −log σ), and one update α · Δσ · |v| ≈ 0.05 · 0.003 · 0.5 ≈ 7·10⁻⁵ is already above the
/// 10⁻⁵ the comparison needs (with the exact σ, the weights of SkipGramReferenceTests end one sentence
/// 4–8·10⁻⁴ from the kernels'); inputs small enough to hide that would also hide a doubled learning rate. The
/// price is that the reference's Float64 score must fall in the same table cell as the kernel's Float32 one:
/// every look-up's position in cell units is kept in `tablePositions`, so a test can check that none lies
/// within a small margin of a cell edge (the two scores differ by ~10⁻⁷, ~10⁻⁵ cells).
struct SkipGramReference {
    let dim: Int
    let vocab: Int
    let window: Int
    let negative: Int
    let keep: [UInt32]
    let aliasProb: [UInt32]
    let aliasIndex: [Int32]
    /// vocab × dim, row-major, as the kernels lay them out.
    var syn0: [Double]
    var syn1neg: [Double]
    /// The LCG state, as the kernels' `rng` argument.
    var rng: UInt64

    private(set) var steps = 0
    private(set) var words = 0
    private(set) var pairs = 0
    private(set) var samples = 0
    /// Σ −log σ(±f) over every sample, as `lectern_w2v_counts.loss`.
    private(set) var loss = 0.0
    /// (f + MAX_EXP) · TABLE / (2 · MAX_EXP) of every table look-up.
    private(set) var tablePositions: [Double] = []
    /// Every score f = in · out computed.
    private(set) var scores: [Double] = []

    static let maxExp = Double(LECTERN_W2V_MAX_EXP)
    static let tableSize = Double(LECTERN_W2V_TABLE)

    /// The grid point of entry i of the kernels' tables.
    static func gridPoint(_ i: Int) -> Double { (2 * Double(i) / tableSize - 1) * maxExp }

    static func sigma(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    // MARK: Random draws

    private mutating func step() -> UInt64 {
        rng = rng &* 25_214_903_917 &+ 11
        steps += 1
        return rng
    }

    private mutating func random32() -> UInt32 { UInt32(truncatingIfNeeded: step() >> 16) }

    private mutating func subsample(_ tokens: [Int32]) -> [Int] {
        var kept: [Int] = []
        for w in tokens where random32() <= keep[Int(w)] { kept.append(Int(w)) }
        return kept
    }

    /// The context positions around `pos` among `count` kept tokens.
    private mutating func context(of pos: Int, count: Int) -> [Int] {
        let half = window - Int(step() % UInt64(window))
        return (max(0, pos - half) ..< min(count, pos + half + 1)).filter { $0 != pos }
    }

    /// One negative sample, or nil when it is the centre word.
    private mutating func negativeSample(centre: Int) -> Int? {
        let column = Int((UInt64(random32()) * UInt64(vocab)) >> 32)
        let word = random32() < aliasProb[column] ? column : Int(aliasIndex[column])
        return word == centre ? nil : word
    }

    // MARK: σ look-ups

    /// The grid point of the table cell that holds score x (x within ±MAX_EXP).
    private mutating func cellPoint(_ x: Double) -> Double {
        let position = (x + Self.maxExp) * Self.tableSize / (2 * Self.maxExp)
        tablePositions.append(position)
        return Self.gridPoint(Int(position.rounded(.down)))
    }

    /// (label − σ(f)) · α, σ read at the cell's grid point, 0 or 1 beyond ±MAX_EXP.
    private mutating func gradient(score f: Double, label: Double, alpha: Double) -> Double {
        if f > Self.maxExp { return (label - 1) * alpha }
        if f >= -Self.maxExp { return (label - Self.sigma(cellPoint(f))) * alpha }
        return label * alpha
    }

    /// Adds −log σ(f) (label 1) or −log σ(−f) (label 0): 0 beyond +MAX_EXP, −x below −MAX_EXP.
    private mutating func addLoss(score f: Double, label: Double) {
        let x = label > 0 ? f : -f
        if x >= Self.maxExp {
            // σ is 1 to table precision: no loss.
        } else if x > -Self.maxExp {
            loss += log1p(exp(-cellPoint(x)))
        } else {
            loss += -x
        }
        samples += 1
    }

    private func dot(_ a: [Double], _ ai: Int, _ b: [Double], _ bi: Int) -> Double {
        var s = 0.0
        for d in 0 ..< dim { s += a[ai * dim + d] * b[bi * dim + d] }
        return s
    }

    // MARK: Sentences

    /// One sample of a pair: score, loss, then the step for the input vector (from the output vector before
    /// this sample) is added to `inputStep`, and the output vector moves at once.
    private mutating func trainSample(input: Int, target: Int, label: Double, alpha: Double,
                                      inputStep: inout [Double]) {
        let f = dot(syn0, input, syn1neg, target)
        scores.append(f)
        addLoss(score: f, label: label)
        let g = gradient(score: f, label: label, alpha: alpha)
        for d in 0 ..< dim {
            inputStep[d] += g * syn1neg[target * dim + d]
            syn1neg[target * dim + d] += g * syn0[input * dim + d]
        }
    }

    /// Per pair (word2vec.c's skip-gram): each context word's input vector predicts the centre word against
    /// its own negatives; the output vectors move after every sample, the input vector once per pair.
    mutating func trainPerPair(_ tokens: [Int32], alpha: Double) {
        let kept = subsample(tokens)
        words += tokens.count
        for pos in kept.indices {
            let centre = kept[pos]
            for c in context(of: pos, count: kept.count) {
                let input = kept[c]
                var inputStep = [Double](repeating: 0, count: dim)
                trainSample(input: input, target: centre, label: 1, alpha: alpha, inputStep: &inputStep)
                for _ in 0 ..< negative {
                    guard let w = negativeSample(centre: centre) else { continue }
                    trainSample(input: input, target: w, label: 0, alpha: alpha, inputStep: &inputStep)
                }
                for d in 0 ..< dim { syn0[input * dim + d] += inputStep[d] }
                pairs += 1
            }
        }
    }

    /// Shared negatives: for each centre word, one set of targets (the centre word, label 1, and the negatives
    /// drawn once, label 0) for every context word of its window, and every (context, target) gradient taken
    /// from the weights as they were before this centre word — all of them are applied together.
    mutating func trainShared(_ tokens: [Int32], alpha: Double) {
        let kept = subsample(tokens)
        words += tokens.count
        for pos in kept.indices {
            let centre = kept[pos]
            let contexts = context(of: pos, count: kept.count).map { kept[$0] }
            if contexts.isEmpty { continue }
            var targets: [(word: Int, label: Double)] = [(centre, 1)]
            for _ in 0 ..< negative {
                if let w = negativeSample(centre: centre) { targets.append((w, 0)) }
            }
            let before0 = syn0, before1 = syn1neg
            for input in contexts {
                for target in targets {
                    let f = dot(before0, input, before1, target.word)
                    scores.append(f)
                    addLoss(score: f, label: target.label)
                    let g = gradient(score: f, label: target.label, alpha: alpha)
                    for d in 0 ..< dim {
                        syn0[input * dim + d] += g * before1[target.word * dim + d]
                        syn1neg[target.word * dim + d] += g * before0[input * dim + d]
                    }
                }
            }
            pairs += contexts.count
        }
    }
}
