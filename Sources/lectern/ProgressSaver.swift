import Dispatch
import LessonKit
import Synchronization

/// Saves the course progress: at once when `reduce` said something that must be kept changed (an answer,
/// a finished lesson, a lab's settings), at most every few seconds for reading positions, and once more on
/// the way out. The writing (a temporary file, two fsyncs, a rename) happens on a queue of its own, so a
/// slow disk never stalls a key; saves queued while one is running are written in order. Never fails the
/// dashboard: a save that cannot be made is told once, through `takeFailure`.
struct ProgressSaver {
    let store: ProgressStore?
    private var lastSaved: CourseProgress?
    private var lastTime: ContinuousClock.Instant
    private let queue = DispatchQueue(label: "lectern.progress", qos: .utility)
    /// The first failure seen by the queue, until the loop has shown it.
    private let failure = FailureBox()
    private var reported = false
    static let interval: Duration = .seconds(3)

    init(store: ProgressStore?, loaded: CourseProgress, now: ContinuousClock.Instant = .now) {
        self.store = store
        lastSaved = loaded
        lastTime = now
    }

    /// Queues a save when `progress` differs from the last one saved and it is due: `urgent` (reduce asked
    /// for it), or `interval` since the last save. Returns whether one was queued.
    @discardableResult
    mutating func save(_ progress: CourseProgress, now urgent: Bool, at time: ContinuousClock.Instant = .now) -> Bool {
        guard let store, urgent || time - lastTime >= Self.interval, progress != lastSaved else { return false }
        lastTime = time
        lastSaved = progress  // a failed save is not retried every key; the next change tries again
        let failure = self.failure
        queue.async {
            do { _ = try store.save(progress) } catch {
                failure.value.withLock { if $0 == nil { $0 = "\(error)" } }
            }
        }
        return true
    }

    /// Waits for the queued saves (on the way out, and in tests).
    func finish() { queue.sync {} }

    /// Why the first failed save failed, once.
    mutating func takeFailure() -> String? {
        guard !reported, let why = failure.value.withLock({ $0 }) else { return nil }
        reported = true
        return why
    }
}

/// A mutex-guarded message shared between the saver and its queue.
final class FailureBox: Sendable {
    let value = Mutex<String?>(nil)
}
