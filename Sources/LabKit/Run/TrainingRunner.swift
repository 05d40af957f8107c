import Dispatch
import MLCore
import Synchronization

/// Runs one training job at a time on a serial background queue and hands its snapshots to the UI.
///
/// The job owns its model. It publishes immutable snapshots into one mutex-guarded slot (at most every
/// `publishInterval`), and reads the UI's controls — pause, single step, stop, live settings such as the
/// learning rate or the watched words, a speed limit — between its steps, only through `RunContext`. The
/// UI polls `latest()` each frame and never waits on training; snapshots of a run that was replaced are
/// dropped. A paused job sleeps on a semaphore that every control change signals: it costs no CPU.
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
        /// Live settings set since the job last looked (key → value).
        var live: [String: String] = [:]
        /// Steps per second, or nil for full speed.
        var speed: Double?
        /// Counts the changes: a wake-up that comes with no new change is a leftover signal.
        var generation = 0
    }

    private let queue = DispatchQueue(label: "lectern.training", qos: .userInitiated)
    private let slot = Mutex<Published?>(nil)
    let controls = Mutex(Controls())
    /// Signalled after every change of the controls; a paused job waits on it.
    let wake = DispatchSemaphore(value: 0)
    private let versions = Atomic<Int>(0)
    let publishInterval: Duration

    public init(publishInterval: Duration = .milliseconds(50)) {
        self.publishInterval = publishInterval
    }

    /// Starts `job` as a new run (stopping the one before) and returns its run id.
    @discardableResult
    public func start(paused: Bool = false, speed: Double? = nil,
                      _ job: @escaping @Sendable (RunContext<Snapshot>) -> Void) -> Int {
        let id = change { c -> Int in
            c = Controls(runID: c.runID + 1, paused: paused, speed: speed, generation: c.generation)
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
    public func pause() { change { $0.paused = true } }
    public func resume() { change { $0.paused = false } }
    /// While paused: let the job take one more step.
    public func step() { change { $0.pendingSteps += 1 } }
    public func stop() { change { $0.stopRequested = true } }
    /// A live setting for the job to apply before its next step (a later value for the same key wins).
    public func setLive(_ key: String, _ value: String) { change { $0.live[key] = value } }
    /// Limits the job to about `stepsPerSecond` steps a second; nil runs at full speed.
    public func setSpeed(_ stepsPerSecond: Double?) { change { $0.speed = stepsPerSecond } }
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

    /// Changes the controls under the lock, then wakes a waiting job to look at them.
    @discardableResult
    private func change<T: Sendable>(_ body: (inout sending Controls) -> sending T) -> T {
        let result = controls.withLock { c -> T in
            c.generation += 1
            return body(&c)
        }
        wake.signal()
        return result
    }

    func publish(_ snapshot: Snapshot, runID: Int) {
        let version = versions.add(1, ordering: .relaxed).newValue
        let isCurrent = controls.withLock { $0.runID == runID }
        guard isCurrent else { return }
        slot.withLock { $0 = Published(runID: runID, version: version, snapshot: snapshot) }
    }
}
