import Foundation
import LessonKit
import MLCore

/// Trains the language-model lab's model on the lab's queue, one batch per step; about once a second it
/// writes a sample line from the prompt and works out the odds and attention for it, there, so the UI never waits.
public enum LMJob {
    static let sampleInterval: Duration = .seconds(1)
    /// Validation loss every this many steps (and at the end).
    public static let validationEvery = 100
    static let sampleTokens = 80
    static let keptSamples = 6
    /// The most context positions the odds and attention are kept for.
    static let shownContext = 48

    static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        var snapshot = LabSnapshot(lab: .lm, phase: .loading(settings["corpus"]), detail: LMDetail())
        context.publish(snapshot, force: true)
        let setup = settings.lmSetup
        let spec: LMTokenizerSpec, ids: [Int32], corpus: LMCorpus, batches: LMBatches, model: any LanguageModel
        do {
            (spec, ids, corpus) = try resources.tokenized(settings["corpus"], setup: setup)
            batches = try setup.batches(ids, corpus: settings["corpus"])
            model = try setup.model(vocabularySize: spec.tokenizer.vocabularySize, seed: UInt64(settings["seed"]) ?? 1)
        } catch {
            snapshot.phase = .failed("\(error)")
            context.publish(snapshot, force: true)
            return
        }
        var detail = LMDetail()
        detail.corpusName = corpus.name
        detail.corpusTokens = ids.count
        detail.modelName = settings["model"]
        detail.parameterCount = model.parameters.count
        detail.tokenizer = spec
        detail.tokenDisplay = (0..<spec.tokenizer.vocabularySize).map { spec.tokenizer.display(Int32($0)) }
        snapshot.detail = detail
        train(model, spec: spec, batches: batches, settings: settings, snapshot: snapshot, context: context)
    }

    /// The job's state between steps.
    struct Sampling {
        var prompt: String
        var temperature: Float
        var topK: Int
    }

    private static func train<M: LanguageModel>(_ model: M, spec: LMTokenizerSpec, batches: LMBatches, settings: LabSettings,
                                                snapshot start: LabSnapshot, context: RunContext<LabSnapshot>) {
        var snapshot = start
        var detail = snapshot.lm!
        var trainer = LMTrainer(model: model, batches: batches, settings: settings.lmTraining)
        var sampling = Sampling(prompt: settings.lmPrompt, temperature: Float(settings.double("temperature") ?? 1),
                                topK: settings.int("top-k") ?? 0)
        let steps = settings.lmTraining.steps
        let tokensPerStep = settings.lmTraining.batch * batches.context
        snapshot.phase = .running
        snapshot.progress.totalSteps = steps
        snapshot.progress.epochs = 1
        snapshot.progress.rateUnit = "tokens/s"
        snapshot.progress.learningRate = settings.lmTraining.learningRate
        var lastSample: ContinuousClock.Instant?
        let names = trainer.names
        // The rate counts training time only, not loading, building the model or the first sample.
        var trainingStarted = context.activeElapsed

        func refreshSample() {
            let step = trainer.step
            do {
                let promptIDs = try spec.tokenizer.encode(sampling.prompt)
                detail.promptProblem = nil
                guard !promptIDs.isEmpty else { return }
                var written: [Int32] = []
                var text = ""
                trainer.model.sample(prompt: promptIDs, count: sampleTokens, temperature: sampling.temperature,
                                     topK: sampling.topK, seed: UInt64(step) &+ 1) { token in
                    written.append(token)
                    text = spec.tokenizer.decode(written)
                    // One line: stop at a line break once the line has a little text.
                    return !(text.count > 8 && text.hasSuffix("\n"))
                }
                let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
                detail.samples.append(LMSampleLine(step: step, text: LMLab.promptSetting(line)))
                if detail.samples.count > keptSamples { detail.samples.removeFirst(detail.samples.count - keptSamples) }
                // The prompt's end and the start of the sample: at most half the shown context for the prompt
                // when the sample is long, so the odds where the sample began are always in it.
                // (The bigram and the MLP read only their last few tokens, so any length of context has odds.)
                let transformer = trainer.model.architecture == .transformer
                let keep = max(1, transformer ? min(shownContext, trainer.model.contextLength) : shownContext)
                let promptTail = Array(promptIDs.suffix(max(keep / 2, keep - written.count)))
                let used = Array((promptTail + written).prefix(keep))
                detail.context = used
                detail.promptLength = min(promptTail.count, used.count)
                detail.logits = trainer.model.positionLogits(used)
                // The same forward pass's weights (a Transformer's positionLogits is one pass over `used`).
                detail.attention = (trainer.model as? TransformerModel)?.lastAttentionWeights
            } catch {
                detail.promptProblem = error.description
            }
            lastSample = ContinuousClock.now
        }

        /// Applies the live settings changed since the last look; true when the sample must be redrawn.
        func takeLiveChanges() -> Bool {
            var resample = false
            for (key, value) in context.takeLiveChanges() {
                switch key {
                case "lr": if let lr = Double(value) { trainer.setPeakLearningRate(lr) }
                case "temperature": sampling.temperature = Float(value) ?? sampling.temperature; resample = true
                case "top-k": sampling.topK = Int(value) ?? sampling.topK; resample = true
                case "prompt": sampling.prompt = LMLab.promptText(value); resample = true
                default: break
                }
            }
            return resample
        }

        func refresh() {
            snapshot.progress.step = trainer.step
            snapshot.progress.epoch = 1
            snapshot.progress.elapsed = context.activeElapsed.inSeconds
            snapshot.progress.rate = Double(trainer.step * tokensPerStep) / max(1e-9, (context.activeElapsed - trainingStarted).inSeconds)
            snapshot.detail = detail
        }

        /// Live settings that arrive while no step runs (paused, or finished): their sample from the model as it
        /// stands. The progress is left alone: the time paused so far is not yet counted out of the elapsed time.
        func showLiveChanges() {
            guard takeLiveChanges() else { return }
            refreshSample()
            snapshot.detail = detail
            context.publish(snapshot, force: true)
        }

        refreshSample()
        refresh()
        context.publish(snapshot, force: true)
        trainingStarted = context.activeElapsed
        var ended = false
        while trainer.step < steps {
            // Paused, a new temperature, top-k or prompt still gets its sample from the model as it stands.
            let going = context.beforeStep(whilePaused: showLiveChanges)
            guard going else { snapshot.phase = .stopped; ended = true; break }
            let resample = takeLiveChanges()
            let report = trainer.trainStep()
            snapshot.curve.append(report.loss)
            snapshot.progress.learningRate = report.learningRate
            detail.gradientNorm = report.gradientNorm
            detail.updateRatios = zip(names, report.updateRatios).map { (name: $0, value: $1) }
            if let why = report.divergence {
                snapshot.phase = .diverged(why)
                snapshot.divergedAt = Double(max(0, snapshot.curve.steps - 1))
                ended = true
                break
            }
            if trainer.step % validationEvery == 0 {
                let v = trainer.validationLoss()
                detail.validationLoss = v
                snapshot.curve.validation.append(.init(x: Double(trainer.step), y: v))
            }
            let due = lastSample.map { ContinuousClock.now - $0 >= sampleInterval } ?? true
            // Slowed to a few steps a second, every step gets its own sample line.
            let paced = context.speed.map { $0 <= 20 } ?? false
            if resample || due || paced { refreshSample() }
            refresh()
            context.publish(snapshot, force: resample || due || paced || context.willWait)
        }
        if !ended { snapshot.phase = .finished }
        if case .diverged = snapshot.phase {} else {
            if trainer.step % validationEvery != 0 || trainer.step == 0 {
                let v = trainer.validationLoss()
                detail.validationLoss = v
                if trainer.step > 0 { snapshot.curve.validation.append(.init(x: Double(trainer.step), y: v)) }
            }
            // Settings changed during the last step still reach the final sample.
            _ = takeLiveChanges()
            refreshSample()
        }
        refresh()
        context.publish(snapshot, force: true)
        // Finished, the trained model still writes for a new prompt, temperature or top-k, until the next run.
        guard case .finished = snapshot.phase else { return }
        context.idleUntilCancelled(onChange: showLiveChanges)
    }
}
