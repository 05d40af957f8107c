import Dispatch
import Foundation
import MLCore
import Synchronization

/// Runs one training job at a time on a serial background queue and hands its snapshots to the UI.
///
/// The job owns its model. It publishes immutable snapshots into one mutex-guarded slot (at most every
/// `publishInterval`), and reads the UI's controls — pause, single step, stop, a new learning rate, a speed
/// limit — between its steps through `RunContext`. The UI polls `latest()` each frame and never waits on
/// training; snapshots of a run that was replaced are dropped.
public final class TrainingRunner<Snapshot: Sendable>: Sendable {
    /// What the UI reads: the snapshot, the run it belongs to, and a version that grows with every publish.
    public struct Published: Sendable {
        public var runID: Int
        public var version: Int
        public var snapshot: Snapshot
    }

    struct Controls {
        var runID = 0
        var paused = false
        var pendingSteps = 0
        var stopRequested = false
        var learningRate: Double?
        /// Steps per second, or nil for full speed.
        var speed: Double?
    }

    private let queue = DispatchQueue(label: "lectern.training", qos: .userInitiated)
    private let slot = Mutex<Published?>(nil)
    let controls = Mutex(Controls())
    private let versions = Atomic<Int>(0)
    let publishInterval: Duration

    public init(publishInterval: Duration = .milliseconds(50)) {
        self.publishInterval = publishInterval
    }

    /// Starts `job` as a new run (stopping the one before) and returns its run id.
    @discardableResult
    public func start(paused: Bool = false, speed: Double? = nil,
                      _ job: @escaping @Sendable (RunContext<Snapshot>) -> Void) -> Int {
        let id = controls.withLock { c -> Int in
            c = Controls(runID: c.runID + 1, paused: paused, speed: speed)
            return c.runID
        }
        let context = RunContext(runner: self, runID: id)
        queue.async { job(context) }
        return id
    }

    /// The newest snapshot of the current run, if one arrived after `version`.
    public func latest(after version: Int = -1) -> Published? {
        let current = controls.withLock { $0.runID }
        return slot.withLock { p in
            guard let p, p.runID == current, p.version > version else { return nil }
            return p
        }
    }

    public var currentRunID: Int { controls.withLock { $0.runID } }
    public var isPaused: Bool { controls.withLock { $0.paused } }
    public func pause() { controls.withLock { $0.paused = true } }
    public func resume() { controls.withLock { $0.paused = false } }
    /// While paused: let the job take one more step.
    public func step() { controls.withLock { $0.pendingSteps += 1 } }
    public func stop() { controls.withLock { $0.stopRequested = true } }
    /// A learning rate for the job to apply before its next step.
    public func setLearningRate(_ value: Double) { controls.withLock { $0.learningRate = value } }
    /// Limits the job to about `stepsPerSecond` steps a second; nil runs at full speed.
    public func setSpeed(_ stepsPerSecond: Double?) { controls.withLock { $0.speed = stepsPerSecond } }
    public var speed: Double? { controls.withLock { $0.speed } }

    /// Waits until the queue has run everything sent so far (tests, and a clean exit).
    public func drain() { queue.sync {} }

    /// Like `drain()`, but gives up at `deadline`; returns whether the queue got there.
    public func drain(until deadline: ContinuousClock.Instant) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        let left = max(.zero, deadline - ContinuousClock.now)
        return done.wait(timeout: .now() + left.inSeconds) == .success
    }

    func publish(_ snapshot: Snapshot, runID: Int) {
        let version = versions.add(1, ordering: .relaxed).newValue
        let isCurrent = controls.withLock { $0.runID == runID }
        guard isCurrent else { return }
        slot.withLock { $0 = Published(runID: runID, version: version, snapshot: snapshot) }
    }
}

/// The job's side of a run: controls to read between steps, and where to publish snapshots.
public final class RunContext<Snapshot: Sendable>: Sendable {
    let runner: TrainingRunner<Snapshot>
    public let runID: Int
    private let lastPublish = Mutex<ContinuousClock.Instant?>(nil)
    private let lastStep = Mutex<ContinuousClock.Instant?>(nil)
    private let started = ContinuousClock.now
    private let pausedTime = Mutex<Duration>(.zero)

    init(runner: TrainingRunner<Snapshot>, runID: Int) {
        self.runner = runner
        self.runID = runID
    }

    /// True once the UI stopped this run or started another.
    public var isCancelled: Bool {
        runner.controls.withLock { $0.runID != runID || $0.stopRequested }
    }

    /// Call before every step. Waits while paused (returning for each single step the UI asks for) and
    /// keeps to the speed limit. Returns false when the run must end.
    public func beforeStep() -> Bool {
        while true {
            let decision: RunDecision = runner.controls.withLock { c in
                if c.runID != runID || c.stopRequested { return .end }
                if !c.paused { return .go(single: false) }
                if c.pendingSteps > 0 { c.pendingSteps -= 1; return .go(single: true) }
                return .wait
            }
            switch decision {
            case .end: return false
            case .wait:
                let before = ContinuousClock.now
                Thread.sleep(forTimeInterval: 0.01)
                let waited = ContinuousClock.now - before
                pausedTime.withLock { $0 += waited }
                lastStep.withLock { $0 = nil }
            case .go(let single):
                pace()
                // Paused during the pacing sleep: this step waits too (unless it was asked for by `step()`).
                if !single, runner.isPaused { continue }
                return !isCancelled
            }
        }
    }

    /// Time since the run started, with the time spent paused left out.
    public var activeElapsed: Duration { ContinuousClock.now - started - pausedTime.withLock { $0 } }

    /// Sleeps so that steps come at most `speed` times a second (when a speed limit is set and not paused).
    private func pace() {
        guard let speed = runner.controls.withLock({ $0.paused ? nil : $0.speed }), speed > 0 else { return }
        let interval = Duration.seconds(1 / speed)
        let now = ContinuousClock.now
        let wait = lastStep.withLock { last -> Duration in
            defer { last = max(now, (last ?? now) + interval) }
            guard let last else { return .zero }
            return max(.zero, last + interval - now)
        }
        if wait > .zero { Thread.sleep(forTimeInterval: wait.inSeconds) }
    }

    /// A learning rate the UI set since the last call, once.
    public func takeLearningRate() -> Double? {
        runner.controls.withLock { c in
            guard c.runID == runID else { return nil }
            defer { c.learningRate = nil }
            return c.learningRate
        }
    }

    /// True when the next `beforeStep()` will wait (paused with no single step asked for): the moment to
    /// publish the latest state even if the last snapshot went out less than `publishInterval` ago.
    public var willWait: Bool {
        runner.controls.withLock { $0.runID == runID && !$0.stopRequested && $0.paused && $0.pendingSteps == 0 }
    }

    /// Whether a `publish` now would be kept: for work worth doing only for a snapshot.
    public var isPublishDue: Bool {
        let now = ContinuousClock.now
        return lastPublish.withLock { last in last.map { now - $0 >= runner.publishInterval } ?? true }
    }

    /// Offers a snapshot; it is kept only if `publishInterval` has passed since the last one (or `force`).
    public func publish(_ snapshot: @autoclosure () -> Snapshot, force: Bool = false) {
        let now = ContinuousClock.now
        let due = lastPublish.withLock { last -> Bool in
            guard force || last.map({ now - $0 >= runner.publishInterval }) ?? true else { return false }
            last = now
            return true
        }
        if due { runner.publish(snapshot(), runID: runID) }
    }
}

private enum RunDecision { case go(single: Bool), wait, end }
