extension MLPTrainer {
    /// Mean loss and accuracy of the current model on `dataset`.
    public func evaluate(_ dataset: Dataset) -> (loss: Double, accuracy: Double) { network.evaluate(dataset) }

    /// The predicted class of every sample.
    public func predict(_ dataset: Dataset) -> [Int32] { network.predict(dataset) }

    /// counts[true label][predicted label].
    public func confusionMatrix(_ dataset: Dataset) -> [[Int]] { network.confusionMatrix(dataset) }
}

extension MLPNetwork {
    /// Mean loss and accuracy of the network on `dataset`.
    public func evaluate(_ dataset: Dataset) -> (loss: Double, accuracy: Double) {
        var loss: Double = 0
        var correct = 0
        forEachChunk(of: dataset) { logits, labels, rows in
            var c = 0
            loss += Kernels.softmaxCrossEntropy(logits, labels: labels, rows: rows, cols: dataset.classes, correct: &c)
            correct += c
        }
        let n = Double(max(1, dataset.count))
        return (loss / n, Double(correct) / n)
    }

    /// The predicted class of every sample.
    public func predict(_ dataset: Dataset) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(dataset.count)
        forEachChunk(of: dataset) { logits, _, rows in
            for r in 0..<rows {
                let row = logits + r * dataset.classes
                var best = 0
                for c in 1..<dataset.classes where row[c] > row[best] { best = c }
                out.append(Int32(best))
            }
        }
        return out
    }

    /// counts[true label][predicted label].
    public func confusionMatrix(_ dataset: Dataset) -> [[Int]] {
        var m = Array(repeating: Array(repeating: 0, count: dataset.classes), count: dataset.classes)
        for (label, predicted) in zip(dataset.labels, predict(dataset)) { m[Int(label)][Int(predicted)] += 1 }
        return m
    }

    /// Runs the forward pass over the dataset in chunks the network's buffers hold.
    private func forEachChunk(of dataset: Dataset,
                              _ body: (UnsafeMutablePointer<Float>, UnsafePointer<Int32>, Int) -> Void) {
        let chunk = capacity
        dataset.inputs.withUnsafeBufferPointer { inputs in
            dataset.labels.withUnsafeBufferPointer { labels in
                var start = 0
                while start < dataset.count {
                    let rows = min(chunk, dataset.count - start)
                    let logits = forward(inputs.baseAddress! + start * dataset.features, rows: rows)
                    body(logits, labels.baseAddress! + start, rows)
                    start += rows
                }
            }
        }
    }
}
