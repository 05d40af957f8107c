import Dispatch
import MLCore
import Synchronization

/// The job's side of a run, and the only way a job sees the UI's controls: pause and single steps, the
/// speed limit, live settings, and where to publish snapshots.
public final class RunContext<Snapshot: Sendable>: Sendable {
    private let runner: TrainingRunner<Snapshot>
    public let runID: Int
    private let lastPublish = Mutex<ContinuousClock.Instant?>(nil)
    private let lastStep = Mutex<ContinuousClock.Instant?>(nil)
    private let started = ContinuousClock.now
    private let pausedTime = Mutex<Duration>(.zero)
    /// How often a paused `beforeStep` woke up to look at the controls (each wake follows a control change).
    let pausedWakeups = Atomic<Int>(0)

    init(runner: TrainingRunner<Snapshot>, runID: Int) {
        self.runner = runner
        self.runID = runID
    }

    /// True once the UI stopped this run or started another.
    public var isCancelled: Bool {
        runner.controls.withLock { $0.runID != runID || $0.stopRequested }
    }

    /// Steps per second the UI asked for, or nil at full speed.
    public var speed: Double? { runner.speed }

    /// Call before every step. Waits while paused (returning for each single step the UI asks for) and
    /// keeps to the speed limit. Returns false when the run must end. `whilePaused` runs each time a paused
    /// wait wakes for a control change (a live setting, say), so a job can show its effect without a step.
    public func beforeStep(whilePaused: () -> Void = {}) -> Bool {
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
                // Every control change signals `wake`, so a change made after the decision above is not
                // missed: the semaphore keeps the count and this wait returns at once.
                let before = ContinuousClock.now
                runner.wake.wait()
                pausedWakeups.add(1, ordering: .relaxed)
                if !isCancelled { whilePaused() }
                pausedTime.withLock { $0 += ContinuousClock.now - before }
                lastStep.withLock { $0 = nil }
            case .go(let single):
                pace()
                // Paused during the pacing sleep: this step waits too (unless it was asked for by `step()`).
                if !single, runner.isPaused { continue }
                return !isCancelled
            }
        }
    }

    /// After the last step, for a job whose finished model still answers live settings: waits for control
    /// changes until the run is stopped or replaced, calling `onChange` after each wake.
    public func idleUntilCancelled(onChange: () -> Void) {
        while !isCancelled {
            runner.wake.wait()
            if isCancelled { return }
            onChange()
        }
    }

    /// Time since the run started, with the time spent paused left out.
    public var activeElapsed: Duration { ContinuousClock.now - started - pausedTime.withLock { $0 } }

    /// Sleeps so that steps come at most `speed` times a second (when a speed limit is set and not paused).
    private func pace() {
        let (limit, generation) = runner.controls.withLock { ($0.paused ? nil : $0.speed, $0.generation) }
        guard let speed = limit, speed > 0 else { return }
        let interval = Duration.seconds(1 / speed)
        let now = ContinuousClock.now
        let wait = lastStep.withLock { last -> Duration in
            defer { last = max(now, (last ?? now) + interval) }
            guard let last else { return .zero }
            return max(.zero, last + interval - now)
        }
        // Sleeps on the semaphore rather than the clock, so a pause, stop or new speed cuts the wait short; a
        // signal left over from a change made before this wait (the start, an earlier speed) is not one.
        guard wait > .zero else { return }
        let deadline = DispatchTime.now() + wait.inSeconds
        while runner.wake.wait(timeout: deadline) == .success {
            if runner.controls.withLock({ $0.generation }) != generation { return }
        }
    }

    /// The live settings the UI changed since the last call (key → newest value), once.
    public func takeLiveChanges() -> [String: String] {
        runner.controls.withLock { c in
            guard c.runID == runID else { return [:] }
            defer { c.live = [:] }
            return c.live
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
