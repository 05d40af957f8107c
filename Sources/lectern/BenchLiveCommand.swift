import ArgumentParser
import Dashboard
import LabKit
import Foundation
import LessonKit
import MLCore
import TerminalUI

extension BenchCommand {
    /// `lectern bench live`: the dashboard's cost while a lab trains at full speed.
    struct Live: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "live",
            abstract: "Training throughput with the dashboard drawing vs headless, frame time and key handling time.",
            discussion: """
            Runs the lab's job exactly as the dashboard does (one background queue, snapshots every 50 ms) while \
            this thread plays the dashboard's main loop without a terminal: it polls snapshots, reduces, renders \
            the whole screen and diffs it about 30 times a second, and presses a key (smoothing, log scale, \
            chart mode, lesson scroll) every 50 ms. Then the same training runs headless, as `lectern train` \
            does (for lm: validation every 100 steps, as `lectern train lm`). Reports samples (words, tokens) per second of both, the slowdown, frame render time, and the time \
            from a key to its frame being ready (median and p99).
            """)

        @ParentCommand var root: LecternCommand
        @Option(help: "mlp, word2vec or lm.") var lab = "mlp"
        @Option(help: "MLP data: mnist or digits.") var data = "mnist"
        @Option(help: "Epochs of each run (mlp, word2vec).") var epochs = 3
        @Option(help: "Steps of each run (lm).") var steps = 600
        @Option(help: "Screen columns.") var width = 120
        @Option(help: "Screen rows.") var height = 40
        @Option(help: "Frames per second of the simulated loop.") var fps = 30.0
        @Option(help: "Runs of each kind, alternating headless and dashboard; the medians are reported.") var repeats = 3
        @Flag(help: "Zoom the lab pane to the whole screen (z), as a student watching the lab does.") var zoom = false

        func validate() throws {
            guard ["mlp", "word2vec", "lm"].contains(lab) else { throw ValidationError("--lab must be mlp, word2vec or lm") }
            guard repeats > 0, steps > 0 else { throw ValidationError("--repeats and --steps must be at least 1") }
            guard epochs > 0, width >= 40, height >= 12, fps > 0 else { throw ValidationError("sizes, --epochs and --fps must be positive (screen ≥ 40×12)") }
        }

        func run() throws {
            let location = root.dashboard.location
            let resources = LabResources(locate: { name in
                do { return try location.asset(name) } catch { throw LecternError("\(error)") }
            })
            BLAS.threads = 1
            let which: Lab = lab == "mlp" ? .mlp : lab == "lm" ? .lm : .word2vec
            var settings = LabSettings(lab: which)
            if which == .mlp, let p = settings.set("data", data) { throw LecternError("--data: \(p)") }
            if which == .lm {
                if let p = settings.set("steps", String(steps)) { throw LecternError("--steps: \(p)") }
            } else if let p = settings.set("epochs", String(epochs)) { throw LecternError("--epochs: \(p)") }
            // Load once so neither measurement pays for reading the files.
            switch which {
            case .mlp: _ = try resources.dataset(data)
            case .lm: _ = try resources.tokenized(settings["corpus"], setup: settings.lmSetup)
            default: _ = try resources.corpus(settings["corpus"], minCount: Int(settings["min-count"])!)
            }

            var rates: [Double] = [], headlessRates: [Double] = [], frames: [Double] = [], keys: [Double] = []
            for _ in 0..<repeats {
                headlessRates.append(try headlessRun(which, settings, resources))
                let run = try dashboardRun(which, settings, resources)
                rates.append(run.rate)
                frames += run.frames
                keys += run.keys
            }
            let live = (rate: percentile(rates, 50), frames: frames, keys: keys)
            let headless = percentile(headlessRates, 50)
            let unit = which == .mlp ? "samples" : which == .lm ? "tokens" : "words"
            let result: [String: Any] = [
                "benchmark": "live", "lab": lab, "repeats": repeats,
                "dashboard_runs": rates, "headless_runs": headlessRates, "data": which == .mlp ? data : settings["corpus"], "epochs": epochs, "steps": which == .lm ? steps : 0,
                "width": width, "height": height, "fps": fps, "zoom": zoom,
                "dashboard_\(unit)_per_s": live.rate, "headless_\(unit)_per_s": headless,
                "slowdown_percent": (1 - live.rate / headless) * 100,
                "frames": live.frames.count, "frame_median_ms": percentile(live.frames, 50), "frame_p95_ms": percentile(live.frames, 95),
                "keys": live.keys.count, "key_to_frame_median_ms": percentile(live.keys, 50), "key_to_frame_p99_ms": percentile(live.keys, 99),
                "key_to_frame_max_ms": live.keys.max() ?? 0,
            ]
            let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        }

        /// The dashboard's loop without a terminal, while the lab trains. Returns the job's own rate (items
        /// per second of its run, as the pane shows it), frame times and key-to-frame times in ms.
        func dashboardRun(_ which: Lab, _ settings: LabSettings, _ resources: LabResources) throws -> (rate: Double, frames: [Double], keys: [Double]) {
            let library = LessonLibrary.load(from: try LessonsCommand.root(root.dashboard.location.lessonsDir), labs: .standard)
            var state = AppState(library: library, language: "en", width: width, height: height)
            _ = state.reduce(.labSettingsChosen(settings))
            // The lab's key shows it; full speed, as `lectern train` runs.
            let labKey = Character(String((LabRegistry.labs.firstIndex(of: which) ?? 0) + 1))
            _ = state.reduce(.keyPressed(.char(labKey)))
            if zoom { _ = state.reduce(.keyPressed(.char("z"))) }
            while state.labs[which].speedIndex > 0 { _ = state.reduce(.keyPressed(.char("}"))) }
            var driver = DashboardDriver(state: state, engine: LabEngine(resources: resources))
            // Keys that only change the screen (the language-model lab's own: the odds position and the head).
            var keys: [Key] = [.char(">"), .char("<"), .char("y"), .char("y"), .char("c"), .char("c"), .char("c"), .char("j")]
            if which == .lm { keys += [.char("("), .char(")"), .char("a")] }
            let clock = ContinuousClock()
            let frameInterval = Duration.seconds(1 / fps)
            var frames: [Double] = [], keyTimes: [Double] = []
            var previous: ScreenBuffer?
            var nextKey = clock.now + .milliseconds(50)
            var next: Action? = .keyPressed(.char("s"))
            var k = 0
            var rate = 0.0
            while true {
                let frameStart = clock.now
                var pressed: ContinuousClock.Instant?
                if next == nil, frameStart >= nextKey {
                    pressed = frameStart
                    next = .keyPressed(keys[k % keys.count])
                    k += 1
                    nextKey = frameStart + .milliseconds(50)
                }
                // Drawn every frame, as a terminal beside a live run is: the pass marks it dirty on each snapshot.
                driver.invalidate()
                _ = driver.pass(next) { state in
                    var buffer = ScreenBuffer(width: width, height: height)
                    Screen.render(state, into: &buffer)
                    _ = buffer.changes(since: previous)
                    previous = buffer
                }
                next = nil
                let done = clock.now
                frames.append((done - frameStart).inSeconds * 1e3)
                if let pressed { keyTimes.append((done - pressed).inSeconds * 1e3) }
                if let snap = driver.state.labs[which].snapshot, snap.phase.isOver {
                    if case .failed(let why) = snap.phase { throw LecternError(why) }
                    rate = snap.progress.rate
                    break
                }
                let wait = frameStart + frameInterval - clock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait.inSeconds) }
            }
            driver.engine.shutdown()
            return (rate, frames, keyTimes)
        }

        /// The same training as `lectern train` runs it: no snapshots, no drawing. Items per second of wall time.
        func headlessRun(_ which: Lab, _ settings: LabSettings, _ resources: LabResources) throws -> Double {
            let clock = ContinuousClock()
            switch which {
            case .mlp:
                let data = try resources.dataset(data)
                var config = settings.mlpConfig
                config.progressEvery = 50
                let trainer = try MLPTrainer(config: config, data: data)
                let start = clock.now
                _ = trainer.train()
                let seconds = (clock.now - start).inSeconds
                return Double(trainer.stepsPerEpoch > 0 ? min(config.trainSize ?? data.train.count, data.train.count) * config.epochs : 0) / seconds
            case .lm:
                // As `lectern train lm` runs: validation every 100 steps, no samples.
                let setup = settings.lmSetup
                let (spec, ids, _) = try resources.tokenized(settings["corpus"], setup: setup)
                let batches = try setup.batches(ids, corpus: settings["corpus"])
                let model = try setup.model(vocabularySize: spec.tokenizer.vocabularySize, seed: UInt64(settings["seed"]) ?? 1)
                return try headlessLM(model, batches: batches, settings: settings.lmTraining)
            default:
                let (vocabulary, corpus) = try resources.corpus(settings["corpus"], minCount: Int(settings["min-count"])!)
                var config = settings.word2vecConfig
                config.progressEvery = 50_000
                let trainer = try Word2VecTrainer(vocabulary: vocabulary, corpus: corpus, config: config)
                let start = clock.now
                _ = trainer.train()
                return Double(trainer.totalWords) / (clock.now - start).inSeconds
            }
        }

        private func headlessLM<M: LanguageModel>(_ model: M, batches: LMBatches, settings: LMTrainingSettings) throws -> Double {
            var trainer = LMTrainer(model: model, batches: batches, settings: settings)
            let clock = ContinuousClock()
            let start = clock.now
            while trainer.step < settings.steps {
                let report = trainer.trainStep()
                if let why = report.divergence { throw LecternError("diverged: \(why)") }
                if trainer.step % LMJob.validationEvery == 0 { _ = trainer.validationLoss() }
            }
            return Double(settings.steps * settings.batch * batches.context) / (clock.now - start).inSeconds
        }

        func percentile(_ values: [Double], _ p: Int) -> Double {
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, sorted.count * p / 100)]
        }
    }
}
