import CKernels
import Foundation

/// The read-only tables the Word2Vec inner loop samples from, laid out for the C kernel.
final class SamplingTables: @unchecked Sendable {
    let keep: [UInt32]
    let aliasProbability: [UInt32]
    let aliasIndex: [Int32]
    let sigmoid: [Float]
    let logSigmoid: [Float]

    init(vocabulary: Vocabulary, sample: Double) {
        keep = Subsampler(vocabulary: vocabulary, sample: sample).keepThreshold
        let columns = UnigramTable(vocabulary: vocabulary).columns
        aliasProbability = columns.acceptThreshold
        aliasIndex = columns.alias
        // Entry i at x_i = (2i / TABLE − 1) · MAX_EXP for i = 0 … TABLE: both ends, TABLE_ENTRIES = TABLE + 1
        // entries, so the kernel's index ⌊(x + MAX_EXP) · TABLE / (2 · MAX_EXP)⌋ stays in the table up to MAX_EXP.
        let size = Int(LECTERN_W2V_TABLE), maxExp = Double(LECTERN_W2V_MAX_EXP)
        let grid = (0..<Int(LECTERN_W2V_TABLE_ENTRIES)).map { (Double($0) / Double(size) * 2 - 1) * maxExp }
        sigmoid = grid.map { Float(1 / (1 + exp(-$0))) }
        logSigmoid = grid.map { Float(-log1p(exp(-$0))) }
    }

    /// Calls `body` with a kernel model over these tables and the given weights and scratch space.
    func withModel<R>(syn0: UnsafeMutablePointer<Float>, syn1neg: UnsafeMutablePointer<Float>, dimension: Int,
                      config: Word2VecConfig, neu1: UnsafeMutablePointer<Float>, neu1e: UnsafeMutablePointer<Float>,
                      kept: UnsafeMutablePointer<Int32>, _ body: (UnsafePointer<lectern_w2v_model>) -> R) -> R {
        keep.withUnsafeBufferPointer { keep in
            aliasProbability.withUnsafeBufferPointer { prob in
                aliasIndex.withUnsafeBufferPointer { index in
                    sigmoid.withUnsafeBufferPointer { sig in
                        logSigmoid.withUnsafeBufferPointer { logSig in
                            var model = lectern_w2v_model(
                                syn0: syn0, syn1neg: syn1neg, dim: Int64(dimension), vocab: Int64(keep.count),
                                keep: keep.baseAddress, alias_prob: prob.baseAddress, alias_index: index.baseAddress,
                                sigmoid: sig.baseAddress, log_sigmoid: logSig.baseAddress,
                                window: Int32(config.window), negative: Int32(config.negative),
                                cbow: config.cbow ? 1 : 0, neu1: neu1, neu1e: neu1e, kept: kept)
                            return withUnsafePointer(to: &model) { body($0) }
                        }
                    }
                }
            }
        }
    }
}
