import Dashboard
import LabKit
import LessonKit
import TerminalUI

/// The one pass of the dashboard, used by the real loop and by `bench live`: the labs' newest snapshots,
/// then what happened (a key, a resize, a notice), through `reduce`; the lab commands it returns go to
/// the engine; the screen is drawn when anything changed. What is left (quit, redraw, save) goes back to
/// the caller.
struct DashboardDriver {
    private(set) var state: AppState
    let engine: LabEngine
    private var dirty = true

    init(state: AppState, engine: LabEngine) {
        self.state = state
        self.engine = engine
    }

    /// Whether a run streams snapshots now (the loop then polls about 30 times a second).
    var isLive: Bool { state.labs.runs.values.contains { $0.isRunning && !$0.paused } }

    /// Marks the screen as needing a draw (after the terminal was resumed or cleared).
    mutating func invalidate() { dirty = true }

    /// One pass: poll → reduce → effects → render. `draw` gets the state to show, only when it changed.
    mutating func pass(_ action: Action?, draw: (AppState) -> Void) -> [Effect] {
        let versions = Dictionary(uniqueKeysWithValues: state.labs.runs.map { ($0.key, $0.value.version) })
        var effects: [Effect] = []
        for (lab, published) in engine.poll(after: versions) {
            effects += state.reduce(.snapshotArrived(lab, version: published.version, published.snapshot))
            dirty = true
        }
        if let action {
            effects += state.reduce(action)
            dirty = true
        }
        var left: [Effect] = []
        for effect in effects {
            if case .run(let lab, let command) = effect { engine.perform(lab, command) } else { left.append(effect) }
        }
        if dirty {
            draw(state)
            dirty = false
        }
        return left
    }
}
