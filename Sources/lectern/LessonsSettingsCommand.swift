import ArgumentParser
import LabKit
import LessonKit

extension LessonsCommand {
    /// `lectern lessons settings [LAB]`: every setting a try block may give, from the labs' own schemas.
    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List each lab's settings for try blocks: name, allowed values, default, live or restart, what it does.")

        @Argument(help: ArgumentHelp("One lab (default: every lab).", valueName: "lab")) var lab: String?
        @Option(help: "Language of the descriptions: zh or en.") var lang = "en"

        func validate() throws {
            if let lab, LabCatalog.standard.lab(named: lab) == nil {
                throw ValidationError("unknown lab '\(lab)' (known: \(LabRegistry.labs.map(\.rawValue).joined(separator: ", ")))")
            }
            guard LessonLibrary.languages.contains(lang) else { throw ValidationError("--lang must be zh or en") }
        }

        func run() {
            for schema in LabCatalog.standard.schemas where lab.map({ schema.lab.rawValue == $0.lowercased() }) ?? true {
                print("\(schema.lab.rawValue) — \(schema.title(lang)); check: metrics \((schema.metrics + ["diverged"]).joined(separator: ", "))")
                for spec in schema.settings {
                    let when = spec.live ? "live" : "restart"
                    let shown = spec.shown ? "" : ", not in the bar"
                    print("  \(spec.key): \(spec.kind.summary) (default \(spec.defaultValue); \(when)\(shown)) — \(spec.help(lang))")
                }
            }
        }
    }
}
