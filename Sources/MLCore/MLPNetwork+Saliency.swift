import Foundation
/// Single-sample queries that work in their own scratch arrays: saliency maps and predictions.
///
/// None of these touch `gradients`, the batch activation buffers or any optimiser state, so the job that
/// owns the network may call them between training steps without changing the run (not during a step, and
/// not from another thread: they read `parameters`).
extension MLPNetwork {
    /// ∂(logit `classIndex`)/∂(input feature) for one sample: which pixels push that class up or down.
    ///
    /// One forward pass, then a backward pass from a one-hot at the logit, through the ReLUs, down to the
    /// input. Where a ReLU is off the gradient stops, so an input that switches every unit off gets zeros.
    public func inputGradient(_ input: [Float], classIndex: Int) -> [Float] {
        precondition((0..<layout.classes).contains(classIndex), "class \(classIndex) out of 0..<\(layout.classes)")
        var delta = [Float](repeating: 0, count: layout.classes)
        delta[classIndex] = 1
        return inputGradient(input, outputs: layerOutputs(input), logitGradient: delta)
    }

    /// ∂L/∂(input) of the cross-entropy loss L = −ln softmax(z)[label]: the logits' gradient p − y carried back
    /// to the pixels (what the fast gradient sign method follows).
    public func lossInputGradient(_ input: [Float], label: Int) -> [Float] {
        precondition((0..<layout.classes).contains(label), "label \(label) out of 0..<\(layout.classes)")
        let outputs = layerOutputs(input)
        var p = Self.softmax(outputs[layout.layers.count - 1])
        p[label] -= 1
        return inputGradient(input, outputs: outputs, logitGradient: p)
    }

    /// −ln softmax(logits)[label] of one sample, in Float64.
    public func sampleLoss(_ input: [Float], label: Int) -> Double {
        let p = Self.softmax(logits(input))
        return -Foundation.log(max(Double(p[label]), Double.leastNonzeroMagnitude))
    }

    static func softmax(_ z: [Float]) -> [Float] {
        let top = z.max() ?? 0
        let e = z.map { Foundation.exp(Double($0 - top)) }
        let sum = e.reduce(0, +)
        return e.map { Float($0 / sum) }
    }

    private func inputGradient(_ input: [Float], outputs: [[Float]], logitGradient: [Float]) -> [Float] {
        var delta = logitGradient
        for l in stride(from: layout.layers.count - 1, through: 0, by: -1) {
            // ∂(below) = W · delta, then through the ReLU of the layer below (the input has none).
            var below = multiply(delta, by: layout.layers[l], transposed: true)
            if l > 0 {
                below.withUnsafeMutableBufferPointer { b in
                    outputs[l - 1].withUnsafeBufferPointer {
                        Kernels.reluBackward(b.baseAddress!, activations: $0.baseAddress!, count: b.count)
                    }
                }
            }
            delta = below
        }
        return delta
    }

    /// The logits (before softmax) of one sample.
    public func logits(_ input: [Float]) -> [Float] { layerOutputs(input)[layout.layers.count - 1] }

    /// The class with the largest logit for one sample (the first one on a tie, as `predict` does).
    public func predictedClass(_ input: [Float]) -> Int {
        let z = logits(input)
        var best = 0
        for c in 1..<z.count where z[c] > z[best] { best = c }
        return best
    }

    /// Every layer's output for one sample (hidden layers after ReLU, logits last), in fresh arrays.
    private func layerOutputs(_ input: [Float]) -> [[Float]] {
        precondition(input.count == layout.inputs, "expected \(layout.inputs) inputs, got \(input.count)")
        var outputs: [[Float]] = []
        outputs.reserveCapacity(layout.layers.count)
        var x = input
        for (l, layer) in layout.layers.enumerated() {
            var y = multiply(x, by: layer, transposed: false)
            y.withUnsafeMutableBufferPointer { yb in
                if l == layout.layers.count - 1 {
                    Kernels.addBias(yb.baseAddress!, bias: parameters + layer.biases, rows: 1, cols: layer.fanOut)
                } else {
                    Kernels.addBiasReLU(yb.baseAddress!, bias: parameters + layer.biases, rows: 1, cols: layer.fanOut)
                }
            }
            outputs.append(y)
            x = y
        }
        return outputs
    }

    /// One sample through a layer's weights: x · W (fanIn values in, fanOut out), or W · x when `transposed`.
    private func multiply(_ x: [Float], by layer: MLPLayout.Layer, transposed: Bool) -> [Float] {
        let (k, n) = transposed ? (layer.fanOut, layer.fanIn) : (layer.fanIn, layer.fanOut)
        precondition(x.count == k)
        var y = [Float](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                BLAS.sgemm(transA: false, transB: transposed, m: 1, n: n, k: k, alpha: 1,
                           a: xb.baseAddress!, lda: k, b: parameters + layer.weights, ldb: layer.fanOut,
                           beta: 0, c: yb.baseAddress!, ldc: n)
            }
        }
        return y
    }
}
