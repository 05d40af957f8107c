import CKernels
import Foundation

/// The small loops around the matrix products, on raw pointers so that the hot path neither
/// allocates nor bounds-checks. Each has a plain reference in the tests.
public enum Kernels {
    /// out[r, c] = max(0, out[r, c] + bias[c]) for a rows × cols block (bias add fused with ReLU).
    @inline(__always)
    public static func addBiasReLU(_ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let row = out + r * cols
            for c in 0..<cols {
                let v = row[c] + bias[c]
                row[c] = v > 0 ? v : 0
            }
        }
    }

    /// x = max(0, x) element-wise.
    @inline(__always)
    public static func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = x[i] > 0 ? x[i] : 0 }  // a select, not a branch: it vectorises
    }

    /// out[r, c] += bias[c].
    @inline(__always)
    public static func addBias(_ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let row = out + r * cols
            for c in 0..<cols { row[c] += bias[c] }
        }
    }

    /// grad[i] = 0 where the ReLU output was 0 (its input was ≤ 0): the ReLU backward pass.
    @inline(__always)
    public static func reluBackward(_ grad: UnsafeMutablePointer<Float>, activations: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { grad[i] = activations[i] > 0 ? grad[i] : 0 }  // a select, not a branch
    }

    /// y[i] += a·x[i] (axpy): adds the weight-decay term λ·w to the weight gradients.
    @inline(__always)
    public static func addScaled(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, scale a: Float, count: Int) {
        for i in 0..<count { y[i] = a * x[i] + y[i] }  // not addingProduct: see DESIGN.md (fmaf per lane)
    }

    /// Σ x[i]² over `count` values, in Float64 (a vectorised C loop; tests hold it to a plain sum).
    @inline(__always)
    public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        lectern_sum_squares(x, Int64(count))
    }

    /// sums[c] = Σ_r m[r, c]: the bias gradient.
    @inline(__always)
    public static func columnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<Float>) {
        for c in 0..<cols { sums[c] = 0 }
        for r in 0..<rows {
            let row = m + r * cols
            for c in 0..<cols { sums[c] += row[c] }
        }
    }

    /// Softmax fused with sparse categorical cross-entropy, in place.
    ///
    /// On return `logits` holds ∂L/∂logits = (softmax − onehot(label)) / rows, where L is the mean loss over
    /// the rows. Returns the summed (not mean) loss and adds the number of correct predictions to `correct`.
    @inline(__always)
    public static func softmaxCrossEntropy(
        _ logits: UnsafeMutablePointer<Float>, labels: UnsafePointer<Int32>, rows: Int, cols: Int,
        correct: inout Int
    ) -> Double {
        var total: Double = 0
        let scale = 1 / Float(rows)
        for r in 0..<rows {
            let row = logits + r * cols
            var maxValue = row[0]
            var argmax = 0
            for c in 1..<cols where row[c] > maxValue { maxValue = row[c]; argmax = c }
            let label = Int(labels[r])
            if argmax == label { correct += 1 }
            let shifted = row[label] - maxValue
            var sum: Float = 0
            for c in 0..<cols {
                let e = expf(row[c] - maxValue)
                row[c] = e
                sum += e
            }
            total += Double(logf(sum) - shifted)
            let inv = scale / sum
            for c in 0..<cols { row[c] *= inv }
            row[label] -= scale
        }
        return total
    }
}
