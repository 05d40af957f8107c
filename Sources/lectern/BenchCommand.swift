import ArgumentParser
import Dashboard
import LabKit
import Foundation
import MLCore
import LessonKit
import TerminalUI

/// `lectern bench …`: measure the engine and print JSON.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Lectern and print the results as JSON.",
        subcommands: [UI.self, MLP.self, Word2Vec.self, LM.self, Live.self]
    )

    struct UI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ui",
            abstract: "Frame render time: the lesson screen drawn into a buffer and diffed, scrolling one line a frame.",
            discussion: "Takes lectern's --lessons, --lang (default zh) and --lesson (default: the longest lesson).")

        @ParentCommand var root: LecternCommand
        @Option(help: "Screen columns.") var width = 120
        @Option(help: "Screen rows.") var height = 40
        @Option(help: "Frames to time.") var renders = 1000

        func run() throws {
            guard renders > 0, width > 0, height > 0 else { throw ValidationError("sizes and --renders must be positive") }
            let options = root.dashboard
            let lang = options.lang ?? "zh"
            let library = LessonLibrary.load(from: try LessonsCommand.root(options.location.lessonsDir), labs: .standard)
            let lessons = library.lessons(in: lang)
            guard !lessons.isEmpty else { throw LecternError("no lessons in \(lang)") }
            let longest = lessons.max { $0.blocks.count < $1.blocks.count }!
            let id = options.lesson ?? longest.meta.id
            var state = AppState(library: library, language: lang, width: width, height: height, lessonID: id)
            var previous: ScreenBuffer?
            var times: [Double] = []
            times.reserveCapacity(renders)
            var changed = 0
            let clock = ContinuousClock()
            for _ in 0..<renders {
                let start = clock.now
                var buffer = ScreenBuffer(width: width, height: height)
                Screen.render(state, into: &buffer)
                changed += buffer.changes(since: previous).count
                let elapsed = clock.now - start
                times.append(elapsed.inSeconds * 1e3)
                previous = buffer
                _ = state.reduce(.keyPressed(state.scroll >= state.maxScroll ? .home : .down))
            }
            times.sort()
            let relayout = clock.measure {
                _ = state.reduce(.resized(width: width - 1, height: height))
                _ = state.reduce(.resized(width: width, height: height))
            }
            // The loss chart the labs will draw: 2,000 points into 80×20, braille.
            let points: [(x: Double, y: Double)] = (0..<2000).map { i in
                let x = Double(i)
                let y: Double = 2 / (1 + x / 100) + Double(i % 13) * 0.01
                return (x: x, y: y)
            }
            let chart = LineChart(series: [ChartSeries(name: "loss", points: points)])
            var chartBuffer = ScreenBuffer(width: 80, height: 20)
            var chartTimes: [Double] = []
            for _ in 0..<200 {
                let start = clock.now
                chart.render(into: &chartBuffer, area: chartBuffer.area)
                chartTimes.append((clock.now - start).inSeconds * 1e3)
            }
            chartTimes.sort()
            let result: [String: Any] = [
                "chart_2000_points_80x20_median_ms": chartTimes[chartTimes.count / 2],
                "benchmark": "ui", "width": width, "height": height, "renders": renders, "lesson": id, "lang": lang,
                "median_ms": times[times.count / 2], "p95_ms": times[times.count * 95 / 100],
                "max_ms": times.last!, "mean_cells_changed": Double(changed) / Double(renders),
                "relayout_twice_ms": relayout.inSeconds * 1e3,
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct MLP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mlp",
            abstract: "MLP training speed: MNIST, batch 32, one warm-up epoch then timed epochs; the median epoch as JSON.")

        @ParentCommand var root: LecternCommand
        @Option(help: "Timed epochs after the warm-up.") var epochs = 3
        @Option(help: "BLAS threads.") var threads = 1
        @Option(help: "mnist, digits, or a directory of IDX files.") var data = "mnist"
        @Option(help: "Samples per step.") var batchSize = 32
        @Option(help: "First-layer products: auto, dense (BLAS) or sparse (non-zero inputs only).")
        var firstLayer: String = "auto"

        func run() throws {
            guard epochs > 0, batchSize > 0, threads > 0 else { throw ValidationError("--epochs, --batch-size and --threads must be positive") }
            BLAS.threads = threads
            let loadStart = ContinuousClock.now
            let splits = try DataChoice.load(data, location: root.dashboard.location)
            let loadSeconds = (ContinuousClock.now - loadStart).inSeconds
            var config = MLPConfig()
            config.batchSize = batchSize
            config.epochs = epochs + 1
            guard let kernel = FirstLayerKernel(rawValue: firstLayer) else {
                throw ValidationError("--first-layer must be auto, dense or sparse; got '\(firstLayer)'")
            }
            config.firstLayer = kernel
            let trainer = try MLPTrainer(config: config, data: splits)
            var reports: [EpochReport] = []
            let reason = trainer.train(onEpoch: { reports.append($0) })
            guard reason == .finished else { throw LecternError("benchmark run stopped: \(reason)") }
            let timed = reports.dropFirst().map(\.seconds).sorted()
            let median = timed[timed.count / 2]
            let samples = Double(trainer.stepsPerEpoch > 0 ? min(splits.train.count, config.trainSize ?? splits.train.count) : 0)
            print(JSONLine([
                ("benchmark", .string("mlp")), ("data", .string(splits.name)), ("batch_size", .int(batchSize)),
                ("threads", .int(threads)), ("first_layer", .string(trainer.usesSparseInput ? "sparse" : "dense")), ("hidden", .ints(config.hidden)), ("train_samples", .int(Int(samples))),
                ("warmup_epochs", .int(1)), ("timed_epochs", .int(epochs)),
                ("epoch_seconds", .number(median)), ("samples_per_second", .number(samples / median)),
                ("epoch_seconds_all", .numbers(reports.map(\.seconds))),
                ("val_accuracy", reports.last?.validationAccuracy.map { .number($0) } ?? .null),
                ("load_seconds", .number(loadSeconds)),
            ]))
        }
    }

    struct Word2Vec: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "word2vec",
            abstract: "Word2Vec training speed: skip-gram defaults, one epoch on pdmix with 1 and 2 threads, as JSON.",
            discussion: "Speeds are corpus tokens per second (every token of the text, as gensim's raw word counts).")

        @ParentCommand var root: LecternCommand
        @Option(help: ArgumentHelp("Corpus (default: assets/corpus/pdmix.txt.gz).", valueName: "path")) var corpus: String?
        @Option(help: ArgumentHelp("Thread counts to measure, comma-separated.", valueName: "n,n")) var threads = "1,2"
        @Option(help: "Epochs per measurement.") var epochs = 1
        @Flag(help: "CBOW instead of skip-gram.") var cbow = false
        @Flag(help: "Skip-gram with word2vec.c's per-pair negative samples (default: shared across the window).")
        var perPair = false

        func run() throws {
            let counts = threads.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 }
            guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 && $0 <= 64 }), epochs >= 1 else {
                throw ValidationError("--threads wants counts like 1,2 and --epochs must be positive")
            }
            let path = try corpus ?? root.dashboard.location.asset("corpus/pdmix.txt.gz")
            let loadStart = ContinuousClock.now
            let loaded: (vocabulary: Vocabulary, corpus: Corpus)
            do { loaded = try CorpusLoader.load(path: path, minCount: 5) } catch { throw LecternError("\(error)") }
            let loadSeconds = (ContinuousClock.now - loadStart).inSeconds
            var result = JSONLine([
                ("benchmark", .string("word2vec")), ("corpus", .string((path as NSString).lastPathComponent)),
                ("model", .string(cbow ? "cbow" : perPair ? "skip-gram per-pair" : "skip-gram shared negatives")), ("dim", .int(100)), ("window", .int(5)), ("negative", .int(5)),
                ("min_count", .int(5)), ("sample", .number(1e-3)), ("epochs", .int(epochs)),
                ("corpus_tokens", .int(loaded.corpus.rawTokenCount)), ("vocabulary", .int(loaded.vocabulary.count)),
                ("load_seconds", .number(loadSeconds)),
            ])
            for n in counts {
                var config = Word2VecConfig()
                config.threads = n
                config.epochs = epochs
                config.cbow = cbow
                config.sharedNegatives = !perPair
                let trainer = try Word2VecTrainer(vocabulary: loaded.vocabulary, corpus: loaded.corpus, config: config)
                let start = ContinuousClock.now
                _ = trainer.train()
                let seconds = (ContinuousClock.now - start).inSeconds
                result["tokens_per_second_\(n)_thread\(n == 1 ? "" : "s")"] =
                    .number(Double(loaded.corpus.rawTokenCount * epochs) / seconds)
                result["seconds_\(n)_thread\(n == 1 ? "" : "s")"] = .number(seconds)
            }
            print(result)
        }
    }
}
