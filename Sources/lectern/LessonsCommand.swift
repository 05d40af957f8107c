import MLCore
import LabKit
import ArgumentParser
import Foundation
import LessonKit

/// `lectern lessons …`: work with the lesson files.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Check or list the lesson files, and the settings their try blocks may give.",
        subcommands: [Check.self, List.self, Settings.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every lesson; print path:line: message for each problem; exit 1 if any.",
            discussion: "Also warns (without failing) when a language's multiple-choice quizzes put more than 40 % of their answers on one letter, or the right option is the longest in more than half, and prints those figures for each language.")

        @Argument(help: ArgumentHelp("Lessons folder to check (default: the one lectern finds).", valueName: "dir"))
        var dir: String?
        @ParentCommand var lectern: LecternCommand

        func run() throws {
            let root = try LessonsCommand.root(dir ?? lectern.dashboard.location.lessonsDir)
            let library = LessonLibrary.load(from: root, labs: .standard)
            let problems = library.diagnostics
            for d in problems { print(d) }
            // Warnings do not fail the check; the balance figures are printed for every language.
            for w in library.warnings { print("\(w.path): \(w.message)") }
            for lang in LessonLibrary.languages {
                FileHandle.standardError.write(Data("\(lang): \(QuizBalance(library.lessons(in: lang)).summary)\n".utf8))
            }
            let counts = LessonLibrary.languages.map { "\(library.lessons(in: $0).count) \($0)" }.joined(separator: ", ")
            let summary = "checked \(counts) lessons in \(root): \(problems.count) problem\(problems.count == 1 ? "" : "s")"
            FileHandle.standardError.write(Data((summary + "\n").utf8))
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons: order, id, title, lab.")

        @Argument(help: ArgumentHelp("Lessons folder (default: the one lectern finds).", valueName: "dir"))
        var dir: String?
        @ParentCommand var lectern: LecternCommand

        func run() throws {
            let library = LessonLibrary.load(from: try LessonsCommand.root(dir ?? lectern.dashboard.location.lessonsDir), labs: .standard)
            for lang in LessonLibrary.languages {
                for l in library.lessons(in: lang) {
                    print([lang, l.meta.orderLabel, l.meta.id, l.meta.title, l.meta.lab?.rawValue ?? "-"].joined(separator: "\t"))
                }
            }
        }
    }

    static func root(_ dir: String?) throws -> String {
        do { return try ResourceLocator().lessons(explicit: dir) } catch { throw LecternError(error.description) }
    }
}
