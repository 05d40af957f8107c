import Foundation

/// Softmax and cross-entropy over rows of logits, fused: the loss of each row's target, and optionally the
/// gradient of the mean loss with respect to the logits, (softmax − one-hot) / rows, in one pass.
public enum SoftmaxCrossEntropy {
    /// The summed loss −Σ log p(target) over `rows` rows of `width` logits. With `gradients`, writes
    /// (p − onehot(target)) · `scale` there (scale 1/rows for the gradient of the mean).
    public static func forward(_ logits: UnsafePointer<Float>, rows: Int, width: Int, targets: UnsafePointer<Int32>,
                               gradients: UnsafeMutablePointer<Float>? = nil, scale: Float = 1) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let row = logits + r * width
            var top = -Float.infinity
            for j in 0..<width { top = max(top, row[j]) }
            var sum: Float = 0
            for j in 0..<width { sum += expf(row[j] - top) }
            let target = Int(targets[r])
            total += Double(logf(sum) - (row[target] - top))
            if let gradients {
                let out = gradients + r * width
                let inverse = 1 / sum
                for j in 0..<width { out[j] = expf(row[j] - top) * inverse * scale }
                out[target] -= scale
            }
        }
        return total
    }

    /// The probabilities of one row of logits at `temperature` (0 means all the weight on the largest).
    public static func probabilities(_ logits: UnsafeBufferPointer<Float>, temperature: Float = 1) -> [Float] {
        guard let top = logits.max() else { return [] }
        if temperature <= 0 {
            let best = logits.firstIndex(of: top)!
            return logits.indices.map { $0 == best ? 1 : 0 }
        }
        var p = logits.map { expf(($0 - top) / temperature) }
        let sum = p.reduce(0, +)
        for i in p.indices { p[i] /= sum }
        return p
    }
}
