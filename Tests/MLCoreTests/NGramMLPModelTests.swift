import Foundation
import Testing
@testable import MLCore

@Suite struct NGramMLPModelTests {
    /// The model's mean loss in Doubles, written from the paper's description, not from the model's code.
    static func loss(_ w: [Double], _ m: NGramMLPModel, _ x: [Int32], _ y: [Int32], context: Int) -> Double {
        let v = m.vocabularySize, d = m.embedding, h = m.hidden, n = m.order, o = m.offsets
        var total = 0.0
        for p in x.indices {
            let t = p % context
            var e: [Double] = []
            for k in 0..<n {
                let back = n - 1 - k
                let row = t - back >= 0 ? Int(x[p - back]) : v
                e += (0..<d).map { w[o.c + row * d + $0] }
            }
            let a = (0..<h).map { u in tanh(w[o.b1 + u] + e.indices.reduce(0) { $0 + e[$1] * w[o.w1 + $1 * h + u] }) }
            let logits = (0..<v).map { c in w[o.b2 + c] + (0..<h).reduce(0) { $0 + a[$1] * w[o.w2 + $1 * v + c] } }
            let top = logits.max()!
            total += log(logits.reduce(0) { $0 + exp($1 - top) }) + top - logits[Int(y[p])]
        }
        return total / Double(x.count)
    }

    @Test func everyGradientMatchesCentralDifferences() {
        var model = NGramMLPModel(vocabularySize: 5, order: 3, embedding: 2, hidden: 4, seed: 8)
        var rng = SplitMix64(seed: 4)
        // Two windows of 4: the first positions of each read the padding row.
        let x = (0..<8).map { _ in Int32(rng.below(5)) }, y = (0..<8).map { _ in Int32(rng.below(5)) }
        let loss = model.loss(inputs: x, targets: y, context: 4, backward: true)
        let w = model.parameters.map(Double.init)
        #expect(abs(loss - Self.loss(w, model, x, y, context: 4)) < 1e-5)
        #expect(model.parameterCount == 6 * 2 + 3 * 2 * 4 + 4 + 4 * 5 + 5)
        let step = 1e-4
        var checked = 0
        for i in w.indices {
            var plus = w, minus = w
            plus[i] += step
            minus[i] -= step
            let numeric = (Self.loss(plus, model, x, y, context: 4) - Self.loss(minus, model, x, y, context: 4)) / (2 * step)
            #expect(abs(Double(model.gradients[i]) - numeric) < 2e-5, "parameter \(i): \(model.gradients[i]) vs \(numeric)")
            checked += 1
        }
        #expect(checked == 65)
        // The padding row is used (positions 0 and 1 of each window), so its gradient is not zero.
        let padding = (5 * 2)..<(6 * 2)
        #expect(padding.contains { model.gradients[$0] != 0 })
    }

    /// Each token is the sum of the two before it (mod 5), with one in ten replaced at random: one token of
    /// context (a bigram) cannot know the next, two can. The ladder's second rung learns what the first cannot.
    @Test func twoTokensOfContextBeatOne() throws {
        var rng = SplitMix64(seed: 12)
        var tokens: [Int32] = [1, 2]
        for _ in 0..<6000 {
            let next = rng.below(10) == 0 ? Int32(rng.below(5)) : (tokens[tokens.count - 1] + tokens[tokens.count - 2]) % 5
            tokens.append(next)
        }
        let batches = try LMBatches(tokens: tokens, context: 16)
        func validation(_ f: ([Int32], [Int32]) -> Double) -> Double {
            batches.validationStarts.indices.reduce(0) { sum, k in
                let w = batches.validationWindow(k)
                return sum + f(Array(w.inputs), Array(w.targets))
            } / Double(batches.validationStarts.count)
        }
        var mlp = NGramMLPModel(vocabularySize: 5, order: 2, embedding: 4, hidden: 24, seed: 3)
        var bigram = BigramModel(vocabularySize: 5, seed: 3)
        var optMLP = AdamW(count: mlp.parameterCount, groups: mlp.groups, learningRate: 0.01, weightDecay: 0)
        var optBigram = AdamW(count: bigram.parameters.count, groups: bigram.groups, learningRate: 0.05, weightDecay: 0)
        var x: [Int32] = [], y: [Int32] = []
        for _ in 0..<400 {
            batches.trainingBatch(8, rng: &rng, inputs: &x, targets: &y)
            _ = mlp.loss(inputs: x, targets: y, context: 16, backward: true)
            mlp.gradients.withUnsafeBufferPointer { g in mlp.parameters.withUnsafeMutableBufferPointer { optMLP.update($0.baseAddress!, gradients: g.baseAddress!) } }
            _ = bigram.loss(inputs: x, targets: y, backward: true)
            bigram.gradients.withUnsafeBufferPointer { g in bigram.parameters.withUnsafeMutableBufferPointer { optBigram.update($0.baseAddress!, gradients: g.baseAddress!) } }
        }
        let mlpLoss = validation { mlp.loss(inputs: $0, targets: $1, context: 16, backward: false) }
        let bigramLoss = validation { bigram.loss(inputs: $0, targets: $1, backward: false) }
        // A bigram sees nothing useful: about ln 5 ≈ 1.61. With two tokens the rule is known; the noise costs
        // about 0.1·ln 5 + H(0.92, 0.08…) ≈ 0.45 at best.
        #expect(bigramLoss > 1.4, "bigram \(bigramLoss)")
        #expect(mlpLoss < 0.8, "mlp \(mlpLoss)")
    }
}

/// The batched loss (matrix products) against the one-position reference loop, on a lab-sized shape.
@Suite struct NGramMLPBatchedTests {
    @Test func batchedLossAndGradientsMatchTheReferenceLoop() {
        var fast = NGramMLPModel(vocabularySize: 37, order: 3, embedding: 8, hidden: 24, seed: 5)
        var slow = fast
        var rng = SplitMix64(seed: 6)
        let x = (0..<(4 * 16)).map { _ in Int32(rng.below(37)) }, y = (0..<(4 * 16)).map { _ in Int32(rng.below(37)) }
        let a = fast.loss(inputs: x, targets: y, context: 16, backward: true)
        let b = slow.lossReference(inputs: x, targets: y, context: 16, backward: true)
        #expect(abs(a - b) < 1e-5 * abs(b))
        let worst = zip(fast.gradients, slow.gradients).map { abs($0 - $1) }.max() ?? 0
        let scale = slow.gradients.map { abs($0) }.max() ?? 1
        #expect(worst < 1e-5 * scale, "worst gradient difference \(worst) of \(scale)")
        // Without backward, the same loss and no gradient written.
        var probe = fast
        probe.gradients = probe.gradients.map { _ in 7 }
        #expect(abs(probe.loss(inputs: x, targets: y, context: 16, backward: false) - b) < 1e-5 * abs(b) && probe.gradients.allSatisfy { $0 == 7 })
    }
}
