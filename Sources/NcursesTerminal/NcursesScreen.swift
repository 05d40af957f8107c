import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TerminalUI

/// The real terminal, through ncursesw. The only type in Lectern that touches curses.
///
/// Not thread-safe: create, use and stop it on the main thread. `stop()` runs once, whatever the exit path.
public final class NcursesScreen {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case unknownTerminal(String)
        public var description: String {
            switch self {
            case .notATerminal: return "lectern needs a terminal (standard input and output must be a TTY)"
            case .unknownTerminal(let term):
                return "cannot start the screen for TERM='\(term)': unknown terminal type (try TERM=xterm-256color)"
            }
        }
    }

    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: ScreenBuffer?
    private var stopped = false
    private let colorEnabled: Bool
    private var pairs: [UInt16: Int16] = [:]

    /// Starts curses: raw keys, no echo, keypad, mouse wheel, and colours unless `color` is false.
    public init(color: Bool) throws(StartError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        guard let w = lectern_start_curses() else {
            throw .unknownTerminal(getenv("TERM").map { String(cString: $0) } ?? "")
        }
        window = w
        cbreak()
        noecho()
        nonl()
        keypad(w, true)
        _ = set_escdelay(25)
        curs_set(0)
        mousemask(lectern_wheel_up_mask() | lectern_wheel_down_mask(), nil)
        mouseinterval(0)
        var useColor = false
        if color, has_colors() {
            start_color()
            use_default_colors()
            useColor = lectern_colors() >= 8
        }
        colorEnabled = useColor
    }

    deinit { stop() }

    /// Columns and rows of the terminal now.
    public var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Ends curses and restores the terminal. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
    }

    /// Leaves curses for a moment (Ctrl-Z); call `resume()` when the process continues.
    public func suspend() { endwin() }

    /// Back from a suspend: repaint everything.
    public func resume() {
        refresh()
        previous = nil
        clearok(window, true)
    }

    /// Forgets what is on screen so the next `draw` repaints every cell (after a resize).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    /// Waits up to `timeoutMs` for input; nil on timeout or an input Lectern does not use.
    /// `.resize` events are reported through `resized`.
    public func readKey(timeoutMs: Int32) -> TerminalEvent? {
        wtimeout(window, timeoutMs)
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == ERR { return nil }
        if rc == KEY_CODE_YES {
            let code = Int32(ch)
            if code == KEY_RESIZE { return .resized }
            if code == KEY_MOUSE {
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                if event.bstate & lectern_wheel_up_mask() != 0 { return .key(.wheelUp) }
                if event.bstate & lectern_wheel_down_mask() != 0 { return .key(.wheelDown) }
                return nil
            }
            return KeyDecoder.functionKey(code).map(TerminalEvent.key)
        }
        return KeyDecoder.character(UInt32(ch)).map(TerminalEvent.key)
    }

    /// Draws the cells of `buffer` that changed since the last draw.
    public func draw(_ buffer: ScreenBuffer) {
        if previous.map({ $0.width != buffer.width || $0.height != buffer.height }) ?? false {
            clearok(window, true)
        }
        for change in buffer.changes(since: previous) {
            var cc = cchar_t()
            var chars: [wchar_t] = change.cell.symbol.unicodeScalars.prefix(Int(CCHARW_MAX) - 1).map { wchar_t(bitPattern: $0.value) }
            if chars.isEmpty { chars = [0x20] }
            chars.append(0)
            let (attrs, pair) = curses(change.cell.style)
            _ = setcchar(&cc, chars, attrs, pair, nil)
            _ = mvwadd_wch(window, Int32(change.y), Int32(change.x), &cc)
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
    }

    private func curses(_ style: Style) -> (attr_t, Int16) {
        var a = lectern_a_normal()
        if style.attributes.contains(.bold) { a |= lectern_a_bold() }
        if style.attributes.contains(.dim) { a |= lectern_a_dim() }
        if style.attributes.contains(.underline) { a |= lectern_a_underline() }
        if style.attributes.contains(.reverse) { a |= lectern_a_reverse() }
        if style.attributes.contains(.italic) { a |= lectern_a_italic() }
        guard colorEnabled, style.fg != .default || style.bg != .default else { return (a, 0) }
        return (a, pair(fg: style.fg, bg: style.bg))
    }

    private func pair(fg: TermColor, bg: TermColor) -> Int16 {
        let key = UInt16(fg.rawValue) << 8 | UInt16(bg.rawValue)
        if let p = pairs[key] { return p }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < lectern_color_pairs() else { return 0 }
        func curses(_ c: TermColor) -> Int16 { c == .default ? -1 : Int16(c.rawValue) }
        init_pair(next, curses(fg), curses(bg))
        pairs[key] = next
        return next
    }
}

/// What `NcursesScreen.readKey` reports.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resized
}
