import LessonKit
import MLCore

/// Trains the Word2Vec lab's vectors on one worker, a few thousand words per step, and refreshes the
/// watched words' neighbours about once a second.
enum Word2VecJob {
    /// Words trained between two looks at the controls: one "step" of this lab.
    static let wordsPerStep = 2_000
    static let refreshInterval: Duration = .seconds(1)
    static let neighbourCount = 5

    /// The job's state, touched only on the training queue (the trainer calls back on it with 1 thread).
    final class State: @unchecked Sendable {
        var snapshot: LabSnapshot
        var detail = Word2VecDetail()
        var lastRefresh: ContinuousClock.Instant?
        /// When training proper began (after loading and set-up), for the rate.
        var trainingStarted: Duration = .zero
        /// The words whose neighbours are reported; the UI may change them during a run.
        var watch: [String] = []
        init(_ snapshot: LabSnapshot) { self.snapshot = snapshot }
    }

    static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        let state = State(LabSnapshot(lab: .word2vec, phase: .loading(settings["corpus"]), detail: Word2VecDetail()))
        state.watch = settings.watchWords
        context.publish(state.snapshot, force: true)
        let trainer: Word2VecTrainer
        do {
            let (vocabulary, corpus) = try resources.corpus(settings["corpus"], minCount: Int(settings["min-count"]) ?? 5)
            trainer = try Word2VecTrainer(vocabulary: vocabulary, corpus: corpus, config: settings.word2vecConfig)
        } catch {
            state.snapshot.phase = .failed("\(error)")
            context.publish(state.snapshot, force: true)
            return
        }
        state.detail.corpusName = settings["corpus"]
        state.detail.vocabularySize = trainer.vocabulary.count
        state.detail.corpusTokens = trainer.corpus.tokens.count
        state.snapshot.phase = .running
        state.snapshot.progress.epochs = trainer.config.epochs
        state.snapshot.progress.totalSteps = (trainer.totalWords + wordsPerStep - 1) / wordsPerStep
        state.snapshot.progress.rateUnit = "words/s"
        state.snapshot.progress.learningRate = trainer.currentAlpha
        refreshNeighbours(state, trainer: trainer, watch: state.watch)
        publish(state, trainer: trainer, context: context, force: true)
        // A run started paused waits here, before its first words.
        guard context.beforeStep() else {
            state.snapshot.phase = .stopped
            publish(state, trainer: trainer, context: context, force: true)
            return
        }

        state.trainingStarted = context.activeElapsed
        let reason = trainer.train(onProgress: { p in
            state.snapshot.curve.append(p.loss)
            state.snapshot.progress.epoch = p.epoch
            state.snapshot.progress.step = p.words / wordsPerStep
            if !p.loss.isFinite || p.loss > 1e6 {
                state.snapshot.phase = .diverged("the loss became \(p.loss.isFinite ? "huge" : "NaN"): alpha \(trainer.startAlpha) is too large; try \(trainer.startAlpha / 10)")
                state.snapshot.divergedAt = Double(state.snapshot.curve.steps - 1)
                trainer.stop()
                return
            }
            let now = ContinuousClock.now
            let slow = context.speed != nil
            // Slowed down, the neighbours follow more closely (every step up to 4 a second); at full speed once a second.
            let interval: Duration = slow ? .milliseconds(250) : refreshInterval
            if state.lastRefresh.map({ now - $0 >= interval }) ?? true {
                refreshNeighbours(state, trainer: trainer, watch: state.watch)
            }
            publish(state, trainer: trainer, context: context, force: slow || context.willWait)
            if !context.beforeStep() { trainer.stop(); return }
            let live = context.takeLiveChanges()
            if let alpha = live["alpha"].flatMap(Double.init) { trainer.setStartAlpha(alpha) }
            if let words = live["watch"] {
                state.watch = words.split(separator: ",").map(String.init)
                refreshNeighbours(state, trainer: trainer, watch: state.watch)
            }
        })
        switch reason {
        case .finished, .earlyStopped:  // Word2Vec never stops early; the MLP's case only completes the switch.
            state.snapshot.phase = .finished
            state.snapshot.progress.step = state.snapshot.progress.totalSteps
        case .stopped: if case .running = state.snapshot.phase { state.snapshot.phase = .stopped }
        case .diverged(let why): state.snapshot.phase = .diverged(why); state.snapshot.divergedAt = Double(max(0, state.snapshot.curve.steps - 1))
        }
        // Words changed during the last step still reach the final snapshot.
        if let words = context.takeLiveChanges()["watch"] { state.watch = words.split(separator: ",").map(String.init) }
        refreshNeighbours(state, trainer: trainer, watch: state.watch)
        publish(state, trainer: trainer, context: context, force: true)
    }

    static func publish(_ state: State, trainer: Word2VecTrainer, context: RunContext<LabSnapshot>, force: Bool) {
        state.snapshot.progress.elapsed = context.activeElapsed.inSeconds
        let training = (context.activeElapsed - state.trainingStarted).inSeconds
        state.snapshot.progress.rate = Double(state.snapshot.progress.step * wordsPerStep) / max(1e-9, training)
        state.snapshot.progress.learningRate = trainer.currentAlpha
        state.snapshot.detail = state.detail
        context.publish(state.snapshot, force: force)
    }

    static func refreshNeighbours(_ state: State, trainer: Word2VecTrainer, watch: [String]) {
        let index = VectorIndex(trainer.vectors())
        state.detail.index = index
        state.detail.indexVersion += 1
        state.detail.watch = Word2VecLab.neighbours(of: watch, in: index)
        state.lastRefresh = ContinuousClock.now
    }
}
