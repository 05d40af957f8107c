import LessonKit

/// What the dashboard asks of a lab's training job.
public enum RunCommand: Sendable, Equatable {
    /// A fresh model with these settings (the run id is chosen by the engine).
    case start(LabSettings, paused: Bool, speed: Double?)
    case pause
    case resume
    case step
    case stop
    /// A live setting (the schema says which are live: a learning rate, the watched words) for the running model.
    case setLive(key: String, value: String)
    case speed(Double?)
}

/// One training runner per lab, so that a run keeps going while the student looks at another lab.
/// The main loop hands it commands and polls it each frame; it never blocks the caller.
public final class LabEngine: Sendable {
    public let resources: LabResources
    private let runners: [Lab: TrainingRunner<LabSnapshot>]

    public init(resources: LabResources) {
        self.resources = resources
        var r: [Lab: TrainingRunner<LabSnapshot>] = [:]
        for lab in LabRegistry.labs { r[lab] = TrainingRunner<LabSnapshot>() }
        runners = r
    }

    public func runner(_ lab: Lab) -> TrainingRunner<LabSnapshot> { runners[lab]! }

    /// Carries out a command; returns the new run id for `.start`.
    @discardableResult
    public func perform(_ lab: Lab, _ command: RunCommand) -> Int? {
        let runner = runner(lab)
        switch command {
        case .start(let settings, let paused, let speed):
            let resources = self.resources
            let definition = LabRegistry.definition(lab)
            return runner.start(paused: paused, speed: speed) { context in
                definition.run(settings, resources: resources, context: context)
            }
        case .pause: runner.pause()
        case .resume: runner.resume()
        case .step: runner.step()
        case .stop: runner.stop()
        case .setLive(let key, let value): runner.setLive(key, value)
        case .speed(let s): runner.setSpeed(s)
        }
        return nil
    }

    /// The newest snapshot of each lab whose version moved past `versions[lab]`.
    public func poll(after versions: [Lab: Int]) -> [(lab: Lab, published: TrainingRunner<LabSnapshot>.Published)] {
        LabRegistry.labs.compactMap { lab in
            runner(lab).latest(after: versions[lab] ?? -1).map { (lab, $0) }
        }
    }

    /// Asks every run to stop (on quit) without waiting for the jobs.
    public func stopAll() {
        for r in runners.values { r.stop() }
    }

    /// Stops every run and waits for the jobs to end.
    public func shutdown() {
        stopAll()
        for r in runners.values { r.drain() }
    }

    /// Stops every run and waits at most `timeout` for the jobs to reach a stopping point (a job still
    /// loading its data may take longer; it is then left to the process exit). Returns whether all ended.
    @discardableResult
    public func shutdown(timeout: Duration) -> Bool {
        stopAll()
        let deadline = ContinuousClock.now + timeout
        return runners.values.allSatisfy { $0.drain(until: deadline) }
    }
}
