import MLCore
import LessonKit
import Foundation
import ArgumentParser

@main
struct LecternCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "A terminal classroom for the ideas behind large AI models.",
        discussion: """
        Without a subcommand, opens the dashboard: lessons in Chinese and English in a full-screen \
        reader. Keys: ↑↓ scroll, ←→ lesson, Tab focus, / search, L language, ? help, q quit. \
        --corpus NAME|FILE picks the language-model lab's corpus: \(LMCorpus.shipped.joined(separator: ", ")) or a \
        UTF-8 text file (.gz or plain).

        Lessons/ and assets/ are found from --lessons/--assets, then LECTERN_LESSONS/LECTERN_ASSETS, \
        then the current directory and its parents, the executable's directory and its parents, \
        and finally PREFIX/share/lectern. NO_COLOR turns colours off.
        """,
        version: version,
        subcommands: [LessonsCommand.self, TrainCommand.self, SampleCommand.self, VectorsCommand.self, TokenizeCommand.self, GradCheckCommand.self, BenchCommand.self, ProgressCommand.self]
    )

    @OptionGroup var dashboard: DashboardOptions

    static func main() {
        BLASKernelChoice.restartWithWiderKernelsIfUseful()
        main(DashboardArguments.rewritten(Array(CommandLine.arguments.dropFirst()), subcommands: DashboardArguments.subcommandNames))
    }

    func run() throws { try dashboard.openDashboard() }
}

/// Options that say where Lectern's files are.
struct LocationOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("lessons"), help: ArgumentHelp("Folder with the lesson files (Lessons/).", valueName: "dir"))
    var lessonsDir: String?

    @Option(name: .customLong("assets"), help: ArgumentHelp("Folder with the lab data (assets/).", valueName: "dir"))
    var assetsDir: String?
}

extension LocationOptions {
    /// A path inside the assets folder found as `ResourceLocator` describes, or a one-sentence error.
    func asset(_ relative: String) throws -> String {
        do {
            return (try ResourceLocator().assets(explicit: assetsDir) as NSString).appendingPathComponent(relative)
        } catch {
            throw LecternError(error.description)
        }
    }
}
