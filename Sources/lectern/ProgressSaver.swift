import Dashboard
import Dispatch
import Foundation
import LessonKit
import Synchronization

/// Saves the dashboard's course progress: at once when an answer or a finished lesson changes it, at
/// most every few seconds for reading positions, and once more on the way out. The writing (a temporary
/// file, two fsyncs, a rename) happens on a queue of its own, so a slow disk never stalls a key; saves
/// queued while one is running are written in order. Never fails the dashboard: a save that cannot be
/// made is said once in the status bar.
struct ProgressSaver {
    let store: ProgressStore?
    private var lastSaved: CourseProgress?
    private var lastTime = ContinuousClock.now
    private let queue = DispatchQueue(label: "lectern.progress", qos: .utility)
    /// The first failure seen by the queue, until the loop has shown it.
    private let failure = FailureBox()
    private var reported = false
    static let interval: Duration = .seconds(3)

    init(store: ProgressStore?, loaded: CourseProgress) {
        self.store = store
        lastSaved = loaded
    }

    /// Queues a save if something changed and it is due (`now`: answers; finished lessons also go at once,
    /// places every few seconds). Returns a message for the student when an earlier save failed (once).
    mutating func save(_ state: AppState, now: Bool) -> String? {
        let problem = takeFailure(state)
        guard let store else { return problem }
        let finishedLesson = state.progress.completed != lastSaved?.completed
        guard now || finishedLesson || ContinuousClock.now - lastTime >= Self.interval else { return problem }
        let progress = state.progressToSave
        guard progress != lastSaved else { return problem }
        lastTime = ContinuousClock.now
        lastSaved = progress  // a failed save is not retried every key; the next change tries again
        let failure = self.failure
        queue.async {
            do { _ = try store.save(progress) } catch {
                failure.value.withLock { if $0 == nil { $0 = "\(error)" } }
            }
        }
        return problem
    }

    /// Waits for the queued saves (on the way out).
    func finish() { queue.sync {} }

    private mutating func takeFailure(_ state: AppState) -> String? {
        guard !reported, let why = failure.value.withLock({ $0 }) else { return nil }
        reported = true
        return "\(state.courseText.notSaved): \(why)"
    }
}

/// A mutex-guarded message shared between the saver and its queue.
final class FailureBox: Sendable {
    let value = Mutex<String?>(nil)
}
