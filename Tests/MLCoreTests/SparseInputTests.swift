import Testing
@testable import MLCore

@Suite struct SparseInputTests {
    /// Inputs with about 80% zeros, like MNIST.
    func sparseInputs(rows: Int, features: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<(rows * features)).map { _ in rng.below(5) == 0 ? rng.nextUnitFloat() : 0 }
    }

    @Test func compressionKeepsEveryNonZeroInOrder() {
        let x: [Float] = [0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4]
        let rows = SparseRows(x, features: 4)
        #expect(rows.rows == 3 && rows.nonZeros == 4)
        #expect(Array(UnsafeBufferPointer(start: rows.rowStart, count: 4)) == [0, 2, 2, 4])
        #expect(Array(UnsafeBufferPointer(start: rows.columns, count: 4)) == [1, 3, 0, 3])
        #expect(Array(UnsafeBufferPointer(start: rows.values, count: 4)) == [1, 2, 3, 4])
    }

    @Test(arguments: [(9, 64), (20, 70), (5, 3), (33, 130)])
    func sparseAndDenseTrainingStepsAgree(shape: (Int, Int)) {
        let (rows, hidden) = shape
        let features = 50
        let data = sparseInputs(rows: 40, features: features, seed: UInt64(rows))
        let compressed = SparseRows(data, features: features)
        let index: [Int32] = (0..<rows).map { Int32(($0 * 7) % 40) }
        let labels: [Int32] = (0..<rows).map { Int32($0 % 10) }
        let layout = MLPLayout(sizes: [features, hidden, 10])
        let dense = MLPNetwork(layout: layout, capacity: rows, seed: 4)
        let sparse = MLPNetwork(layout: layout, capacity: rows, seed: 4)
        let gathered = index.flatMap { data[(Int($0) * features)..<((Int($0) + 1) * features)] }
        let a = gathered.withUnsafeBufferPointer { dense.train(batch: $0.baseAddress!, labels: labels, rows: rows) }
        let b = index.withUnsafeBufferPointer { sparse.train(.sparse(compressed, index: $0.baseAddress!), labels: labels, rows: rows) }
        #expect(abs(a.loss - b.loss) < 1e-4 * max(1, abs(a.loss)))
        #expect(a.correct == b.correct)
        let ga = UnsafeBufferPointer(start: dense.gradients, count: layout.parameterCount)
        let gb = UnsafeBufferPointer(start: sparse.gradients, count: layout.parameterCount)
        let worst = zip(ga, gb).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5, "largest gradient difference \(worst)")
    }

    @Test func automaticChoiceFollowsTheData() throws {
        let digits = try DatasetLoader.digitsCSV(repoAssetsDir + "/digits/digits.csv.gz")
        var config = MLPConfig()
        config.epochs = 1
        let zeros = SparseRows.zeroFraction(digits.train.inputs, features: digits.train.features)
        #expect(try MLPTrainer(config: config, data: digits).usesSparseInput == (zeros >= 0.5))
        config.firstLayer = .dense
        #expect(try MLPTrainer(config: config, data: digits).usesSparseInput == false)
        config.firstLayer = .sparse
        #expect(try MLPTrainer(config: config, data: digits).usesSparseInput == true)
    }

    @Test func sparseAndDenseRunsReachTheSameAccuracy() throws {
        let digits = try DatasetLoader.digitsCSV(repoAssetsDir + "/digits/digits.csv.gz")
        var config = MLPConfig()
        config.epochs = 3
        var accuracies: [Double] = []
        for kernel in [FirstLayerKernel.dense, .sparse] {
            config.firstLayer = kernel
            let trainer = try MLPTrainer(config: config, data: digits)
            _ = trainer.train()
            accuracies.append(trainer.evaluate(digits.test).accuracy)
        }
        // Same arithmetic in another order: rounding differs, the learning does not.
        #expect(abs(accuracies[0] - accuracies[1]) < 0.03)
    }
}
