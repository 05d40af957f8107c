import LessonKit
import TerminalUI

/// What happened, as the dashboard hears it.
public enum Action: Sendable {
    case keyPressed(Key)
    case resized(width: Int, height: Int)
    /// A lab's job published a newer snapshot of its current run.
    case snapshotArrived(Lab, version: Int, LabSnapshot)
}

/// What the main loop must do after a `reduce`.
public enum Effect: Sendable, Equatable {
    case quit
    /// Repaint every cell (Ctrl-L).
    case redrawAll
    /// Send a command to a lab's training job.
    case run(Lab, RunCommand)
    /// Tell the Word2Vec job which words to watch from now on.
    case watch([String])
    /// The course progress changed: save it (the loop decides when).
    case saveProgress
}
