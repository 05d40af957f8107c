import Foundation
import Testing
@testable import MLCore

@Suite struct SoftmaxCrossEntropyTests {
    /// −log softmax(row)[target] and its gradient, in Doubles, the plain way.
    static func reference(_ row: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
        let top = row.max()!
        let sum = row.reduce(0) { $0 + exp($1 - top) }
        let p = row.map { exp($0 - top) / sum }
        var g = p
        g[target] -= 1
        return (log(sum) - (row[target] - top), g)
    }

    @Test(arguments: [(1, 2), (3, 7), (5, 257), (2, 76)])
    func matchesTheReferenceOnOddShapes(rows: Int, width: Int) {
        var rng = SplitMix64(seed: UInt64(rows * 1000 + width))
        var logits = (0..<(rows * width)).map { _ in (rng.nextUnitFloat() * 2 - 1) * 6 }
        logits[0] = 80  // large logits stay finite: the row's maximum is taken out first
        let targets = (0..<rows).map { _ in Int32(rng.below(width)) }
        var gradients = [Float](repeating: .nan, count: rows * width)
        let scale: Float = 1 / Float(rows)
        let loss = SoftmaxCrossEntropy.forward(logits, rows: rows, width: width, targets: targets, gradients: &gradients, scale: scale)
        var expected = 0.0
        for r in 0..<rows {
            let ref = Self.reference(logits[(r * width)..<((r + 1) * width)].map(Double.init), target: Int(targets[r]))
            expected += ref.loss
            for j in 0..<width { #expect(abs(Double(gradients[r * width + j]) - ref.gradient[j] * Double(scale)) < 1e-6) }
        }
        #expect(abs(loss - expected) <= 1e-5 * max(1, expected))
    }

    @Test func temperatureZeroPutsAllTheWeightOnTheLargest() {
        let logits: [Float] = [0.1, 2, -1, 2]
        #expect(logits.withUnsafeBufferPointer { SoftmaxCrossEntropy.probabilities($0, temperature: 0) } == [0, 1, 0, 0])
        let warm = logits.withUnsafeBufferPointer { SoftmaxCrossEntropy.probabilities($0, temperature: 2) }
        let cold = logits.withUnsafeBufferPointer { SoftmaxCrossEntropy.probabilities($0, temperature: 0.5) }
        #expect(abs(warm.reduce(0, +) - 1) < 1e-6 && cold[1] > warm[1], "a lower temperature sharpens")
    }
}

@Suite struct BigramModelTests {
    /// The bigram's mean loss in Doubles, written independently of the model's code.
    static func loss(_ w: [Double], v: Int, _ x: [Int32], _ y: [Int32]) -> Double {
        var total = 0.0
        for (a, b) in zip(x, y) {
            let row = Array(w[(Int(a) * v)..<((Int(a) + 1) * v)])
            let top = row.max()!
            total += log(row.reduce(0) { $0 + exp($1 - top) }) + top - row[Int(b)]
        }
        return total / Double(x.count)
    }

    @Test func gradientMatchesCentralDifferences() {
        let v = 6
        var model = BigramModel(vocabularySize: v, seed: 5, scale: 100)  // logits of ±1, away from uniform
        var rng = SplitMix64(seed: 9)
        let x = (0..<40).map { _ in Int32(rng.below(v)) }, y = (0..<40).map { _ in Int32(rng.below(v)) }
        let loss = model.loss(inputs: x, targets: y, backward: true)
        let w = model.parameters.map(Double.init)
        #expect(abs(loss - Self.loss(w, v: v, x, y)) < 1e-5)
        let h = 1e-4
        for i in 0..<(v * v) {
            var plus = w, minus = w
            plus[i] += h
            minus[i] -= h
            let numeric = (Self.loss(plus, v: v, x, y) - Self.loss(minus, v: v, x, y)) / (2 * h)
            #expect(abs(Double(model.gradients[i]) - numeric) < 1e-5, "parameter \(i)")
        }
    }

    /// After a, b or c follows with even odds; after b and c, always a. The best a bigram can do is the
    /// conditional entropy: half the positions (after a) cost ln 2, the others nothing: ln 2 / 2 ≈ 0.347.
    @Test func trainedWithAdamWItReachesTheCorpussConditionalEntropy() throws {
        var rng = SplitMix64(seed: 1)
        var tokens: [Int32] = []
        for _ in 0..<5000 { tokens.append(0); tokens.append(rng.below(2) == 0 ? 1 : 2) }
        let batches = try LMBatches(tokens: tokens, context: 16)
        var model = BigramModel(vocabularySize: 3, seed: 2)
        var opt = AdamW(count: model.parameters.count, groups: model.groups, learningRate: 0.05, weightDecay: 0)
        var x: [Int32] = [], y: [Int32] = []
        let first = model.loss(inputs: Array(tokens.prefix(64)), targets: Array(tokens[1...64]), backward: false)
        #expect(abs(first - log(3)) < 0.02, "small random logits start near the uniform ln 3")
        for _ in 0..<300 {
            batches.trainingBatch(8, rng: &rng, inputs: &x, targets: &y)
            _ = model.loss(inputs: x, targets: y, backward: true)
            model.gradients.withUnsafeBufferPointer { g in
                model.parameters.withUnsafeMutableBufferPointer { opt.update($0.baseAddress!, gradients: g.baseAddress!) }
            }
        }
        var validation = 0.0
        for k in batches.validationStarts.indices {
            let w = batches.validationWindow(k)
            validation += model.loss(inputs: Array(w.inputs), targets: Array(w.targets), backward: false)
        }
        validation /= Double(batches.validationStarts.count)
        #expect(abs(validation - log(2) / 2) < 0.03, "validation loss \(validation)")
        let afterA = model.nextTokenProbabilities(after: 0)
        #expect(abs(afterA[1] - 0.5) < 0.1 && abs(afterA[2] - 0.5) < 0.1 && afterA[0] < 0.02)
        #expect(model.nextTokenProbabilities(after: 1)[0] > 0.97)
    }
}
