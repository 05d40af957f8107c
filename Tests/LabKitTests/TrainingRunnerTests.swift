import Foundation
import Synchronization
import Testing
@testable import LabKit

/// Polls `condition` until it holds or `seconds` pass (a wait, not a timing assertion).
func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.002)
    }
    return condition()
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func load() -> Int { value.load(ordering: .relaxed) }
    func store(_ n: Int) { value.store(n, ordering: .relaxed) }
    @discardableResult func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}

/// A job that counts its steps and publishes the count, until stopped or `limit` steps.
func countingJob(_ steps: Counter, limit: Int = 1_000_000) -> @Sendable (RunContext<Int>) -> Void {
    { ctx in
        while steps.load() < limit, ctx.beforeStep() {
            let n = steps.increment()  // not inside publish(): its argument is only evaluated when due
            ctx.publish(n)
            Thread.sleep(forTimeInterval: 0.0005)
        }
        ctx.publish(steps.load(), force: true)
    }
}

@Suite(.serialized) struct TrainingRunnerTests {
    @Test func publishesSnapshotsAndStops() {
        let runner = TrainingRunner<Int>(publishInterval: .milliseconds(1))
        let steps = Counter()
        runner.start(countingJob(steps))
        #expect(eventually { (runner.latest()?.snapshot ?? 0) > 10 })
        runner.stop()
        runner.drain()
        let final = runner.latest()!
        #expect(final.snapshot == steps.load())
        #expect(runner.latest(after: final.version) == nil)
    }

    @Test func pauseHoldsAndStepAdvancesByOne() {
        let runner = TrainingRunner<Int>(publishInterval: .milliseconds(1))
        let steps = Counter()
        runner.start(paused: true, countingJob(steps))
        Thread.sleep(forTimeInterval: 0.05)
        #expect(steps.load() == 0)
        runner.step()
        #expect(eventually { steps.load() == 1 })
        Thread.sleep(forTimeInterval: 0.05)
        #expect(steps.load() == 1)
        runner.step()
        runner.step()
        #expect(eventually { steps.load() == 3 })
        runner.resume()
        #expect(eventually { steps.load() > 20 })
        runner.pause()
        // Wait for the step in flight to finish, then the count must stay put.
        #expect(eventually { let a = steps.load(); Thread.sleep(forTimeInterval: 0.02); return a == steps.load() })
        let held = steps.load()
        Thread.sleep(forTimeInterval: 0.05)
        #expect(steps.load() == held)
        runner.stop()
        runner.drain()
    }

    @Test func aNewRunReplacesTheOldAndItsSnapshotsAreDropped() {
        let runner = TrainingRunner<Int>(publishInterval: .milliseconds(1))
        let first = Counter(), second = Counter()
        let id1 = runner.start(countingJob(first))
        #expect(eventually { first.load() > 5 })
        let id2 = runner.start { ctx in
            // The first run must have ended before this one starts: the queue is serial.
            second.store(first.load())
            ctx.publish(-1, force: true)
        }
        #expect(id2 == id1 + 1)
        runner.drain()
        #expect(runner.latest()?.runID == id2)
        #expect(runner.latest()?.snapshot == -1)
        #expect(second.load() == first.load())
    }

    /// A paused job sleeps until a control changes: over 300 ms of pause it wakes only for the changes made
    /// (the old loop polled every 10 ms, about 30 times), and each change still reaches it at once.
    @Test func aPausedJobSleepsUntilAControlChanges() {
        let runner = TrainingRunner<Int>()
        let context = Mutex<RunContext<Int>?>(nil)
        let steps = Atomic<Int>(0)
        runner.start(paused: true) { ctx in
            context.withLock { $0 = ctx }
            while ctx.beforeStep() { steps.add(1, ordering: .relaxed) }
        }
        #expect(eventually { context.withLock { $0 } != nil })
        Thread.sleep(forTimeInterval: 0.3)
        let ctx = context.withLock { $0 }!
        #expect(ctx.pausedWakeups.load(ordering: .relaxed) <= 1, "woke \(ctx.pausedWakeups.load(ordering: .relaxed)) times while nothing changed")
        #expect(steps.load(ordering: .relaxed) == 0)
        runner.step()
        #expect(eventually(2) { steps.load(ordering: .relaxed) == 1 }, "a single step wakes it")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(ctx.pausedWakeups.load(ordering: .relaxed) <= 3)
        runner.stop()
        runner.drain()
        #expect(steps.load(ordering: .relaxed) == 1)
    }

    /// Changes made before a run (speeds chosen, the start itself) leave signals on the semaphore; pacing must
    /// not take them as reasons to step early (it did: four steps at once, then a stall). At 2 steps a second
    /// a run makes at most 2 steps in its first 0.6 s however busy the machine is (slower only makes fewer).
    @Test func leftoverSignalsDoNotHurryAPacedRun() {
        let runner = TrainingRunner<Int>()
        let steps = Atomic<Int>(0)
        runner.setSpeed(5)
        runner.setSpeed(2)
        runner.setLive("lr", "0.1")
        runner.start(speed: 2) { ctx in
            while ctx.beforeStep() { steps.add(1, ordering: .relaxed) }
        }
        Thread.sleep(forTimeInterval: 0.6)
        let early = steps.load(ordering: .relaxed)
        #expect(early >= 1 && early <= 2, "\(early) steps in 0.6 s at 2 steps/s")
        runner.stop()
        runner.drain()
    }

    @Test func learningRateIsDeliveredOnce() {
        let runner = TrainingRunner<Int>()
        let seen = Mutex<[Double]>([])
        runner.start(paused: true) { ctx in
            while ctx.beforeStep() {
                if let lr = ctx.takeLiveChanges()["lr"].flatMap(Double.init) { seen.withLock { $0.append(lr) } }
            }
        }
        runner.setLive("lr", "0.5")
        runner.step()
        runner.step()
        #expect(eventually { seen.withLock { $0 } == [0.5] })
        runner.setLive("lr", "0.25")
        runner.step()
        #expect(eventually { seen.withLock { $0 } == [0.5, 0.25] })
        runner.stop()
        runner.drain()
    }

    @Test func publishingIsRateLimited() {
        let runner = TrainingRunner<Int>(publishInterval: .seconds(60))
        runner.start { ctx in
            for i in 1...1000 { ctx.publish(i) }
        }
        runner.drain()
        // Only the first offer within the interval is kept.
        #expect(runner.latest()?.snapshot == 1)
    }

    @Test func speedLimitSpacesSteps() {
        let runner = TrainingRunner<Int>(publishInterval: .milliseconds(1))
        let steps = Counter()
        let started = Date()
        runner.start(speed: 50, countingJob(steps, limit: 5))
        runner.drain()
        // Five steps at 50 a second are spaced by at least four intervals of 20 ms (a lower bound: sleeps
        // never end early, so this cannot fail on a slow machine).
        #expect(Date().timeIntervalSince(started) >= 0.075)
        #expect(steps.load() == 5)
        #expect(runner.speed == 50)
    }
}
