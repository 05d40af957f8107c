import Foundation

/// How a language model is trained: batch, optimiser (AdamW), schedule (warm-up then cosine) and clipping.
public struct LMTrainingSettings: Sendable, Equatable {
    public var batch = 32
    public var learningRate = 3e-3
    public var steps = 2000
    public var weightDecay: Float = 0.1
    public var beta2: Float = 0.99
    public var clip: Float = 1
    public var seed: UInt64 = 1

    public init() {}

    /// nanoGPT's: a linear warm-up over the first 5 % (at most 100 steps), then a cosine down to a tenth by the end.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: min(100, steps / 20), decaySteps: steps)
    }
}

/// What one step did: the loss before the update, the gradient's norm (before clipping), the rate used, and
/// log₁₀(‖Δw‖/‖w‖) for each of the model's health groups (makemore's ≈ −3 line). `divergence` says why the
/// run must stop, when it must.
public struct LMStepReport: Sendable, Equatable {
    public var step: Int
    public var loss: Double
    public var gradientNorm: Double
    public var learningRate: Double
    public var updateRatios: [Double]
    public var divergence: String?
}

/// Trains one model on one corpus's batches, step by step (the caller owns the loop: the command line prints,
/// the lab streams snapshots). Same seed, same model and data: the same bits, on one thread.
public struct LMTrainer<Model: LanguageModel>: Sendable {
    public var model: Model
    public private(set) var optimizer: AdamW
    public let batches: LMBatches
    public private(set) var settings: LMTrainingSettings
    /// Steps done.
    public private(set) var step = 0
    private var rng: SplitMix64
    private var inputs: [Int32] = [], targets: [Int32] = []
    private var previous: [Float]
    private let health: [(name: String, range: Range<Int>)]

    public init(model: Model, batches: LMBatches, settings: LMTrainingSettings) {
        self.model = model
        self.batches = batches
        self.settings = settings
        optimizer = AdamW(count: model.parameters.count, groups: model.groups, learningRate: Float(settings.learningRate),
                          weightDecay: settings.weightDecay, beta2: settings.beta2)
        // The batches' stream is the seed's, apart from the initial weights' (which the model drew).
        rng = SplitMix64(seed: settings.seed &+ 0x5EED)
        previous = [Float](repeating: 0, count: model.parameters.count)  // reused every step
        health = model.healthGroups
    }

    /// A new peak learning rate from the next step on (the schedule's shape stays).
    public mutating func setPeakLearningRate(_ rate: Double) { settings.learningRate = rate }

    public var names: [String] { health.map(\.name) }

    /// The loss a run is stopped beyond: twice that of guessing uniformly (ln V), far above any start.
    public var divergenceBound: Double { 2 * log(Double(model.vocabularySize)) }

    /// One step: a batch of random windows, forward, backward, clip, AdamW at the schedule's rate.
    /// `inspect` sees the model after the backward pass, before clipping, with the batch (the parity trace).
    public mutating func trainStep(inspect: ((Model, [Int32], [Int32]) -> Void)? = nil) -> LMStepReport {
        let rate = settings.schedule.rate(at: step)
        batches.trainingBatch(settings.batch, rng: &rng, inputs: &inputs, targets: &targets)
        let loss = model.loss(inputs: inputs, targets: targets, context: batches.context, backward: true)
        inspect?(model, inputs, targets)
        let n = model.parameters.count, clip = settings.clip
        let norm = model.gradients.withUnsafeMutableBufferPointer { clipGradientNorm($0.baseAddress!, count: n, maxNorm: clip) }
        var report = LMStepReport(step: step + 1, loss: loss, gradientNorm: Double(norm), learningRate: rate, updateRatios: [])
        if !loss.isFinite || !norm.isFinite {
            report.divergence = loss.isFinite
                ? "the gradient became \(norm) at step \(step + 1): the updates overflowed"
                : "the loss became \(loss) at step \(step + 1): the updates overflowed"
            return report
        }
        if loss > divergenceBound {
            report.divergence = String(format: "the loss rose to %.2f at step %d, past %.2f (twice the %.2f of a uniform guess)", loss, step + 1, divergenceBound, divergenceBound / 2)
            return report
        }
        let count = model.parameters.count
        model.parameters.withUnsafeBufferPointer { p in
            previous.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: p.baseAddress!, count: count) }
        }
        optimizer.learningRate = Float(rate)
        let gradients = model.gradients  // shares the buffer: no copy
        gradients.withUnsafeBufferPointer { g in
            model.parameters.withUnsafeMutableBufferPointer { optimizer.update($0.baseAddress!, gradients: g.baseAddress!) }
        }
        report.updateRatios = model.parameters.withUnsafeBufferPointer { p in
            previous.withUnsafeBufferPointer { q in
                health.map { group in
                    var change: Float = 0, size: Float = 0
                    for i in group.range {
                        let d = p[i] - q[i]
                        change += d * d
                        size += q[i] * q[i]
                    }
                    return size > 0 && change > 0 ? log10(Double(change / size).squareRoot()) : -.infinity
                }
            }
        }
        step += 1
        return report
    }

    /// The mean loss over the fixed validation windows, a batch of them at a time.
    public mutating func validationLoss() -> Double {
        let k = batches.validationStarts.count, context = batches.context
        var total = 0.0, x: [Int32] = [], y: [Int32] = []
        var start = 0
        while start < k {
            let end = min(k, start + settings.batch)
            x.removeAll(keepingCapacity: true)
            y.removeAll(keepingCapacity: true)
            for w in start..<end {
                let window = batches.validationWindow(w)
                x.append(contentsOf: window.inputs)
                y.append(contentsOf: window.targets)
            }
            total += model.loss(inputs: x, targets: y, context: context, backward: false) * Double(end - start)
            start = end
        }
        return total / Double(k)
    }
}
