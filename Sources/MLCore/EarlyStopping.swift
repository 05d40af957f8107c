/// The bookkeeping of early stopping: the best validation loss so far, its epoch, and its parameters.
struct EarlyStopping {
    let patience: Int
    private(set) var bestLoss = Double.infinity
    /// 1-based, as in `EpochReport.epoch`; nil until a finite validation loss was seen.
    private(set) var bestEpoch: Int?
    private(set) var epochsWithoutImprovement = 0
    /// Allocated once; overwritten in place at every new best.
    private var bestParameters: [Float]

    init(patience: Int, parameterCount: Int) {
        self.patience = patience
        bestParameters = [Float](repeating: 0, count: parameterCount)
    }

    /// Whether `loss` beats the best so far by more than `MLPTrainer.minimumRelativeImprovement` of it.
    func improves(_ loss: Double) -> Bool {
        guard loss.isFinite else { return false }
        return bestEpoch == nil || loss < bestLoss - bestLoss * MLPTrainer.minimumRelativeImprovement
    }

    /// Records one epoch's validation loss (copying `parameters` at a new best).
    /// Returns true when `patience` epochs in a row have not improved on an existing best.
    mutating func observe(_ loss: Double, epoch: Int, parameters: UnsafePointer<Float>) -> Bool {
        if improves(loss) {
            bestLoss = loss
            bestEpoch = epoch
            epochsWithoutImprovement = 0
            bestParameters.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: parameters, count: $0.count) }
            return false
        }
        epochsWithoutImprovement += 1
        return bestEpoch != nil && epochsWithoutImprovement >= patience
    }

    /// Writes the best epoch's parameters back.
    func restore(into parameters: UnsafeMutablePointer<Float>) {
        bestParameters.withUnsafeBufferPointer { parameters.update(from: $0.baseAddress!, count: $0.count) }
    }
}
