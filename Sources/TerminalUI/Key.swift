/// A key press or other input event, independent of the terminal library that read it.
public enum Key: Sendable, Hashable {
    case char(Character)
    /// Ctrl plus a letter, e.g. `.ctrl("l")` for Ctrl-L.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace, delete
    case function(Int)
    case wheelUp, wheelDown
}
