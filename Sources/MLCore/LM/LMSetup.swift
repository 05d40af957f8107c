/// Everything that decides which language model trains on what: the tokens, the rung of the ladder and its
/// shape. The command line and the lab build their runs from it, so both refuse the same things in the same
/// words.
public struct LMSetup: Sendable, Equatable {
    public enum Tokens: String, Sendable, CaseIterable { case char, bpe }

    public var architecture: LMArchitecture = .transformer
    public var tokens: Tokens = .char
    /// BPE's vocabulary size.
    public var vocabulary = 512
    public var layers = 2
    public var heads = 4
    public var embedding = 64
    public var context = 64
    /// The MLP's n (tokens read); its hidden layer is 4 × embd wide.
    public var order = 3

    public init() {}

    public func tokenizer(for corpus: LMCorpus) -> LMTokenizerSpec {
        switch tokens {
        case .char: .characters(CharTokenizer(training: corpus.text))
        case .bpe: .bpe(BPETokenizer(training: corpus.bytes, vocabularySize: vocabulary))
        }
    }

    /// A new model for a vocabulary of `v`, or the reason it cannot be built.
    public func model(vocabularySize v: Int, seed: UInt64) throws(LecternError) -> any LanguageModel {
        switch architecture {
        case .bigram:
            guard v >= 2 else { throw LecternError("the vocabulary has \(v) token: a language model needs at least 2") }
            return BigramModel(vocabularySize: v, seed: seed)
        case .mlp:
            guard v >= 2, order >= 1, embedding >= 1 else { throw LecternError("the MLP needs a vocabulary of 2, order ≥ 1 and embd ≥ 1") }
            let count = (v + 1) * embedding + order * embedding * 4 * embedding + 4 * embedding + 4 * embedding * v + v
            guard count <= TransformerConfig.maxParameters else {
                throw LecternError("the model would have \(TransformerConfig.grouped(count)) parameters, over the cap of \(TransformerConfig.grouped(TransformerConfig.maxParameters)): use a smaller embd or order")
            }
            return NGramMLPModel(vocabularySize: v, order: order, embedding: embedding, hidden: 4 * embedding, seed: seed)
        case .transformer:
            let config = TransformerConfig(vocabularySize: v, context: context, layers: layers, heads: heads, embedding: embedding)
            return try TransformerModel(config: config, seed: seed)
        }
    }

    /// The corpus's tokens cut into training and validation windows of `context`, or why it cannot be.
    public func batches(_ ids: [Int32], corpus: String) throws(LecternError) -> LMBatches {
        guard !ids.isEmpty else { throw LecternError("the corpus \(corpus) is empty") }
        do { return try LMBatches(tokens: ids, context: context) } catch {
            throw LecternError("\(corpus): \(error.description); use a shorter --context or a longer text")
        }
    }
}
