import ArgumentParser
import Synchronization
import Foundation
import LabKit
import LessonKit
import MLCore

struct TrainWord2Vec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "word2vec",
        abstract: "Train word vectors (skip-gram or CBOW, negative sampling); JSON lines on stdout.",
        discussion: "Progress ticks and one line per epoch, then a summary. The corpus is UTF-8 text (optionally .gz), one sentence per line.")

    @ParentCommand var root: LecternCommand
    @Option(help: ArgumentHelp("Text corpus (default: assets/corpus/austen.txt.gz).", valueName: "path")) var corpus: String?
    @Option(help: "Vector size.") var dim = 100
    @Option(help: "Largest context half-width.") var window = 5
    @Option(help: "Negative samples per word.") var negative = 5
    @Option(help: "Ignore words seen fewer times.") var minCount = 5
    @Option(help: "Sub-sampling threshold for frequent words (0 turns it off).") var sample = 1e-3
    @Option(help: "Passes over the corpus.") var epochs = 5
    @Option(help: "Starting learning rate (default 0.025 skip-gram, 0.05 CBOW).") var alpha: Double?
    @Option(help: "Final learning rate.") var minAlpha = 0.0001
    @Option(help: "Worker threads sharing the weights.") var threads = 2
    @Flag(help: "CBOW instead of skip-gram.") var cbow = false
    @Flag(help: "Skip-gram with word2vec.c's per-pair negative samples instead of samples shared across the window.")
    var perPair = false
    @Option(help: "Seed for the initial vectors and the sampling.") var seed: UInt64 = 1
    @Option(help: "Keep at most this many words (the most frequent).") var maxVocab: Int?
    @Option(help: ArgumentHelp("Save the vectors (.bin: binary, otherwise text; word2vec/gensim format).", valueName: "file"))
    var save: String?
    @Flag(help: "Evaluate analogy accuracy on assets/eval/questions-words.txt at the end.") var eval = false

    /// The options that are Word2Vec lab settings go through the lab's schema (`Word2VecLab.schema`), so the
    /// command line refuses what lessons and the dashboard refuse, in the same words; the defaults stay the
    /// command line's (word2vec.c's and gensim's). The rest are the command line's own: `--min-alpha`,
    /// `--threads`, `--max-vocab`, `--per-pair`, `--save` and `--eval` have no setting, `--cbow` is a flag with no
    /// value to refuse, and `--corpus` takes any text file (by default the lab's austen corpus from the assets),
    /// not one of the lab's corpus names.
    func config() throws -> Word2VecConfig {
        let schema = LabRegistry.schema(.word2vec)
        try schema.validateOption("dim", dim)
        try schema.validateOption("window", window)
        try schema.validateOption("negative", negative)
        try schema.validateOption("min-count", minCount)
        try schema.validateOption("sample", sample)
        try schema.validateOption("epochs", epochs)
        try schema.validateOption("alpha", alpha)
        try schema.validateOption("seed", seed)

        var c = Word2VecConfig()
        c.dimension = dim; c.window = window; c.negative = negative; c.minCount = minCount; c.sample = sample
        c.epochs = epochs; c.alpha = alpha; c.minAlpha = minAlpha; c.threads = threads; c.cbow = cbow; c.seed = seed
        c.maxVocabulary = maxVocab
        c.sharedNegatives = !perPair
        if let problem = c.problem() { throw ValidationError(problem) }
        return c
    }

    func validate() throws { _ = try config() }

    func run() throws {
        // Ctrl-C or SIGTERM ends the run cleanly: the summary says "stopped" and --save still happens.
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
        let config = try config()
        let path = try corpus ?? root.dashboard.location.asset("corpus/austen.txt.gz")
        let started = ContinuousClock.now
        let loaded: (vocabulary: Vocabulary, corpus: Corpus)
        do { loaded = try CorpusLoader.load(path: path, minCount: config.minCount, maxVocabulary: config.maxVocabulary) } catch {
            throw LecternError("\(error)")
        }
        let loadSeconds = (ContinuousClock.now - started).inSeconds
        let trainer: Word2VecTrainer
        do { trainer = try Word2VecTrainer(vocabulary: loaded.vocabulary, corpus: loaded.corpus, config: config) } catch {
            throw LecternError("\(error)")
        }
        let trainStart = ContinuousClock.now
        let printer = ProgressPrinter()
        if signals.arrived(SIGINT, SIGTERM) { trainer.stop() }
        let reason = trainer.train(
            onProgress: { p in
                if signals.arrived(SIGINT, SIGTERM) { trainer.stop() }
                printer.print(words: p.words, JSONLine([
                    ("progress", .number(Double(p.words) / Double(max(1, p.totalWords)))), ("epoch", .int(p.epoch)),
                    ("words", .int(p.words)), ("alpha", .number(p.alpha)), ("words_per_second", .number(p.wordsPerSecond)),
                    ("loss", .number(p.loss)),
                ]))
            },
            onEpoch: { e in
                print(JSONLine([
                    ("epoch", .int(e.epoch)), ("words", .int(e.words)), ("seconds", .number(e.seconds)),
                    ("words_per_second", .number(e.wordsPerSecond)), ("alpha", .number(e.alpha)), ("loss", .number(e.loss)),
                ]))
                fflush(nil)
            })
        let trainSeconds = (ContinuousClock.now - trainStart).inSeconds
        var final = JSONLine([
            ("status", .string(reason.name)), ("vocabulary", .int(loaded.vocabulary.count)),
            ("corpus_words", .int(loaded.corpus.rawTokenCount)), ("trained_words", .int(loaded.corpus.tokens.count)),
            ("load_seconds", .number(loadSeconds)), ("train_seconds", .number(trainSeconds)),
            ("words_per_second", .number(Double(loaded.corpus.tokens.count * trainer.epochsDone) / max(1e-9, trainSeconds))),
        ])
        if case .diverged(let why) = reason {
            final["reason"] = .string(why)
            FileHandle.standardError.write(Data("lectern: training diverged: \(why)\n".utf8))
        }
        let vectors = trainer.vectors()
        if let save {
            let format: VectorsFile.Format = save.hasSuffix(".bin") ? .binary : .text
            do { try VectorsFile.save(vectors, to: save, format: format) } catch { throw LecternError("cannot save vectors to \(save): \(error)") }
            final["saved"] = .string(save)
        }
        if eval {
            let questions = try root.dashboard.location.asset("eval/questions-words.txt")
            do {
                let report = try AnalogyEvaluation.evaluate(VectorIndex(vectors), questionsPath: questions)
                final["analogy_accuracy"] = .number(report.accuracy)
                final["analogy_correct"] = .int(report.correct)
                final["analogy_covered"] = .int(report.covered)
                final["analogy_total"] = .int(report.total)
            } catch { throw LecternError("\(error)") }
        }
        print(final)
    }
}

/// Prints progress lines from several worker threads one at a time, in order, flushed at once.
final class ProgressPrinter: Sendable {
    private let last = Mutex(-1)

    func print(words: Int, _ line: JSONLine) {
        last.withLock { last in
            guard words > last else { return }
            last = words
            Swift.print(line)
            fflush(nil)
        }
    }
}
