import Foundation

/// The second rung of the ladder: Bengio et al.'s neural probabilistic language model (2003), as in makemore.
/// The previous `order` tokens' embeddings are concatenated, go through one tanh hidden layer, then to logits
/// over the vocabulary. Positions before a window's start read a learned padding embedding (row V).
///
/// One flat buffer, in this order: C [(V+1) × d], W₁ [(order·d) × H], b₁ [H], W₂ [H × V], b₂ [V].
public struct NGramMLPModel: Sendable {
    public let vocabularySize: Int
    public let order: Int
    public let embedding: Int
    public let hidden: Int
    public var parameters: [Float]
    public var gradients: [Float]

    /// Where each tensor starts in the flat buffer.
    public let offsets: (c: Int, w1: Int, b1: Int, w2: Int, b2: Int)

    public init(vocabularySize v: Int, order: Int, embedding d: Int, hidden h: Int, seed: UInt64) {
        precondition(v >= 2 && order >= 1 && d >= 1 && h >= 1)
        vocabularySize = v
        self.order = order
        embedding = d
        hidden = h
        let c = 0, w1 = (v + 1) * d, b1 = w1 + order * d * h, w2 = b1 + h, b2 = w2 + h * v
        offsets = (c, w1, b1, w2, b2)
        let count = b2 + v
        var rng = SplitMix64(seed: seed)
        func uniform(_ n: Int, _ bound: Float) -> [Float] { (0..<n).map { _ in (rng.nextUnitFloat() * 2 - 1) * bound } }
        // Embeddings of order 1; each layer's weights scaled by 1/√fan-in (so tanh starts unsaturated);
        // the output layer small, so the first loss is close to ln V.
        parameters = uniform((v + 1) * d, 1) + uniform(order * d * h, 1 / Float(order * d).squareRoot())
            + Array(repeating: 0, count: h) + uniform(h * v, 0.1 / Float(h).squareRoot()) + Array(repeating: 0, count: v)
        assert(parameters.count == count)
        gradients = Array(repeating: 0, count: count)
    }

    public var parameterCount: Int { parameters.count }

    /// AdamW's groups: the matrices (C, W₁, W₂) decay, the biases do not.
    public var groups: [AdamW.Group] {
        [.init(offsets.c..<offsets.b1, decays: true), .init(offsets.b1..<offsets.w2, decays: false),
         .init(offsets.w2..<offsets.b2, decays: true), .init(offsets.b2..<parameters.count, decays: false)]
    }

    /// The embedding rows of the `order` tokens ending at position p (padding, row V, before the window's start).
    func rows(at p: Int, inputs: [Int32], context: Int, into rows: inout [Int]) {
        let t = p % context
        for k in 0..<order {
            let back = order - 1 - k
            rows[k] = t - back >= 0 ? Int(inputs[p - back]) : vocabularySize
        }
    }

    /// The mean next-token loss over `windows` windows of `context` tokens (inputs[w·context + t] predicts
    /// targets[w·context + t] from itself and the `order − 1` tokens before it in its window). With `backward`,
    /// the gradient of that mean goes into `gradients` (overwriting it).
    ///
    /// All positions at once: the gathered embeddings E [P × n·d], H = tanh(E·W₁ + b₁), logits = H·W₂ + b₂, and
    /// back, as six matrix products (`lossReference` is the same, one position at a time with plain loops).
    public mutating func loss(inputs: [Int32], targets: [Int32], context: Int, backward: Bool) -> Double {
        precondition(inputs.count == targets.count && context >= 1 && inputs.count % context == 0 && !inputs.isEmpty)
        let v = vocabularySize, d = embedding, h = hidden, nd = order * embedding, positions = inputs.count
        let o = offsets
        var rows = [Int](repeating: 0, count: order)
        var e = [Float](repeating: 0, count: positions * nd)
        var rowsOf = [Int](repeating: 0, count: positions * order)
        for p in 0..<positions {
            self.rows(at: p, inputs: inputs, context: context, into: &rows)
            for k in 0..<order {
                rowsOf[p * order + k] = rows[k]
                for j in 0..<d { e[p * nd + k * d + j] = parameters[o.c + rows[k] * d + j] }
            }
        }
        var act = [Float](repeating: 0, count: positions * h), logits = [Float](repeating: 0, count: positions * v)
        var dLogits = [Float](repeating: 0, count: backward ? positions * v : 0)
        parameters.withUnsafeBufferPointer { w in
            BLAS.sgemm(transA: false, transB: false, m: positions, n: h, k: nd, alpha: 1, a: e, lda: nd,
                       b: w.baseAddress! + o.w1, ldb: h, beta: 0, c: &act, ldc: h)
            for p in 0..<positions {
                for u in 0..<h { act[p * h + u] = tanhf(act[p * h + u] + w[o.b1 + u]) }
            }
            BLAS.sgemm(transA: false, transB: false, m: positions, n: v, k: h, alpha: 1, a: act, lda: h,
                       b: w.baseAddress! + o.w2, ldb: v, beta: 0, c: &logits, ldc: v)
            for p in 0..<positions {
                for c in 0..<v { logits[p * v + c] += w[o.b2 + c] }
            }
        }
        let total = targets.withUnsafeBufferPointer { t in
            dLogits.withUnsafeMutableBufferPointer { db in
                SoftmaxCrossEntropy.forward(logits, rows: positions, width: v, targets: t.baseAddress!,
                                            gradients: backward ? db.baseAddress! : nil, scale: 1 / Float(positions))
            }
        }
        guard backward else { return total / Double(positions) }
        var dAct = [Float](repeating: 0, count: positions * h), dE = [Float](repeating: 0, count: positions * nd)
        parameters.withUnsafeBufferPointer { w in
            gradients.withUnsafeMutableBufferPointer { g in
                let gb = g.baseAddress!
                for i in g.indices { g[i] = 0 }
                // ∂W₂ = Hᵀ·∂logits, ∂b₂ = Σ ∂logits, ∂H = ∂logits·W₂ᵀ through tanh.
                BLAS.sgemm(transA: true, transB: false, m: h, n: v, k: positions, alpha: 1, a: act, lda: h,
                           b: dLogits, ldb: v, beta: 0, c: gb + o.w2, ldc: v)
                Kernels.columnSums(dLogits, rows: positions, cols: v, into: gb + o.b2)
                BLAS.sgemm(transA: false, transB: true, m: positions, n: h, k: v, alpha: 1, a: dLogits, lda: v,
                           b: w.baseAddress! + o.w2, ldb: v, beta: 0, c: &dAct, ldc: h)
                for i in dAct.indices { dAct[i] *= 1 - act[i] * act[i] }
                // ∂b₁ = Σ ∂H', ∂W₁ = Eᵀ·∂H', ∂E = ∂H'·W₁ᵀ, scattered back into the embedding rows used.
                Kernels.columnSums(dAct, rows: positions, cols: h, into: gb + o.b1)
                BLAS.sgemm(transA: true, transB: false, m: nd, n: h, k: positions, alpha: 1, a: e, lda: nd,
                           b: dAct, ldb: h, beta: 0, c: gb + o.w1, ldc: h)
                BLAS.sgemm(transA: false, transB: true, m: positions, n: nd, k: h, alpha: 1, a: dAct, lda: h,
                           b: w.baseAddress! + o.w1, ldb: h, beta: 0, c: &dE, ldc: nd)
                for p in 0..<positions {
                    for k in 0..<order {
                        let row = o.c + rowsOf[p * order + k] * d
                        for j in 0..<d { g[row + j] += dE[p * nd + k * d + j] }
                    }
                }
            }
        }
        return total / Double(positions)
    }

    /// `loss`, one position at a time with plain loops: the reference the batched version is tested against.
    mutating func lossReference(inputs: [Int32], targets: [Int32], context: Int, backward: Bool) -> Double {
        precondition(inputs.count == targets.count && context >= 1 && inputs.count % context == 0 && !inputs.isEmpty)
        let v = vocabularySize, d = embedding, h = hidden, n = order, positions = inputs.count
        let o = offsets
        if backward { for i in gradients.indices { gradients[i] = 0 } }
        var e = [Float](repeating: 0, count: n * d), act = [Float](repeating: 0, count: h)
        var logits = [Float](repeating: 0, count: v), dLogits = [Float](repeating: 0, count: v)
        var dAct = [Float](repeating: 0, count: h), rows = [Int](repeating: 0, count: n)
        var total = 0.0
        let scale = 1 / Float(positions)
        for p in 0..<positions {
            let t = p % context
            // The embedding rows of the `order` tokens ending at p, padding before the window's start.
            for k in 0..<n {
                let back = n - 1 - k
                rows[k] = t - back >= 0 ? Int(inputs[p - back]) : v
            }
            forward(rows: rows, e: &e, act: &act, logits: &logits)
            var target = targets[p]
            total += logits.withUnsafeBufferPointer { lb in
                dLogits.withUnsafeMutableBufferPointer { db in
                    SoftmaxCrossEntropy.forward(lb.baseAddress!, rows: 1, width: v, targets: &target,
                                                gradients: backward ? db.baseAddress! : nil, scale: scale)
                }
            }
            guard backward else { continue }
            for u in 0..<h {
                var s: Float = 0
                for c in 0..<v {
                    gradients[o.w2 + u * v + c] += act[u] * dLogits[c]
                    s += dLogits[c] * parameters[o.w2 + u * v + c]
                }
                dAct[u] = s * (1 - act[u] * act[u])  // through tanh
            }
            for c in 0..<v { gradients[o.b2 + c] += dLogits[c] }
            for u in 0..<h { gradients[o.b1 + u] += dAct[u] }
            for i in 0..<(n * d) {
                var s: Float = 0
                for u in 0..<h {
                    gradients[o.w1 + i * h + u] += e[i] * dAct[u]
                    s += dAct[u] * parameters[o.w1 + i * h + u]
                }
                let k = i / d, j = i % d
                gradients[o.c + rows[k] * d + j] += s
            }
        }
        return total / Double(positions)
    }

    /// One position's forward pass: the embeddings of `rows` (token ids, V for the padding row) into `e`, the
    /// tanh layer into `act`, the logits into `logits` (each already of its size).
    func forward(rows: [Int], e: inout [Float], act: inout [Float], logits: inout [Float]) {
        let v = vocabularySize, d = embedding, h = hidden, n = order, o = offsets
        for k in 0..<n {
            for j in 0..<d { e[k * d + j] = parameters[o.c + rows[k] * d + j] }
        }
        for u in 0..<h {
            var s = parameters[o.b1 + u]
            for i in 0..<(n * d) { s += e[i] * parameters[o.w1 + i * h + u] }
            act[u] = tanhf(s)
        }
        for c in 0..<v {
            var s = parameters[o.b2 + c]
            for u in 0..<h { s += act[u] * parameters[o.w2 + u * v + c] }
            logits[c] = s
        }
    }
}
