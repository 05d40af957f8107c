import Dispatch
import MLCore
import Synchronization

/// Scores a copy of the model on the test set on a queue of its own, so that the training job does not
/// stop for it at the end of every epoch. Results come back through a mutex-guarded slot that the job
/// reads between steps.
final class TestSetEvaluator: @unchecked Sendable {
    struct Result: Sendable {
        var epoch: Int
        var accuracy: Double
        /// counts[true][predicted].
        var confusion: [[Int]]
    }

    private let queue = DispatchQueue(label: "lectern.mlp-test", qos: .utility)
    /// Touched only on `queue`.
    private let network: MLPNetwork
    private let test: Dataset
    /// Shift and attack applied before scoring (an attack is made against each copy of the model anew).
    private let conditions: TestConditions
    private let results = Mutex<[Result]>([])

    init(layout: MLPLayout, test: Dataset, conditions: TestConditions = TestConditions()) {
        network = MLPNetwork(layout: layout, capacity: 256, seed: 0)
        self.test = test
        self.conditions = conditions
    }

    /// Queues the scoring of `weights` (a copy of the model after `epoch`).
    func submit(_ weights: [Float], epoch: Int) {
        queue.async { [self] in
            network.setParameters(weights)
            let test = conditions.isPlain ? self.test : conditions.apply(to: self.test, network: network)
            let predicted = network.predict(test)
            var confusion = Array(repeating: Array(repeating: 0, count: test.classes), count: test.classes)
            for (label, p) in zip(test.labels, predicted) { confusion[Int(label)][Int(p)] += 1 }
            let correct = (0..<test.classes).reduce(0) { $0 + confusion[$1][$1] }
            let result = Result(epoch: epoch, accuracy: Double(correct) / Double(max(1, test.count)), confusion: confusion)
            results.withLock { $0.append(result) }
        }
    }

    /// The results that arrived since the last call, in epoch order.
    func take() -> [Result] {
        results.withLock { r in
            defer { r.removeAll() }
            return r
        }
    }

    /// Waits for every queued scoring (at the end of a run).
    func finish() { queue.sync {} }
}
