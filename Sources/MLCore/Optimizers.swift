import CKernels

/// Which optimiser a run uses.
public enum OptimizerKind: Sendable, Equatable {
    case adam
    /// Plain SGD, with classical momentum when `momentum` > 0.
    case sgd(momentum: Float)
}

/// Updates a flat parameter buffer from its gradient buffer. The learning rate may change between steps.
public protocol Optimizer {
    var learningRate: Float { get set }
    mutating func update(_ parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>)
}

/// Adam as Keras computes it: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε), with Keras's defaults (0.001, 0.9, 0.999, 1e-7).
public struct Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public private(set) var step = 0
    private var m: [Float]
    private var v: [Float]
    private var beta1Power: Double = 1
    private var beta2Power: Double = 1

    public init(count: Int, learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = Array(repeating: 0, count: count)
        v = Array(repeating: 0, count: count)
    }

    public mutating func update(_ parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>) {
        step += 1
        beta1Power *= Double(beta1)
        beta2Power *= Double(beta2)
        let lrT = Float(Double(learningRate) * (1 - beta2Power).squareRoot() / (1 - beta1Power))
        m.withUnsafeMutableBufferPointer { mb in
            v.withUnsafeMutableBufferPointer { vb in
                Self.kernel(parameters, gradients, mb.baseAddress!, vb.baseAddress!, count: mb.count,
                            lrT: lrT, beta1: beta1, beta2: beta2, epsilon: epsilon)
            }
        }
    }

    /// The update over the whole buffer: the vectorised C kernel.
    @inline(__always)
    static func kernel(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, count n: Int, lrT: Float, beta1: Float, beta2: Float, epsilon: Float
    ) {
        lectern_adam_update(p, g, m, v, n, lrT, beta1, beta2, epsilon)
    }

    /// The same update in plain Swift, one element at a time: the reference the tests compare against.
    static func referenceKernel(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, count n: Int, lrT: Float, beta1: Float, beta2: Float, epsilon: Float
    ) {
        for i in 0..<n {
            let gi = g[i]
            m[i] = beta1 * m[i] + (1 - beta1) * gi
            v[i] = beta2 * v[i] + (1 - beta2) * (gi * gi)
            p[i] -= lrT * m[i] / (v[i].squareRoot() + epsilon)
        }
    }
}

/// Stochastic gradient descent: θ ← θ − lr·g, or with momentum μ: u ← μu − lr·g, θ ← θ + u (as Keras).
public struct SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    private let count: Int
    private var velocity: [Float]

    public init(count: Int, learningRate: Float = 0.01, momentum: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.count = count
        velocity = momentum > 0 ? Array(repeating: 0, count: count) : []
    }

    public mutating func update(_ parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>) {
        let lr = learningRate, n = count
        guard momentum > 0 else {
            for i in 0..<n { parameters[i] -= lr * gradients[i] }
            return
        }
        let mu = momentum
        velocity.withUnsafeMutableBufferPointer { vb in
            let vp = vb.baseAddress!
            for i in 0..<n {
                let u = mu * vp[i] - lr * gradients[i]
                vp[i] = u
                parameters[i] += u
            }
        }
    }
}
