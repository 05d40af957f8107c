import Foundation

/// The tokenizer a model was trained with, as a model file keeps it.
public enum LMTokenizerSpec: Sendable, Equatable {
    case characters(CharTokenizer)
    case bpe(BPETokenizer)

    public var tokenizer: any LMTokenizer {
        switch self {
        case .characters(let t): t
        case .bpe(let t): t
        }
    }

    /// The bytes a token stands for (a BPE piece may be part of a character).
    public func bytes(of id: Int32) -> [UInt8] {
        switch self {
        case .characters(let t): Array(t.decode([id]).utf8)
        case .bpe(let t): t.pieces[Int(id)]
        }
    }

    public var kind: String {
        switch self {
        case .characters: "char"
        case .bpe: "bpe"
        }
    }
}

/// A trained language model with its tokenizer: what `lectern train lm --save` writes and `lectern sample` reads.
///
/// The file is safetensors. A Transformer's tensors carry nanoGPT's names and PyTorch's shapes (the head is
/// tied to `transformer.wte.weight`, so there is no `lm_head.weight`); the metadata holds `format`
/// (`lectern-lm/1`), `architecture`, `config` (JSON, nanoGPT's keys: vocab_size, block_size, n_layer, n_head,
/// n_embd, or the MLP's order/n_embd/hidden), `tokenizer` (`char` or `bpe`) and `vocabulary` (the characters, a
/// JSON array of strings) or `merges` (a JSON array of [left, right] id pairs), plus what the trainer adds.
public struct LMModelFile: Sendable {
    public static let format = "lectern-lm/1"

    public var model: any LanguageModel
    public var tokenizer: LMTokenizerSpec
    public var metadata: [String: String]

    public init(model: any LanguageModel, tokenizer: LMTokenizerSpec, metadata: [String: String] = [:]) {
        self.model = model
        self.tokenizer = tokenizer
        self.metadata = metadata
    }

    static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    public var safeTensors: SafeTensors {
        var m = metadata
        m["format"] = Self.format
        m["architecture"] = model.architecture.rawValue
        switch model {
        case let t as TransformerModel:
            let c = t.config
            m["config"] = Self.json(["vocab_size": c.vocabularySize, "block_size": c.context, "n_layer": c.layers,
                                     "n_head": c.heads, "n_embd": c.embedding, "bias": true, "gelu": "tanh", "tied_head": true])
        case let n as NGramMLPModel:
            m["config"] = Self.json(["vocab_size": n.vocabularySize, "order": n.order, "n_embd": n.embedding, "hidden": n.hidden])
        default:
            m["config"] = Self.json(["vocab_size": model.vocabularySize])
        }
        m["tokenizer"] = tokenizer.kind
        switch tokenizer {
        case .characters(let t): m["vocabulary"] = Self.json(t.characters.map(String.init))
        case .bpe(let t): m["merges"] = Self.json(t.merges.map { [Int($0.left), Int($0.right)] })
        }
        return SafeTensors(tensors: model.tensors(), metadata: m)
    }

    public func write(to path: String) throws(DataError) { try safeTensors.write(to: path) }

    /// Reads a model file; says what is wrong with a truncated, foreign or inconsistent one.
    public init(contentsOf path: String) throws(DataError) {
        let file = try SafeTensors(contentsOf: path)
        try self.init(file, path: path)
    }

    public init(_ file: SafeTensors, path: String) throws(DataError) {
        func fail(_ message: String) -> DataError { DataError(path: path, message: message) }
        let m = file.metadata
        guard m["format"] == Self.format else {
            throw fail(m["format"].map { "a model file of format '\($0)'; Lectern reads \(Self.format)" }
                       ?? "a safetensors file, but not a Lectern language model (its metadata has no format \(Self.format))")
        }
        guard let name = m["architecture"], let architecture = LMArchitecture(rawValue: name) else {
            throw fail("unknown architecture '\(m["architecture"] ?? "")' (bigram, mlp or transformer)")
        }
        guard let text = m["config"], let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let config = object as? [String: Any] else { throw fail("the config metadata is not a JSON object") }
        func int(_ key: String) throws(DataError) -> Int {
            guard let v = config[key] as? Int, v >= 1 else { throw fail("the config has no positive '\(key)'") }
            return v
        }
        // The tokenizer first: the model's vocabulary must be its size.
        let tokenizer: LMTokenizerSpec
        switch m["tokenizer"] {
        case "char":
            guard let list = m["vocabulary"].flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) }) as? [String],
                  list.allSatisfy({ $0.count == 1 }), Set(list).count == list.count else {
                throw fail("the vocabulary metadata is not a JSON array of distinct single characters")
            }
            tokenizer = .characters(CharTokenizer(characters: list.map { $0.first! }))
        case "bpe":
            guard let list = m["merges"].flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) }) as? [[Int]],
                  list.enumerated().allSatisfy({ k, p in p.count == 2 && p.allSatisfy { $0 >= 0 && $0 < 256 + k } }) else {
                throw fail("the merges metadata is not a JSON array of [left, right] pairs of earlier tokens")
            }
            tokenizer = .bpe(BPETokenizer(merges: list.map { .init(Int32($0[0]), Int32($0[1])) }))
        default:
            throw fail("unknown tokenizer '\(m["tokenizer"] ?? "")' (char or bpe)")
        }
        let v = try int("vocab_size")
        guard v == tokenizer.tokenizer.vocabularySize else {
            throw fail("the model has \(v) tokens but its \(tokenizer.kind) tokenizer \(tokenizer.tokenizer.vocabularySize)")
        }
        func values(_ name: String, _ shape: [Int]) throws(DataError) -> [Float] {
            guard let t = file[name] else { throw fail("no tensor '\(name)'") }
            guard t.shape == shape else { throw fail("tensor '\(name)' has shape \(t.shape), the config needs \(shape)") }
            return t.values
        }
        switch architecture {
        case .bigram:
            var model = BigramModel(vocabularySize: v, seed: 0)
            model.parameters = try values("bigram.weight", [v, v])
            self.model = model
        case .mlp:
            var model = NGramMLPModel(vocabularySize: v, order: try int("order"), embedding: try int("n_embd"),
                                      hidden: try int("hidden"), seed: 0)
            var p: [Float] = []
            for t in model.tensorShapes { p += try values(t.name, t.shape) }
            model.parameters = p
            self.model = model
        case .transformer:
            let config = TransformerConfig(vocabularySize: v, context: try int("block_size"), layers: try int("n_layer"),
                                           heads: try int("n_head"), embedding: try int("n_embd"))
            do { try config.validate() } catch { throw fail(error.description) }
            var p: [Float] = []
            for t in TransformerLayout(config).tensors { p += try values(t.name, t.shape) }
            self.model = TransformerModel(config: config, parameters: p)!
        }
        self.tokenizer = tokenizer
        metadata = m.filter { !["format", "architecture", "config", "tokenizer", "vocabulary", "merges"].contains($0.key) }
    }
}
