import Dashboard
import Foundation
import LabKit
import LessonKit
import MLCore
import NcursesTerminal
import TerminalUI

/// The main loop: keys, signals and training snapshots in, the screen redrawn only when something changed.
/// Training runs on background queues; this loop never waits for it.
struct DashboardLoop {
    var library: LessonLibrary
    var language: String
    var lessonID: String?
    var resources: LabResources
    var chartMode: LineChart.Mode = .braille
    /// Where to write the key-latency trace, if anywhere.
    var tracePath: String?
    /// Where progress is kept (nil: nowhere), what was loaded from it, and what to tell the student about it.
    var store: ProgressStore?
    var saved = CourseProgress()
    var notice: String?
    /// Whether `language` / `lessonID` were chosen on the command line (they win over the saved ones).
    var languageChosen = false
    /// Lab settings given on the command line (`--corpus`): they win over the saved ones.
    var chosen: [(lab: Lab, key: String, value: String)] = []

    /// Key timeout while nothing trains, and while a run streams snapshots (about 30 frames a second).
    static let idleTimeoutMs: Int32 = 100
    static let liveTimeoutMs: Int32 = 33

    /// Runs until the student quits; returns the process exit code (128 + signal when killed by one).
    func run() throws -> Int32 {
        let signals = SignalWatcher()
        TerminalLocale.ensureUTF8()
        let color = ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } ?? true
        let screen: NcursesScreen
        do { screen = try NcursesScreen(color: color) } catch { throw LecternError(error.description) }
        // Training gets one core and the screen the other; and OpenBLAS's own worker threads, which can
        // deadlock the process exit while a job is inside a product, are never started.
        BLAS.threads = 1
        let engine = LabEngine(resources: resources)
        var trace = InputTrace(path: tracePath)
        defer {
            screen.stop()
            engine.shutdown(timeout: .seconds(2))
            trace.write()
        }

        var size = screen.size
        var state = AppState(library: library, language: language, width: size.width, height: size.height,
                             lessonID: lessonID)
        _ = state.reduce(.chartModeChosen(chartMode))
        _ = state.reduce(.progressRestored(saved, language: languageChosen ? language : nil, lessonID: lessonID))
        for (lab, key, value) in chosen {
            var settings = state.labs[lab].settings
            if settings.set(key, value) == nil { _ = state.reduce(.labSettingsChosen(settings)) }
        }
        if let notice { _ = state.reduce(.noticeShown(notice)) }
        var driver = DashboardDriver(state: state, engine: engine)
        var saver = ProgressSaver(store: store, loaded: saved)
        defer {
            saver.save(driver.state.progressToSave, now: true)
            saver.finish()
        }
        var pendingKey: (name: String, read: UInt64)?
        func draw(_ state: AppState) {
            let started = InputTrace.now()
            var buffer = ScreenBuffer(width: size.width, height: size.height)
            Screen.render(state, into: &buffer)
            screen.draw(buffer)
            let drawn = InputTrace.now()
            if let key = pendingKey { trace.key(key.name, read: key.read, drawn: drawn) }
            trace.frame(started: started, drawn: drawn)
            pendingKey = nil
        }
        var next: Action?
        while true {
            for (sig, code) in [(SIGINT, Int32(130)), (SIGTERM, 143), (SIGHUP, 129), (SIGQUIT, 131)] where signals.take(sig) {
                return code
            }
            if signals.take(SIGTSTP) {
                screen.suspend()
                signals.suspendProcess()
                screen.resume()
                driver.invalidate()
            }
            let effects = driver.pass(next, draw: draw)
            next = nil
            saver.save(driver.state.progressToSave, now: effects.contains(.saveProgress))
            for effect in effects {
                switch effect {
                case .quit: return 0
                case .redrawAll: screen.invalidate()
                case .saveProgress, .run: break
                }
            }
            // A failed save is told at once, in the next pass (without waiting for a key).
            if let why = saver.takeFailure() { next = .saveFailed("\(driver.state.courseText.notSaved): \(why)"); continue }
            guard let event = screen.readKey(timeoutMs: driver.isLive ? Self.liveTimeoutMs : Self.idleTimeoutMs) else { continue }
            switch event {
            case .resized:
                size = screen.size
                screen.invalidate()
                next = .resized(width: size.width, height: size.height)
            case .key(let key):
                if trace.isOn { pendingKey = ("\(key)", InputTrace.now()) }
                next = .keyPressed(key)
            }
        }
    }
}
