/// Batch gradient descent for linear regression, in Float64, one step at a time.
///
/// This is the article's NumPy loop, made steppable so the classroom can draw every step:
///
///     gradient = (1 / m) * X.T.dot(X.dot(theta) - y)
///     theta = theta - alpha * gradient
///
/// The loss reported is the article's `loss_function`, the mean squared error
/// J(θ) = (1/m)·Σ(Xθ − y)². Note for the lesson: the article's gradient (1/m)·Xᵀ(Xθ − y) is *half* the
/// true gradient of this J, which is (2/m)·Xᵀ(Xθ − y). The update is kept exactly as in the article,
/// so it is really gradient descent on J/2 (equivalently: on J with step α/2). It reaches the same
/// minimum; only the meaning of α differs by a factor 2.
///
/// Floating-point operations follow NumPy's order (Xθ, minus y, Xᵀ·r, times 1/m, θ − α·g), so a run
/// agrees with the article's code to rounding error.
public struct LinearRegressionGD: Sendable {
    /// Why the inputs were refused.
    public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
        case emptyData
        case raggedRows(row: Int, expected: Int, found: Int)
        case targetCountMismatch(rows: Int, targets: Int)
        case thetaCountMismatch(columns: Int, theta: Int)
        case invalidAlpha(Double)
        case nonFinite(String)

        public var description: String {
            switch self {
            case .emptyData: return "X must have at least one row and one column"
            case let .raggedRows(row, expected, found):
                return "row \(row) of X has \(found) values but row 0 has \(expected)"
            case let .targetCountMismatch(rows, targets): return "X has \(rows) rows but y has \(targets) values"
            case let .thetaCountMismatch(columns, theta):
                return "θ₀ has \(theta) values but X has \(columns) columns (bias column included)"
            case let .invalidAlpha(a): return "α must be a finite number greater than 0, not \(a)"
            case let .nonFinite(what): return "\(what) is not a finite number"
            }
        }
    }

    /// One step: θ after it and J and ‖gradient‖ at that new θ.
    public struct Step: Sendable, Equatable {
        public var iteration: Int
        public var theta: [Double]
        public var loss: Double
        /// Euclidean norm of the article's gradient (1/m)·Xᵀ(Xθ − y) at the new θ.
        public var gradientNorm: Double
    }

    /// The outcome of `run`.
    public struct Result: Sendable, Equatable {
        public enum Status: String, Sendable { case converged, finished, diverged }
        /// θ at the start of the run, then θ after every step.
        public var path: [[Double]]
        /// J at every θ in `path`.
        public var losses: [Double]
        public var status: Status
        /// One line for the student when the run diverged; nil otherwise.
        public var reason: String?
        /// Steps taken by this run.
        public var iterations: Int
    }

    /// Divergence rule (see `run`): J > divergenceFactor × max(baselineLoss, divergenceLossFloor).
    public static let divergenceFactor = 1e6
    public static let divergenceLossFloor = 1e-12

    /// The article's example: X = [[1,2],[2,3],[3,4]], y = [3,5,7], θ₀ = [0,0], α = 0.01
    /// (no bias column; the exact fit is θ = [1,1]).
    public static let seedExample = try! LinearRegressionGD(
        x: [[1, 2], [2, 3], [3, 4]], y: [3, 5, 7], theta0: [0, 0], alpha: 0.01)

    /// Rows of X (m) and columns of X including any bias column (n).
    public let rows: Int
    public let columns: Int
    /// X row-major, bias column included.
    public let x: [Double]
    public let y: [Double]
    public let initialTheta: [Double]
    /// Where this descent started, the reference for the divergence rule: J and the iteration at θ₀,
    /// or at the θ last assigned by hand or by `reset()`. Steps do not move it.
    public private(set) var baselineLoss = 0.0
    public private(set) var baselineIteration = 0
    /// λ_max of (1/m)·XᵀX and the resulting stability bound α < 2/λ_max (see `GDStability`).
    public let lambdaMax: Double
    public let maxStableAlpha: Double

    /// The current parameters. Assigning θ by hand starts a new descent (it moves the baseline).
    public var theta: [Double] {
        get { current }
        set {
            current = newValue
            velocity = []
            baselineLoss = loss(newValue)
            baselineIteration = iteration
        }
    }
    private var current: [Double]
    /// Steps taken since init (or `reset()`).
    public var iteration = 0
    /// Step size; may be changed between steps (not revalidated: keep it finite and > 0).
    public var alpha: Double
    /// Momentum β in [0, 1): the step follows v ← β·v + g, θ ← θ − α·v (heavy ball, with g the article's
    /// gradient). 0 is the article's plain descent, bit for bit.
    public var momentum = 0.0
    /// The velocity v of momentum (zero until a step with β > 0).
    public private(set) var velocity: [Double] = []

    public init(x rowsOfX: [[Double]], y: [Double], theta0: [Double], alpha: Double,
                addBiasColumn: Bool = false) throws {
        guard let first = rowsOfX.first, !first.isEmpty || addBiasColumn else { throw InputError.emptyData }
        for (i, row) in rowsOfX.enumerated() where row.count != first.count {
            throw InputError.raggedRows(row: i, expected: first.count, found: row.count)
        }
        guard y.count == rowsOfX.count else {
            throw InputError.targetCountMismatch(rows: rowsOfX.count, targets: y.count)
        }
        let n = first.count + (addBiasColumn ? 1 : 0)
        guard theta0.count == n else { throw InputError.thetaCountMismatch(columns: n, theta: theta0.count) }
        guard alpha.isFinite, alpha > 0 else { throw InputError.invalidAlpha(alpha) }
        for (i, row) in rowsOfX.enumerated() {
            if let j = row.firstIndex(where: { !$0.isFinite }) { throw InputError.nonFinite("x[\(i)][\(j)]") }
        }
        if let i = y.firstIndex(where: { !$0.isFinite }) { throw InputError.nonFinite("y[\(i)]") }
        if let i = theta0.firstIndex(where: { !$0.isFinite }) { throw InputError.nonFinite("theta0[\(i)]") }

        rows = rowsOfX.count
        columns = n
        x = rowsOfX.flatMap { addBiasColumn ? [1] + $0 : $0 }
        self.y = y
        initialTheta = theta0
        current = theta0
        self.alpha = alpha
        lambdaMax = GDStability.largestEigenvalue(x: x, rows: rows, columns: columns)
        maxStableAlpha = GDStability.maxStableAlpha(lambdaMax: lambdaMax)
        baselineLoss = loss(theta0)
    }

    /// Back to θ₀ and iteration 0, with no velocity (α and β are left as they are).
    public mutating func reset() {
        iteration = 0
        velocity = []
        theta = initialTheta
    }

    /// Xθ − y.
    private func residual(_ theta: [Double]) -> [Double] {
        precondition(theta.count == columns, "θ must have \(columns) values")
        return (0..<rows).map { r in
            var s = 0.0
            for c in 0..<columns { s += x[r * columns + c] * theta[c] }
            return s - y[r]
        }
    }

    /// J(θ) = mean((Xθ − y)²), the mean squared error.
    public func loss(_ theta: [Double]) -> Double {
        residual(theta).reduce(0) { $0 + $1 * $1 } / Double(rows)
    }

    /// The article's gradient (1/m)·Xᵀ(Xθ − y), which is ½·∇J (see the type's documentation).
    public func gradient(_ theta: [Double]) -> [Double] {
        let r = residual(theta)
        let scale = 1 / Double(rows)
        return (0..<columns).map { c in
            var s = 0.0
            for i in 0..<rows { s += x[i * columns + c] * r[i] }
            return scale * s
        }
    }

    /// One gradient-descent step with the current α.
    public mutating func step() -> Step {
        let g = gradient(current)
        let a = alpha
        if momentum > 0 {
            let b = momentum
            velocity = velocity.isEmpty ? g : zip(velocity, g).map { b * $0 + $1 }
            current = zip(current, velocity).map { $0 - a * $1 }
        } else {
            current = zip(current, g).map { $0 - a * $1 }
        }
        iteration += 1
        let newG = gradient(current)
        return Step(iteration: iteration, theta: current, loss: loss(current),
                    gradientNorm: newG.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }

    /// Up to `iterations` steps, stopping early when the run converges or diverges.
    ///
    /// - converged: the gradient norm at the current θ is below `tolerance` (checked before the first
    ///   step too, so a run that starts at the minimum takes no steps).
    /// - diverged: θ or J is NaN/∞, or J > 10⁶ × max(`baselineLoss`, 10⁻¹²), where `baselineLoss` is J
    ///   where the descent started (θ₀, or θ last set by hand or `reset()`), not where this call
    ///   started, so a UI that runs a few steps per frame gets the same verdict as one long run. The
    ///   floor ignores rounding noise when the fit is exact. With a stable α, J never increases on this
    ///   quadratic, so a stable run never trips the rule. The run stops at the step that breaks the
    ///   rule (included in `path`).
    /// - finished: all iterations done.
    public mutating func run(iterations: Int, tolerance: Double = 1e-12,
                             onStep: ((Step) -> Void)? = nil) -> Result {
        precondition(iterations >= 0, "iterations must not be negative")
        var path = [current], losses = [loss(current)]
        path.reserveCapacity(iterations + 1)
        losses.reserveCapacity(iterations + 1)
        let limit = Self.divergenceFactor * max(baselineLoss, Self.divergenceLossFloor)
        func result(_ status: Result.Status, _ reason: String? = nil) -> Result {
            Result(path: path, losses: losses, status: status, reason: reason, iterations: path.count - 1)
        }
        if norm(gradient(current)) < tolerance { return result(.converged) }
        for _ in 0..<iterations {
            let s = step()
            path.append(s.theta)
            losses.append(s.loss)
            onStep?(s)
            let thetaFinite = s.theta.allSatisfy(\.isFinite)
            if !thetaFinite || !s.loss.isFinite || s.loss > limit {
                return result(.diverged, GDStability.divergenceReason(
                    from: baselineLoss, fromIteration: baselineIteration, to: s.loss, atIteration: s.iteration,
                    thetaFinite: thetaFinite, alpha: alpha, lambdaMax: lambdaMax))
            }
            if s.gradientNorm < tolerance { return result(.converged) }
        }
        return result(.finished)
    }

    private func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    // MARK: Loss surface (2-parameter models)

    /// J on a resolution × resolution grid of θ = (θ₀, θ₁) in center ± span on each axis.
    ///
    /// `grid[row][col]` is J at θ₀ = center[0] + span·(2·col/(resolution−1) − 1) and
    /// θ₁ = center[1] + span·(2·row/(resolution−1) − 1): θ₀ runs along columns, θ₁ along rows, both
    /// increasing with the index (row 0 is the smallest θ₁; flip it to draw θ₁ upwards). With an odd
    /// resolution the middle cell is exactly `center`. Requires 2 parameters and resolution ≥ 2.
    public func lossGrid(center: [Double], span: Double, resolution: Int) -> [[Double]] {
        precondition(center.count == 2, "lossGrid needs a 2-parameter θ centre")
        precondition(resolution >= 2, "resolution must be at least 2")
        let axis = { (c: Double, i: Int) in c + span * (2 * Double(i) / Double(resolution - 1) - 1) }
        return (0..<resolution).map { row in
            (0..<resolution).map { col in loss([axis(center[0], col), axis(center[1], row)]) }
        }
    }

    /// J on a resolution × resolution grid covering `bounds`: θ_k = min_k + (max_k − min_k)·i/(resolution−1),
    /// θ₀ along columns and θ₁ along rows as in `lossGrid(center:span:resolution:)`.
    public func lossGrid(bounds: (min: [Double], max: [Double]), resolution: Int) -> [[Double]] {
        precondition(bounds.min.count == 2 && bounds.max.count == 2, "lossGrid needs 2-parameter bounds")
        precondition(resolution >= 2, "resolution must be at least 2")
        let axis = { (k: Int, i: Int) in
            bounds.min[k] + (bounds.max[k] - bounds.min[k]) * Double(i) / Double(resolution - 1)
        }
        return (0..<resolution).map { row in
            (0..<resolution).map { col in loss([axis(0, col), axis(1, row)]) }
        }
    }

    /// The bounding box of a θ path, widened on each side by `margin` × the box's extent on that axis
    /// (by `margin` × max(|value|, 1) when the extent is zero). Non-finite coordinates (a diverged run)
    /// are skipped; nil when the path is empty or an axis has no finite value.
    public static func bounds(of path: [[Double]], margin: Double) -> (min: [Double], max: [Double])? {
        guard let n = path.first?.count, n > 0 else { return nil }
        var lo = [Double](repeating: .infinity, count: n), hi = [Double](repeating: -.infinity, count: n)
        for point in path {
            for (k, v) in point.prefix(n).enumerated() where v.isFinite {
                lo[k] = Swift.min(lo[k], v)
                hi[k] = Swift.max(hi[k], v)
            }
        }
        guard lo.allSatisfy(\.isFinite) else { return nil }
        for k in 0..<n {
            let extent = hi[k] - lo[k]
            let pad = margin * (extent > 0 ? extent : Swift.max(abs(lo[k]), 1))
            lo[k] -= pad
            hi[k] += pad
        }
        return (lo, hi)
    }
}
