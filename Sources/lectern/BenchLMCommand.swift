import ArgumentParser
import Foundation
import MLCore

extension BenchCommand {
    /// `lectern bench lm`: training tokens/s (forward + backward + AdamW, one thread), peak memory, and
    /// sampling tokens/s, for one shape. `Tests/Benchmarks/lm_reference.py` runs it beside PyTorch.
    struct LM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lm",
            abstract: "Language-model training and sampling speed on one thread, as JSON.",
            discussion: "Default: the lab's shape (2 layers, 4 heads, embd 64, context 64, batch 32, Shakespeare characters).")

        @ParentCommand var root: LecternCommand
        @OptionGroup var options: LMOptions
        @Option(help: "Untimed steps first.") var warmup = 5
        @Option(help: "Tokens to sample (timed; 0: none).") var sampleTokens = 400

        func run() throws {
            guard warmup >= 0, sampleTokens >= 0, options.steps >= 1 else {
                throw ValidationError("--steps must be at least 1, --warmup and --sample-tokens 0 or more")
            }
            BLAS.threads = 1
            let (_, spec, _, model, batches) = try options.prepare(root)
            print(try measure(model, spec: spec, batches: batches))
        }

        private func measure<M: LanguageModel>(_ model: M, spec: LMTokenizerSpec, batches: LMBatches) throws -> JSONLine {
            var settings = options.training
            settings.steps = warmup + options.steps
            var trainer = LMTrainer(model: model, batches: batches, settings: settings)
            for _ in 0..<warmup { _ = trainer.trainStep() }
            let clock = ContinuousClock()
            var times: [Double] = []
            var loss = 0.0
            for _ in 0..<options.steps {
                let start = clock.now
                let report = trainer.trainStep()
                times.append((clock.now - start).inSeconds)
                loss = report.loss
                if let why = report.divergence { throw LecternError("diverged: \(why)") }
            }
            let tokens = Double(options.batch * options.context)
            let total = times.reduce(0, +)
            times.sort()
            var result = JSONLine([
                ("benchmark", .string("lm")), ("blas_core", .string(BLAS.core)), ("model", .string(options.model)), ("tokens", .string(options.tokens)),
                ("vocabulary", .int(spec.tokenizer.vocabularySize)), ("layers", .int(options.layers)),
                ("heads", .int(options.heads)), ("embd", .int(options.embd)), ("context", .int(options.context)),
                ("batch", .int(options.batch)), ("parameters", .int(trainer.model.parameters.count)),
                ("steps", .int(options.steps)), ("last_loss", .number(loss)),
                ("tokens_per_second", .number(tokens * Double(options.steps) / total)),
                ("median_step_ms", .number(times[times.count / 2] * 1e3)),
                ("tokens_per_second_median", .number(tokens / times[times.count / 2])),
            ])
            if sampleTokens > 0 {
                // From a full window, so every token is predicted at the whole context.
                var m = trainer.model
                let prompt = Array(batches.tokens.prefix(m.contextLength))
                let start = clock.now
                m.sample(prompt: prompt, count: sampleTokens, temperature: 1, seed: 1)
                result["sample_tokens_per_second"] = .number(Double(sampleTokens) / (clock.now - start).inSeconds)
            }
            result["peak_memory_mib"] = .number(peakResidentMiB())
            return result
        }
    }
}
