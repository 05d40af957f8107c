import Foundation
import Testing
@testable import MLCore

@Suite struct LMModelFileTests {
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lectern-\(UUID().uuidString)-\(name)").path
    }

    static let text = "to be or not to be, that is the question\n"

    @Test(arguments: LMArchitecture.allCases)
    func aSavedModelLoadsBackWithTheSameLogits(_ architecture: LMArchitecture) throws {
        var setup = LMSetup()
        setup.architecture = architecture
        setup.layers = 2; setup.heads = 2; setup.embedding = 8; setup.context = 6; setup.order = 2
        let tokenizer = LMTokenizerSpec.characters(CharTokenizer(training: Self.text))
        var model = try setup.model(vocabularySize: tokenizer.tokenizer.vocabularySize, seed: 4)
        let path = Self.temporary("m.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LMModelFile(model: model, tokenizer: tokenizer, metadata: ["corpus": "hamlet"]).write(to: path)
        let loaded = try LMModelFile(contentsOf: path)
        var again = loaded.model
        #expect(again.architecture == architecture)
        #expect(again.parameters == model.parameters)
        #expect(loaded.tokenizer == tokenizer)
        #expect(loaded.metadata == ["corpus": "hamlet"])
        let context = try tokenizer.tokenizer.encode("to be or")
        #expect(again.nextTokenLogits(context) == model.nextTokenLogits(context))
    }

    @Test func aTransformerFileHasNanoGPTsNamesAndItsConfig() throws {
        let model = try TransformerModel(config: .init(vocabularySize: 5, context: 4, layers: 1, heads: 1, embedding: 4), seed: 1)
        let bpe = BPETokenizer(training: Array("abababcabc".utf8), vocabularySize: 259)
        let file = LMModelFile(model: model, tokenizer: .bpe(bpe)).safeTensors
        #expect(file.tensors.map(\.name).contains("transformer.h.0.attn.c_attn.weight"))
        #expect(!file.tensors.map(\.name).contains("lm_head.weight"))  // tied to wte
        #expect(file.metadata["format"] == "lectern-lm/1" && file.metadata["tokenizer"] == "bpe")
        #expect(file.metadata["config"] == #"{"bias":true,"block_size":4,"gelu":"tanh","n_embd":4,"n_head":1,"n_layer":1,"tied_head":true,"vocab_size":5}"#)
        #expect(file.metadata["merges"]?.hasPrefix("[[") == true)
    }

    static func refusal(_ file: SafeTensors) -> String {
        do { _ = try LMModelFile(file, path: "m.safetensors"); return "loaded" } catch { return error.description }
    }

    @Test func inconsistentFilesAreRefusedWithWhatIsWrong() throws {
        let model = try TransformerModel(config: .init(vocabularySize: 3, context: 4, layers: 1, heads: 1, embedding: 4), seed: 1)
        let good = LMModelFile(model: model, tokenizer: .characters(CharTokenizer(characters: ["a", "b", "c"]))).safeTensors
        #expect(Self.refusal(good) == "loaded")
        var foreign = good
        foreign.metadata = [:]
        #expect(Self.refusal(foreign) == "m.safetensors: a safetensors file, but not a Lectern language model (its metadata has no format lectern-lm/1)")
        var missing = good
        missing.tensors.removeLast()
        #expect(Self.refusal(missing) == "m.safetensors: no tensor 'transformer.ln_f.bias'")
        var reshaped = good
        reshaped.tensors[1] = .init(name: "transformer.wpe.weight", shape: [2, 8], values: reshaped.tensors[1].values)
        #expect(Self.refusal(reshaped) == "m.safetensors: tensor 'transformer.wpe.weight' has shape [2, 8], the config needs [4, 4]")
        var vocabulary = good
        vocabulary.metadata["vocabulary"] = #"["a","b"]"#
        #expect(Self.refusal(vocabulary) == "m.safetensors: the model has 3 tokens but its char tokenizer 2")
        var heads = good
        heads.metadata["config"] = #"{"block_size":4,"n_embd":4,"n_head":3,"n_layer":1,"vocab_size":3}"#
        #expect(Self.refusal(heads).hasPrefix("m.safetensors: embd 4 is not divisible by heads 3"))
    }
}

@Suite struct LMSamplingTests {
    @Test func temperatureTopKAndTopPShapeTheDistribution() {
        let logits: [Float] = [2, 1, 0, 3, -1]
        let greedy = LMSampling.distribution(logits, temperature: 0)
        #expect(greedy == [0, 0, 0, 1, 0])
        let full = LMSampling.distribution(logits, temperature: 1)
        #expect(abs(full.reduce(0, +) - 1) < 1e-6 && full.allSatisfy { $0 > 0 })
        let two = LMSampling.distribution(logits, temperature: 1, topK: 2)
        #expect(two.enumerated().filter { $0.element > 0 }.map(\.offset) == [0, 3])
        #expect(abs(two[3] / two[0] - exp(1)) < 1e-4)  // the kept ones keep their odds
        // p(3) ≈ 0.64, p(0) ≈ 0.24: top-p 0.5 keeps one token, 0.8 two.
        #expect(LMSampling.distribution(logits, temperature: 1, topP: 0.5) == [0, 0, 0, 1, 0])
        #expect(LMSampling.distribution(logits, temperature: 1, topP: 0.8).filter { $0 > 0 }.count == 2)
        // A high temperature flattens, a low one sharpens.
        #expect(LMSampling.distribution(logits, temperature: 5)[3] < full[3])
        #expect(LMSampling.distribution(logits, temperature: 0.2)[3] > full[3])
    }

    @Test func theSameSeedWritesTheSameTextAndStreamingCanStop() throws {
        var model = try TransformerModel(config: .init(vocabularySize: 9, context: 5, layers: 1, heads: 1, embedding: 4), seed: 2)
        let a = model.sample(prompt: [1, 2], count: 20, temperature: 1, seed: 5)
        let b = model.sample(prompt: [1, 2], count: 20, temperature: 1, seed: 5)
        let c = model.sample(prompt: [1, 2], count: 20, temperature: 1, seed: 6)
        #expect(a == b && a != c && a.count == 20 && a.allSatisfy { $0 >= 0 && $0 < 9 })
        var seen: [Int32] = []
        let stopped = model.sample(prompt: [1], count: 20, temperature: 1, seed: 5) { seen.append($0); return seen.count < 3 }
        #expect(stopped.count == 3 && seen == stopped)
        // Greedy: every token is the argmax of the logits after the text so far.
        let greedy = model.sample(prompt: [3], count: 6, temperature: 0, seed: 1)
        var context: [Int32] = [3]
        for token in greedy {
            let logits = model.nextTokenLogits(context)
            #expect(Int(token) == logits.indices.max { logits[$0] < logits[$1] })
            context.append(token)
        }
    }
}
