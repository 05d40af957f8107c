import LabKit
import LessonKit
import TerminalUI

/// What happened, as the dashboard hears it.
public enum Action: Sendable {
    case keyPressed(Key)
    case resized(width: Int, height: Int)
    /// A lab's job published a newer snapshot of its current run.
    case snapshotArrived(Lab, version: Int, LabSnapshot)
    /// Saved progress was read at start: the language, lesson and place (unless the command line chose
    /// them), the answers, the labs' settings.
    case progressRestored(CourseProgress, language: String?, lessonID: String?)
    /// The chart's drawing was chosen on the command line (`--chart`), or by the locale.
    case chartModeChosen(LineChart.Mode)
    /// Something the student should read at once (where a corrupt progress file was moved, …).
    case noticeShown(String)
    /// Saving the progress failed; said once in the status bar.
    case saveFailed(String)
    /// A lab's settings chosen from outside the dashboard's keys (`bench live`).
    case labSettingsChosen(LabSettings)
}

/// What the driver must do after a `reduce`.
public enum Effect: Sendable, Equatable {
    case quit
    /// Repaint every cell (Ctrl-L).
    case redrawAll
    /// Send a command to a lab's training job.
    case run(Lab, RunCommand)
    /// Something that must be kept changed (an answer, a finished lesson, a lab's settings): save now.
    case saveProgress
}
