import CKernels
import Foundation
import Testing
@testable import MLCore

/// The fused kernels of lm_kernels.c against NaiveLMKernels, on odd shapes (widths and lengths that are not
/// multiples of a vector, one head and several, a batch of more than one).
@Suite struct LMKernelsTests {
    static func random(_ n: Int, _ rng: inout SplitMix64, scale: Float = 1) -> [Float] {
        (0..<n).map { _ in (rng.nextUnitFloat() * 2 - 1) * scale }
    }

    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float, _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) vs \(b.count) values")
        var worst: Float = 0
        for i in a.indices { worst = max(worst, abs(a[i] - b[i]) / max(1, abs(b[i]))) }
        #expect(worst <= tolerance, "\(what): worst difference \(worst)")
    }

    @Test(arguments: [(rows: 7, width: 13), (rows: 1, width: 1), (rows: 33, width: 64)])
    func layerNormForwardAndBackward(rows: Int, width: Int) {
        var rng = SplitMix64(seed: UInt64(rows * 100 + width))
        let x = Self.random(rows * width, &rng, scale: 3), gain = Self.random(width, &rng), bias = Self.random(width, &rng)
        let dout = Self.random(rows * width, &rng)
        var out = [Float](repeating: 0, count: rows * width), mean = [Float](repeating: 0, count: rows), rstd = mean
        lectern_lm_layernorm_forward(x, gain, bias, &out, &mean, &rstd, Int64(rows), Int64(width))
        let naive = NaiveLMKernels.layerNorm(x, gain: gain, bias: bias, width: width)
        Self.close(out, naive.0, 1e-5, "out")
        Self.close(mean, naive.1, 1e-6, "mean")
        Self.close(rstd, naive.2, 1e-5, "rstd")
        // Backward adds into dx, dgain, dbias: start them at 1 to see that it adds.
        var dx = [Float](repeating: 1, count: rows * width), dgain = [Float](repeating: 1, count: width), dbias = dgain
        lectern_lm_layernorm_backward(dout, x, gain, mean, rstd, &dx, &dgain, &dbias, Int64(rows), Int64(width))
        let back = NaiveLMKernels.layerNormBackward(dout, x: x, gain: gain, width: width)
        Self.close(dx, back.0.map { $0 + 1 }, 1e-4, "dx")
        Self.close(dgain, back.1.map { $0 + 1 }, 1e-4, "dgain")
        Self.close(dbias, back.2.map { $0 + 1 }, 1e-5, "dbias")
    }

    @Test func biasGeluAndItsSlope() {
        var rng = SplitMix64(seed: 5)
        let rows = 5, width = 19
        // Wide inputs: both tails (where tanh saturates) and the middle.
        let pre0 = Self.random(rows * width, &rng, scale: 12), bias = Self.random(width, &rng)
        var pre = pre0, out = [Float](repeating: 0, count: rows * width)
        lectern_lm_bias_gelu_forward(&pre, bias, &out, Int64(rows), Int64(width))
        let biased = (0..<(rows * width)).map { pre0[$0] + bias[$0 % width] }
        Self.close(pre, biased, 0, "pre + bias")
        for i in out.indices {
            #expect(abs(out[i] - NaiveLMKernels.gelu(biased[i])) <= 2e-6 * max(1, abs(biased[i])), "gelu(\(biased[i]))")
        }
        var d = Self.random(rows * width, &rng)
        let d0 = d
        lectern_lm_gelu_backward(biased, &d, Int64(d.count))
        for i in d.indices {
            #expect(abs(d[i] - d0[i] * NaiveLMKernels.geluSlope(biased[i])) <= 2e-6, "gelu′(\(biased[i]))")
        }
        // Extremes stay finite.
        var big: [Float] = [-1e30, -100, 0, 100, 1e30], bigOut = [Float](repeating: 0, count: 5)
        lectern_lm_bias_gelu_forward(&big, [0, 0, 0, 0, 0], &bigOut, 1, 5)
        #expect(bigOut.allSatisfy { $0.isFinite })
        #expect(bigOut[3] == 100 && bigOut[1] == 0)
    }

    @Test(arguments: [(batch: 2, context: 5, width: 12, heads: 3), (batch: 1, context: 9, width: 7, heads: 1),
                      (batch: 3, context: 17, width: 32, heads: 4), (batch: 2, context: 11, width: 64, heads: 4),
                      (batch: 1, context: 4, width: 64, heads: 1)])
    func attentionForwardAndBackward(batch: Int, context: Int, width: Int, heads: Int) {
        var rng = SplitMix64(seed: UInt64(batch * 1000 + context * 10 + heads))
        let rows = batch * context
        let qkv = Self.random(rows * 3 * width, &rng, scale: 2), dy = Self.random(rows * width, &rng)
        var probs = [Float](repeating: -1, count: batch * heads * context * context)
        var y = [Float](repeating: 0, count: rows * width)
        lectern_lm_attention_forward(qkv, &probs, &y, Int64(batch), Int64(context), Int64(width), Int64(heads))
        let naive = NaiveLMKernels.attention(qkv, batch: batch, context: context, width: width, heads: heads)
        Self.close(probs, naive.0, 2e-6, "probs")
        Self.close(y, naive.1, 1e-5, "y")
        // The mask: nothing above the diagonal; each row sums to 1.
        for r in 0..<(batch * heads * context) {
            let i = r % context
            let row = probs[(r * context)..<((r + 1) * context)]
            #expect(row.dropFirst(i + 1).allSatisfy { $0 == 0 })
            #expect(abs(row.reduce(0, +) - 1) < 1e-5)
        }
        var dqkv = [Float](repeating: 7, count: qkv.count)  // overwritten, not added to
        lectern_lm_attention_backward(qkv, probs, dy, &dqkv, Int64(batch), Int64(context), Int64(width), Int64(heads))
        let back = NaiveLMKernels.attentionBackward(qkv, probs: probs, dy: dy, batch: batch, context: context,
                                                    width: width, heads: heads)
        Self.close(dqkv, back, 1e-5, "dqkv")
    }

    @Test func embeddingsForwardAndBackward() {
        var rng = SplitMix64(seed: 9)
        let v = 6, t = 5, c = 11, idx: [Int32] = (0..<(3 * t)).map { _ in Int32(rng.below(6)) }
        let wte = Self.random(v * c, &rng), wpe = Self.random(t * c, &rng)
        var x = [Float](repeating: 0, count: idx.count * c)
        lectern_lm_embed_forward(idx, wte, wpe, &x, Int64(idx.count), Int64(t), Int64(c))
        Self.close(x, NaiveLMKernels.embed(idx, wte: wte, wpe: wpe, context: t, width: c), 0, "x")
        let dx = Self.random(idx.count * c, &rng)
        var dwte = [Float](repeating: 0, count: v * c), dwpe = [Float](repeating: 0, count: t * c)
        lectern_lm_embed_backward(idx, dx, &dwte, &dwpe, Int64(idx.count), Int64(t), Int64(c))
        for k in 0..<c {
            for token in 0..<v {
                let expected = idx.indices.filter { idx[$0] == token }.reduce(Float(0)) { $0 + dx[$1 * c + k] }
                #expect(abs(dwte[token * c + k] - expected) < 1e-5)
            }
            for p in 0..<t {
                let expected = stride(from: p, to: idx.count, by: t).reduce(Float(0)) { $0 + dx[$1 * c + k] }
                #expect(abs(dwpe[p * c + k] - expected) < 1e-5)
            }
        }
    }

    @Test func softmaxCrossEntropyMatchesTheSwiftOne() {
        var rng = SplitMix64(seed: 2)
        let rows = 9, width = 77
        let logits = Self.random(rows * width, &rng, scale: 20)
        let targets = (0..<rows).map { _ in Int32(rng.below(width)) }
        var fast = [Float](repeating: 0, count: rows * width), slow = fast
        let a = lectern_lm_softmax_xent(logits, targets, &fast, Int64(rows), Int64(width), 0.25)
        let b = logits.withUnsafeBufferPointer { l in
            SoftmaxCrossEntropy.forward(l.baseAddress!, rows: rows, width: width, targets: targets, gradients: &slow, scale: 0.25)
        }
        #expect(abs(a - b) < 1e-4 * abs(b))
        Self.close(fast, slow, 1e-6, "gradient")
        #expect(abs(lectern_lm_softmax_xent(logits, targets, nil, Int64(rows), Int64(width), 1) - a) < 1e-9)
    }
}
