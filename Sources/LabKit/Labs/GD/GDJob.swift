import LessonKit
import MLCore

/// Runs the article's gradient descent one iteration per step, publishing θ, J and the surface around
/// the path.
enum GDJob {
    /// Points of the path kept in a snapshot: the first ones and the latest ones.
    static let pathHead = 200
    static let pathTail = 1_800
    /// Grid points per side of the sampled J surface.
    static let resolution = 41

    static func run(_ settings: LabSettings, context: RunContext<LabSnapshot>) {
        let seed = LinearRegressionGD.seedExample
        let rows = (0..<seed.rows).map { r in Array(seed.x[(r * seed.columns)..<((r + 1) * seed.columns)]) }
        var snapshot = LabSnapshot(lab: .gd, phase: .running, detail: GDDetail())
        var gd: LinearRegressionGD
        do {
            gd = try LinearRegressionGD(x: rows, y: seed.y, theta0: settings.gdTheta0, alpha: settings.gdAlpha)
            gd.momentum = settings.gdMomentum
        } catch {
            snapshot.phase = .failed("\(error)")
            context.publish(snapshot, force: true)
            return
        }
        var detail = GDDetail()
        detail.minimum = leastSquares(gd) ?? []
        detail.maxStableAlpha = gd.maxStableAlpha
        detail.path = [gd.theta]
        detail.iterations = [0]
        detail.losses = [gd.loss(gd.theta)]
        snapshot.curve.append(detail.losses[0])
        reframe(&detail, gd: gd, around: [gd.theta] + (detail.minimum.isEmpty ? [] : [detail.minimum]))
        let iterations = settings.gdIterations
        snapshot.progress.totalSteps = iterations
        snapshot.progress.epochs = 1
        snapshot.progress.epoch = 1
        snapshot.progress.rateUnit = "it/s"
        snapshot.progress.learningRate = gd.alpha

        func refresh() {
            snapshot.progress.step = gd.iteration
            snapshot.progress.elapsed = context.activeElapsed.inSeconds
            snapshot.progress.rate = Double(gd.iteration) / max(1e-9, snapshot.progress.elapsed)
            snapshot.progress.learningRate = gd.alpha
            snapshot.detail = detail
        }
        refresh()
        context.publish(snapshot, force: true)

        while gd.iteration < iterations {
            guard context.beforeStep() else { snapshot.phase = .stopped; break }
            if let alpha = context.takeLiveChanges()["alpha"].flatMap(Double.init) { gd.alpha = alpha }
            let result = gd.run(iterations: 1, tolerance: 0)
            let theta = result.path.last!, loss = result.losses.last!
            append(theta, loss: loss, iteration: gd.iteration, to: &detail)
            snapshot.curve.append(loss)
            if result.status == .diverged {
                reframe(&detail, gd: gd, around: detail.path + [detail.minimum])
                snapshot.phase = .diverged(result.reason ?? "J grew without bound")
                snapshot.divergedAt = Double(gd.iteration)
                break
            }
            if !inside(theta, detail.bounds) { reframe(&detail, gd: gd, around: detail.path + [detail.minimum]) }
            // The snapshot takes the path only when it goes out: attaching it every iteration would make the
            // next append copy the whole path.
            let force = context.speed != nil || context.willWait
            if force || context.isPublishDue {
                refresh()
                context.publish(snapshot, force: force)
            }
        }
        if gd.iteration >= iterations { snapshot.phase = .finished }
        refresh()
        context.publish(snapshot, force: true)
    }

    static func append(_ theta: [Double], loss: Double, iteration: Int, to d: inout GDDetail) {
        d.path.append(theta)
        d.iterations.append(iteration)
        d.losses.append(loss)
        if d.path.count > pathHead + pathTail {
            d.path.remove(at: pathHead)
            d.iterations.remove(at: pathHead)
            d.losses.remove(at: pathHead)
        }
    }

    static func inside(_ theta: [Double], _ b: (min: [Double], max: [Double])) -> Bool {
        guard theta.allSatisfy({ $0.isFinite }) else { return true }
        return (0..<2).allSatisfy { theta[$0] >= b.min[$0] && theta[$0] <= b.max[$0] }
    }

    /// Frames the surface around `points` (ignoring ones too far out to draw usefully) and samples J on it.
    static func reframe(_ d: inout GDDetail, gd: LinearRegressionGD, around points: [[Double]]) {
        let usable = points.filter { $0.count == 2 && $0.allSatisfy { $0.isFinite && abs($0) < 1e4 } }
        guard let b = LinearRegressionGD.bounds(of: usable, margin: 0.25) else { return }
        // Square-ish frames read better; keep each side at least 1 wide.
        var lo = b.min, hi = b.max
        for k in 0..<2 where hi[k] - lo[k] < 1 {
            let mid = (hi[k] + lo[k]) / 2
            lo[k] = mid - 0.5
            hi[k] = mid + 0.5
        }
        d.bounds = (lo, hi)
        d.field = gd.lossGrid(bounds: (lo, hi), resolution: resolution)
    }

    /// θ minimising J, from the normal equations XᵀXθ = Xᵀy (2 parameters), or nil when singular.
    static func leastSquares(_ gd: LinearRegressionGD) -> [Double]? {
        guard gd.columns == 2 else { return nil }
        var a = [0.0, 0, 0, 0], r = [0.0, 0]
        for i in 0..<gd.rows {
            let x0 = gd.x[i * 2], x1 = gd.x[i * 2 + 1]
            a[0] += x0 * x0; a[1] += x0 * x1; a[3] += x1 * x1
            r[0] += x0 * gd.y[i]; r[1] += x1 * gd.y[i]
        }
        a[2] = a[1]
        let det = a[0] * a[3] - a[1] * a[2]
        guard abs(det) > 1e-12 else { return nil }
        return [(r[0] * a[3] - a[1] * r[1]) / det, (a[0] * r[1] - a[2] * r[0]) / det]
    }
}
