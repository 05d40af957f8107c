import Foundation
import Testing
@testable import MLCore

/// One sample's logits computed independently in Float64, straight from the flat parameters.
func referenceLogits(layout: MLPLayout, parameters p: [Double], input: ArraySlice<Double>) -> [Double] {
    var x = Array(input)
    for (l, layer) in layout.layers.enumerated() {
        x = (0..<layer.fanOut).map { o in
            var z = p[layer.biases + o]
            for i in 0..<layer.fanIn { z += x[i] * p[layer.weights + i * layer.fanOut + o] }
            return l == layout.layers.count - 1 ? z : max(0, z)
        }
    }
    return x
}

@Suite struct SaliencyTests {
    @Test func saliencyIsTheFiniteDifferenceOfTheLogit() {
        let batch = RandomBatch(sizes: [12, 10, 8, 5], rows: 3, seed: 21)
        let params = batch.net.parameterArray().map(Double.init)
        let n = batch.layout.inputs, h = 1e-6
        for r in 0..<batch.rows {
            let x = Array(batch.inputs[(r * n)..<((r + 1) * n)])
            let x64 = x.map(Double.init)
            for c in 0..<batch.layout.classes {
                let saliency = batch.net.inputGradient(x, classIndex: c)
                #expect(saliency.count == n && saliency.contains { $0 != 0 }, "sample \(r) reaches class \(c)")
                for i in 0..<n {
                    var plus = x64, minus = x64
                    plus[i] += h
                    minus[i] -= h
                    let numeric = (referenceLogits(layout: batch.layout, parameters: params, input: plus[...])[c]
                        - referenceLogits(layout: batch.layout, parameters: params, input: minus[...])[c]) / (2 * h)
                    let error = abs(Double(saliency[i]) - numeric) / max(1e-3, abs(numeric))
                    #expect(error < 1e-2, "sample \(r), class \(c), input \(i): \(saliency[i]) vs \(numeric)")
                }
            }
        }
    }

    @Test func saliencyMatchesTheFloat32NetworkOnMostPixels() throws {
        var config = MLPConfig()
        config.hidden = [32, 16]
        config.epochs = 2
        let trainer = try MLPTrainer(config: config, data: try digits())
        _ = trainer.train()
        let net = trainer.network, test = trainer.data.test, n = test.features
        let h: Float = 1e-2
        var good = 0, total = 0
        for s in 0..<8 {
            let x = Array(test.inputs[(s * n)..<((s + 1) * n)])
            let c = net.predictedClass(x)
            let saliency = net.inputGradient(x, classIndex: c)
            let numeric = (0..<n).map { i in
                var plus = x, minus = x
                plus[i] += h
                minus[i] -= h
                return (net.logits(plus)[c] - net.logits(minus)[c]) / (2 * h)
            }
            let scale = numeric.map(abs).max()!
            #expect(scale > 0)
            for i in 0..<n {
                let error = abs(saliency[i] - numeric[i]) / max(abs(numeric[i]), 1e-2 * scale)
                if error < 1e-2 { good += 1 }
                total += 1
            }
        }
        // A few pixels may sit within h of a ReLU kink, where a finite difference is not the derivative.
        #expect(Double(good) >= 0.95 * Double(total), "\(good) of \(total) pixels agree")
    }

    @Test func anInputThatSwitchesEveryReLUOffHasZeroSaliency() {
        let batch = RandomBatch(sizes: [6, 5, 4, 3], rows: 1, seed: 8)
        let first = batch.layout.layers[0]
        for o in 0..<first.fanOut { batch.net.parameters[first.biases + o] = -1 }
        let zero = [Float](repeating: 0, count: 6)
        for c in 0..<3 {
            #expect(batch.net.inputGradient(zero, classIndex: c).allSatisfy { $0 == 0 })
        }
        // Away from the dead region the same network does see its input.
        #expect(batch.net.inputGradient([Float](repeating: 5, count: 6), classIndex: 0).contains { $0 != 0 })
    }

    @Test func withoutHiddenLayersSaliencyIsTheWeightColumn() {
        let batch = RandomBatch(sizes: [6, 3], rows: 1, seed: 9)
        let x = Array(batch.inputs[0..<6])
        for c in 0..<3 {
            let column = (0..<6).map { batch.net.parameters[$0 * 3 + c] }
            #expect(batch.net.inputGradient(x, classIndex: c) == column)
        }
    }

    @Test func saliencyBetweenStepsLeavesTrainingUnchanged() throws {
        var config = MLPConfig()
        config.hidden = [16]
        let data = try digits()
        let probed = try MLPTrainer(config: config, data: data), plain = try MLPTrainer(config: config, data: data)
        for _ in 0..<5 { _ = probed.step() }
        let net = probed.network, count = net.layout.parameterCount
        let gradients = Array(UnsafeBufferPointer(start: net.gradients, count: count))
        let parameters = net.parameterArray()
        let x = Array(data.test.inputs[0..<data.test.features])
        _ = net.inputGradient(x, classIndex: net.predictedClass(x))
        #expect(Array(UnsafeBufferPointer(start: net.gradients, count: count)) == gradients)
        #expect(net.parameterArray() == parameters)
        for _ in 0..<5 { _ = probed.step() }
        for _ in 0..<10 { _ = plain.step() }
        #expect(probed.network.parameterArray() == plain.network.parameterArray())
    }

    @Test func predictedClassAgreesWithBatchPrediction() throws {
        var config = MLPConfig()
        config.hidden = [32]
        config.epochs = 2
        let trainer = try MLPTrainer(config: config, data: try digits())
        _ = trainer.train()
        let test = trainer.data.test, n = test.features
        let batch = trainer.predict(test)
        let logits = test.inputs.withUnsafeBufferPointer { trainer.network.forward($0.baseAddress!, rows: 1) }
        let first = trainer.network.logits(Array(test.inputs[0..<n]))
        #expect((0..<test.classes).allSatisfy { abs(first[$0] - logits[$0]) < 1e-4 })
        for s in 0..<test.count {
            let z = trainer.network.logits(Array(test.inputs[(s * n)..<((s + 1) * n)]))
            let sorted = z.sorted(by: >)
            guard sorted[0] - sorted[1] > 1e-4 else { continue }  // a near tie may round either way
            #expect(trainer.network.predictedClass(Array(test.inputs[(s * n)..<((s + 1) * n)])) == Int(batch[s]), "sample \(s)")
        }
    }
}
