import Foundation
import Testing
@testable import MLCore

@Suite struct LMTrainerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Fixture: Decodable {
        struct Config: Decodable { var layers, heads, embd, context, batch, steps: Int; var lr: Double; var seed: UInt64 }
        var config: Config
        var torch: String
        var pytorch_losses: [Double]
        var pytorch_first_gradient_norms: [String: Double]
    }

    /// Replays the run `Tests/Benchmarks/lm_reference.py parity` trained in PyTorch from our initial weights and
    /// our batches (its losses and first gradients are the fixture): the first step's gradient norms agree to
    /// 1e-5, the first 10 losses to 1e-4, all 50 to 1e-3, relative.
    @Test func fiftyStepsAgreeWithPyTorch() throws {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("Tests/MLCoreTests/Fixtures/lm_pytorch_parity.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        let c = fixture.config
        let corpus = try LMCorpus(path: Self.repository.appendingPathComponent("assets/corpus/shakespeare.txt.gz").path, name: "shakespeare")
        var setup = LMSetup()
        setup.layers = c.layers; setup.heads = c.heads; setup.embedding = c.embd; setup.context = c.context
        let spec = setup.tokenizer(for: corpus)
        let batches = try setup.batches(try spec.tokenizer.encode(corpus.text), corpus: "shakespeare")
        let model = try #require(try setup.model(vocabularySize: spec.tokenizer.vocabularySize, seed: c.seed) as? TransformerModel)
        var settings = LMTrainingSettings()
        settings.batch = c.batch; settings.learningRate = c.lr; settings.steps = c.steps; settings.seed = c.seed
        var trainer = LMTrainer(model: model, batches: batches, settings: settings)
        var norms: [String: Double] = [:]
        var losses: [Double] = []
        for step in 0..<c.steps {
            let report = trainer.trainStep(inspect: step > 0 ? nil : { m, _, _ in
                for t in m.layout.tensors {
                    norms[t.name] = m.gradients[t.range].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                }
            })
            #expect(report.divergence == nil)
            losses.append(report.loss)
        }
        #expect(norms.count == fixture.pytorch_first_gradient_norms.count)
        for (name, theirs) in fixture.pytorch_first_gradient_norms {
            let ours = try #require(norms[name], "no tensor \(name)")
            #expect(abs(ours - theirs) <= 1e-5 * theirs, "\(name): ‖∇‖ \(ours) here, \(theirs) in PyTorch")
        }
        for (step, (ours, theirs)) in zip(losses, fixture.pytorch_losses).enumerated() {
            let tolerance = step == 0 ? 1e-5 : step < 10 ? 1e-4 : 1e-3
            #expect(abs(ours - theirs) <= tolerance * theirs, "step \(step + 1): loss \(ours) here, \(theirs) in PyTorch \(fixture.torch)")
        }
        #expect(losses.count == 50 && losses.last! < losses.first! - 0.5)
    }

    static func tinyTrainer(lr: Double, steps: Int = 40) throws -> LMTrainer<TransformerModel> {
        var rng = SplitMix64(seed: 3)
        let tokens = (0..<3000).map { i in Int32(i % 7 == 0 ? rng.below(12) : i % 12) }
        let batches = try LMBatches(tokens: tokens, context: 8)
        let model = try TransformerModel(config: .init(vocabularySize: 12, context: 8, layers: 1, heads: 2, embedding: 16), seed: 1)
        var settings = LMTrainingSettings()
        settings.batch = 4; settings.learningRate = lr; settings.steps = steps
        return LMTrainer(model: model, batches: batches, settings: settings)
    }

    @Test func aSaneRunLearnsAndReportsItsHealth() throws {
        var trainer = try Self.tinyTrainer(lr: 1e-2)
        let before = trainer.validationLoss()
        var last: LMStepReport?
        for _ in 0..<40 { last = trainer.trainStep() }
        let report = try #require(last)
        #expect(report.divergence == nil && trainer.step == 40)
        #expect(trainer.validationLoss() < before - 0.5)
        // One ratio per weight matrix; all finite and in a plausible band around makemore's −3.
        #expect(report.updateRatios.count == trainer.names.count && trainer.names.count == 2 + 4)
        #expect(report.updateRatios.allSatisfy { $0 > -6 && $0 < -0.5 }, "\(report.updateRatios)")
        #expect(report.gradientNorm > 0 && report.gradientNorm.isFinite)
    }

    @Test func aRunThatBlowsUpStopsWithAReason() throws {
        // A rate thousands of times too big (clipping cannot save it): the loss climbs past twice ln V, or overflows.
        var trainer = try Self.tinyTrainer(lr: 50, steps: 200)
        var stop: String?
        for _ in 0..<200 {
            let report = trainer.trainStep()
            if let why = report.divergence { stop = why; break }
        }
        let why = try #require(stop)
        #expect(why.contains("twice the") || why.contains("overflowed"), "\(why)")
        #expect(trainer.model.parameters.allSatisfy { $0.isFinite }, "the last good weights are kept")
    }
}
