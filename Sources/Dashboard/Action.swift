import TerminalUI

/// What happened, as the dashboard hears it.
public enum Action: Sendable, Equatable {
    case keyPressed(Key)
    case resized(width: Int, height: Int)
}

/// What the main loop must do after a `reduce`.
public enum Effect: Sendable, Equatable {
    case quit
    /// Repaint every cell (Ctrl-L).
    case redrawAll
}
