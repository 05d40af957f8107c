import LessonKit
import MLCore

/// Trains the MLP lab's model on the training queue, one batch per step, publishing snapshots.
public enum MLPJob {

    static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        var snapshot = LabSnapshot(lab: .mlp, phase: .loading(settings["data"]), detail: MLPDetail())
        context.publish(snapshot, force: true)
        let data: DataSplits
        let trainer: MLPTrainer
        do {
            data = try resources.dataset(settings["data"])
            trainer = try MLPTrainer(config: settings.mlpConfig, data: data)
        } catch {
            snapshot.phase = .failed("\(error)")
            context.publish(snapshot, force: true)
            return
        }
        var detail = MLPDetail()
        detail.dataName = data.name
        detail.trainCount = min(settings.mlpConfig.trainSize ?? data.train.count, data.train.count)
        detail.batchSize = trainer.config.batchSize
        // The strip shows the test images as they are scored: shifted when `test-shift` says so.
        let conditions = settings.mlpTestConditions
        let stripData = strip(of: data.test.shiftedRight(by: conditions.shift))
        detail.digits = DigitStrip(stripData)
        detail.testConditions = conditions
        snapshot.phase = .running
        snapshot.progress.epochs = trainer.config.epochs
        snapshot.progress.totalSteps = trainer.config.epochs * trainer.stepsPerEpoch
        snapshot.progress.rateUnit = "samples/s"
        snapshot.progress.learningRate = Double(trainer.learningRate)
        var samples = 0
        // The epoch the largest gradient norms so far belong to.
        var normsEpoch = -1
        // The rate counts training from its first step, not the loading and set-up before it.
        var trainingStarted = context.activeElapsed
        let evaluator = TestSetEvaluator(layout: trainer.network.layout, test: data.test, conditions: conditions)

        func takeTestResults() {
            for r in evaluator.take() {
                detail.testAccuracy.append(r.accuracy)
                detail.confusion = r.confusion
            }
        }

        func refresh() {
            snapshot.progress.epoch = min(trainer.epoch + 1, trainer.config.epochs)
            snapshot.progress.step = trainer.globalStep
            snapshot.progress.elapsed = context.activeElapsed.inSeconds
            snapshot.progress.rate = Double(samples) / max(1e-9, (context.activeElapsed - trainingStarted).inSeconds)
            snapshot.progress.learningRate = Double(trainer.learningRate)
            snapshot.detail = detail
        }

        refresh()
        context.publish(snapshot, force: true)
        trainingStarted = context.activeElapsed
        // MLPTrainer.train's own loop; the job adds the controls before each batch and the snapshots after.
        let reason = trainer.train(
            shouldStop: {
                guard context.beforeStep() else { return true }
                if let lr = context.takeLiveChanges()["lr"].flatMap(Float.init) { trainer.learningRate = lr }
                return false
            },
            onStep: { loss, rows in
                samples += rows
                // Every few batches: a burst of exploding gradients lasts longer than that, and reading the 55 k
                // gradients every batch cost the MNIST lab about a tenth of its speed.
                if trainer.globalStep % gradientNormEvery == 0 {
                    let norms = trainer.network.weightGradientNorms()
                    if normsEpoch != trainer.epoch || detail.gradientNormsMax.count != norms.count {
                        detail.gradientNormsMax = norms
                        normsEpoch = trainer.epoch
                    }
                    detail.gradientNorms = norms
                    detail.gradientNormsMax = zip(detail.gradientNormsMax, norms).map { max($0, $1.isFinite ? $1 : .infinity) }
                }
                snapshot.curve.append(loss)
                // The epoch's last batch is published with the epoch's report; a diverged one with its reason.
                guard trainer.stepInEpoch < trainer.stepsPerEpoch, trainer.divergence(loss) == nil else { return }
                if detail.digits.predictions.isEmpty || context.isPublishDue {
                    takeTestResults()
                    detail.digits.predictions = trainer.predict(stripData).map { Int($0) }
                }
                refresh()
                context.publish(snapshot, force: context.willWait)
            },
            onEpoch: { report in
                if let v = report.validationLoss { snapshot.curve.validation.append(.init(x: Double(trainer.globalStep), y: v)) }
                if let a = report.validationAccuracy { detail.validationAccuracy.append(a) }
                evaluator.submit(trainer.network.parameterArray(), epoch: report.epoch)
                explain(trainer.network, stripData, into: &detail)
                detail.digits.predictions = trainer.predict(stripData).map { Int($0) }
                refresh()
                context.publish(snapshot, force: true)
            })
        switch reason {
        case .stopped: snapshot.phase = .stopped
        case .diverged(let why):
            snapshot.phase = .diverged(why)
            snapshot.divergedAt = Double(trainer.globalStep - 1)
        case .finished, .earlyStopped: break
        }
        if trainer.isFinished { snapshot.phase = .finished }
        if trainer.stoppedEarly { detail.bestEpoch = trainer.bestEpoch }
        explain(trainer.network, stripData, into: &detail)
        detail.digits.predictions = trainer.predict(stripData).map { Int($0) }
        refresh()
        evaluator.finish()
        takeTestResults()
        snapshot.detail = detail
        snapshot.progress.elapsed = context.activeElapsed.inSeconds
        context.publish(snapshot, force: true)
    }

    /// The per-layer gradient norms are read every this many batches.
    static let gradientNormEvery = 4

    /// Hidden units whose weights are drawn.
    static let weightUnits = 8

    /// Saliency maps of the strip images and the first units' weight images, for the explain view.
    static func explain(_ network: MLPNetwork, _ strip: Dataset, into d: inout MLPDetail) {
        d.saliency = (0..<strip.count).map { i in
            let x = strip.sample(i)
            let g = network.inputGradient(x, classIndex: network.predictedClass(x)).map { abs($0) }
            let top = g.max() ?? 0
            return top > 0 ? g.map { $0 / top } : g
        }
        let w = network.firstLayerWeights()
        d.weightImages = (0..<min(weightUnits, w.units)).map { u in
            let column = (0..<w.inputs).map { w.values[$0 * w.units + u] }
            let scale = max(column.map { abs($0) }.max() ?? 0, 1e-12)
            return column.map { 0.5 + 0.5 * $0 / scale }
        }
    }

    /// A few test images to show: the first of each class, then the next ones, in test-set order.
    public static func strip(of test: Dataset) -> Dataset {
        var picked: [Int] = []
        var seen = Set<Int32>()
        for i in 0..<test.count where picked.count < MLPLab.stripCount {
            if seen.insert(test.labels[i]).inserted || seen.count == test.classes { picked.append(i) }
        }
        var inputs: [Float] = []
        for i in picked { inputs += test.sample(i) }
        return Dataset(features: test.features, classes: test.classes, inputs: inputs,
                       labels: picked.map { test.labels[$0] }, imageRows: test.imageRows, imageCols: test.imageCols)
    }
}

extension DigitStrip {
    init(_ data: Dataset) {
        rows = data.imageRows
        cols = data.imageCols
        images = (0..<data.count).map { data.sample($0) }
        labels = data.labels.map { Int($0) }
        predictions = []
    }
}
