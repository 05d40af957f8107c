import CKernels
import Dispatch
import Foundation
import Synchronization

/// Trains word vectors with skip-gram or CBOW and negative sampling, on one or more worker threads that
/// share the weights without locks (as word2vec.c and gensim do). Each worker owns a slice of the corpus
/// and its own random state; with one thread a run is repeatable bit for bit.
public final class Word2VecTrainer: @unchecked Sendable {
    public let config: Word2VecConfig
    public let vocabulary: Vocabulary
    public let corpus: Corpus
    public let dimension: Int

    let syn0: UnsafeMutablePointer<Float>
    let syn1neg: UnsafeMutablePointer<Float>
    private let tables: SamplingTables
    private let slices: [Range<Int>]
    /// One per worker, allocated once: its random state and scratch space. Each worker touches only its own.
    private let workers: [WorkerState]
    private let stopRequested = Atomic<Bool>(false)
    private let wordsDone = Atomic<Int>(0)
    /// The bit pattern of the starting alpha in use (the config's, until `setStartAlpha` changes it).
    private let startAlphaBits: Atomic<UInt64>
    private let interval = Mutex(IntervalStats())
    public private(set) var epochsDone = 0

    struct IntervalStats { var loss = 0.0; var samples = 0; var lastReport = 0 }

    public struct ConfigError: Error, CustomStringConvertible { public var description: String }

    public init(vocabulary: Vocabulary, corpus: Corpus, config: Word2VecConfig) throws(ConfigError) {
        if let problem = config.problem() { throw ConfigError(description: problem) }
        guard vocabulary.count > 0, !corpus.tokens.isEmpty else { throw ConfigError(description: "the corpus has no words to train on") }
        self.config = config
        startAlphaBits = Atomic(config.startAlpha.bitPattern)
        self.vocabulary = vocabulary
        self.corpus = corpus
        dimension = config.dimension
        let n = vocabulary.count * dimension
        syn0 = .allocate(capacity: n)
        syn1neg = .allocate(capacity: n)
        syn1neg.initialize(repeating: 0, count: n)
        var rng = SplitMix64(seed: config.seed)
        // word2vec.c's initialisation: uniform in [−0.5, 0.5) / dimension.
        for i in 0..<n { syn0[i] = (rng.nextUnitFloat() - 0.5) / Float(dimension) }
        tables = SamplingTables(vocabulary: vocabulary, sample: config.sample)
        slices = Self.split(corpus, into: config.threads)
        let longest = corpus.longestSentence
        workers = (0..<config.threads).map {
            WorkerState(seed: UInt64($0) &+ config.seed &* 0x9E37_79B9_7F4A_7C15, dimension: config.dimension,
                        longestSentence: longest, window: config.window, negative: config.negative)
        }
    }

    deinit {
        syn0.deallocate()
        syn1neg.deallocate()
    }

    final class WorkerState: @unchecked Sendable {
        var rng: UInt64
        let neu1: UnsafeMutablePointer<Float>
        let neu1e: UnsafeMutablePointer<Float>
        let kept: UnsafeMutablePointer<Int32>
        let scratch: UnsafeMutablePointer<Float>

        init(seed: UInt64, dimension: Int, longestSentence: Int, window: Int, negative: Int) {
            rng = seed
            neu1 = .allocate(capacity: dimension)
            neu1e = .allocate(capacity: dimension)
            kept = .allocate(capacity: max(1, longestSentence))
            let rows = 2 * window + negative + 1
            scratch = .allocate(capacity: rows * (dimension + rows))
        }

        deinit {
            neu1.deallocate()
            neu1e.deallocate()
            kept.deallocate()
            scratch.deallocate()
        }
    }

    /// Asks the workers to stop at their next checkpoint (every few thousand words). Safe from any thread.
    public func stop() { stopRequested.store(true, ordering: .relaxed) }

    public var totalWords: Int { corpus.tokens.count * config.epochs }

    /// Whether a stop was asked for; clears the request so that a later `train()` can go on.
    private func consumeStop() -> Bool {
        stopRequested.exchange(false, ordering: .relaxed)
    }

    /// The learning rate now: linear from alpha to min_alpha over every epoch's words.
    public var currentAlpha: Double { alpha(wordsDone: wordsDone.load(ordering: .relaxed)) }

    /// The starting alpha of the linear schedule; changing it rescales the rest of the run.
    public var startAlpha: Double { Double(bitPattern: startAlphaBits.load(ordering: .relaxed)) }

    /// Sets a new starting alpha, taken up by the workers at their next checkpoint. Safe from any thread.
    /// The schedule stays linear over the whole run: alpha now = new start + (min_alpha − new start) × progress
    /// (min_alpha capped at the new start).
    public func setStartAlpha(_ value: Double) {
        precondition(value > 0 && value.isFinite, "alpha must be positive")
        startAlphaBits.store(value.bitPattern, ordering: .relaxed)
    }

    func alpha(wordsDone: Int) -> Double {
        let start = startAlpha
        return LearningRate.alpha(start: start, end: min(config.minAlpha, start),
                                  progress: Double(wordsDone) / Double(max(1, totalWords)))
    }

    /// Trains every remaining epoch. `onProgress` runs on a worker thread; `onEpoch` on the caller's.
    public func train(
        onProgress: @escaping @Sendable (Word2VecProgress) -> Void = { _ in },
        onEpoch: (Word2VecEpochReport) -> Void = { _ in }
    ) -> StopReason {
        let clock = ContinuousClock()
        let runStart = clock.now
        let startWords = wordsDone.load(ordering: .relaxed)
        while epochsDone < config.epochs {
            if consumeStop() { return .stopped }
            let epochStart = clock.now
            let before = wordsDone.load(ordering: .relaxed)
            var totals = lectern_w2v_counts()
            let perWorker = Mutex([lectern_w2v_counts](repeating: lectern_w2v_counts(), count: config.threads))
            let epoch = epochsDone
            let work: @Sendable (Int) -> Void = { w in
                let c = self.runWorker(w, epoch: epoch, runStart: runStart, startWords: startWords, onProgress: onProgress)
                perWorker.withLock { $0[w] = c }
            }
            if config.threads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: config.threads, execute: work) }
            for c in perWorker.withLock({ $0 }) {
                totals.words += c.words; totals.pairs += c.pairs; totals.loss += c.loss; totals.samples += c.samples
            }
            if consumeStop() { return .stopped }
            if let problem = divergence() { return .diverged(problem) }
            epochsDone += 1
            let seconds = (clock.now - epochStart).inSeconds
            let words = wordsDone.load(ordering: .relaxed) - before
            onEpoch(Word2VecEpochReport(epoch: epochsDone, words: words, seconds: seconds,
                                        wordsPerSecond: Double(words) / max(1e-9, seconds),
                                        alpha: currentAlpha, loss: totals.loss / Double(max(1, totals.samples)),
                                        pairs: Int(totals.pairs)))
        }
        return .finished
    }

    /// One worker's pass over its slice of the corpus for one epoch.
    private func runWorker(_ w: Int, epoch: Int, runStart: ContinuousClock.Instant, startWords: Int,
                           onProgress: @Sendable (Word2VecProgress) -> Void) -> lectern_w2v_counts {
        let dim = dimension
        let state = workers[w]
        let scratch = state.scratch
        let shared = config.sharedNegatives && !config.cbow
        var rng = state.rng
        var total = lectern_w2v_counts()
        var pending = lectern_w2v_counts()
        // Workers look at the clock, the stop flag and the schedule every few thousand words.
        let checkpoint = min(10_000, config.progressEvery)
        var alpha = Float(self.alpha(wordsDone: wordsDone.load(ordering: .relaxed)))
        tables.withModel(syn0: syn0, syn1neg: syn1neg, dimension: dim, config: config,
                         neu1: state.neu1, neu1e: state.neu1e, kept: state.kept) { model in
            corpus.tokens.withUnsafeBufferPointer { tokens in
                corpus.sentenceEnds.withUnsafeBufferPointer { ends in
                    var start = slices[w].lowerBound == 0 ? 0 : ends[slices[w].lowerBound - 1]
                    for s in slices[w] {
                        let end = ends[s]
                        if shared {
                            lectern_w2v_sentence_shared(model, tokens.baseAddress! + start, Int64(end - start), alpha,
                                                        &rng, &pending, scratch)
                        } else {
                            lectern_w2v_sentence(model, tokens.baseAddress! + start, Int64(end - start), alpha, &rng, &pending)
                        }
                        start = end
                        if pending.words >= checkpoint {
                            let done = wordsDone.add(Int(pending.words), ordering: .relaxed).newValue
                            alpha = Float(self.alpha(wordsDone: done))
                            flush(&pending, into: &total, done: done, epoch: epoch, runStart: runStart,
                                  startWords: startWords, onProgress: onProgress)
                            if stopRequested.load(ordering: .relaxed) { break }
                        }
                    }
                    let done = wordsDone.add(Int(pending.words), ordering: .relaxed).newValue
                    flush(&pending, into: &total, done: done, epoch: epoch, runStart: runStart, startWords: startWords,
                          onProgress: onProgress)
                }
            }
        }
        state.rng = rng
        return total
    }

    /// Adds a worker's recent counts to the run's interval and reports progress when one is due.
    private func flush(_ pending: inout lectern_w2v_counts, into total: inout lectern_w2v_counts, done: Int, epoch: Int,
                       runStart: ContinuousClock.Instant, startWords: Int, onProgress: @Sendable (Word2VecProgress) -> Void) {
        total.words += pending.words; total.pairs += pending.pairs; total.loss += pending.loss; total.samples += pending.samples
        let report: Word2VecProgress? = interval.withLock { s in
            s.loss += pending.loss
            s.samples += Int(pending.samples)
            // Report every progressEvery words and at the very end, but never an empty interval.
            guard done > s.lastReport, done - s.lastReport >= config.progressEvery || done >= totalWords else { return nil }
            let loss = s.loss / Double(max(1, s.samples))
            s = IntervalStats(lastReport: done)
            let seconds = (ContinuousClock.now - runStart).inSeconds
            return Word2VecProgress(epoch: epoch + 1, epochs: config.epochs, words: done, totalWords: totalWords,
                                    alpha: alpha(wordsDone: done),
                                    wordsPerSecond: Double(done - startWords) / max(1e-9, seconds), loss: loss)
        }
        pending = lectern_w2v_counts()
        if let report { onProgress(report) }
    }

    /// Why the weights are no longer usable, or nil.
    private func divergence() -> String? {
        let n = vocabulary.count * dimension
        for i in stride(from: 0, to: n, by: max(1, n / 4096)) where !syn0[i].isFinite || abs(syn0[i]) > 1e6 {
            return "word vectors became \(syn0[i].isFinite ? "huge" : "NaN/∞"): alpha \(startAlpha) is too large; try \(startAlpha / 10)"
        }
        return nil
    }

    /// A copy of the current word vectors. With one worker, taken between sentences it is exactly the
    /// model's state; while several workers run, a vector may mix components from before and after an
    /// update (as any lock-free Word2Vec), never a torn float.
    public func vectors() -> WordVectors {
        let n = vocabulary.count * dimension
        return WordVectors(words: vocabulary.words, dimension: dimension,
                           vectors: Array(UnsafeBufferPointer(start: syn0, count: n)))
    }

    /// Contiguous runs of sentences with about the same number of words, one per worker.
    static func split(_ corpus: Corpus, into parts: Int) -> [Range<Int>] {
        let ends = corpus.sentenceEnds
        var out: [Range<Int>] = []
        var first = 0
        for p in 1...parts {
            let target = corpus.tokens.count * p / parts
            var last = first
            while last < ends.count, ends[last] <= target { last += 1 }
            if p == parts { last = ends.count }
            out.append(first..<last)
            first = last
        }
        return out
    }
}

extension Corpus {
    var longestSentence: Int {
        var longest = 0, start = 0
        for end in sentenceEnds { longest = max(longest, end - start); start = end }
        return longest
    }
}
