/// The first rung of the language-model ladder: a V×V table of logits, row = the current token, column = the
/// next. It can only learn which token tends to follow which; its best loss is the corpus's conditional
/// entropy of the next token given one token.
public struct BigramModel: Sendable {
    public let vocabularySize: Int
    /// logits[current · V + next], one flat buffer (the optimiser's).
    public var parameters: [Float]
    public var gradients: [Float]

    /// Small random logits (uniform in ±0.01 · scale) from `seed`; all zero gives the uniform loss ln V.
    public init(vocabularySize: Int, seed: UInt64, scale: Float = 1) {
        precondition(vocabularySize >= 2)
        self.vocabularySize = vocabularySize
        var rng = SplitMix64(seed: seed)
        parameters = (0..<(vocabularySize * vocabularySize)).map { _ in (rng.nextUnitFloat() * 2 - 1) * 0.01 * scale }
        gradients = Array(repeating: 0, count: vocabularySize * vocabularySize)
    }

    /// Every parameter is the one matrix, which AdamW decays.
    public var groups: [AdamW.Group] { [.init(0..<parameters.count, decays: true)] }

    /// The mean next-token loss of `inputs` → `targets` (same length); with `backward`, the gradient of that
    /// mean goes into `gradients` (overwriting it).
    public mutating func loss(inputs: [Int32], targets: [Int32], backward: Bool) -> Double {
        precondition(inputs.count == targets.count && !inputs.isEmpty)
        let v = vocabularySize
        let n = inputs.count
        if backward { for i in gradients.indices { gradients[i] = 0 } }
        var rowGradient = [Float](repeating: 0, count: v)
        var total = 0.0
        parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                rowGradient.withUnsafeMutableBufferPointer { rg in
                    for t in 0..<n {
                        let row = p.baseAddress! + Int(inputs[t]) * v
                        var target = targets[t]
                        total += SoftmaxCrossEntropy.forward(row, rows: 1, width: v, targets: &target,
                                                             gradients: backward ? rg.baseAddress! : nil, scale: 1 / Float(n))
                        if backward {
                            let out = g.baseAddress! + Int(inputs[t]) * v
                            for j in 0..<v { out[j] += rg[j] }
                        }
                    }
                }
            }
        }
        return total / Double(n)
    }

    /// The next token's probabilities after `token`.
    public func nextTokenProbabilities(after token: Int32, temperature: Float = 1) -> [Float] {
        let v = vocabularySize
        return parameters.withUnsafeBufferPointer { p in
            SoftmaxCrossEntropy.probabilities(UnsafeBufferPointer(rebasing: p[(Int(token) * v)..<((Int(token) + 1) * v)]),
                                              temperature: temperature)
        }
    }
}
