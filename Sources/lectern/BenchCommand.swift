import ArgumentParser
import Dashboard
import Foundation
import LessonKit
import TerminalUI

/// `lectern bench …`: measure the engine and print JSON.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Lectern and print the results as JSON.",
        subcommands: [UI.self]
    )

    struct UI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ui",
            abstract: "Frame render time: the lesson screen drawn into a buffer and diffed, scrolling one line a frame.",
            discussion: "Takes lectern's --lessons, --lang (default zh) and --lesson (default: the longest lesson).")

        @ParentCommand var root: LecternCommand
        @Option(help: "Screen columns.") var width = 120
        @Option(help: "Screen rows.") var height = 40
        @Option(help: "Frames to time.") var renders = 1000

        func run() throws {
            guard renders > 0, width > 0, height > 0 else { throw ValidationError("sizes and --renders must be positive") }
            let options = root.dashboard
            let lang = options.lang ?? "zh"
            let library = LessonLibrary.load(from: try LessonsCommand.root(options.location.lessonsDir))
            let lessons = library.lessons(in: lang)
            guard !lessons.isEmpty else { throw LecternError("no lessons in \(lang)") }
            let longest = lessons.max { $0.blocks.count < $1.blocks.count }!
            let id = options.lesson ?? longest.meta.id
            var state = AppState(library: library, language: lang, width: width, height: height, lessonID: id)
            var previous: ScreenBuffer?
            var times: [Double] = []
            times.reserveCapacity(renders)
            var changed = 0
            let clock = ContinuousClock()
            for _ in 0..<renders {
                let start = clock.now
                var buffer = ScreenBuffer(width: width, height: height)
                Screen.render(state, into: &buffer)
                changed += buffer.changes(since: previous).count
                let elapsed = clock.now - start
                times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
                previous = buffer
                _ = state.reduce(.keyPressed(state.scroll >= state.maxScroll ? .home : .down))
            }
            times.sort()
            let relayout = clock.measure {
                _ = state.reduce(.resized(width: width - 1, height: height))
                _ = state.reduce(.resized(width: width, height: height))
            }
            let result: [String: Any] = [
                "benchmark": "ui", "width": width, "height": height, "renders": renders, "lesson": id, "lang": lang,
                "median_ms": times[times.count / 2], "p95_ms": times[times.count * 95 / 100],
                "max_ms": times.last!, "mean_cells_changed": Double(changed) / Double(renders),
                "relayout_twice_ms": Double(relayout.components.attoseconds) / 1e15,
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
