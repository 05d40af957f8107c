import ArgumentParser
import Foundation
import LabKit
import LessonKit
import MLCore

/// `lectern train …`: the labs' engines, headless, as JSON lines.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a lab's model headless and print JSON lines.",
        subcommands: [TrainMLP.self, TrainGD.self, TrainWord2Vec.self, TrainLM.self]
    )
}

extension LabSchema {
    /// Refuses a command-line value that the lab's schema refuses, as `--key: reason`, so that `train`, lessons
    /// and the dashboard's settings editor accept the same values and say the same thing about the rest. The
    /// option's name is the setting's key. A ValidationError, so the exit code (64) and the usage line are those
    /// of any bad option. nil (the option not given) passes.
    func validateOption(_ key: String, _ value: (some CustomStringConvertible)?) throws {
        guard let value else { return }
        assert(spec(key) != nil, "\(lab): no setting '\(key)' to check --\(key) against")
        if let problem = problem(key, value.description) { throw ValidationError("--\(key): \(problem)") }
    }
}

struct TrainMLP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlp",
        abstract: "Train the MLP (784-64-64-10 by default) and print one JSON object per epoch, then the test result.",
        discussion: "Human-readable progress goes to stderr when it is a terminal.")

    @ParentCommand var root: LecternCommand
    @Option(help: "mnist, digits, or a directory of IDX files.") var data = "mnist"
    @Option(help: "Passes over the training set.") var epochs = 10
    @Option(help: "Learning rate.") var lr: Float?
    @Option(help: "Samples per step.") var batchSize = 32
    @Option(help: ArgumentHelp("Hidden layer sizes, comma-separated (\"\": none).", valueName: "n,n")) var hidden = "64,64"
    @Option(help: "adam or sgd.") var optimizer = "adam"
    @Option(help: "Momentum for sgd (0 = plain SGD).") var momentum: Float = 0
    @Option(help: "Seed for the initial weights and the shuffling.") var seed: UInt64 = 1
    @Option(help: "BLAS threads.") var threads = 1
    @Option(help: ArgumentHelp("Train on only the first N training samples (all: every one).", valueName: "N|all"))
    var trainSize: String?
    @Option(help: "L2 weight decay λ on the weights, 0…1 (0 = off).") var weightDecay: Float = 0
    @Option(help: ArgumentHelp("Stop after N epochs without a better validation loss, keeping the best epoch's weights (off: never).",
                               valueName: "N|off")) var patience: String?
    @Option(help: ArgumentHelp("Write the trained model as JSON.", valueName: "file")) var save: String?
    @Option(help: ArgumentHelp("Move every test image this many pixels right (negative: left, written --test-shift=-1), −3…3, before scoring.",
                               valueName: "n")) var testShift = "0"
    @Option(help: "Push every test pixel by --epsilon before scoring: none, random (random signs) or fgsm (the sign of the loss's gradient).")
    var attack = "none"
    @Option(help: "The attack's ε, 0…1 (pixels run 0–1).") var epsilon: Float = 0.125
    @Option(help: ArgumentHelp("After training, also report membership (how well the losses tell training images from the unused rest) and/or saliency (how much of it falls on blank pixels), comma-separated.",
                               valueName: "membership,saliency")) var report: String?

    /// The options that are MLP lab settings go through the lab's schema (`MLPLab.schema`), so the command line
    /// refuses what lessons and the dashboard refuse, in the same words. The rest are the command line's own:
    /// `--momentum`, `--threads` and `--save` have no setting, and these take more than the setting does:
    /// - `--data` also takes a directory of IDX files (any other value is one; `DataChoice.load` reads it).
    /// - `--hidden ""` is no hidden layer at all (softmax regression), which the lab's `hidden` does not offer.
    func config() throws -> MLPConfig {
        let schema = LabRegistry.schema(.mlp)
        try schema.validateOption("epochs", epochs)
        try schema.validateOption("lr", lr)
        try schema.validateOption("batch-size", batchSize)
        let noHidden = hidden.trimmingSpaces.isEmpty
        if !noHidden { try schema.validateOption("hidden", hidden) }
        try schema.validateOption("optimizer", optimizer)
        try schema.validateOption("seed", seed)
        try schema.validateOption("train-size", trainSize)
        try schema.validateOption("weight-decay", weightDecay)
        try schema.validateOption("patience", patience)
        try schema.validateOption("test-shift", testShift)
        try schema.validateOption("attack", attack)
        try schema.validateOption("epsilon", epsilon)
        for r in reports where !["membership", "saliency"].contains(r) {
            throw ValidationError("--report takes membership and/or saliency; got '\(r)'")
        }

        var c = MLPConfig()
        c.hidden = noHidden ? [] : hidden.split(separator: ",").map { Int($0.trimmingSpaces)! }
        c.epochs = epochs
        c.batchSize = batchSize
        c.seed = seed
        // `all` and `off` (the schema's words) mean no limit, as leaving the option out does.
        c.trainSize = trainSize.flatMap { Int($0.trimmingSpaces) }
        c.weightDecay = weightDecay
        c.patience = patience.flatMap { Int($0.trimmingSpaces) }
        switch optimizer.trimmingSpaces {
        case "sgd": c.optimizer = .sgd(momentum: momentum); c.learningRate = lr ?? 0.01
        default: c.optimizer = .adam; c.learningRate = lr ?? 0.001
        }
        if let problem = c.problem() { throw ValidationError(problem) }
        if threads < 1 || threads > 64 { throw ValidationError("--threads must be 1…64; got \(threads)") }
        return c
    }

    func validate() throws { _ = try config() }

    var reports: [String] { (report ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty } }

    var conditions: TestConditions {
        TestConditions(shift: Int(testShift.trimmingSpaces) ?? 0, attack: TestConditions.Attack(rawValue: attack.trimmingSpaces) ?? .none, epsilon: epsilon, seed: seed)
    }

    func run() throws {
        // Ctrl-C or SIGTERM ends the run cleanly: the last line says "stopped" and --save still happens.
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
        let config = try config()
        BLAS.threads = threads
        let splits = try DataChoice.load(data, location: root.dashboard.location)
        let trainer: MLPTrainer
        do { trainer = try MLPTrainer(config: config, data: splits) } catch { throw LecternError(error.description) }
        let bar = ProgressBar(enabled: isatty(2) == 1)
        let started = ContinuousClock.now
        let reason = trainer.train(
            shouldStop: { signals.arrived(SIGINT, SIGTERM) },
            onProgress: { bar.show($0) },
            onEpoch: { report in
                bar.clear()
                print(JSONLine([
                    ("epoch", .int(report.epoch)), ("loss", .number(report.loss)), ("accuracy", .number(report.accuracy)),
                    ("val_loss", report.validationLoss.map { .number($0) } ?? .null),
                    ("val_accuracy", report.validationAccuracy.map { .number($0) } ?? .null),
                    ("seconds", .number(report.seconds)), ("samples_per_second", .number(report.samplesPerSecond)),
                ]))
                fflush(nil)
            })
        bar.clear()
        var final = JSONLine([("status", .string(reason.name))])
        if case .earlyStopped(let best) = reason { final["best_epoch"] = .int(best) }
        if case .diverged(let why) = reason {
            final["reason"] = .string(why)
            FileHandle.standardError.write(Data("lectern: training diverged: \(why)\n".utf8))
        }
        if case .diverged = reason {
            // A diverged model's predictions say nothing useful: report none rather than noise.
            final["test_loss"] = .null
            final["test_accuracy"] = .null
        } else {
            let conditions = self.conditions
            let scored = conditions.isPlain ? splits.test : conditions.apply(to: splits.test, network: trainer.network)
            let test = trainer.evaluate(scored)
            final["test_loss"] = .number(test.loss)
            final["test_accuracy"] = .number(test.accuracy)
            if !conditions.isPlain {
                final["test_shift"] = .int(conditions.shift)
                final["attack"] = .string(conditions.attack.rawValue)
                final["epsilon"] = .number(Double(conditions.epsilon))
                final["test_accuracy_plain"] = .number(trainer.evaluate(splits.test).accuracy)
            }
            final["confusion_matrix"] = .array(trainer.confusionMatrix(scored).map { .ints($0) })
            if reports.contains("membership") {
                // Members: the images trained on; non-members: the rest of the training pool (the validation set
                // when all of it was used).
                let n = trainer.trainCount
                let others = n < splits.train.count ? splits.train.slice(n..<splits.train.count) : splits.validation
                let m = MLPProbes.membership(trainer.network, members: splits.train.prefix(n), nonMembers: others)
                final["membership"] = .object(JSONLine([
                    ("members", .int(m.members)), ("non_members", .int(m.nonMembers)),
                    ("member_mean_loss", .number(m.memberMeanLoss)), ("non_member_mean_loss", .number(m.nonMemberMeanLoss)),
                    ("member_max_loss", .number(m.memberMaxLoss)), ("threshold", .number(m.threshold)),
                    ("member_share_below", .number(m.memberShareBelow)), ("non_member_share_below", .number(m.nonMemberShareBelow)),
                    ("balanced_accuracy", .number(m.balancedAccuracy)),
                    ("best_balanced_accuracy", .number(m.bestBalancedAccuracy)), ("best_threshold", .number(m.bestThreshold)),
                ]))
            }
            if reports.contains("saliency") {
                // The 12 test digits the MLP lab shows, and the whole test set.
                func fields(_ s: MLPProbes.Saliency) -> JSONLine {
                    JSONLine([("images", .int(s.images)), ("blank_share", .number(s.blankShare)), ("mean_blank_share", .number(s.meanBlankShare)),
                              ("blank_pixels", .number(s.blankPixels)), ("brightest_on_blank", .int(s.brightestOnBlank))])
                }
                final["saliency_strip"] = .object(fields(MLPProbes.saliencyOnBlank(trainer.network, images: MLPJob.strip(of: splits.test))))
                final["saliency_test"] = .object(fields(MLPProbes.saliencyOnBlank(trainer.network, images: splits.test)))
            }
        }
        final["parameters"] = .int(trainer.network.layout.parameterCount)
        final["seconds_total"] = .number((ContinuousClock.now - started).inSeconds)
        if let save, case .diverged = reason {
            throw LecternError("not saving \(save): the model diverged, its weights are not finite numbers")
        } else if let save {
            do { try ModelFile.save(trainer.network, data: splits.name, to: save) } catch {
                throw LecternError("cannot save the model to \(save): \(error)")
            }
            final["saved"] = .string(save)
        }
        print(final)
    }
}

extension StopReason {
    var name: String {
        switch self {
        case .finished: return "finished"
        case .stopped: return "stopped"
        case .diverged: return "diverged"
        case .earlyStopped: return "early_stopped"
        }
    }
}


/// A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal.
final class ProgressBar {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: MLPProgress) {
        guard enabled else { return }
        let fraction = Double(p.step) / Double(max(1, p.stepsPerEpoch))
        let filled = Int(fraction * 24)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 24 - filled)
        let line = String(format: "\repoch %d/%d %@ %3.0f%%  loss %.4f  acc %.4f  %.0fk samples/s ",
                          p.epoch, p.epochs, bar, fraction * 100, p.runningLoss, p.runningAccuracy, p.samplesPerSecond / 1000)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
