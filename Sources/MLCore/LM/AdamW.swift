import Foundation

/// AdamW as PyTorch computes it (`torch.optim.AdamW`), so that a run here and a PyTorch run of the same
/// model agree step by step: first the decoupled weight decay θ ← θ·(1 − lr·λ), on the groups that decay
/// (matrices, not biases, gains or embeddings' positions unless chosen), then
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
public struct AdamW: Sendable {
    /// A stretch of the flat parameter buffer and whether weight decay applies to it.
    public struct Group: Sendable, Equatable {
        public var range: Range<Int>
        public var decays: Bool
        public init(_ range: Range<Int>, decays: Bool) { self.range = range; self.decays = decays }
    }

    public var learningRate: Float
    public var weightDecay: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let groups: [Group]
    public private(set) var step = 0
    private var m: [Float]
    private var v: [Float]

    /// PyTorch's defaults but for the learning rate: β (0.9, 0.999), ε 1e-8.
    public init(count: Int, groups: [Group], learningRate: Float, weightDecay: Float = 0.1,
                beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        precondition(groups.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= count }, "a group outside the buffer")
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.groups = groups
        m = Array(repeating: 0, count: count)
        v = Array(repeating: 0, count: count)
    }

    public mutating func update(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        step += 1
        let bc1 = 1 - pow(Double(beta1), Double(step))
        let bc2 = 1 - pow(Double(beta2), Double(step))
        let stepSize = Float(Double(learningRate) / bc1)
        let rootBC2 = Float(bc2.squareRoot())
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let c1 = 1 - b1, c2 = 1 - b2
        m.withUnsafeMutableBufferPointer { mb in
            v.withUnsafeMutableBufferPointer { vb in
                let m = mb.baseAddress!, v = vb.baseAddress!
                for group in groups {
                    let decay: Float = group.decays ? 1 - learningRate * weightDecay : 1
                    for i in group.range {
                        let gi = g[i]
                        let mi = b1 * m[i] + c1 * gi
                        let vi = b2 * v[i] + c2 * (gi * gi)
                        m[i] = mi
                        v[i] = vi
                        p[i] = p[i] * decay - stepSize * mi / (vi.squareRoot() / rootBC2 + eps)
                    }
                }
            }
        }
    }
}

/// Gradient-norm clipping as `torch.nn.utils.clip_grad_norm_`: the global L2 norm over the whole buffer; when
/// it is above `maxNorm`, every gradient is scaled by maxNorm / (norm + 1e-6). Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ g: UnsafeMutablePointer<Float>, count: Int, maxNorm: Float) -> Float {
    let norm = Float(Kernels.sumOfSquares(g, count: count).squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 { for i in 0..<count { g[i] *= coefficient } }
    return norm
}

/// The learning rate at a step: a linear warm-up to `peak`, then a cosine down to `floor` by `decaySteps`, then
/// `floor` (nanoGPT's schedule). With `warmupSteps` 0 and `decaySteps` 0 it is `peak` throughout.
public struct LearningRateSchedule: Sendable, Equatable {
    public var peak: Double
    public var floor: Double
    public var warmupSteps: Int
    public var decaySteps: Int

    public init(peak: Double, floor: Double? = nil, warmupSteps: Int = 0, decaySteps: Int = 0) {
        self.peak = peak
        self.floor = floor ?? peak / 10
        self.warmupSteps = warmupSteps
        self.decaySteps = decaySteps
    }

    /// The rate for `step` (0-based).
    public func rate(at step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
        guard decaySteps > warmupSteps else { return peak }
        if step >= decaySteps { return floor }
        let ratio = Double(step - warmupSteps) / Double(decaySteps - warmupSteps)
        return floor + 0.5 * (1 + cos(Double.pi * ratio)) * (peak - floor)
    }
}
