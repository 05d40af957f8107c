import MLCore
import ArgumentParser
import Dashboard
import LabKit
import Foundation
import LessonKit
import TerminalUI

/// The options of `lectern` itself, which opens the dashboard.
struct DashboardOptions: ParsableArguments {
    @OptionGroup var location: LocationOptions

    @Option(help: ArgumentHelp("Lesson to open first, by id (see `lectern lessons list`).", valueName: "id"))
    var lesson: String?

    @Option(help: ArgumentHelp("Language of the lessons: zh or en (default: from LANG).", valueName: "zh|en"))
    var lang: String?

    @Option(help: ArgumentHelp("How charts are drawn: braille, blocks or ascii (default: braille, ascii when the locale is not UTF-8).", valueName: "mode"))
    var chart: String?

    @Option(help: ArgumentHelp("Append one line per key and per frame to this file: when the key was read and when the screen showed its effect (for latency measurements).", valueName: "path"))
    var traceInput: String?

    /// `--corpus` on the command line (see `DashboardArguments`, and the root command's discussion).
    @Option(name: .customLong("dashboard-corpus"), help: .hidden)
    var corpus: String?

    @Flag(help: "A throw-away session: read the saved progress but write nothing.")
    var noSave = false

    func validate() throws {
        if let chart, !["braille", "blocks", "ascii"].contains(chart) {
            throw ValidationError("--chart must be braille, blocks or ascii; got '\(chart)'")
        }
        if let lang, !LessonLibrary.languages.contains(lang) {
            throw ValidationError("--lang must be one of: \(LessonLibrary.languages.joined(separator: ", ")); got '\(lang)'")
        }
    }

    func openDashboard() throws {
        let root: String
        do { root = try ResourceLocator().lessons(explicit: location.lessonsDir) } catch {
            throw LecternError(error.description)
        }
        let library = LessonLibrary.load(from: root, labs: .standard)
        let language = lang ?? Self.preferredLanguage(ProcessInfo.processInfo.environment)
        if let lesson, !library.lessons(in: language).contains(where: { $0.meta.id == lesson }) {
            let ids = library.lessons(in: language).map(\.meta.id).joined(separator: ", ")
            throw LecternError("no lesson with id '\(lesson)' in \(language) (known: \(ids))")
        }
        let location = self.location
        let resources = LabResources(locate: { name in
            do { return try location.asset(name) } catch { throw LecternError("\(error)") }
        })
        let env = ProcessInfo.processInfo.environment
        let mode: LineChart.Mode
        switch chart {
        case "ascii"?: mode = .ascii
        case "blocks"?: mode = .blocks
        case "braille"?: mode = .braille
        default: mode = Self.localeIsUTF8(env) ? .braille : .ascii
        }
        var loop = DashboardLoop(library: library, language: language, lessonID: lesson, resources: resources)
        loop.languageChosen = lang != nil
        do {
            let store = try ProgressStore(environment: env, noSave: noSave)
            let loaded = store.load()
            loop.store = store
            loop.saved = loaded.progress
            loop.notice = loaded.notice
        } catch {
            // No usable state directory (no HOME, say): a session that saves nothing, and says so.
            loop.notice = "\(CourseText.for(language).notSaved): \(error)"
        }
        loop.chartMode = mode
        loop.tracePath = traceInput
        if let corpus { loop.chosen.append((.lm, "corpus", try Self.corpusSetting(corpus))) }
        let code = try loop.run()
        if code != 0 { throw ExitCode(code) }
    }

    /// The lab's corpus setting for `--corpus`: a shipped name as it is, a file by its absolute path (so the
    /// saved setting still finds it from another directory); refused, with the lab's reason, before the screen opens.
    static func corpusSetting(_ value: String) throws -> String {
        var setting = value
        if !LMCorpus.shipped.contains(value) {
            let path = (value as NSString).expandingTildeInPath
            setting = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }
        var check = LabSettings(lab: .lm)
        if let problem = check.set("corpus", setting) { throw ValidationError("--corpus: \(problem)") }
        return setting
    }

    /// Whether the user's own locale (before any fallback) is UTF-8: the first of LC_ALL, LC_CTYPE, LANG set.
    static func localeIsUTF8(_ env: [String: String]) -> Bool {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = env[key], !v.isEmpty {
                let l = v.lowercased()
                return l.contains("utf-8") || l.contains("utf8")
            }
        }
        return false
    }

    /// zh when the user's locale is Chinese, en otherwise.
    static func preferredLanguage(_ env: [String: String]) -> String {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let v = env[key], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? "zh" : "en" }
        }
        return "en"
    }
}
