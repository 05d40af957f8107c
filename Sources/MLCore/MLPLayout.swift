/// Where every layer's weights and biases sit in one flat parameter buffer.
///
/// Layer `l` maps `sizes[l]` inputs to `sizes[l + 1]` outputs. Its weight matrix is stored row-major as
/// `fanIn × fanOut` (Keras's kernel layout: `y = x · W + b`), followed by its `fanOut` biases.
public struct MLPLayout: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        public var fanIn: Int
        public var fanOut: Int
        /// Offset of the first weight in the flat buffer.
        public var weights: Int
        /// Offset of the first bias in the flat buffer.
        public var biases: Int
    }

    public let sizes: [Int]
    public let layers: [Layer]
    public let parameterCount: Int

    /// `sizes` = [inputs, hidden…, classes]; every size must be positive and there must be at least one layer.
    public init(sizes: [Int]) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "an MLP needs at least two positive layer sizes")
        self.sizes = sizes
        var offset = 0
        var layers: [Layer] = []
        for l in 0..<(sizes.count - 1) {
            let layer = Layer(fanIn: sizes[l], fanOut: sizes[l + 1], weights: offset, biases: offset + sizes[l] * sizes[l + 1])
            offset = layer.biases + layer.fanOut
            layers.append(layer)
        }
        self.layers = layers
        parameterCount = offset
    }

    public var inputs: Int { sizes[0] }
    public var classes: Int { sizes[sizes.count - 1] }
}
