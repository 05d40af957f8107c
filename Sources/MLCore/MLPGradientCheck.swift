/// Backpropagation's gradient checked against central differences, layer by layer: nudge one weight by ±ε,
/// run the forward pass twice, and compare (L(w+ε) − L(w−ε)) / 2ε with what backpropagation says.
public enum MLPGradientCheck {
    public struct Layer: Sendable, Equatable {
        /// "W1", "W2", … (the weights of layer l, input side first).
        public var name: String
        /// Weights compared, and how many of them have a gradient too small to compare in Float32 (below
        /// `tiny`: a ReLU off for every sample gives exactly 0), left out of the errors.
        public var checked: Int, zero: Int
        /// |backprop − numeric| / (|backprop| + |numeric|) over the weights with a gradient.
        public var maxRelativeError: Double, medianRelativeError: Double
        /// ‖∂L/∂W‖ of the whole layer, from backpropagation.
        public var gradientNorm: Double
    }

    /// Checks `perLayer` weights of each layer, picked at random, on the samples of `batch` (the mean loss).
    /// The network is Float32, so ε ≈ 1e-3 is the right size: smaller and rounding swamps the difference.
    /// Float32 rounding of the loss (≈ 1e-7 × L) divided by 2ε leaves ≈ 1e-4 of noise in a numeric gradient:
    /// smaller gradients than this cannot be compared.
    public static let tiny = 1e-4

    public static func run(_ network: MLPNetwork, on batch: Dataset, perLayer: Int = 20, epsilon: Float = 1e-3, seed: UInt64 = 1) -> [Layer] {
        precondition(batch.count <= network.capacity, "the batch must fit the network's buffers")
        let analytic: [Float] = batch.inputs.withUnsafeBufferPointer { x in
            batch.labels.withUnsafeBufferPointer { y in
                _ = network.train(batch: x.baseAddress!, labels: y.baseAddress!, rows: batch.count)
                return Array(UnsafeBufferPointer(start: network.gradients, count: network.layout.parameterCount))
            }
        }
        func loss() -> Double { network.evaluate(batch).loss }
        var rng = SplitMix64(seed: seed)
        return network.layout.layers.enumerated().map { l, layer in
            let count = layer.fanIn * layer.fanOut
            var errors: [Double] = [], zero = 0
            for _ in 0..<min(perLayer, count) {
                let k = layer.weights + Int(rng.next() % UInt64(count))
                let saved = network.parameters[k]
                network.parameters[k] = saved + epsilon
                let up = loss()
                network.parameters[k] = saved - epsilon
                let down = loss()
                network.parameters[k] = saved
                let numeric = (up - down) / (2 * Double(epsilon)), a = Double(analytic[k])
                if abs(a) + abs(numeric) < tiny { zero += 1; continue }
                errors.append(abs(a - numeric) / (abs(a) + abs(numeric)))
            }
            errors.sort()
            let norm = analytic[layer.weights..<(layer.weights + count)].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return Layer(name: "W\(l + 1)", checked: min(perLayer, count), zero: zero, maxRelativeError: errors.last ?? 0,
                         medianRelativeError: errors.isEmpty ? 0 : errors[errors.count / 2], gradientNorm: norm)
        }
    }
}

extension MLPNetwork {
    /// ‖∂L/∂W‖ of each layer's weights, from the gradients of the last batch trained.
    public func weightGradientNorms() -> [Double] {
        layout.layers.map { Kernels.sumOfSquares(gradients + $0.weights, count: $0.fanIn * $0.fanOut).squareRoot() }
    }
}
