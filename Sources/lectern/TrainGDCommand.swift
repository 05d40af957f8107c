import ArgumentParser
import Foundation
import LabKit
import MLCore

/// `lectern train gd`: the article's gradient descent on X = [[1,2],[2,3],[3,4]], y = [3,5,7],
/// one JSON object per line on stdout (every K iterations, then a summary line).
struct TrainGD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gd",
        abstract: "Gradient descent on the article's linear regression; JSON lines on stdout.",
        discussion: """
        Prints {"iteration":…,"theta":[…],"loss":…} for iteration 0 and every --every iterations \
        (loss is the mean squared error), then {"status":…,"iterations":…,"theta":[…],"loss":…,"reason":…} \
        with status finished, converged (gradient norm below --tolerance) or diverged (reason also on stderr). \
        Non-finite numbers are written as null. Exits 0 whatever the status; 64 on invalid options.
        """
    )

    @Option(help: "Step size α (> 0, at most 100).") var alpha = 0.01
    @Option(help: "Maximum number of steps (1…100000).") var iterations = 1000
    @Option(help: "Momentum β, 0 ≤ β < 1 (v ← βv + gradient, θ ← θ − αv; 0 is plain descent).") var momentum = 0.0
    @Option(help: "Print every K iterations (1…100000); iteration 0 is always printed.")
    var every = 100
    @Option(help: "Stop as converged when the gradient norm falls below this (≥ 0).") var tolerance = 1e-12
    @Flag(help: "Prepend a column of ones to X (θ gets a bias as its first value, starting at 0).") var bias = false

    /// `--alpha`, `--iterations`, `--every` and `--momentum` are the GD lab's settings and go through its schema (`GDLab.schema`),
    /// as lessons and the dashboard do; the defaults stay the command line's own (1000 iterations, every 100).
    /// `--tolerance` and `--bias` have no setting and keep their own check.
    func validate() throws {
        let schema = LabRegistry.schema(.gd)
        try schema.validateOption("alpha", alpha)
        try schema.validateOption("iterations", iterations)
        try schema.validateOption("every", every)
        try schema.validateOption("momentum", momentum)
        guard tolerance.isFinite, tolerance >= 0 else { throw ValidationError("--tolerance must be a finite number ≥ 0") }
    }

    func run() throws {
        let seed = LinearRegressionGD.seedExample
        let xRows = (0..<seed.rows).map { r in Array(seed.x[(r * seed.columns)..<((r + 1) * seed.columns)]) }
        let theta0 = [Double](repeating: 0, count: seed.columns + (bias ? 1 : 0))
        var engine: LinearRegressionGD
        do {
            engine = try LinearRegressionGD(x: xRows, y: seed.y, theta0: theta0, alpha: alpha, addBiasColumn: bias)
        } catch let error as LinearRegressionGD.InputError {
            throw LecternError(error.description)
        }
        engine.momentum = momentum
        let every = self.every
        print(Self.line(iteration: 0, theta: engine.theta, loss: engine.loss(engine.theta)))
        let result = engine.run(iterations: iterations, tolerance: tolerance) { step in
            if step.iteration % every == 0 {
                print(Self.line(iteration: step.iteration, theta: step.theta, loss: step.loss))
            }
        }
        let finalTheta = result.path.last!, finalLoss = result.losses.last!
        print(JSONLine([
            ("status", .string(result.status.rawValue)), ("iterations", .int(result.iterations)),
            ("theta", .numbers(finalTheta)), ("loss", .number(finalLoss)),
            ("reason", result.reason.map { .string($0) } ?? .null),
        ]))
        if let reason = result.reason {
            FileHandle.standardError.write(Data(("lectern train gd: " + reason + "\n").utf8))
        }
    }

    static func line(iteration: Int, theta: [Double], loss: Double) -> JSONLine {
        JSONLine([("iteration", .int(iteration)), ("theta", .numbers(theta)), ("loss", .number(loss))])
    }
}
