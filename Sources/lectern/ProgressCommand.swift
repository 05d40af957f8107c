import MLCore
import ArgumentParser
import Foundation
import LessonKit

/// `lectern progress …`: look at or forget the student's saved progress.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show or reset the saved progress (answers, finished lessons, reading places, lab settings).",
        discussion: """
        Progress is kept in progress.json under $LECTERN_STATE_DIR, else $XDG_STATE_HOME/lectern, \
        else ~/.local/state/lectern. A file that cannot be used is moved aside, never overwritten.
        """,
        subcommands: [Show.self, Reset.self, StressWrite.self]
    )

    /// The store the environment names, honouring the root `--no-save`.
    static func store(_ root: LecternCommand) throws -> ProgressStore {
        do { return try ProgressStore(environment: ProcessInfo.processInfo.environment, noSave: root.dashboard.noSave) } catch {
            throw LecternError(error.description)
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise the saved progress; --json prints the file itself.",
            discussion: "Loading is the dashboard's: a corrupt file is moved aside here too, and the notice goes to stderr.")

        @ParentCommand var root: LecternCommand
        @Flag(help: "Print the saved JSON (an empty progress when there is no file).") var json = false

        func run() throws {
            let store = try ProgressCommand.store(root)
            let result = store.load()
            if let notice = result.notice { ProgressCommand.printError(notice) }
            if json {
                if result.outcome == .loaded, let raw = FileManager.default.contents(atPath: store.path) {
                    FileHandle.standardOutput.write(raw)
                } else {
                    FileHandle.standardOutput.write(try result.progress.encoded())
                }
                return
            }
            print(Self.summary(result, store: store))
        }

        static func summary(_ result: ProgressStore.LoadResult, store: ProgressStore) -> String {
            var lines = ["Progress file: \(store.path)"]
            switch result.outcome {
            case .noFile: lines.append("No progress saved yet.")
            case .loaded: break
            case .corrupt, .unknownVersion, .unreadable: lines.append("Starting afresh (see the notice above).")
            }
            if let reason = store.savingDisabledReason { lines.append("Saving: off — \(reason).") }
            let p = result.progress
            if result.outcome == .loaded {
                lines.append("Language: \(p.language ?? "not chosen")")
                var current = p.currentLesson ?? "none"
                if let id = p.currentLesson, let pos = p.positions[id] {
                    current += " (block \(pos.block), character \(pos.offset))"
                }
                lines.append("Current lesson: \(current)")
                let done = p.completed.sorted()
                lines.append("Completed: \(done.count) lesson\(done.count == 1 ? "" : "s")"
                             + (done.isEmpty ? "" : ": " + done.joined(separator: ", ")))
                let tally = p.quizTally
                lines.append("Quiz answers: \(tally.right) right, \(tally.wrong) wrong")
                lines.append("Reading places saved: \(p.positions.count) lesson\(p.positions.count == 1 ? "" : "s")")
                if p.labSettings.isEmpty {
                    lines.append("Lab settings: none saved")
                } else {
                    lines.append("Lab settings:")
                    for lab in p.labSettings.keys.sorted() {
                        let settings = p.labSettings[lab]!.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                        lines.append("  \(lab): " + (settings.isEmpty ? "(defaults)" : settings.joined(separator: ", ")))
                    }
                }
            }
            let aside = store.movedAsideFiles()
            if !aside.isEmpty {
                lines.append("Moved-aside files (kept for you; delete them when you no longer need them):")
                lines += aside.map { "  \($0)" }
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget the saved progress: remove progress.json (and leftover temp files). Asks nothing.")

        @ParentCommand var root: LecternCommand

        func run() throws {
            let store = try ProgressCommand.store(root)
            let removed: [String]
            do { removed = try store.reset() } catch { throw LecternError(error.description) }
            if removed.isEmpty { print("Nothing to remove: \(store.path) does not exist.") }
            for path in removed { print("Removed \(path)") }
            let aside = store.movedAsideFiles()
            if !aside.isEmpty { print("Left \(aside.count) moved-aside file\(aside.count == 1 ? "" : "s") alone: \(aside.joined(separator: ", "))") }
        }
    }

    /// Saves ever-changing progress in a loop, for the kill -9 test in Tests/e2e/progress.sh.
    struct StressWrite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-write",
            abstract: "Save changing progress in a loop until killed (for crash tests).",
            shouldDisplay: false)

        @ParentCommand var root: LecternCommand
        @Option(help: "Stop after this many saves (default: never).") var count: Int?

        func run() throws {
            let store = try ProgressCommand.store(root)
            if count == nil { ProgressCommand.printError("stress-write: saving to \(store.path) until killed") }
            var i = 0
            while count.map({ i < $0 }) ?? true {
                do { try store.save(Self.progress(i)) } catch { throw LecternError(error.description) }
                i += 1
            }
        }

        /// The i-th progress: sizes swing between a few hundred bytes and tens of kilobytes.
        static func progress(_ i: Int) -> CourseProgress {
            var p = CourseProgress(language: i % 2 == 0 ? "en" : "zh", currentLesson: "lesson-\(i % 7)")
            let quizzes = (i * 37) % 400
            for k in 0 ..< quizzes {
                p.quizAnswers[CourseProgress.quizKey(lesson: "lesson-\(k % 9)", index: k)] =
                    QuizAnswer(given: String(repeating: "x", count: (i + k) % 13), correct: (i + k) % 3 != 0, attempts: 1 + k % 4)
            }
            for k in 0 ..< i % 9 { p.positions["lesson-\(k)"] = ReadingPosition(block: i % 50, offset: k * 11) }
            p.completed = Set((0 ..< i % 6).map { "lesson-\($0)" })
            p.labSettings["mlp"] = ["lr": "0.\(i % 97)", "epochs": "\(1 + i % 20)"]
            return p
        }
    }
}
