import LabKit
import LessonKit
import TerminalUI

/// Which pane takes the arrow keys.
public enum Focus: Sendable, Equatable { case list, lesson }

/// Everything the dashboard shows, in one value. Read by anyone; changed only by `reduce`.
public struct AppState: Sendable {
    public internal(set) var library: LessonLibrary
    public internal(set) var language: String
    /// Index of the open lesson in `lessons`.
    public internal(set) var lessonIndex: Int = 0
    /// Index selected in the lesson list (may differ from the open lesson until Enter).
    public internal(set) var listSelection: Int = 0
    public internal(set) var focus: Focus = .lesson
    public internal(set) var width: Int
    public internal(set) var height: Int
    /// First document line shown in the lesson pane.
    public internal(set) var scroll: Int = 0
    /// The open lesson laid out for the pane: derived from (lesson, language, width, answers) in one place,
    /// `settleDocument`, at the end of every reduce.
    public private(set) var document: LessonDocument = .empty
    public internal(set) var search = SearchState()
    /// What takes the keys: the lesson, or one of the boxes and prompts that open over it.
    public internal(set) var mode: Mode = .reading
    /// A one-line note in the status bar, cleared by the next key.
    public internal(set) var message: String?
    public internal(set) var theme = Theme()
    /// The live labs beside the lesson.
    public internal(set) var labs = LabsState()
    /// Quiz answers, finished lessons and the rest of what is saved between runs.
    public internal(set) var progress = CourseProgress()
    /// Lessons read to their end in this session (one condition of finishing a lesson).
    var reachedEnd: Set<String> = []
    /// Reading positions of lessons left earlier, by lesson id (twins share their block structure, so one
    /// position serves both languages), so coming back resumes there.
    var positions: [String: DocAnchor] = [:]
    /// Where the lesson pane must scroll to once the document is settled (a lesson just opened).
    var pendingAnchor: DocAnchor?

    public init(library: LessonLibrary, language: String, width: Int, height: Int, lessonID: String? = nil) {
        self.library = library
        self.language = LessonLibrary.languages.contains(language) ? language : "en"
        self.width = width
        self.height = height
        if let lessonID, let i = lessons.firstIndex(where: { $0.meta.id == lessonID }) {
            lessonIndex = i
            listSelection = i
        }
        labs.shown = currentLesson?.meta.lab
        settleDocument(keeping: .top)
        _ = updateCompletion(announce: false)
    }

    public var lessons: [Lesson] { library.lessons(in: language) }
    public var currentLesson: Lesson? { lessons.indices.contains(lessonIndex) ? lessons[lessonIndex] : nil }
    public var text: UIText { UIText.for(language) }
    public var layout: DashboardLayout {
        DashboardLayout(width: width, height: height, focus: focus, lab: labs.shown != nil, zoomed: labs.zoomed)
    }

    /// Rows of text the lesson pane shows at once.
    public var pageHeight: Int { max(1, layout.lessonText.height) }
    public var maxScroll: Int { max(0, document.lines.count - pageHeight) }

    /// The anchor of the top line now shown.
    var topAnchor: DocAnchor {
        document.lines.indices.contains(scroll) ? document.lines[scroll].anchor : .top
    }

    /// The width the lesson is laid out at. A hidden lesson pane (the lab zoomed, or the list filling a
    /// narrow screen) keeps the width it last had, so its text and place are right when it comes back.
    var documentWidth: Int { layout.lessonText.width > 0 ? layout.lessonText.width : max(20, document.width) }

    /// Lays the open lesson out again when what it depends on changed (lesson, language, width, answers),
    /// and scrolls to `anchor` (or to a lesson just opened's saved place). The one place `document` changes.
    mutating func settleDocument(keeping anchor: DocAnchor) {
        let pending = pendingAnchor
        pendingAnchor = nil
        guard let lesson = currentLesson else {
            document = .empty
            scroll = 0
            return
        }
        let answers = progress.quizAnswers(lesson: lesson.meta.id)
        let key = LessonDocument.Key(path: lesson.path, width: documentWidth, answers: answers)
        let changed = document.key != key
        if changed {
            document = LessonRenderer(theme: theme, language: language).render(lesson, width: key.width, answers: answers)
            document.key = key
            search.refresh(in: document)
        }
        guard changed || pending != nil else {
            scroll = min(scroll, maxScroll)
            return
        }
        let target = pending ?? anchor
        scroll = target == .top ? 0 : min(document.lineIndex(for: target), maxScroll)
    }

    /// Opens lesson `index` of the current language, resuming where the student left it.
    mutating func open(lessonAt index: Int) {
        guard lessons.indices.contains(index) else { return }
        if let id = currentLesson?.meta.id { positions[id] = topAnchor }
        lessonIndex = index
        listSelection = index
        if let lab = lessons[index].meta.lab { labs.shown = lab }
        pendingAnchor = positions[lessons[index].meta.id] ?? .top
    }
}
