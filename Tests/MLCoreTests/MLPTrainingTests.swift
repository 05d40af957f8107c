import Foundation
import Testing
@testable import MLCore

/// The repository's assets folder, found from this file's path.
let repoAssetsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("assets").path

func digits() throws -> DataSplits {
    try DatasetLoader.digitsCSV(repoAssetsDir + "/digits/digits.csv.gz")
}

@Suite struct MLPTrainingTests {
    @Test func digitsReachNinetyPercentInAFewEpochs() throws {
        var config = MLPConfig()
        config.epochs = 15
        config.seed = 3
        let trainer = try MLPTrainer(config: config, data: try digits())
        var reports: [EpochReport] = []
        #expect(trainer.train(onEpoch: { reports.append($0) }) == .finished)
        #expect(reports.count == 15)
        #expect(reports.last!.loss < reports.first!.loss)
        let test = trainer.evaluate(trainer.data.test)
        #expect(test.accuracy >= 0.9, "test accuracy \(test.accuracy)")
        let matrix = trainer.confusionMatrix(trainer.data.test)
        #expect(matrix.flatMap { $0 }.reduce(0, +) == trainer.data.test.count)
        let diagonal = (0..<10).map { matrix[$0][$0] }.reduce(0, +)
        #expect(abs(Double(diagonal) / Double(trainer.data.test.count) - test.accuracy) < 1e-12)
    }

    @Test func sameSeedSameRunBitForBit() throws {
        let data = try digits()
        var config = MLPConfig()
        config.epochs = 2
        let a = try MLPTrainer(config: config, data: data), b = try MLPTrainer(config: config, data: data)
        _ = a.train()
        _ = b.train()
        #expect(a.network.parameterArray() == b.network.parameterArray())
        config.seed = 2
        let c = try MLPTrainer(config: config, data: data)
        _ = c.train()
        #expect(a.network.parameterArray() != c.network.parameterArray())
    }

    @Test func divergenceStopsWithAReason() throws {
        var config = MLPConfig()
        config.optimizer = .sgd(momentum: 0)
        config.learningRate = 1e4
        let trainer = try MLPTrainer(config: config, data: try digits())
        guard case .diverged(let reason) = trainer.train() else {
            Issue.record("expected divergence")
            return
        }
        #expect(reason.contains("learning rate 10000"))
        #expect(trainer.epoch < config.epochs)
    }

    @Test func stopAndLiveLearningRate() throws {
        var config = MLPConfig()
        config.progressEvery = 5
        let trainer = try MLPTrainer(config: config, data: try digits())
        var progress: [MLPProgress] = []
        var calls = 0
        let reason = trainer.train(shouldStop: { calls += 1; return calls > 12 }, onProgress: { progress.append($0) })
        #expect(reason == .stopped)
        #expect(trainer.globalStep == 12)
        #expect(progress.map(\.step) == [5, 10])
        trainer.learningRate = 0.05
        #expect(trainer.learningRate == 0.05)
        _ = trainer.step()
        #expect(trainer.progress(batchLoss: 0).learningRate == 0.05)
    }

    @Test func badSettingsAreRejectedWithAReason() throws {
        let data = try digits()
        for (change, words) in [({ (c: inout MLPConfig) in c.learningRate = -1 }, "learning rate"),
                                ({ $0.batchSize = 0 }, "batch size"), ({ $0.hidden = [64, 0] }, "hidden layer size 0"),
                                ({ $0.epochs = 0 }, "epochs"), ({ $0.hidden = [100_000] }, "out of range")] {
            var config = MLPConfig()
            change(&config)
            #expect(throws: MLPTrainer.ConfigError.self) { try MLPTrainer(config: config, data: data) }
            #expect(config.problem()?.contains(words) == true, "\(words)")
        }
    }

    @Test func trainSizeLimitsTheEpoch() throws {
        var config = MLPConfig()
        config.trainSize = 100
        config.epochs = 1
        let trainer = try MLPTrainer(config: config, data: try digits())
        #expect(trainer.stepsPerEpoch == 4)
    }

    @Test func modelFileRoundTrip() throws {
        var config = MLPConfig()
        config.epochs = 1
        let trainer = try MLPTrainer(config: config, data: try digits())
        _ = trainer.train()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-model-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(trainer.network, data: "digits", to: path)
        let loaded = try ModelFile.load(from: path)
        #expect(loaded.layout == trainer.network.layout)
        #expect(loaded.parameterArray() == trainer.network.parameterArray())
        try "{\"format\":\"lectern-mlp\",\"version\":1,\"data\":\"x\",\"sizes\":[2,2],\"parameters\":[1]}"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { try ModelFile.load(from: path) }
    }
}
