import ArgumentParser
import Dashboard
import Foundation
import LessonKit

/// The options of `lectern` itself, which opens the dashboard.
struct DashboardOptions: ParsableArguments {
    @OptionGroup var location: LocationOptions

    @Option(help: ArgumentHelp("Lesson to open first, by id (see `lectern lessons list`).", valueName: "id"))
    var lesson: String?

    @Option(help: ArgumentHelp("Language of the lessons: zh or en (default: from LANG).", valueName: "zh|en"))
    var lang: String?

    func validate() throws {
        if let lang, !LessonLibrary.languages.contains(lang) {
            throw ValidationError("--lang must be one of: \(LessonLibrary.languages.joined(separator: ", ")); got '\(lang)'")
        }
    }

    func openDashboard() throws {
        let root: String
        do { root = try ResourceLocator().lessons(explicit: location.lessonsDir) } catch {
            throw LecternError(error.description)
        }
        let library = LessonLibrary.load(from: root)
        let language = lang ?? Self.preferredLanguage(ProcessInfo.processInfo.environment)
        if let lesson, !library.lessons(in: language).contains(where: { $0.meta.id == lesson }) {
            let ids = library.lessons(in: language).map(\.meta.id).joined(separator: ", ")
            throw LecternError("no lesson with id '\(lesson)' in \(language) (known: \(ids))")
        }
        let code = try DashboardLoop(library: library, language: language, lessonID: lesson).run()
        if code != 0 { throw ExitCode(code) }
    }

    /// zh when the user's locale is Chinese, en otherwise.
    static func preferredLanguage(_ env: [String: String]) -> String {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let v = env[key], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? "zh" : "en" }
        }
        return "en"
    }
}
