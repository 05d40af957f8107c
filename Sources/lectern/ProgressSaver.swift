import Dashboard
import Foundation
import LessonKit

/// Saves the dashboard's course progress: at once when an answer or a finished lesson changes it, at
/// most every few seconds for reading positions, and once more on the way out. Never fails the
/// dashboard: a save that cannot be made is said once in the status bar.
struct ProgressSaver {
    let store: ProgressStore?
    private var lastSaved: CourseProgress?
    private var lastTime = ContinuousClock.now
    private var reported = false
    static let interval: Duration = .seconds(3)

    init(store: ProgressStore?, loaded: CourseProgress) {
        self.store = store
        lastSaved = loaded
    }

    /// Saves if something changed and it is due (`now`: answers and completions; else every few seconds).
    /// Returns a message for the student when saving failed (once per session).
    mutating func save(_ state: AppState, now: Bool) -> String? {
        guard let store else { return nil }
        let finishedLesson = state.progress.completed != lastSaved?.completed
        guard now || finishedLesson || ContinuousClock.now - lastTime >= Self.interval else { return nil }
        let progress = state.progressToSave
        guard progress != lastSaved else { return nil }
        lastTime = ContinuousClock.now
        do {
            _ = try store.save(progress)
            lastSaved = progress
            return nil
        } catch {
            lastSaved = progress  // do not retry every key; the next change tries again
            if reported { return nil }
            reported = true
            return "\(state.courseText.notSaved): \(error.description)"
        }
    }
}
