import Foundation

/// The three rungs of the ladder, as the trainer, the sampler and the model file see them.
public enum LMArchitecture: String, Sendable, CaseIterable, Codable {
    case bigram, mlp, transformer
}

/// What the trainer, the sampler and the lab need of a language model: a flat parameter buffer with its
/// gradient, AdamW's groups, the loss over windows, and the logits of the next token.
public protocol LanguageModel: Sendable {
    var architecture: LMArchitecture { get }
    var vocabularySize: Int { get }
    /// How many tokens before the next one the model reads (1 for the bigram).
    var contextLength: Int { get }
    var parameters: [Float] { get set }
    var gradients: [Float] { get set }
    var groups: [AdamW.Group] { get }
    /// The weight matrices the health report follows, by name: makemore's update-to-weight ratios.
    var healthGroups: [(name: String, range: Range<Int>)] { get }
    /// The mean next-token loss over windows of `context` tokens; with `backward`, its gradient.
    mutating func loss(inputs: [Int32], targets: [Int32], context: Int, backward: Bool) -> Double
    /// The logits of the token after `context` (non-empty; only its last `contextLength` tokens count).
    mutating func nextTokenLogits(_ context: [Int32]) -> [Float]
    /// The tensors of a model file, named and shaped.
    func tensors() -> [SafeTensors.Tensor]
    /// The logits after each prefix of `context` (row i: the token after context[0...i]).
    mutating func positionLogits(_ context: [Int32]) -> [[Float]]
}

extension LanguageModel {
    public mutating func positionLogits(_ context: [Int32]) -> [[Float]] {
        (1...max(1, context.count)).map { nextTokenLogits(Array(context.prefix($0))) }
    }
}

extension TransformerModel: LanguageModel {
    public var architecture: LMArchitecture { .transformer }
    public var contextLength: Int { config.context }
    public var healthGroups: [(name: String, range: Range<Int>)] {
        // Per kind of matrix, over all blocks: the ranges are contiguous only per block, so one per block.
        layout.tensors.filter(\.decays).map { (name: $0.name, range: $0.range) }
    }
    public func tensors() -> [SafeTensors.Tensor] {
        layout.tensors.map { .init(name: $0.name, shape: $0.shape, values: Array(parameters[$0.range])) }
    }
}

extension BigramModel: LanguageModel {
    public var architecture: LMArchitecture { .bigram }
    public var contextLength: Int { 1 }
    public var healthGroups: [(name: String, range: Range<Int>)] { [(name: "table", range: 0..<parameters.count)] }
    public mutating func loss(inputs: [Int32], targets: [Int32], context: Int, backward: Bool) -> Double {
        loss(inputs: inputs, targets: targets, backward: backward)
    }
    public mutating func nextTokenLogits(_ context: [Int32]) -> [Float] {
        let v = vocabularySize, row = Int(context.last!)
        return Array(parameters[(row * v)..<((row + 1) * v)])
    }
    public func tensors() -> [SafeTensors.Tensor] {
        [.init(name: "bigram.weight", shape: [vocabularySize, vocabularySize], values: parameters)]
    }
}

extension NGramMLPModel: LanguageModel {
    public var architecture: LMArchitecture { .mlp }
    public var contextLength: Int { order }
    var tensorShapes: [(name: String, shape: [Int], offset: Int)] {
        let o = offsets, v = vocabularySize
        return [("mlp.wte.weight", [v + 1, embedding], o.c), ("mlp.hidden.weight", [order * embedding, hidden], o.w1),
                ("mlp.hidden.bias", [hidden], o.b1), ("mlp.head.weight", [hidden, v], o.w2), ("mlp.head.bias", [v], o.b2)]
    }
    public var healthGroups: [(name: String, range: Range<Int>)] {
        [(name: "embedding", range: offsets.c..<offsets.w1), (name: "hidden", range: offsets.w1..<offsets.b1),
         (name: "head", range: offsets.w2..<offsets.b2)]
    }
    public mutating func nextTokenLogits(_ context: [Int32]) -> [Float] {
        // The last position of a window of `order` tokens reads exactly them (padding before a short prompt).
        forwardLast(Array(context.suffix(order)))
    }
    public func tensors() -> [SafeTensors.Tensor] {
        tensorShapes.map { t in
            .init(name: t.name, shape: t.shape, values: Array(parameters[t.offset..<(t.offset + t.shape.reduce(1, *))]))
        }
    }

    /// The logits after `window` (at most `order` tokens; fewer read the padding row first).
    func forwardLast(_ window: [Int32]) -> [Float] {
        let rows = (0..<order).map { k in
            let t = window.count - order + k
            return t >= 0 ? Int(window[t]) : vocabularySize
        }
        var e = [Float](repeating: 0, count: order * embedding), act = [Float](repeating: 0, count: hidden)
        var logits = [Float](repeating: 0, count: vocabularySize)
        forward(rows: rows, e: &e, act: &act, logits: &logits)
        return logits
    }
}
