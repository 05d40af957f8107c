import Dashboard
import Foundation
import LessonKit
import NcursesTerminal
import TerminalUI

/// The main loop: keys and signals in, state reduced, the screen redrawn only when something changed.
struct DashboardLoop {
    var library: LessonLibrary
    var language: String
    var lessonID: String?

    /// Runs until the student quits; returns the process exit code (128 + signal when killed by one).
    func run() throws -> Int32 {
        let signals = SignalWatcher()
        TerminalLocale.ensureUTF8()
        let color = ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } ?? true
        let screen: NcursesScreen
        do { screen = try NcursesScreen(color: color) } catch { throw LecternError(error.description) }
        defer { screen.stop() }

        var size = screen.size
        var state = AppState(library: library, language: language, width: size.width, height: size.height,
                             lessonID: lessonID)
        var dirty = true
        while true {
            for (sig, code) in [(SIGINT, Int32(130)), (SIGTERM, 143), (SIGHUP, 129), (SIGQUIT, 131)] where signals.take(sig) {
                return code
            }
            if signals.take(SIGTSTP) {
                screen.suspend()
                signals.suspendProcess()
                screen.resume()
                dirty = true
            }
            if dirty {
                var buffer = ScreenBuffer(width: size.width, height: size.height)
                Screen.render(state, into: &buffer)
                screen.draw(buffer)
                dirty = false
            }
            guard let event = screen.readKey(timeoutMs: 100) else { continue }
            let effects: [Effect]
            switch event {
            case .resized:
                size = screen.size
                screen.invalidate()
                effects = state.reduce(.resized(width: size.width, height: size.height))
            case .key(let key):
                effects = state.reduce(.keyPressed(key))
            }
            dirty = true
            for effect in effects {
                switch effect {
                case .quit: return 0
                case .redrawAll: screen.invalidate()
                }
            }
        }
    }
}

/// A failure reported to the user as one clear sentence, exit code 1.
struct LecternError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
