/// The shape of a GPT-style Transformer: vocabulary, context length, blocks, heads and width.
public struct TransformerConfig: Sendable, Equatable, Codable {
    public var vocabularySize: Int
    public var context: Int
    public var layers: Int
    public var heads: Int
    public var embedding: Int

    /// The largest model the lab trains (a CPU, one thread: beyond this a step takes seconds).
    public static let maxParameters = 20_000_000

    public init(vocabularySize: Int, context: Int, layers: Int, heads: Int, embedding: Int) {
        self.vocabularySize = vocabularySize
        self.context = context
        self.layers = layers
        self.heads = heads
        self.embedding = embedding
    }

    /// Weights and biases: embeddings V·C + T·C, per block 12C² + 13C (two LayerNorms 4C, attention
    /// 3C² + 3C + C² + C, MLP 8C² + 5C), the final LayerNorm 2C; the head is the token embedding (tied).
    public var parameterCount: Int {
        let c = embedding
        return vocabularySize * c + context * c + layers * (12 * c * c + 13 * c) + 2 * c
    }

    /// Throws with what is wrong when the shape cannot be built or is too big.
    public func validate() throws(LecternError) {
        guard vocabularySize >= 2 else { throw LecternError("the vocabulary has \(vocabularySize) token\(vocabularySize == 1 ? "" : "s"): a language model needs at least 2") }
        guard context >= 1 else { throw LecternError("context must be at least 1 token (got \(context))") }
        guard layers >= 1 else { throw LecternError("layers must be at least 1 (got \(layers))") }
        guard heads >= 1 else { throw LecternError("heads must be at least 1 (got \(heads))") }
        guard embedding >= 1 else { throw LecternError("embd must be at least 1 (got \(embedding))") }
        guard embedding % heads == 0 else {
            throw LecternError("embd \(embedding) is not divisible by heads \(heads): each head takes embd / heads columns (try embd \(Self.nearestMultiple(embedding, of: heads)))")
        }
        let count = Double(vocabularySize) * Double(embedding) + Double(context) * Double(embedding)
            + Double(layers) * (12 * Double(embedding) * Double(embedding) + 13 * Double(embedding)) + 2 * Double(embedding)
        guard count <= Double(Self.maxParameters) else {
            throw LecternError("the model would have \(Self.grouped(Int(count))) parameters, over the cap of \(Self.grouped(Self.maxParameters)): use fewer layers, a smaller embd or a shorter context")
        }
    }

    static func nearestMultiple(_ n: Int, of k: Int) -> Int { max(k, (n + k / 2) / k * k) }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
