import Foundation
import Testing
@testable import MLCore

/// The network's loss computed independently in Float64, straight from the flat parameters:
/// the reference that the analytic gradients are checked against by central differences.
func referenceLoss(layout: MLPLayout, parameters p: [Double], inputs: [Double], labels: [Int32], rows: Int) -> Double {
    var total = 0.0
    for r in 0..<rows {
        let x = referenceLogits(layout: layout, parameters: p, input: inputs[(r * layout.inputs)..<((r + 1) * layout.inputs)])
        let m = x.max()!
        let logSum = log(x.map { exp($0 - m) }.reduce(0, +)) + m
        total += logSum - x[Int(labels[r])]
    }
    return total / Double(rows)
}

@Suite struct MLPGradientTests {
    func check(sizes: [Int], rows: Int, seed: UInt64) {
        let layout = MLPLayout(sizes: sizes)
        let net = MLPNetwork(layout: layout, capacity: rows, seed: seed)
        var rng = SplitMix64(seed: seed &+ 99)
        // Non-zero biases so that every bias gradient is exercised away from the init.
        for layer in layout.layers {
            for o in 0..<layer.fanOut { net.parameters[layer.biases + o] = rng.nextUnitFloat() * 0.2 - 0.1 }
        }
        let inputs = (0..<(rows * sizes[0])).map { _ in rng.nextUnitFloat() * 2 - 1 }
        let labels = (0..<rows).map { _ in Int32(rng.below(sizes.last!)) }
        let (summedLoss, _) = inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { y in net.train(batch: x.baseAddress!, labels: y.baseAddress!, rows: rows) }
        }
        let params = net.parameterArray().map(Double.init)
        let x64 = inputs.map(Double.init)
        let reference = referenceLoss(layout: layout, parameters: params, inputs: x64, labels: labels, rows: rows)
        #expect(abs(summedLoss / Double(rows) - reference) < 1e-5)
        let h = 1e-6
        var worst = 0.0
        for i in 0..<layout.parameterCount {
            var plus = params, minus = params
            plus[i] += h
            minus[i] -= h
            let numeric = (referenceLoss(layout: layout, parameters: plus, inputs: x64, labels: labels, rows: rows)
                - referenceLoss(layout: layout, parameters: minus, inputs: x64, labels: labels, rows: rows)) / (2 * h)
            let analytic = Double(net.gradients[i])
            let error = abs(analytic - numeric) / max(1e-3, abs(numeric))
            worst = max(worst, error)
            // Float32 arithmetic in the network: about 1e-6 relative; 1e-3 leaves room without hiding a wrong formula.
            #expect(error < 1e-3, "parameter \(i): analytic \(analytic), numeric \(numeric)")
        }
        #expect(worst < 1e-3)
    }

    @Test func everyParameterOfASmallNetwork() { check(sizes: [5, 4, 3, 3], rows: 6, seed: 1) }
    @Test func deeperNetworkAndOneSample() { check(sizes: [7, 6, 5, 4, 4], rows: 1, seed: 2) }
    @Test func noHiddenLayer() { check(sizes: [6, 5], rows: 4, seed: 3) }

    @Test func fusedSoftmaxCrossEntropyGradient() {
        var rng = SplitMix64(seed: 5)
        let rows = 4, cols = 7
        let logits = (0..<(rows * cols)).map { _ in rng.nextUnitFloat() * 8 - 4 }
        let labels = (0..<rows).map { _ in Int32(rng.below(cols)) }
        var grad = logits
        var correct = 0
        let loss = grad.withUnsafeMutableBufferPointer { g in
            labels.withUnsafeBufferPointer { Kernels.softmaxCrossEntropy(g.baseAddress!, labels: $0.baseAddress!, rows: rows, cols: cols, correct: &correct) }
        }
        func meanLoss(_ z: [Double]) -> Double {
            (0..<rows).map { r in
                let row = Array(z[(r * cols)..<((r + 1) * cols)])
                let m = row.max()!
                return log(row.map { exp($0 - m) }.reduce(0, +)) + m - row[Int(labels[r])]
            }.reduce(0, +) / Double(rows)
        }
        let z = logits.map(Double.init)
        #expect(abs(loss / Double(rows) - meanLoss(z)) < 1e-5)
        for i in 0..<z.count {
            var plus = z, minus = z
            plus[i] += 1e-6
            minus[i] -= 1e-6
            let numeric = (meanLoss(plus) - meanLoss(minus)) / 2e-6
            #expect(abs(Double(grad[i]) - numeric) < 1e-5, "logit \(i)")
        }
        let argmaxCorrect = (0..<rows).filter { r in
            let row = logits[(r * cols)..<((r + 1) * cols)]
            return row.firstIndex(of: row.max()!)! - r * cols == Int(labels[r])
        }.count
        #expect(correct == argmaxCorrect)
    }

    @Test func softmaxIsStableForHugeLogits() {
        var logits: [Float] = [1000, 0, -1000, 999]
        var correct = 0
        let loss = logits.withUnsafeMutableBufferPointer { g in
            [Int32(3)].withUnsafeBufferPointer { Kernels.softmaxCrossEntropy(g.baseAddress!, labels: $0.baseAddress!, rows: 1, cols: 4, correct: &correct) }
        }
        #expect(loss.isFinite && abs(loss - 1.3132617) < 1e-4)
        #expect(logits.allSatisfy { $0.isFinite })
    }

    @Test func glorotUniformLimitsAndZeroBiases() {
        let layout = MLPLayout(sizes: [784, 64, 64, 10])
        #expect(layout.parameterCount == 55_050)
        let net = MLPNetwork(layout: layout, capacity: 1, seed: 7)
        for layer in layout.layers {
            let limit = (6 / Float(layer.fanIn + layer.fanOut)).squareRoot()
            let w = UnsafeBufferPointer(start: net.parameters + layer.weights, count: layer.fanIn * layer.fanOut)
            #expect(w.allSatisfy { abs($0) <= limit })
            #expect(w.max()! > limit * 0.99 && w.min()! < -limit * 0.99)
            #expect(UnsafeBufferPointer(start: net.parameters + layer.biases, count: layer.fanOut).allSatisfy { $0 == 0 })
        }
    }
}
