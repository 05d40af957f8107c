import CKernels
import Foundation
import Testing
@testable import MLCore

/// One sentence through each C kernel and through `SkipGramReference`, from the same weights and LCG state.
///
/// Tolerances. Weights are compared element-wise with an absolute 1e-5: every weight here stays within ±1,
/// where Float32 values are spaced ≤ 6e-8 apart, and no weight goes through more than a few dozen rounded
/// operations in one sentence, so the kernel's Float32 arithmetic is ≲ 1e-6 from the Float64 reference
/// (measured: ≤ 2e-7); a relative tolerance would be meaningless for weights that end up near 0. One sample's
/// update is α · |label − σ| · |v| ≈ 0.05 · 0.5 · 0.3 ≈ 7e-3, so a lost, doubled or sign-flipped update is
/// hundreds of tolerances away (each test also checks that the sentence moved some weight by more than 1e-3). The loss
/// is compared with a relative 1e-6: it is a sum of positive table entries, each stored in Float32 (relative
/// error ≤ 6e-8), and a sum of positive terms keeps the largest relative error of its terms.
@Suite struct SkipGramReferenceTests {
    /// Word counts, most frequent first (as a Vocabulary is sorted), for the alias table of the negatives.
    static let counts = [9, 7, 5, 4, 3, 2, 1]
    /// One sentence over the 7 words, with repeats so that some window holds the same word twice.
    static let sentence: [Int32] = [0, 2, 1, 0, 4, 3, 0, 6, 1, 5, 2, 0, 1, 1, 3]
    static let dim = 5, negative = 3
    static let alpha: Float = 0.05
    /// Chosen so that no table look-up of the four runs lies within 4e-3 cells of a cell edge (see cellMargin).
    static let rngSeed: UInt64 = 0x98C4_75F0_F066_A9CE
    /// A table position closer than this to a cell edge (in cells) could fall in another cell in Float32.
    static let cellMargin = 1e-3

    struct Run {
        var syn0: [Float]
        var syn1neg: [Float]
        var counts: lectern_w2v_counts
        var rng: UInt64
    }

    /// Uniform weights in [−0.5, 0.5): big enough that scores spread over a few table cells, small enough
    /// that every |score| stays far below MAX_EXP.
    static func initialWeights(seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0 ..< counts.count * dim).map { _ in rng.nextUnitFloat() - 0.5 }
    }

    static let tables = SamplingTables(
        vocabulary: Vocabulary(words: (0 ..< counts.count).map { "w\($0)" }, counts: counts), sample: 0)

    /// The sentence through a kernel, its model built as Word2VecTrainer builds it (SamplingTables.withModel).
    static func runKernel(shared: Bool, window: Int) -> Run {
        var config = Word2VecConfig()
        config.dimension = dim
        config.window = window
        config.negative = negative
        config.cbow = false
        config.sample = 0
        var syn0 = initialWeights(seed: 11), syn1neg = initialWeights(seed: 12)
        var neu1 = [Float](repeating: 0, count: dim), neu1e = [Float](repeating: 0, count: dim)
        var kept = [Int32](repeating: -1, count: sentence.count)
        // Exactly the scratch the header asks for, then guard floats that the kernel must leave alone.
        let need = Int(lectern_w2v_shared_scratch_floats(Int32(window), Int32(negative), Int64(dim)))
        let guardValue: Float = 12345.5
        var scratch = [Float](repeating: 0, count: need) + [Float](repeating: guardValue, count: 8)
        var totals = lectern_w2v_counts()
        var rng = rngSeed
        syn0.withUnsafeMutableBufferPointer { s0 in
            syn1neg.withUnsafeMutableBufferPointer { s1 in
                neu1.withUnsafeMutableBufferPointer { n1 in
                    neu1e.withUnsafeMutableBufferPointer { n1e in
                        kept.withUnsafeMutableBufferPointer { k in
                            tables.withModel(syn0: s0.baseAddress!, syn1neg: s1.baseAddress!, dimension: dim,
                                             config: config, neu1: n1.baseAddress!, neu1e: n1e.baseAddress!,
                                             kept: k.baseAddress!) { model in
                                if shared {
                                    lectern_w2v_sentence_shared(model, sentence, Int64(sentence.count), alpha,
                                                                &rng, &totals, &scratch)
                                } else {
                                    lectern_w2v_sentence(model, sentence, Int64(sentence.count), alpha, &rng, &totals)
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(scratch[need...].allSatisfy { $0 == guardValue }, "the shared kernel wrote past its scratch")
        return Run(syn0: syn0, syn1neg: syn1neg, counts: totals, rng: rng)
    }

    static func reference(window: Int) -> SkipGramReference {
        SkipGramReference(
            dim: dim, vocab: counts.count, window: window, negative: negative, keep: tables.keep,
            aliasProb: tables.aliasProbability, aliasIndex: tables.aliasIndex,
            syn0: initialWeights(seed: 11).map(Double.init), syn1neg: initialWeights(seed: 12).map(Double.init),
            rng: rngSeed)
    }

    /// The largest |kernel − reference| over the elements.
    static func maxDifference(_ kernel: [Float], _ reference: [Double]) -> Double {
        zip(kernel, reference).map { abs(Double($0) - $1) }.max() ?? .infinity
    }

    static func maxChange(_ before: [Float], _ after: [Double]) -> Double {
        zip(before, after).map { abs($1 - Double($0)) }.max() ?? 0
    }

    /// How close the nearest table look-up came to a cell edge, in cells.
    static func closestToCellEdge(_ ref: SkipGramReference) -> Double {
        ref.tablePositions.map { p in min(p - p.rounded(.down), p.rounded(.up) - p) }.min() ?? 1
    }

    /// The checks both kernels share: same counts, same final LCG state, same weights and loss.
    static func compare(_ run: Run, _ ref: SkipGramReference) {
        #expect(ref.tablePositions.count > 0)
        #expect(closestToCellEdge(ref) > cellMargin, "a score sits on a table cell edge; pick another seed")
        #expect(ref.scores.allSatisfy { abs($0) < 4 }, "scores must stay inside the σ table")
        #expect(run.counts.words == Int64(sentence.count))
        #expect(run.counts.pairs == Int64(ref.pairs))
        #expect(run.counts.samples == Int64(ref.samples))
        #expect(run.rng == ref.rng, "the kernel spent its random draws in another order or number")
        #expect((ref.syn0 + ref.syn1neg).allSatisfy { abs($0) < 1 }, "the tolerance assumes weights within ±1")
        #expect(maxDifference(run.syn0, ref.syn0) <= 1e-5)
        #expect(maxDifference(run.syn1neg, ref.syn1neg) <= 1e-5)
        #expect(abs(run.counts.loss - ref.loss) <= 1e-6 * ref.loss)
        // The comparison has teeth: the sentence moved both matrices by far more than the tolerance.
        #expect(maxChange(initialWeights(seed: 11), ref.syn0) > 1e-3)
        #expect(maxChange(initialWeights(seed: 12), ref.syn1neg) > 1e-3)
    }

    @Test func kernelTablesHoldSigmaAtTheGridPoints() {
        let entries = Int(LECTERN_W2V_TABLE_ENTRIES)
        #expect(Self.tables.sigmoid.count == entries && Self.tables.logSigmoid.count == entries)
        #expect(Self.tables.keep == [UInt32](repeating: 0xFFFF_FFFF, count: Self.counts.count))
        var worst = 0.0
        for i in 0 ..< entries {
            let x = SkipGramReference.gridPoint(i)
            let sigma = SkipGramReference.sigma(x), logSigma = -log1p(exp(-x))
            worst = max(worst, abs(Double(Self.tables.sigmoid[i]) - sigma) / sigma)
            worst = max(worst, abs(Double(Self.tables.logSigmoid[i]) - logSigma) / abs(logSigma))
        }
        // Float32 rounding only: relative error ≤ 2⁻²⁴ ≈ 6e-8.
        #expect(worst < 1e-7)
        #expect(Self.tables.sigmoid[500] == 0.5)
        #expect(abs(Self.tables.sigmoid[0] - 0.002472623) < 1e-9)
        #expect(abs(Self.tables.logSigmoid[1000] + 0.002475685) < 1e-9)
    }

    @Test(arguments: [2, 3]) func perPairKernelMatchesTheReference(window: Int) {
        let run = Self.runKernel(shared: false, window: window)
        var ref = Self.reference(window: window)
        ref.trainPerPair(Self.sentence, alpha: Double(Self.alpha))
        Self.compare(run, ref)
        // Draws: a keep test per token, a window per kept token, 2 per negative per pair.
        let n = Self.sentence.count
        #expect(ref.steps == n + n + 2 * Self.negative * ref.pairs)
        // Each pair: the centre word plus the negatives that were not the centre word.
        #expect(ref.samples > ref.pairs && ref.samples <= ref.pairs * (1 + Self.negative))
    }

    @Test(arguments: [2, 3]) func sharedKernelMatchesTheReference(window: Int) {
        let run = Self.runKernel(shared: true, window: window)
        var ref = Self.reference(window: window)
        ref.trainShared(Self.sentence, alpha: Double(Self.alpha))
        Self.compare(run, ref)
        // Draws: a keep test per token, a window per kept token, 2 per negative per centre word (every centre
        // word of a 15-token sentence has a context).
        let n = Self.sentence.count
        #expect(ref.steps == n + n + 2 * Self.negative * n)
    }

    @Test func sharedAndPerPairAreDifferentSchemes() {
        // Same start, same window draws for the first centre word, different updates: the shared kernel is
        // not the per-pair one under another name, and each reference tells them apart.
        let perPair = Self.runKernel(shared: false, window: 3)
        let shared = Self.runKernel(shared: true, window: 3)
        var sharedRef = Self.reference(window: 3)
        sharedRef.trainShared(Self.sentence, alpha: Double(Self.alpha))
        #expect(Self.maxDifference(perPair.syn0, sharedRef.syn0) > 1e-3)
        #expect(Self.maxDifference(shared.syn0, sharedRef.syn0) <= 1e-5)
        #expect(perPair.rng != shared.rng)
    }
}
