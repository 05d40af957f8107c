import Foundation

/// The lessons of every language found under a `Lessons/` folder.
public struct LessonLibrary: Sendable {
    /// The languages Lectern ships, in the order `L` cycles through them.
    public static let languages = ["zh", "en"]

    public var root: String
    /// Lessons per language, sorted by chapter order.
    public var lessons: [String: [Lesson]]
    /// Problems that belong to no single lesson (a missing folder, a duplicate id).
    public var folderDiagnostics: [Diagnostic]

    public init(root: String, lessons: [String: [Lesson]], folderDiagnostics: [Diagnostic] = []) {
        self.root = root
        self.lessons = lessons
        self.folderDiagnostics = folderDiagnostics
    }

    /// Every problem, lesson by lesson, then the folder's own.
    public var diagnostics: [Diagnostic] {
        Self.languages.flatMap { lessons[$0, default: []].flatMap(\.diagnostics) } + folderDiagnostics
    }

    public func lessons(in language: String) -> [Lesson] { lessons[language, default: []] }

    /// Reads `root/<lang>/*.md` for every language, checking try blocks and check quizzes against `labs`.
    /// Unreadable files become diagnostics, never a failure.
    public static func load(from root: String, labs: LabCatalog) -> LessonLibrary {
        var result: [String: [Lesson]] = [:]
        var folder: [Diagnostic] = []
        let fm = FileManager.default
        for lang in languages {
            let dir = (root as NSString).appendingPathComponent(lang)
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
                folder.append(Diagnostic(path: dir, line: 0, message: "no lesson folder for language '\(lang)'"))
                continue
            }
            var list: [Lesson] = []
            for name in names.sorted() where name.hasSuffix(".md") {
                let path = (dir as NSString).appendingPathComponent(name)
                guard let data = fm.contents(atPath: path) else {
                    folder.append(Diagnostic(path: path, line: 0, message: "cannot read file"))
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    folder.append(Diagnostic(path: path, line: 0, message: "not valid UTF-8"))
                    continue
                }
                var lesson = LessonParser.parse(text, path: path, labs: labs)
                lesson.diagnostics += mathDiagnostics(lesson)
                list.append(lesson)
            }
            list.sort {
                $0.meta.order != $1.meta.order
                    ? $0.meta.order.lexicographicallyPrecedes($1.meta.order) : $0.path < $1.path
            }
            var seen: [String: String] = [:]
            for lesson in list {
                if let other = seen[lesson.meta.id] {
                    folder.append(Diagnostic(path: lesson.path, line: 1, message: "duplicate id '\(lesson.meta.id)' (also in \(other))"))
                }
                seen[lesson.meta.id] = lesson.path
            }
            result[lang] = list
        }
        folder += twinDiagnostics(result)
        return LessonLibrary(root: root, lessons: result, folderDiagnostics: folder)
    }
}
