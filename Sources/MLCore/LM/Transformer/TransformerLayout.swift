/// Where each tensor of a Transformer sits in its flat parameter buffer, under nanoGPT's names and with
/// PyTorch's shapes (a Linear's weight is [out, in]), in nanoGPT's order: so a model file is the buffer cut
/// at these offsets, and PyTorch's `load_state_dict` takes it as it is.
public struct TransformerLayout: Sendable {
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
        public let offset: Int
        public var count: Int { shape.reduce(1, *) }
        public var range: Range<Int> { offset..<(offset + count) }
        /// AdamW decays matrices (two or more dimensions), not biases or LayerNorm gains.
        public var decays: Bool { shape.count >= 2 }
    }

    /// The offsets of one block's tensors.
    public struct Block: Sendable {
        public let ln1Gain, ln1Bias, attnWeight, attnBias, attnProjWeight, attnProjBias: Int
        public let ln2Gain, ln2Bias, fcWeight, fcBias, mlpProjWeight, mlpProjBias: Int
    }

    public let tensors: [Tensor]
    public let wte: Int
    public let wpe: Int
    public let blocks: [Block]
    public let lnfGain: Int
    public let lnfBias: Int
    public let count: Int

    public init(_ config: TransformerConfig) {
        let c = config.embedding
        var tensors: [Tensor] = []
        var next = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let t = Tensor(name: name, shape: shape, offset: next)
            tensors.append(t)
            next += t.count
            return t.offset
        }
        wte = add("transformer.wte.weight", [config.vocabularySize, c])
        wpe = add("transformer.wpe.weight", [config.context, c])
        blocks = (0..<config.layers).map { l in
            let p = "transformer.h.\(l)."
            return Block(
                ln1Gain: add(p + "ln_1.weight", [c]), ln1Bias: add(p + "ln_1.bias", [c]),
                attnWeight: add(p + "attn.c_attn.weight", [3 * c, c]), attnBias: add(p + "attn.c_attn.bias", [3 * c]),
                attnProjWeight: add(p + "attn.c_proj.weight", [c, c]), attnProjBias: add(p + "attn.c_proj.bias", [c]),
                ln2Gain: add(p + "ln_2.weight", [c]), ln2Bias: add(p + "ln_2.bias", [c]),
                fcWeight: add(p + "mlp.c_fc.weight", [4 * c, c]), fcBias: add(p + "mlp.c_fc.bias", [4 * c]),
                mlpProjWeight: add(p + "mlp.c_proj.weight", [c, 4 * c]), mlpProjBias: add(p + "mlp.c_proj.bias", [c]))
        }
        lnfGain = add("transformer.ln_f.weight", [c])
        lnfBias = add("transformer.ln_f.bias", [c])
        self.tensors = tensors
        count = next
    }

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }
}
