import CKernels
import Foundation

/// The third rung: a GPT-style Transformer (Radford et al. 2019, as nanoGPT writes it). Token and position
/// embeddings; `layers` pre-LayerNorm blocks, each x += attn(ln₁(x)), x += mlp(ln₂(x)) with causal multi-head
/// self-attention and a 4×-wide GELU (tanh form) MLP; a final LayerNorm; logits from the token embedding (tied).
///
/// Parameters live in one flat buffer cut by `TransformerLayout` (nanoGPT's names and PyTorch's shapes). The
/// products are BLAS calls; the rest are the fused kernels of lm_kernels.c, each tested against
/// `NaiveLMKernels`.
public struct TransformerModel: Sendable {
    public let config: TransformerConfig
    public let layout: TransformerLayout
    public var parameters: [Float]
    public var gradients: [Float]
    private var workspace = TransformerWorkspace()

    /// nanoGPT's initialisation: weights and embeddings N(0, 0.02), the two projections into the residual
    /// stream N(0, 0.02/√(2·layers)), biases 0, LayerNorm gains 1. Throws when the shape is invalid.
    public init(config: TransformerConfig, seed: UInt64) throws(LecternError) {
        try config.validate()
        self.config = config
        layout = TransformerLayout(config)
        var rng = SplitMix64(seed: seed)
        var p = [Float](repeating: 0, count: layout.count)
        let projection = 0.02 / (2 * Double(config.layers)).squareRoot()
        for t in layout.tensors {
            if t.name.hasSuffix("ln_1.weight") || t.name.hasSuffix("ln_2.weight") || t.name.hasSuffix("ln_f.weight") {
                for i in t.range { p[i] = 1 }
            } else if t.decays {
                let sd = t.name.hasSuffix("c_proj.weight") ? projection : 0.02
                for i in t.range { p[i] = Float(rng.nextGaussian() * sd) }
            }
        }
        parameters = p
        gradients = [Float](repeating: 0, count: layout.count)
    }

    /// A model with these parameters (a loaded file); nil when their count does not fit the config.
    public init?(config: TransformerConfig, parameters: [Float]) {
        guard (try? config.validate()) != nil else { return nil }
        let layout = TransformerLayout(config)
        guard parameters.count == layout.count else { return nil }
        self.config = config
        self.layout = layout
        self.parameters = parameters
        gradients = [Float](repeating: 0, count: layout.count)
    }

    public var parameterCount: Int { layout.count }
    public var vocabularySize: Int { config.vocabularySize }

    /// AdamW's groups, one per tensor (so the health report can name them); matrices decay.
    public var groups: [AdamW.Group] { layout.tensors.map { .init($0.range, decays: $0.decays) } }

    /// Bytes of the activations and scratch the model holds now.
    public var workspaceBytes: Int { workspace.bytes }

    private mutating func ownWorkspace() {
        if !isKnownUniquelyReferenced(&workspace) { workspace = TransformerWorkspace() }
    }

    /// The mean next-token loss of `inputs` → `targets`, `inputs.count / length` windows of `length` ≤ context
    /// tokens each. With `backward`, the gradient of that mean goes into `gradients` (overwriting it).
    public mutating func loss(inputs: [Int32], targets: [Int32], context length: Int, backward: Bool) -> Double {
        precondition(inputs.count == targets.count && length >= 1 && length <= config.context
                     && !inputs.isEmpty && inputs.count % length == 0)
        ownWorkspace()
        let batch = inputs.count / length, rows = inputs.count
        let ws = workspace, config = config, layout = layout
        ws.reserve(config, batch: batch, length: length)
        if backward { ws.reserveBackward(config, rows: rows) }
        return parameters.withUnsafeBufferPointer { pb in
            gradients.withUnsafeMutableBufferPointer { gb in
                inputs.withUnsafeBufferPointer { ib in
                    targets.withUnsafeBufferPointer { tb in
                        let p = pb.baseAddress!, idx = ib.baseAddress!
                        Self.forward(config, layout, p, idx, ws, batch: batch, length: length)
                        let v = config.vocabularySize
                        let total = lectern_lm_softmax_xent(ws.logits.pointer, tb.baseAddress!,
                                                            backward ? ws.dLogits.pointer : nil, Int64(rows), Int64(v),
                                                            1 / Float(rows))
                        if backward {
                            let g = gb.baseAddress!
                            g.update(repeating: 0, count: layout.count)
                            Self.backward(config, layout, p, g, idx, ws, batch: batch, length: length)
                        }
                        return total / Double(rows)
                    }
                }
            }
        }
    }

    /// The logits of the token after `context` (its last `config.context` tokens are used).
    public mutating func nextTokenLogits(_ context: [Int32]) -> [Float] {
        precondition(!context.isEmpty)
        let window = Array(context.suffix(config.context))
        ownWorkspace()
        let ws = workspace, config = config, layout = layout
        ws.reserve(config, batch: 1, length: window.count)
        return parameters.withUnsafeBufferPointer { pb in
            window.withUnsafeBufferPointer { ib in
                Self.forward(config, layout, pb.baseAddress!, ib.baseAddress!, ws, batch: 1, length: window.count)
                let v = config.vocabularySize
                return Array(UnsafeBufferPointer(start: ws.logits.pointer + (window.count - 1) * v, count: v))
            }
        }
    }

    /// The logits after each prefix of `context` (its last `config.context` tokens), from one causal forward.
    public mutating func positionLogits(_ context: [Int32]) -> [[Float]] {
        precondition(!context.isEmpty)
        let window = Array(context.suffix(config.context))
        _ = nextTokenLogits(window)
        let v = config.vocabularySize, logits = workspace.logits.pointer
        return (0..<window.count).map { Array(UnsafeBufferPointer(start: logits + $0 * v, count: v)) }
    }

    /// The attention weights of every layer and head for `context` (its last `config.context` tokens):
    /// weights[layer][head][i·n + j] is how much position i attends to j (0 for j > i), n the window length.
    public mutating func attentionWeights(_ context: [Int32]) -> [[[Float]]] {
        _ = nextTokenLogits(context)
        return lastAttentionWeights
    }

    /// The attention weights of the last forward pass's first window, as `attentionWeights` gives them: read
    /// after `positionLogits` or `nextTokenLogits`, they cost no second pass.
    public var lastAttentionWeights: [[[Float]]] {
        let n = workspace.length, h = config.heads
        return (0..<config.layers).map { l in
            (0..<h).map { head in
                Array(UnsafeBufferPointer(start: workspace.probs.pointer + (l * h + head) * n * n, count: n * n))
            }
        }
    }

    // MARK: - Passes

    private static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                             _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                             _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                   beta: beta, c: c, ldc: ldc)
    }

    private static func forward(_ config: TransformerConfig, _ layout: TransformerLayout, _ p: UnsafePointer<Float>,
                                _ idx: UnsafePointer<Int32>, _ ws: TransformerWorkspace, batch: Int, length: Int) {
        let rows = batch * length, c = config.embedding, f = 4 * c, heads = config.heads
        let rc = rows * c, n64 = Int64(rows)
        let x = ws.x.pointer
        lectern_lm_embed_forward(idx, p + layout.wte, p + layout.wpe, x, n64, Int64(length), Int64(c))
        for (l, b) in layout.blocks.enumerated() {
            let xl = x + l * rc, xNext = x + (l + 1) * rc, mid = ws.mid.pointer + l * rc
            let ln1 = ws.ln1.pointer + l * rc, ln2 = ws.ln2.pointer + l * rc
            let s1 = ws.ln1Stats.pointer + l * 2 * rows, s2 = ws.ln2Stats.pointer + l * 2 * rows
            let qkv = ws.qkv.pointer + l * rows * 3 * c, attY = ws.attY.pointer + l * rc
            let probs = ws.probs.pointer + l * batch * heads * length * length
            let fcPre = ws.fcPre.pointer + l * rows * f, fcAct = ws.fcAct.pointer + l * rows * f
            lectern_lm_layernorm_forward(xl, p + b.ln1Gain, p + b.ln1Bias, ln1, s1, s1 + rows, n64, Int64(c))
            gemm(false, true, rows, 3 * c, c, ln1, c, p + b.attnWeight, c, 0, qkv, 3 * c)
            lectern_lm_add_bias(qkv, p + b.attnBias, n64, Int64(3 * c))
            lectern_lm_attention_forward(qkv, probs, attY, Int64(batch), Int64(length), Int64(c), Int64(heads))
            mid.update(from: xl, count: rc)
            gemm(false, true, rows, c, c, attY, c, p + b.attnProjWeight, c, 1, mid, c)
            lectern_lm_add_bias(mid, p + b.attnProjBias, n64, Int64(c))
            lectern_lm_layernorm_forward(mid, p + b.ln2Gain, p + b.ln2Bias, ln2, s2, s2 + rows, n64, Int64(c))
            gemm(false, true, rows, f, c, ln2, c, p + b.fcWeight, c, 0, fcPre, f)
            lectern_lm_bias_gelu_forward(fcPre, p + b.fcBias, fcAct, n64, Int64(f))
            xNext.update(from: mid, count: rc)
            gemm(false, true, rows, c, f, fcAct, f, p + b.mlpProjWeight, f, 1, xNext, c)
            lectern_lm_add_bias(xNext, p + b.mlpProjBias, n64, Int64(c))
        }
        let last = x + config.layers * rc
        lectern_lm_layernorm_forward(last, p + layout.lnfGain, p + layout.lnfBias, ws.lnf.pointer, ws.lnfStats.pointer,
                                     ws.lnfStats.pointer + rows, n64, Int64(c))
        gemm(false, true, rows, config.vocabularySize, c, ws.lnf.pointer, c, p + layout.wte, c, 0, ws.logits.pointer,
             config.vocabularySize)
    }

    /// Expects `ws.dLogits` to hold ∂L/∂logits and `g` zeroed.
    private static func backward(_ config: TransformerConfig, _ layout: TransformerLayout, _ p: UnsafePointer<Float>,
                                 _ g: UnsafeMutablePointer<Float>, _ idx: UnsafePointer<Int32>, _ ws: TransformerWorkspace,
                                 batch: Int, length: Int) {
        let rows = batch * length, c = config.embedding, f = 4 * c, heads = config.heads, v = config.vocabularySize
        let rc = rows * c, n64 = Int64(rows), c64 = Int64(c)
        let x = ws.x.pointer, dx = ws.dx.pointer, dln = ws.dln.pointer, dLogits = ws.dLogits.pointer
        // The tied head: logits = lnf · wteᵀ.
        gemm(false, false, rows, c, v, dLogits, v, p + layout.wte, c, 0, dln, c)
        gemm(true, false, v, c, rows, dLogits, v, ws.lnf.pointer, c, 1, g + layout.wte, c)
        dx.update(repeating: 0, count: rc)
        lectern_lm_layernorm_backward(dln, x + config.layers * rc, p + layout.lnfGain, ws.lnfStats.pointer,
                                      ws.lnfStats.pointer + rows, dx, g + layout.lnfGain, g + layout.lnfBias, n64, c64)
        for (l, b) in layout.blocks.enumerated().reversed() {
            let xl = x + l * rc, mid = ws.mid.pointer + l * rc
            let ln1 = ws.ln1.pointer + l * rc, ln2 = ws.ln2.pointer + l * rc
            let s1 = ws.ln1Stats.pointer + l * 2 * rows, s2 = ws.ln2Stats.pointer + l * 2 * rows
            let qkv = ws.qkv.pointer + l * rows * 3 * c, attY = ws.attY.pointer + l * rc
            let probs = ws.probs.pointer + l * batch * heads * length * length
            let fcPre = ws.fcPre.pointer + l * rows * f, fcAct = ws.fcAct.pointer + l * rows * f
            let dfc = ws.dfc.pointer, dAttY = ws.dAttY.pointer, dqkv = ws.dqkv.pointer
            // x_{l+1} = mid + gelu(ln₂(mid)·W_fcᵀ + b_fc)·W_projᵀ + b_proj
            lectern_lm_column_sums(dx, g + b.mlpProjBias, n64, c64)
            gemm(true, false, c, f, rows, dx, c, fcAct, f, 1, g + b.mlpProjWeight, f)
            gemm(false, false, rows, f, c, dx, c, p + b.mlpProjWeight, f, 0, dfc, f)
            lectern_lm_gelu_backward(fcPre, dfc, Int64(rows * f))
            lectern_lm_column_sums(dfc, g + b.fcBias, n64, Int64(f))
            gemm(true, false, f, c, rows, dfc, f, ln2, c, 1, g + b.fcWeight, c)
            gemm(false, false, rows, c, f, dfc, f, p + b.fcWeight, c, 0, dln, c)
            lectern_lm_layernorm_backward(dln, mid, p + b.ln2Gain, s2, s2 + rows, dx, g + b.ln2Gain, g + b.ln2Bias, n64, c64)
            // mid = x_l + attention(ln₁(x_l))·W_projᵀ + b_proj
            lectern_lm_column_sums(dx, g + b.attnProjBias, n64, c64)
            gemm(true, false, c, c, rows, dx, c, attY, c, 1, g + b.attnProjWeight, c)
            gemm(false, false, rows, c, c, dx, c, p + b.attnProjWeight, c, 0, dAttY, c)
            lectern_lm_attention_backward(qkv, probs, dAttY, dqkv, Int64(batch), Int64(length), c64, Int64(heads))
            lectern_lm_column_sums(dqkv, g + b.attnBias, n64, Int64(3 * c))
            gemm(true, false, 3 * c, c, rows, dqkv, 3 * c, ln1, c, 1, g + b.attnWeight, c)
            gemm(false, false, rows, c, 3 * c, dqkv, 3 * c, p + b.attnWeight, c, 0, dln, c)
            lectern_lm_layernorm_backward(dln, xl, p + b.ln1Gain, s1, s1 + rows, dx, g + b.ln1Gain, g + b.ln1Bias, n64, c64)
        }
        lectern_lm_embed_backward(idx, dx, g + layout.wte, g + layout.wpe, n64, Int64(length), c64)
    }
}

extension SplitMix64 {
    /// A standard normal draw (Box–Muller on two uniform doubles in (0, 1]).
    public mutating func nextGaussian() -> Double {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
