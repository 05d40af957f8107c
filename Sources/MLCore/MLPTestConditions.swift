/// What the test images go through before they are scored, for chapter 5's experiments: moved sideways
/// (data that has shifted), and pushed by ε per pixel, either at random or along the sign of the loss's gradient
/// (the fast gradient sign method of Goodfellow et al., 2014). Pixels stay in [0, 1].
public struct TestConditions: Sendable, Equatable {
    public enum Attack: String, Sendable, CaseIterable { case none, random, fgsm }

    /// Pixels every test image moves to the right (negative: to the left); the columns it leaves are blank.
    public var shift = 0
    public var attack = Attack.none
    public var epsilon: Float = 0.125
    /// Seed of the random signs.
    public var seed: UInt64 = 1

    public init(shift: Int = 0, attack: Attack = .none, epsilon: Float = 0.125, seed: UInt64 = 1) {
        self.shift = shift
        self.attack = attack
        self.epsilon = epsilon
        self.seed = seed
    }

    /// True when the test set is scored as it is.
    public var isPlain: Bool { shift == 0 && (attack == .none || epsilon == 0) }

    /// The test set as scored: shifted first, then attacked (the gradient sign against `network` as it is now).
    public func apply(to test: Dataset, network: MLPNetwork) -> Dataset {
        var out = shift == 0 ? test : test.shiftedRight(by: shift)
        guard attack != .none, epsilon > 0 else { return out }
        var rng = SplitMix64(seed: seed)
        let n = out.features
        for i in 0..<out.count {
            let direction: [Float]
            switch attack {
            case .fgsm: direction = network.lossInputGradient(out.sample(i), label: Int(out.labels[i]))
            case .random: direction = (0..<n).map { _ in rng.next() & 1 == 0 ? -1 : 1 }
            case .none: continue
            }
            for j in 0..<n {
                let d = direction[j]
                let step: Float = d > 0 ? epsilon : d < 0 ? -epsilon : 0
                out.inputs[i * n + j] = min(1, max(0, out.inputs[i * n + j] + step))
            }
        }
        return out
    }
}

extension Dataset {
    /// Every image moved `k` pixels to the right (left when negative), same size: blank columns come in.
    public func shiftedRight(by k: Int) -> Dataset {
        guard k != 0, imageRows * imageCols == features else { return self }
        var out = self
        let w = imageCols
        for i in 0..<count {
            for r in 0..<imageRows {
                let row = i * features + r * w
                for c in 0..<w {
                    let from = c - k
                    out.inputs[row + c] = from >= 0 && from < w ? inputs[row + from] : 0
                }
            }
        }
        return out
    }
}
