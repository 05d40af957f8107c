/// A multi-layer perceptron: dense layers with ReLU between them and softmax + cross-entropy on top.
///
/// All parameters live in one flat buffer (`parameters`), all gradients in another of the same shape.
/// Activations for up to `capacity` samples are allocated once; `train(batch:)` and `forward` never
/// allocate. Not thread-safe: one training job owns one network.
public final class MLPNetwork {
    public let layout: MLPLayout
    /// Largest batch the work buffers hold.
    public let capacity: Int
    public let parameters: UnsafeMutablePointer<Float>
    public let gradients: UnsafeMutablePointer<Float>
    /// activations[l]: output of layer l (after ReLU for hidden layers, logits then ∂L/∂logits for the last), capacity × fanOut.
    private var activations: [UnsafeMutablePointer<Float>]
    /// deltas[l]: ∂L/∂(pre-activation of layer l), capacity × fanOut (the last layer's is its activation buffer).
    private var deltas: [UnsafeMutablePointer<Float>]

    /// A network with Glorot-uniform weights and zero biases, drawn from `seed`.
    public init(layout: MLPLayout, capacity: Int, seed: UInt64) {
        precondition(capacity > 0)
        self.layout = layout
        self.capacity = capacity
        parameters = .allocate(capacity: layout.parameterCount)
        gradients = .allocate(capacity: layout.parameterCount)
        gradients.initialize(repeating: 0, count: layout.parameterCount)
        activations = layout.layers.map { layer in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: capacity * layer.fanOut)
            p.initialize(repeating: 0, count: capacity * layer.fanOut)
            return p
        }
        deltas = layout.layers.dropLast().map { layer in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: capacity * layer.fanOut)
            p.initialize(repeating: 0, count: capacity * layer.fanOut)
            return p
        }
        var rng = SplitMix64(seed: seed)
        Initializers.glorotUniform(layout: layout, into: parameters, rng: &rng)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        activations.forEach { $0.deallocate() }
        deltas.forEach { $0.deallocate() }
    }

    /// What the first layer reads: a dense block of samples, or compressed sparse rows.
    public enum Input {
        case dense(UnsafePointer<Float>)
        /// Samples `index[0..<rows]` of a compressed dataset.
        case sparse(SparseRows, index: UnsafePointer<Int32>)
    }

    /// Runs the forward pass on `rows` samples (rows × inputs, row-major) and returns the logits
    /// (rows × classes), valid until the next call.
    @discardableResult
    public func forward(_ input: UnsafePointer<Float>, rows: Int) -> UnsafeMutablePointer<Float> {
        forward(.dense(input), rows: rows)
    }

    @discardableResult
    public func forward(_ input: Input, rows: Int) -> UnsafeMutablePointer<Float> {
        precondition(rows <= capacity, "batch larger than the network's buffers")
        let last = layout.layers.count - 1
        for (l, layer) in layout.layers.enumerated() {
            let out = activations[l]
            let bias = parameters + layer.biases
            if l == 0, case .sparse(let data, let index) = input {
                data.multiply(index, count: rows, parameters + layer.weights, n: layer.fanOut, bias: bias, into: out)
                if l != last { Kernels.relu(out, count: rows * layer.fanOut) }
                continue
            }
            let x: UnsafePointer<Float>
            if l == 0, case .dense(let p) = input { x = p } else { x = UnsafePointer(activations[l - 1]) }
            BLAS.sgemm(transA: false, transB: false, m: rows, n: layer.fanOut, k: layer.fanIn, alpha: 1,
                       a: x, lda: layer.fanIn, b: parameters + layer.weights, ldb: layer.fanOut,
                       beta: 0, c: out, ldc: layer.fanOut)
            if l == last {
                Kernels.addBias(out, bias: bias, rows: rows, cols: layer.fanOut)
            } else {
                Kernels.addBiasReLU(out, bias: bias, rows: rows, cols: layer.fanOut)
            }
        }
        return activations[last]
    }

    /// Forward and backward on one batch: fills `gradients` with ∂(mean loss)/∂parameters.
    /// Returns the summed loss over the batch and the number of correct predictions.
    public func train(batch input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        train(.dense(input), labels: labels, rows: rows)
    }

    public func train(_ input: Input, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        let logits = forward(input, rows: rows)
        var correct = 0
        let last = layout.layers.count - 1
        let loss = Kernels.softmaxCrossEntropy(logits, labels: labels, rows: rows, cols: layout.classes, correct: &correct)
        // Backward, from the top: `delta` is ∂L/∂(pre-activation) of layer l.
        var delta = UnsafePointer(logits)
        for l in stride(from: last, through: 0, by: -1) {
            let layer = layout.layers[l]
            // ∂W = belowᵀ · delta   (fanIn × rows · rows × fanOut)
            if l == 0, case .sparse(let data, let index) = input {
                data.transposeMultiply(index, count: rows, delta, n: layer.fanOut, into: gradients + layer.weights)
            } else {
                let below: UnsafePointer<Float>
                if l == 0, case .dense(let p) = input { below = p } else { below = UnsafePointer(activations[l - 1]) }
                BLAS.sgemm(transA: true, transB: false, m: layer.fanIn, n: layer.fanOut, k: rows, alpha: 1,
                           a: below, lda: layer.fanIn, b: delta, ldb: layer.fanOut,
                           beta: 0, c: gradients + layer.weights, ldc: layer.fanOut)
            }
            Kernels.columnSums(delta, rows: rows, cols: layer.fanOut, into: gradients + layer.biases)
            guard l > 0 else { break }
            // ∂(below) = delta · Wᵀ, then through the ReLU of the layer below.
            let next = deltas[l - 1]
            BLAS.sgemm(transA: false, transB: true, m: rows, n: layer.fanIn, k: layer.fanOut, alpha: 1,
                       a: delta, lda: layer.fanOut, b: parameters + layer.weights, ldb: layer.fanOut,
                       beta: 0, c: next, ldc: layer.fanIn)
            Kernels.reluBackward(next, activations: activations[l - 1], count: rows * layer.fanIn)
            delta = UnsafePointer(next)
        }
        return (loss, correct)
    }

    /// A copy of the parameters, e.g. to save or to compare runs.
    public func parameterArray() -> [Float] { Array(UnsafeBufferPointer(start: parameters, count: layout.parameterCount)) }

    /// Overwrites the parameters (same layout).
    public func setParameters(_ values: [Float]) {
        precondition(values.count == layout.parameterCount)
        values.withUnsafeBufferPointer { parameters.update(from: $0.baseAddress!, count: values.count) }
    }

    /// The first layer's weights, inputs × units (row-major), for drawing what each unit looks for.
    public func firstLayerWeights() -> (inputs: Int, units: Int, values: [Float]) {
        let layer = layout.layers[0]
        return (layer.fanIn, layer.fanOut,
                Array(UnsafeBufferPointer(start: parameters + layer.weights, count: layer.fanIn * layer.fanOut)))
    }
}

/// Weight initialisation.
public enum Initializers {
    /// Glorot (Xavier) uniform as Keras does it: U(−limit, limit), limit = √(6 / (fanIn + fanOut)); biases 0.
    public static func glorotUniform(layout: MLPLayout, into p: UnsafeMutablePointer<Float>, rng: inout SplitMix64) {
        for layer in layout.layers {
            let limit = (6 / Float(layer.fanIn + layer.fanOut)).squareRoot()
            for i in 0..<(layer.fanIn * layer.fanOut) {
                p[layer.weights + i] = (rng.nextUnitFloat() * 2 - 1) * limit
            }
            for i in 0..<layer.fanOut { p[layer.biases + i] = 0 }
        }
    }
}
