import Foundation
import Testing
@testable import MLCore

/// A small network with non-zero biases and one random batch, all drawn from `seed`.
struct RandomBatch {
    let layout: MLPLayout
    let net: MLPNetwork
    let inputs: [Float]
    let labels: [Int32]
    let rows: Int

    init(sizes: [Int], rows: Int, seed: UInt64, inputRange: ClosedRange<Float> = -1...1) {
        let layout = MLPLayout(sizes: sizes)
        let net = MLPNetwork(layout: layout, capacity: rows, seed: seed)
        var rng = SplitMix64(seed: seed ^ 0xB1A5)
        for layer in layout.layers {
            for o in 0..<layer.fanOut { net.parameters[layer.biases + o] = rng.nextUnitFloat() * 0.2 - 0.1 }
        }
        let low = inputRange.lowerBound, width = inputRange.upperBound - inputRange.lowerBound
        inputs = (0..<(rows * sizes[0])).map { _ in low + rng.nextUnitFloat() * width }
        labels = (0..<rows).map { _ in Int32(rng.below(sizes.last!)) }
        (self.layout, self.net, self.rows) = (layout, net, rows)
    }

    /// Fills the network's gradients with those of the mean data loss on this batch.
    func fillGradients() {
        inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { y in _ = net.train(batch: x.baseAddress!, labels: y.baseAddress!, rows: rows) }
        }
    }

    func gradientArray() -> [Float] { Array(UnsafeBufferPointer(start: net.gradients, count: layout.parameterCount)) }

    /// Whether parameter `i` is a weight (not a bias).
    func isWeight(_ i: Int) -> Bool {
        layout.layers.contains { (($0.weights)..<($0.biases)).contains(i) }
    }
}

@Suite struct RegularisationTests {
    @Test func weightDecayGradientIsTheFiniteDifferenceOfThePenalisedLoss() {
        let lambda: Float = 0.3
        let batch = RandomBatch(sizes: [5, 4, 3, 3], rows: 6, seed: 11)
        batch.fillGradients()
        let dataGradients = batch.gradientArray()
        batch.net.addWeightDecay(lambda)
        let params = batch.net.parameterArray().map(Double.init)
        let x64 = batch.inputs.map(Double.init)
        let weights = (0..<params.count).filter(batch.isWeight)
        func penalisedLoss(_ p: [Double]) -> Double {
            referenceLoss(layout: batch.layout, parameters: p, inputs: x64, labels: batch.labels, rows: batch.rows)
                + Double(lambda) / 2 * weights.map { p[$0] * p[$0] }.reduce(0, +)
        }
        let penalty = Double(lambda) / 2 * weights.map { params[$0] * params[$0] }.reduce(0, +)
        #expect(abs(batch.net.weightPenalty(lambda) - penalty) < 1e-9 * max(1, penalty))
        let h = 1e-6
        for i in 0..<params.count {
            var plus = params, minus = params
            plus[i] += h
            minus[i] -= h
            let numeric = (penalisedLoss(plus) - penalisedLoss(minus)) / (2 * h)
            let analytic = Double(batch.net.gradients[i])
            #expect(abs(analytic - numeric) / max(1e-3, abs(numeric)) < 1e-3, "parameter \(i): \(analytic) vs \(numeric)")
            if batch.isWeight(i) {
                #expect(batch.net.gradients[i] == lambda * batch.net.parameters[i] + dataGradients[i])
            } else {
                #expect(batch.net.gradients[i] == dataGradients[i], "bias \(i) must not feel the penalty")
            }
        }
    }

    @Test func zeroDecayTrainsBitForBitAsPlainAdam() throws {
        // One sample, batch of one: the trainer's batches are known without knowing its shuffle.
        let data = try digits()
        var config = MLPConfig()
        config.hidden = [16, 12]
        config.trainSize = 1
        config.batchSize = 1
        config.epochs = 30
        config.firstLayer = .dense
        #expect(config.weightDecay == 0)
        let trainer = try MLPTrainer(config: config, data: data)
        #expect(trainer.train() == .finished)
        let net = MLPNetwork(layout: trainer.network.layout, capacity: 1, seed: config.seed)
        var adam = Adam(count: net.layout.parameterCount, learningRate: config.learningRate)
        let sample = Array(data.train.inputs[0..<data.train.features]), label = [data.train.labels[0]]
        for _ in 0..<config.epochs {
            sample.withUnsafeBufferPointer { x in
                label.withUnsafeBufferPointer { y in _ = net.train(batch: x.baseAddress!, labels: y.baseAddress!, rows: 1) }
            }
            adam.update(net.parameters, gradients: net.gradients)
        }
        #expect(trainer.network.parameterArray() == net.parameterArray())
        config.weightDecay = 0.01
        let decayed = try MLPTrainer(config: config, data: data)
        _ = decayed.train()
        #expect(decayed.network.parameterArray() != net.parameterArray())
    }

    @Test(arguments: [OptimizerKind.adam, .sgd(momentum: 0.9)])
    func decayShrinksTheWeights(optimizer: OptimizerKind) throws {
        let data = try digits()
        var config = MLPConfig()
        config.hidden = [32]
        config.trainSize = 320
        config.epochs = 3
        config.optimizer = optimizer
        config.learningRate = optimizer == .adam ? 0.003 : 0.02
        let plain = try MLPTrainer(config: config, data: data)
        config.weightDecay = 0.05
        let decayed = try MLPTrainer(config: config, data: data)
        #expect(plain.network.parameterArray() == decayed.network.parameterArray())
        _ = plain.train()
        _ = decayed.train()
        let (with, without) = (decayed.network.weightSquaredNorm(), plain.network.weightSquaredNorm())
        #expect(with < without * 0.95, "Σw² \(with) with decay, \(without) without")
    }

    @Test func reportedLossIsTheDataLossAlone() throws {
        let data = try digits()
        var config = MLPConfig()
        config.trainSize = 16
        config.batchSize = 16
        config.weightDecay = 1
        let trainer = try MLPTrainer(config: config, data: data)
        let before = trainer.evaluate(data.train.prefix(16)).loss
        #expect(trainer.network.weightPenalty(1) > 1, "the penalty would be visible")
        let stepLoss = try #require(trainer.step())
        #expect(abs(stepLoss - before) < 1e-5, "step reported \(stepLoss), data loss \(before)")
        #expect(abs(trainer.finishEpoch().loss - before) < 1e-5)
    }

    @Test func badDecayAndPatienceAreRejected() throws {
        for lambda: Float in [-0.1, 1.5, .nan, .infinity] {
            var config = MLPConfig()
            config.weightDecay = lambda
            #expect(config.problem()?.contains("weight decay") == true, "λ = \(lambda)")
        }
        for lambda: Float in [0, 1e-4, 1] {
            var config = MLPConfig()
            config.weightDecay = lambda
            #expect(config.problem() == nil, "λ = \(lambda)")
        }
        var config = MLPConfig()
        config.patience = 0
        #expect(config.problem()?.contains("patience") == true)
        #expect(throws: MLPTrainer.ConfigError.self) { try MLPTrainer(config: config, data: try digits()) }
        config.patience = 1
        #expect(config.problem() == nil)
    }

    // MARK: - Early stopping

    /// Forty training digits in one batch and a high learning rate: the validation loss bottoms out
    /// after about a dozen epochs and then rises steadily.
    func overfittingConfig(epochs: Int, patience: Int?) -> MLPConfig {
        var config = MLPConfig()
        config.hidden = [64]
        config.trainSize = 40
        config.batchSize = 40
        config.learningRate = 0.03
        config.seed = 4
        config.epochs = epochs
        config.patience = patience
        return config
    }

    @Test func earlyStoppingRestoresExactlyTheBestEpoch() throws {
        let data = try digits()
        let patience = 3
        let config = overfittingConfig(epochs: 100, patience: patience)
        let trainer = try MLPTrainer(config: config, data: data)
        var reports: [EpochReport] = []
        let reason = trainer.train(onEpoch: { reports.append($0) })
        let best = try #require(trainer.bestEpoch)
        #expect(reason == .earlyStopped(bestEpoch: best))
        #expect(trainer.stoppedEarly && trainer.isFinished && trainer.step() == nil)
        #expect(best > 1 && trainer.epoch == best + patience && reports.count == best + patience)
        // The best epoch's loss is the lowest, and none of the `patience` epochs after it beat it by the margin.
        let losses = reports.map { $0.validationLoss! }
        let threshold = losses[best - 1] * (1 - MLPTrainer.minimumRelativeImprovement)
        #expect(losses.min() == losses[best - 1])
        #expect(losses[best...].allSatisfy { $0 >= threshold })
        #expect(trainer.evaluate(data.validation).loss == losses[best - 1])
        // A run of exactly `best` epochs from the same seed ends with the very same parameters.
        var exact = config
        exact.epochs = best
        exact.patience = nil
        let reference = try MLPTrainer(config: exact, data: data)
        #expect(reference.train() == .finished)
        #expect(reference.network.parameterArray() == trainer.network.parameterArray())
    }

    @Test func handDrivenStepsStopEarlyToo() throws {
        let data = try digits()
        let config = overfittingConfig(epochs: 100, patience: 3)
        let driven = try MLPTrainer(config: config, data: data)
        _ = driven.train()
        // As the dashboard job drives it: step, and close each epoch by hand.
        let byHand = try MLPTrainer(config: config, data: data)
        while !byHand.isFinished {
            guard byHand.step() != nil else { break }
            if byHand.stepInEpoch == byHand.stepsPerEpoch { _ = byHand.finishEpoch() }
        }
        // Stepping only, letting `step()` close the epochs.
        let stepOnly = try MLPTrainer(config: config, data: data)
        var steps = 0
        while stepOnly.step() != nil { steps += 1 }
        for trainer in [byHand, stepOnly] {
            #expect(trainer.stoppedEarly && trainer.bestEpoch == driven.bestEpoch && trainer.epoch == driven.epoch)
            #expect(trainer.network.parameterArray() == driven.network.parameterArray())
        }
        #expect(steps == driven.epoch * driven.stepsPerEpoch)
    }

    @Test func withoutPatienceTheRunNeverStopsEarly() throws {
        let data = try digits()
        let trainer = try MLPTrainer(config: overfittingConfig(epochs: 30, patience: nil), data: data)
        var losses: [Double] = []
        #expect(trainer.train(onEpoch: { losses.append($0.validationLoss!) }) == .finished)
        #expect(trainer.epoch == 30 && !trainer.stoppedEarly && trainer.bestEpoch == nil)
        // The same curve would have stopped a run with patience 3: it rose for more than 3 epochs in a row.
        let lowest = losses.firstIndex(of: losses.min()!)!
        #expect(lowest + 3 < losses.count - 1)
    }

    @Test func patienceIsIgnoredWithoutAValidationSet() throws {
        var data = try digits()
        data.validation = data.validation.prefix(0)
        let trainer = try MLPTrainer(config: overfittingConfig(epochs: 20, patience: 1), data: data)
        #expect(trainer.train() == .finished)
        #expect(trainer.epoch == 20 && !trainer.stoppedEarly && trainer.bestEpoch == nil)
    }
}
