/// L2 weight decay on the weights (never the biases), found through `layout`.
extension MLPNetwork {
    /// Adds λ·w to the gradient of every weight: the gradient of the penalty (λ/2)·Σw².
    ///
    /// Call after `train` has filled `gradients` and before the optimiser step. Biases keep their gradients.
    public func addWeightDecay(_ lambda: Float) {
        for layer in layout.layers {
            Kernels.addScaled(gradients + layer.weights, parameters + layer.weights, scale: lambda,
                              count: layer.fanIn * layer.fanOut)
        }
    }

    /// Σw² over every weight (biases excluded), accumulated in Float64.
    public func weightSquaredNorm() -> Double {
        var sum = 0.0
        for layer in layout.layers {
            let w = parameters + layer.weights
            for i in 0..<(layer.fanIn * layer.fanOut) { sum += Double(w[i]) * Double(w[i]) }
        }
        return sum
    }

    /// The L2 penalty (λ/2)·Σw² that `addWeightDecay(λ)` is the gradient of.
    public func weightPenalty(_ lambda: Float) -> Double { Double(lambda) / 2 * weightSquaredNorm() }
}
