/// The settings of one MLP training run. Defaults are the seed article's Keras model.
public struct MLPConfig: Sendable, Equatable {
    public var hidden: [Int] = [64, 64]
    public var batchSize = 32
    public var epochs = 10
    public var learningRate: Float = 0.001
    public var optimizer: OptimizerKind = .adam
    public var seed: UInt64 = 1
    /// Report progress at most every this many steps.
    public var progressEvery = 50
    /// Train on only the first this many training samples (nil: all of them).
    public var trainSize: Int?
    /// How the first layer multiplies: skipping zero inputs pays when most inputs are zero.
    public var firstLayer: FirstLayerKernel = .automatic
    /// L2 weight decay λ (0…1; 0 = off): the training loss gains (λ/2)·Σw² over the weights, not the biases.
    ///
    /// This is classic ("coupled") L2 regularisation: λ·w is added to each weight's gradient before the
    /// optimiser sees it, so with Adam it is rescaled like the data gradient, unlike the decoupled decay of AdamW.
    /// The reported losses (`MLPProgress`, `EpochReport`) are the data loss alone, without the penalty, so
    /// that runs with and without decay compare directly. λ = 0 costs nothing: no pass over the weights.
    public var weightDecay: Float = 0
    /// Early stopping: end the run once the validation loss has not improved for this many epochs (nil: off).
    ///
    /// An epoch improves when its validation loss is lower than the best so far by more than
    /// `MLPTrainer.minimumRelativeImprovement` of it. On stopping, the trainer restores the parameters of the
    /// best epoch. Ignored when the data has no validation set.
    public var patience: Int?

    public init() {}

    public static let maxUnits = 4096
    public static let maxBatch = 8192

    /// Why these settings cannot run, in one sentence, or nil when they can.
    public func problem() -> String? {
        if let bad = hidden.first(where: { $0 < 1 || $0 > Self.maxUnits }) {
            return "hidden layer size \(bad) is out of range (1…\(Self.maxUnits))"
        }
        if hidden.count > 8 { return "at most 8 hidden layers, got \(hidden.count)" }
        if batchSize < 1 || batchSize > Self.maxBatch { return "batch size must be 1…\(Self.maxBatch), got \(batchSize)" }
        if epochs < 1 || epochs > 10_000 { return "epochs must be 1…10000, got \(epochs)" }
        if !learningRate.isFinite || learningRate <= 0 { return "learning rate must be a positive number, got \(learningRate)" }
        if case .sgd(let mu) = optimizer, !(0..<1).contains(mu) { return "momentum must be in [0, 1), got \(mu)" }
        if progressEvery < 1 { return "progress interval must be at least 1 step" }
        if let n = trainSize, n < 1 { return "train size must be at least 1, got \(n)" }
        if !weightDecay.isFinite || !(0...1).contains(weightDecay) { return "weight decay must be in [0, 1], got \(weightDecay)" }
        if let p = patience, p < 1 { return "patience must be at least 1 epoch, got \(p)" }
        return nil
    }
}

/// How the first layer's products are computed. Both give the same result up to rounding order.
public enum FirstLayerKernel: String, Sendable, Equatable, CaseIterable {
    /// Sparse when at least half of the training inputs are zero, dense otherwise.
    case automatic = "auto"
    /// BLAS on the whole batch.
    case dense
    /// Over the non-zero inputs only.
    case sparse
}

/// Progress inside an epoch, reported at most every `progressEvery` steps.
public struct MLPProgress: Sendable, Equatable {
    public var epoch: Int
    public var epochs: Int
    public var step: Int
    public var stepsPerEpoch: Int
    /// Data loss of the last batch (no weight-decay penalty).
    public var batchLoss: Double
    /// Mean loss and accuracy over the epoch so far.
    public var runningLoss: Double
    public var runningAccuracy: Double
    public var samplesPerSecond: Double
    public var learningRate: Float
}

/// What one finished epoch looked like.
///
/// `loss` and `validationLoss` are cross-entropy alone: the weight-decay penalty (see `MLPConfig.weightDecay`)
/// is never included, so reports of runs with and without decay are comparable.
public struct EpochReport: Sendable, Equatable {
    public var epoch: Int
    /// Mean data loss over the epoch's batches (no weight-decay penalty).
    public var loss: Double
    public var accuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    /// Seconds spent training (validation excluded).
    public var seconds: Double
    public var samplesPerSecond: Double
}

/// Why a run ended.
public enum StopReason: Sendable, Equatable {
    case finished
    case stopped
    case diverged(String)
    /// The validation loss stopped improving (`MLPConfig.patience`); the parameters are those of `bestEpoch` (1-based).
    case earlyStopped(bestEpoch: Int)
}
