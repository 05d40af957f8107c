/// Trains an MLP on a dataset, one batch at a time, so that a UI or a command line can drive it.
///
/// Owned by one job (not thread-safe). The learning rate may be changed between steps.
public final class MLPTrainer {
    public let config: MLPConfig
    public let network: MLPNetwork
    public let data: DataSplits
    public private(set) var epoch = 0
    public private(set) var stepInEpoch = 0
    public private(set) var globalStep = 0
    public let stepsPerEpoch: Int

    private var optimizer: any Optimizer
    /// The first layer reads compressed rows (see `FirstLayerKernel`).
    public let usesSparseInput: Bool
    private var order: [Int32]
    private let sparseInputs: SparseRows?
    private var shuffleRNG: SplitMix64
    private let batchInputs: UnsafeMutablePointer<Float>
    private let batchLabels: UnsafeMutablePointer<Int32>
    /// How many training images the run uses (the first ones: `trainSize`, or all).
    public let trainCount: Int
    private var epochLoss: Double = 0
    private var epochCorrect = 0
    private var epochSeen = 0
    private let clock = ContinuousClock()
    private var trainingTime: Duration = .zero
    private var earlyStopping: EarlyStopping?

    /// How much lower than the best so far a validation loss must be to count as better, relative to the best.
    public static let minimumRelativeImprovement = 1e-4

    public struct ConfigError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(config: MLPConfig, data: DataSplits) throws(ConfigError) {
        if let problem = config.problem() { throw ConfigError(description: problem) }
        guard data.train.count > 0 else { throw ConfigError(description: "the training set is empty") }
        self.config = config
        self.data = data
        trainCount = min(config.trainSize ?? data.train.count, data.train.count)
        let layout = MLPLayout(sizes: [data.train.features] + config.hidden + [data.train.classes])
        network = MLPNetwork(layout: layout, capacity: max(config.batchSize, 256), seed: config.seed)
        switch config.optimizer {
        case .adam: optimizer = Adam(count: layout.parameterCount, learningRate: config.learningRate)
        case .sgd(let mu): optimizer = SGD(count: layout.parameterCount, learningRate: config.learningRate, momentum: mu)
        }
        stepsPerEpoch = (trainCount + config.batchSize - 1) / config.batchSize
        order = (0..<trainCount).map { Int32($0) }
        switch config.firstLayer {
        case .dense: usesSparseInput = false
        case .sparse: usesSparseInput = true
        case .automatic: usesSparseInput = SparseRows.zeroFraction(data.train.inputs, features: data.train.features) >= 0.5
        }
        sparseInputs = usesSparseInput
            ? SparseRows(trainCount == data.train.count ? data.train.inputs : data.train.prefix(trainCount).inputs,
                         features: data.train.features)
            : nil
        shuffleRNG = SplitMix64(seed: config.seed &+ 0x5EED_0F5A)
        if let patience = config.patience, data.validation.count > 0 {
            earlyStopping = EarlyStopping(patience: patience, parameterCount: layout.parameterCount)
        }
        batchInputs = .allocate(capacity: config.batchSize * data.train.features)
        batchLabels = .allocate(capacity: config.batchSize)
        shuffle()
    }

    deinit {
        batchInputs.deallocate()
        batchLabels.deallocate()
    }

    /// The report of the last epoch closed by `finishEpoch()`.
    public private(set) var lastEpochReport: EpochReport?

    public var learningRate: Float {
        get { optimizer.learningRate }
        set { optimizer.learningRate = newValue }
    }

    /// True when every epoch is done or early stopping ended the run.
    public var isFinished: Bool { epoch >= config.epochs || stoppedEarly }

    /// Whether early stopping ended the run (see `MLPConfig.patience`); the network then holds the best epoch's parameters.
    public private(set) var stoppedEarly = false

    /// The epoch (1-based) with the lowest validation loss so far, tracked only when early stopping is on.
    ///
    /// Nil when `patience` is nil, when there is no validation set, or before the first finished epoch.
    public private(set) var bestEpoch: Int?

    /// Trains one batch. Returns its mean data loss (no weight-decay penalty), or nil once `isFinished`.
    /// At the end of an epoch the next call starts the next one (reshuffled).
    @discardableResult
    public func step() -> Double? {
        guard !isFinished else { return nil }
        // A caller stepping by hand past the end of an epoch: close it (validation, reshuffle) first.
        if stepInEpoch == stepsPerEpoch {
            lastEpochReport = finishEpoch()
            if isFinished { return nil }
        }
        if stepInEpoch == 0 { trainingTime = .zero }
        let started = clock.now
        let features = data.train.features
        let start = stepInEpoch * config.batchSize
        let rows = min(config.batchSize, trainCount - start)
        let (loss, correct) = data.train.inputs.withUnsafeBufferPointer { inputs in
            data.train.labels.withUnsafeBufferPointer { labels in
                order.withUnsafeBufferPointer { order in
                    for r in 0..<rows { batchLabels[r] = labels[Int(order[start + r])] }
                    if let sparseInputs {
                        return network.train(.sparse(sparseInputs, index: order.baseAddress! + start), labels: batchLabels, rows: rows)
                    }
                    for r in 0..<rows {
                        let i = Int(order[start + r])
                        (batchInputs + r * features).update(from: inputs.baseAddress! + i * features, count: features)
                    }
                    return network.train(.dense(batchInputs), labels: batchLabels, rows: rows)
                }
            }
        }
        // Coupled L2: the penalty's gradient λ·w joins the data gradient before the optimiser step.
        if config.weightDecay > 0 { network.addWeightDecay(config.weightDecay) }
        optimizer.update(network.parameters, gradients: network.gradients)
        epochLoss += loss
        epochCorrect += correct
        epochSeen += rows
        stepInEpoch += 1
        globalStep += 1
        trainingTime += clock.now - started
        return loss / Double(rows)
    }

    /// Trains until every epoch is done, `shouldStop` says so, the loss diverges, or early stopping ends the run.
    /// `onStep` hears every batch's mean loss and row count, before the divergence check and the epoch's end
    /// (the dashboard's job draws from it; `lectern train` reports through `onProgress` and `onEpoch`).
    public func train(
        shouldStop: () -> Bool = { false },
        onStep: (_ loss: Double, _ rows: Int) -> Void = { _, _ in },
        onProgress: (MLPProgress) -> Void = { _ in },
        onEpoch: (EpochReport) -> Void = { _ in }
    ) -> StopReason {
        while !isFinished {
            if shouldStop() { return .stopped }
            let rows = min(config.batchSize, trainCount - stepInEpoch * config.batchSize)
            guard let loss = step() else { break }
            onStep(loss, rows)
            if let reason = divergence(loss) { return .diverged(reason) }
            if stepInEpoch % config.progressEvery == 0 || stepInEpoch == stepsPerEpoch { onProgress(progress(batchLoss: loss)) }
            if stepInEpoch == stepsPerEpoch { onEpoch(finishEpoch()) }
        }
        if stoppedEarly, let bestEpoch { return .earlyStopped(bestEpoch: bestEpoch) }
        return .finished
    }

    /// Why `loss` means the run has diverged, or nil.
    public func divergence(_ loss: Double) -> String? {
        guard !loss.isFinite || loss > 1e6 else { return nil }
        let what = loss.isNaN ? "became NaN" : loss.isInfinite ? "became infinite" : "exceeded 1e6 (\(loss))"
        return "loss \(what) at epoch \(epoch + 1), step \(stepInEpoch): learning rate \(learningRate) is too large; try \(learningRate / 10) or less"
    }

    public func progress(batchLoss: Double) -> MLPProgress {
        let seconds = max(1e-9, trainingTime.inSeconds)
        return MLPProgress(epoch: epoch + 1, epochs: config.epochs, step: stepInEpoch, stepsPerEpoch: stepsPerEpoch,
                           batchLoss: batchLoss, runningLoss: epochLoss / Double(max(1, epochSeen)),
                           runningAccuracy: Double(epochCorrect) / Double(max(1, epochSeen)),
                           samplesPerSecond: Double(epochSeen) / seconds, learningRate: learningRate)
    }

    /// Closes the epoch: evaluates on the validation set, reshuffles, and reports.
    ///
    /// With early stopping on, it also tracks the best validation loss. Once `patience` epochs in a row have
    /// not improved on it, it copies the best epoch's parameters back into the network and sets `stoppedEarly`
    /// (so `isFinished` becomes true); the optimiser state, `epoch` and the returned report stay those of the
    /// epoch just run. The check runs after every epoch, the last one included.
    public func finishEpoch() -> EpochReport {
        let seconds = trainingTime.inSeconds
        var report = EpochReport(epoch: epoch + 1, loss: epochLoss / Double(max(1, epochSeen)),
                                 accuracy: Double(epochCorrect) / Double(max(1, epochSeen)),
                                 validationLoss: nil, validationAccuracy: nil, seconds: seconds,
                                 samplesPerSecond: Double(epochSeen) / max(1e-9, seconds))
        if data.validation.count > 0 {
            let v = evaluate(data.validation)
            report.validationLoss = v.loss
            report.validationAccuracy = v.accuracy
            if !stoppedEarly,
               let exhausted = earlyStopping?.observe(v.loss, epoch: report.epoch, parameters: network.parameters) {
                bestEpoch = earlyStopping?.bestEpoch
                if exhausted {
                    earlyStopping?.restore(into: network.parameters)
                    stoppedEarly = true
                }
            }
        }
        lastEpochReport = report
        epoch += 1
        stepInEpoch = 0
        epochLoss = 0
        epochCorrect = 0
        epochSeen = 0
        shuffle()
        return report
    }

    private func shuffle() {
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, shuffleRNG.below(i + 1))
        }
    }
}
