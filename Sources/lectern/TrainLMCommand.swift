import ArgumentParser
import Foundation
import MLCore

/// The language-model options `train lm` and `bench lm` share.
struct LMOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A shipped corpus (\(LMCorpus.shipped.joined(separator: ", "))) or a UTF-8 file (.gz or plain).",
                               valueName: "name|file")) var corpus = "shakespeare"
    @Option(help: "bigram, mlp or transformer.") var model = "transformer"
    @Option(help: "char or bpe.") var tokens = "char"
    @Option(help: "BPE vocabulary size, 256…8192.") var vocab = 512
    @Option(help: "Transformer blocks.") var layers = 2
    @Option(help: "Attention heads (embd must divide by it).") var heads = 4
    @Option(help: "Width of the embeddings (the MLP's too).") var embd = 64
    @Option(help: "Tokens per training window (the Transformer's context).") var context = 64
    @Option(help: "Tokens the MLP reads (its n).") var order = 3
    @Option(help: "Windows per step.") var batch = 32
    @Option(help: "Peak learning rate (AdamW; warm-up, then cosine to a tenth).") var lr = 3e-3
    @Option(help: "Training steps.") var steps = 2000
    @Option(help: "Seed for the weights and the batches.") var seed: UInt64 = 1

    func validate() throws {
        guard let m = LMArchitecture(rawValue: model) else { throw ValidationError("--model must be bigram, mlp or transformer; got '\(model)'") }
        guard LMSetup.Tokens(rawValue: tokens) != nil else { throw ValidationError("--tokens must be char or bpe; got '\(tokens)'") }
        guard (256...8192).contains(vocab) else { throw ValidationError("--vocab must be 256…8192; got \(vocab)") }
        for (name, value) in [("layers", layers), ("heads", heads), ("embd", embd), ("context", context), ("order", order),
                              ("batch", batch)] where value < 1 {
            throw ValidationError("--\(name) must be at least 1; got \(value)")
        }
        guard steps >= 0 else { throw ValidationError("--steps must be 0 or more; got \(steps)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive number; got \(lr)") }
        if m == .transformer, embd % heads != 0 {
            throw ValidationError("--embd \(embd) is not divisible by --heads \(heads): each head takes embd / heads columns")
        }
    }

    var setup: LMSetup {
        var s = LMSetup()
        s.architecture = LMArchitecture(rawValue: model)!
        s.tokens = LMSetup.Tokens(rawValue: tokens)!
        s.vocabulary = vocab
        s.layers = layers
        s.heads = heads
        s.embedding = embd
        s.context = context
        s.order = order
        return s
    }

    var training: LMTrainingSettings {
        var t = LMTrainingSettings()
        t.batch = batch
        t.learningRate = lr
        t.steps = steps
        t.seed = seed
        return t
    }

    func loadCorpus(_ root: LecternCommand) throws -> LMCorpus {
        try LMCorpus.named(corpus, asset: root.dashboard.location.asset)
    }

    /// The corpus tokenized, the model built and its trainer: or the first thing that stops it, said plainly.
    func prepare(_ root: LecternCommand) throws -> (LMCorpus, LMTokenizerSpec, [Int32], any LanguageModel, LMBatches) {
        let corpus = try loadCorpus(root)
        let setup = setup
        let spec = setup.tokenizer(for: corpus)
        let ids: [Int32]
        do { ids = try spec.tokenizer.encode(corpus.text) } catch { throw LecternError(error.description) }
        let batches = try setup.batches(ids, corpus: self.corpus)
        let model = try setup.model(vocabularySize: spec.tokenizer.vocabularySize, seed: seed)
        return (corpus, spec, ids, model, batches)
    }
}

/// The largest resident set the process has had, in MiB (Linux's VmHWM; 0 where there is none).
func peakResidentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

struct TrainLM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lm",
        abstract: "Train a language model (bigram, MLP or GPT-style Transformer) on a corpus; JSON lines on stdout.",
        discussion: """
        Every --log-every steps a line with the step, train loss, learning rate, gradient norm and tokens/s; every \
        --eval-every steps the validation loss (mean over fixed windows of the last 10 %); every --sample-every \
        steps a sample from --prompt; then a summary. Ctrl-C stops cleanly and --save still writes the model \
        (safetensors, nanoGPT's tensor names; `lectern sample` reads it).
        """)

    @ParentCommand var root: LecternCommand
    @OptionGroup var options: LMOptions
    @Option(help: "Print a training line every N steps.") var logEvery = 10
    @Option(help: "Validation loss every N steps (0: only at the end).") var evalEvery = 100
    @Option(help: "A sample every N steps (0: none).") var sampleEvery = 0
    @Option(help: "Tokens per sample.") var sampleTokens = 80
    @Option(help: "The samples' prompt (default: a line break).") var prompt = "\n"
    @Option(help: ArgumentHelp("Save the model here (safetensors).", valueName: "file")) var save: String?
    @Option(help: .hidden) var trace: String?

    func validate() throws {
        guard logEvery >= 1, evalEvery >= 0, sampleEvery >= 0, sampleTokens >= 1 else {
            throw ValidationError("--log-every and --sample-tokens must be at least 1, --eval-every and --sample-every 0 or more")
        }
        guard !prompt.isEmpty else { throw ValidationError("--prompt must not be empty") }
    }

    func run() throws {
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
        BLAS.threads = 1
        let (corpus, spec, ids, model, batches) = try options.prepare(root)
        let promptIDs: [Int32]
        do { promptIDs = try spec.tokenizer.encode(prompt) } catch { throw LecternError("--prompt: \(error.description)") }
        print(JSONLine([
            ("corpus", .string(corpus.name)), ("characters", .int(corpus.text.count)), ("tokens", .int(ids.count)),
            ("tokenizer", .string(spec.kind)), ("vocabulary", .int(spec.tokenizer.vocabularySize)),
            ("model", .string(model.architecture.rawValue)), ("parameters", .int(model.parameters.count)),
        ]))
        fflush(nil)
        try train(model, spec: spec, batches: batches, prompt: promptIDs, signals: signals)
    }

    private func train<M: LanguageModel>(_ model: M, spec: LMTokenizerSpec, batches: LMBatches, prompt: [Int32],
                                         signals: SignalWatcher) throws {
        var trainer = LMTrainer(model: model, batches: batches, settings: options.training)
        let tracer = trace.map { _ in LMTrace(model: model, steps: options.steps) }
        let clock = ContinuousClock()
        var trainSeconds = 0.0, lastLoss = Double.nan, recent: [Double] = [], valLoss = Double.nan
        var status = "finished", reason: String?
        let tokensPerStep = options.batch * options.context
        while trainer.step < options.steps {
            if signals.arrived(SIGINT, SIGTERM) { status = "stopped"; break }
            let start = clock.now
            let report = trainer.trainStep(inspect: tracer.map { t in { m, x, y in t.record(m, x, y) } })
            trainSeconds += (clock.now - start).inSeconds
            tracer?.losses.append(Float(report.loss))
            if let why = report.divergence { status = "diverged"; reason = why; break }
            lastLoss = report.loss
            recent.append(report.loss)
            if recent.count > 50 { recent.removeFirst() }
            let s = trainer.step
            var line: JSONLine?
            if s % logEvery == 0 || s == options.steps {
                line = JSONLine([("step", .int(s)), ("loss", .number(report.loss)), ("lr", .number(report.learningRate)),
                                 ("grad_norm", .number(report.gradientNorm)),
                                 ("tokens_per_second", .number(Double(s * tokensPerStep) / max(trainSeconds, 1e-9)))])
            }
            if evalEvery > 0 && s % evalEvery == 0 {
                valLoss = trainer.validationLoss()
                if line == nil { line = JSONLine([("step", .int(s))]) }
                line?["val_loss"] = .number(valLoss)
            }
            if sampleEvery > 0 && s % sampleEvery == 0 {
                let text = spec.tokenizer.decode(trainer.model.sample(prompt: prompt, count: sampleTokens, temperature: 1, seed: UInt64(s)))
                if line == nil { line = JSONLine([("step", .int(s))]) }
                line?["sample"] = .string(text)
            }
            if let line { print(line); fflush(nil) }
        }
        if status != "diverged" && (valLoss.isNaN || evalEvery == 0 || trainer.step % evalEvery != 0) {
            valLoss = trainer.validationLoss()
        }
        var summary = JSONLine([
            ("status", .string(status)), ("steps", .int(trainer.step)), ("parameters", .int(trainer.model.parameters.count)),
            ("train_loss", .number(recent.isEmpty ? lastLoss : recent.reduce(0, +) / Double(recent.count))),
            ("val_loss", .number(valLoss)), ("train_seconds", .number(trainSeconds)),
            ("tokens_per_second", .number(Double(trainer.step * tokensPerStep) / max(trainSeconds, 1e-9))),
            ("peak_memory_mib", .number(peakResidentMiB())),
        ])
        if let reason {
            summary["reason"] = .string(reason)
            FileHandle.standardError.write(Data("lectern: training diverged: \(reason); try a smaller --lr (now \(options.lr))\n".utf8))
        }
        if let save {
            let file = LMModelFile(model: trainer.model, tokenizer: spec, metadata: [
                "corpus": options.corpus, "steps": String(trainer.step), "val_loss": String(valLoss), "seed": String(options.seed),
            ])
            do { try file.write(to: save) } catch { throw LecternError("cannot save the model: \(error)") }
            summary["saved"] = .string(save)
        }
        if let trace, let tracer {
            tracer.check(trainer.model, window: Array(batches.validationWindow(0).inputs))
            do { try tracer.file().write(to: trace) } catch { throw LecternError("cannot write the trace: \(error)") }
        }
        print(summary)
        if status == "diverged" { throw ExitCode(3) }
    }
}

/// What `lm_reference.py` needs to replay a run in PyTorch: the initial weights, every step's batch and loss,
/// and the first step's gradients (before clipping).
final class LMTrace {
    let initial: [SafeTensors.Tensor]
    var gradients: [SafeTensors.Tensor] = []
    var inputs: [Float] = [], targets: [Float] = []
    var losses: [Float] = []
    var checks: [SafeTensors.Tensor] = []
    let steps: Int

    init<M: LanguageModel>(model: M, steps: Int) {
        initial = model.tensors()
        self.steps = steps
    }

    func record<M: LanguageModel>(_ model: M, _ x: [Int32], _ y: [Int32]) {
        if gradients.isEmpty {
            var m = model
            m.parameters = model.gradients
            gradients = m.tensors().map { .init(name: "grad." + $0.name, shape: $0.shape, values: $0.values) }
        }
        inputs += x.map(Float.init)
        targets += y.map(Float.init)
    }

    /// The trained model's logits at every position of `window` (each from the prefix ending there), for the
    /// script to compare with PyTorch's on the saved file.
    func check<M: LanguageModel>(_ model: M, window: [Int32]) {
        var m = model
        let logits = (1...window.count).flatMap { m.nextTokenLogits(Array(window.prefix($0))) }
        checks = [.init(name: "check.inputs", shape: [window.count], values: window.map(Float.init)),
                  .init(name: "check.logits", shape: [window.count, m.vocabularySize], values: logits)]
    }

    func file() -> SafeTensors {
        let n = losses.count
        let width = n == 0 ? 0 : inputs.count / n
        return SafeTensors(tensors: initial + gradients + [
            .init(name: "inputs", shape: [n, width], values: Array(inputs.prefix(n * width))),
            .init(name: "targets", shape: [n, width], values: Array(targets.prefix(n * width))),
            .init(name: "losses", shape: [n], values: losses),
        ] + checks)
    }
}
