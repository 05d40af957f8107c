import LessonKit
import TerminalUI

/// Which pane takes the arrow keys.
public enum Focus: Sendable, Equatable { case list, lesson }

/// Everything the dashboard shows, in one value. Changed only by `reduce`.
public struct AppState: Sendable {
    public var library: LessonLibrary
    public var language: String
    /// Index of the open lesson in `lessons`.
    public var lessonIndex: Int = 0
    /// Index selected in the lesson list (may differ from the open lesson until Enter).
    public var listSelection: Int = 0
    public var focus: Focus = .lesson
    public var width: Int
    public var height: Int
    /// First document line shown in the lesson pane.
    public var scroll: Int = 0
    public var document: LessonDocument = .empty
    public var search = SearchState()
    public var showHelp = false
    public var helpScroll = 0
    /// A one-line note in the status bar, cleared by the next key.
    public var message: String?
    public var theme = Theme()
    /// The live labs beside the lesson.
    public var panel = LabPanel()
    /// Quiz answers, finished lessons and the rest of what is saved between runs.
    public var progress = CourseProgress()
    /// Lessons read to their end in this session (one condition of finishing a lesson).
    var reachedEnd: Set<String> = []
    /// Reading positions of lessons left earlier, by lesson id (twins share their block structure, so one
    /// position serves both languages), so coming back resumes there.
    var positions: [String: DocAnchor] = [:]

    public init(library: LessonLibrary, language: String, width: Int, height: Int, lessonID: String? = nil) {
        self.library = library
        self.language = LessonLibrary.languages.contains(language) ? language : "en"
        self.width = width
        self.height = height
        if let lessonID, let i = lessons.firstIndex(where: { $0.meta.id == lessonID }) {
            lessonIndex = i
            listSelection = i
        }
        panel.shown = currentLesson?.meta.lab
        relayout(keeping: .top)
        updateCompletion(announce: false)
    }

    public var lessons: [Lesson] { library.lessons(in: language) }
    public var currentLesson: Lesson? { lessons.indices.contains(lessonIndex) ? lessons[lessonIndex] : nil }
    public var text: UIText { UIText.for(language) }
    public var layout: DashboardLayout {
        DashboardLayout(width: width, height: height, focus: focus, lab: panel.shown != nil, zoomed: panel.zoomed)
    }

    /// Rows of text the lesson pane shows at once.
    public var pageHeight: Int { max(1, layout.lessonText.height) }
    public var maxScroll: Int { max(0, document.lines.count - pageHeight) }

    /// The anchor of the top line now shown.
    var topAnchor: DocAnchor {
        document.lines.indices.contains(scroll) ? document.lines[scroll].anchor : .top
    }

    /// Renders the open lesson for the current pane width, then scrolls to `anchor`.
    mutating func relayout(keeping anchor: DocAnchor) {
        // A hidden lesson pane (the lab zoomed, or the list filling a narrow screen) still lays out the lesson
        // now open, at the width it last had, so its text and position are right when the pane comes back.
        let width = layout.lessonText.width > 0 ? layout.lessonText.width : max(20, document.width)
        guard let lesson = currentLesson else {
            document = .empty
            scroll = 0
            return
        }
        document = LessonRenderer(theme: theme, language: language)
            .render(lesson, width: width, answers: progress.quizAnswers(lesson: lesson.meta.id))
        scroll = min(document.lineIndex(for: anchor), maxScroll)
        if anchor == .top { scroll = 0 }
        search.refresh(in: document)
    }

    /// Opens lesson `index` of the current language, resuming where the student left it.
    mutating func open(lessonAt index: Int) {
        guard lessons.indices.contains(index) else { return }
        if let id = currentLesson?.meta.id { positions[id] = topAnchor }
        lessonIndex = index
        listSelection = index
        if let lab = lessons[index].meta.lab { panel.shown = lab }
        let resume = positions[lessons[index].meta.id] ?? .top
        relayout(keeping: resume)
    }
}

/// Where each part of the screen goes at the current size.
public struct DashboardLayout: Sendable, Equatable {
    public static let minWidth = 40
    public static let minHeight = 12
    /// The widest a line of lesson text gets, for comfortable reading on wide terminals.
    public static let maxTextWidth = 100

    public var tooSmall: Bool
    public var titleBar: Rect
    public var statusBar: Rect
    public var list: Rect
    public var lesson: Rect
    public var lessonText: Rect
    /// The live lab pane (empty when no lab is shown).
    public var lab: Rect

    /// - Parameters:
    ///   - lab: whether a lab pane is shown. Wide screens put it beside the lesson, narrow ones below.
    ///   - zoomed: the lab pane takes the whole body.
    public init(width: Int, height: Int, focus: Focus, lab showsLab: Bool = false, zoomed: Bool = false) {
        tooSmall = width < Self.minWidth || height < Self.minHeight
        titleBar = Rect(x: 0, y: 0, width: width, height: 1)
        statusBar = Rect(x: 0, y: height - 1, width: width, height: 1)
        var body = Rect(x: 0, y: 1, width: width, height: height - 2)
        lab = Rect(x: 0, y: 0, width: 0, height: 0)
        if showsLab && zoomed {
            lab = body
            body = Rect(x: 0, y: body.y, width: 0, height: 0)
        } else if showsLab && width >= 110 {
            let side = width >= 150 ? (width - 28) / 2 : width / 2
            let parts = body.split(.horizontal, [.fill(1), .fixed(side)])
            body = parts[0]
            lab = parts[1]
        } else if showsLab {
            let labHeight = min(body.height - 5, max(12, body.height / 2))
            let parts = body.split(.vertical, [.fill(1), .fixed(labHeight)])
            body = parts[0]
            lab = parts[1]
        }
        // The list pane shows beside the lesson when there is room; on narrow screens it takes the
        // whole body while it has the focus.
        let listWidth = showsLab && width >= 110
            ? (width >= 150 ? 28 : focus == .list ? 24 : 0)
            : body.width >= 110 ? 32 : body.width >= 64 ? 22 : (focus == .list ? body.width : 0)
        let parts = body.split(.horizontal, [.fixed(min(listWidth, body.width)), .fill(1)])
        list = parts[0]
        lesson = parts[1]
        let inner = Box.inner(lesson)
        let textWidth = min(Self.maxTextWidth, max(0, inner.width - 2))
        lessonText = Rect(x: inner.x + 1 + max(0, (inner.width - 2 - textWidth) / 2), y: inner.y,
                          width: textWidth, height: inner.height)
    }
}
