import Foundation

/// When does gradient descent on least squares blow up, and what should the student try instead?
///
/// With the article's update θ ← θ − α·(1/m)·Xᵀ(Xθ − y), the error e = θ − θ* evolves as
/// e ← (I − α·A)·e with A = (1/m)·XᵀX (symmetric, positive semi-definite). Each eigen-direction of A
/// is multiplied by (1 − α·λ) per step, so the run is stable exactly when |1 − α·λ_max| < 1, i.e.
///
///     α < 2 / λ_max((1/m)·XᵀX).
///
/// (The article's gradient is half of ∇J for J = mean squared error; written with the true gradient
/// (2/m)·Xᵀ(Xθ − y), the same bound reads α < 1/λ_max.)
public enum GDStability {
    /// The largest eigenvalue of A = (1/m)·XᵀX for a row-major m×n matrix `x`.
    /// Closed form for n ≤ 2, power iteration (with a Rayleigh quotient) beyond.
    public static func largestEigenvalue(x: [Double], rows m: Int, columns n: Int) -> Double {
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                var s = 0.0
                for r in 0..<m { s += x[r * n + i] * x[r * n + j] }
                a[i * n + j] = s / Double(m)
                a[j * n + i] = a[i * n + j]
            }
        }
        return largestEigenvalue(symmetric: a, size: n)
    }

    /// The largest eigenvalue of a symmetric positive semi-definite n×n matrix (row-major).
    public static func largestEigenvalue(symmetric a: [Double], size n: Int) -> Double {
        switch n {
        case 0: return 0
        case 1: return a[0]
        case 2:
            let (p, q, d) = (a[0], a[1], a[3])
            return (p + d) / 2 + ((p - d) * (p - d) / 4 + q * q).squareRoot()
        default:
            // Start from a vector with a component along every axis, so no eigenvector is missed
            // unless it is exactly orthogonal to it.
            var v = (0..<n).map { 1.0 + Double($0) / Double(n) }
            var lambda = 0.0
            for _ in 0..<10_000 {
                var w = [Double](repeating: 0, count: n)
                for i in 0..<n { for j in 0..<n { w[i] += a[i * n + j] * v[j] } }
                let vv = v.reduce(0) { $0 + $1 * $1 }
                let next = zip(v, w).reduce(0) { $0 + $1.0 * $1.1 } / vv   // Rayleigh quotient
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm == 0 { return 0 }
                v = w.map { $0 / norm }
                if abs(next - lambda) <= 1e-14 * abs(next) { return next }
                lambda = next
            }
            return lambda
        }
    }

    /// The largest stable step size 2/λ_max (∞ when X is all zeros and nothing can move).
    public static func maxStableAlpha(lambdaMax: Double) -> Double {
        lambdaMax > 0 ? 2 / lambdaMax : .infinity
    }

    /// A round α to suggest: the largest 1, 2 or 5 × 10ᵏ that is at most 0.9 × the bound, so it is
    /// comfortably inside the stable range rather than oscillating at its edge.
    public static func suggestedAlpha(bound: Double) -> Double {
        guard bound.isFinite, bound > 0 else { return bound }
        let target = 0.9 * bound
        var decade = pow(10, (log10(target)).rounded(.down))
        if decade > target { decade /= 10 }   // guard against log10 rounding up
        for f in [5.0, 2.0, 1.0] where f * decade <= target { return f * decade }
        return decade / 2
    }

    /// The one-line explanation of a diverged run.
    /// - Parameters:
    ///   - from: J at the reference point (`fromIteration`); `to`: J now (`atIteration`).
    ///   - thetaFinite: false when θ itself overflowed to ∞/NaN.
    public static func divergenceReason(
        from: Double, fromIteration: Int, to: Double, atIteration: Int,
        thetaFinite: Bool, alpha: Double, lambdaMax: Double
    ) -> String {
        let what: String
        if !thetaFinite || !to.isFinite {
            what = "J grew from \(short(from)) at iteration \(fromIteration) until θ or J overflowed "
                + "(\(thetaFinite ? short(to) : "θ not finite")) at iteration \(atIteration)"
        } else {
            what = "J grew from \(short(from)) at iteration \(fromIteration) to \(short(to)) at iteration \(atIteration)"
        }
        let bound = maxStableAlpha(lambdaMax: lambdaMax)
        guard alpha >= bound else {
            return what + ": α = \(short(alpha)) is below the stability bound \(short(bound)), "
                + "so the numbers themselves are too large for float64; rescale the data"
        }
        return what + ": α = \(short(alpha)) is too large for this data; gradient descent here is stable only "
            + "for α < 2/λmax = \(short(bound)) (λmax = \(short(lambdaMax)), the largest eigenvalue of XᵀX/m); "
            + "try α ≤ \(short(suggestedAlpha(bound: bound)))"
    }

    /// Three significant digits, e.g. 27.7, 0.14, 3.1e+07.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "-∞") }
        return String(format: "%.3g", x)
    }
}
