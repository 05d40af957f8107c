/// The words of the dashboard itself, in the language the student reads the lessons in.
public struct UIText: Sendable {
    public var lessons: String
    public var lessonHasProblems: String
    public var noLessons: String
    public var quizTitle: String
    public var quizNumberHint: String
    public var tryTitlePrefix: String
    public var helpTitle: String
    public var searchPrompt: String
    public var noMatch: String
    public var matchCount: String
    public var tooSmall: String
    public var hints: String
    public var languageName: String
    public var focusList: String
    public var focusLesson: String
    public var lastLesson: String
    public var firstLesson: String
    public var helpRows: [(keys: String, what: String)]

    public func tryTitle(_ lab: String) -> String { "\(tryTitlePrefix) · \(lab)" }

    public static func `for`(_ language: String) -> UIText { language == "zh" ? .chinese : .english }

    public static let english = UIText(
        lessons: "Lessons", lessonHasProblems: "This lesson file has problems (run `lectern lessons check`):",
        noLessons: "No lessons found for this language.", quizTitle: "Quiz",
        quizNumberHint: "Answer with a number.", tryTitlePrefix: "Try it", helpTitle: "Keys — ? or Esc closes",
        searchPrompt: "Search: ", noMatch: "No match for", matchCount: "match", tooSmall: "Terminal too small",
        hints: "↑↓ scroll  ←→ lesson  Tab focus  / search  L 中文  ? help  q quit", languageName: "English",
        focusList: "list", focusLesson: "lesson", lastLesson: "This is the last lesson.",
        firstLesson: "This is the first lesson.",
        helpRows: [
            ("↑ ↓  j k", "scroll one line (or move in the lesson list)"),
            ("PgUp PgDn  Space", "scroll one page"),
            ("g G  Home End", "top / bottom of the lesson"),
            ("← →  h l  [ ]", "previous / next lesson"),
            ("Tab  Shift-Tab", "move focus between the lesson list and the lesson"),
            ("Enter", "open the lesson selected in the list"),
            ("/", "search the lesson text; Enter searches, Esc cancels"),
            ("n N", "next / previous match"),
            ("L", "switch language: 中文 ↔ English"),
            ("mouse wheel", "scroll (Shift + drag selects text in most terminals)"),
            ("Ctrl-L", "redraw the screen"),
            ("Ctrl-Z", "suspend; fg brings Lectern back"),
            ("?", "show or hide this help"),
            ("q  Ctrl-C", "quit"),
        ])

    public static let chinese = UIText(
        lessons: "课程", lessonHasProblems: "这个课程文件有问题（运行 `lectern lessons check` 查看）：",
        noLessons: "这个语言下没有找到课程。", quizTitle: "小测验",
        quizNumberHint: "请用一个数字作答。", tryTitlePrefix: "动手试试", helpTitle: "按键 —— 按 ? 或 Esc 关闭",
        searchPrompt: "搜索：", noMatch: "没有找到", matchCount: "处", tooSmall: "终端窗口太小",
        hints: "↑↓ 滚动  ←→ 换课  Tab 切换  / 搜索  L English  ? 帮助  q 退出", languageName: "中文",
        focusList: "目录", focusLesson: "正文", lastLesson: "已经是最后一课。", firstLesson: "已经是第一课。",
        helpRows: [
            ("↑ ↓  j k", "滚动一行（在目录中则移动选择）"),
            ("PgUp PgDn  空格", "翻一页"),
            ("g G  Home End", "跳到课程开头 / 结尾"),
            ("← →  h l  [ ]", "上一课 / 下一课"),
            ("Tab  Shift-Tab", "在目录和正文之间切换焦点"),
            ("Enter", "打开目录中选中的课程"),
            ("/", "搜索课程正文；Enter 搜索，Esc 取消"),
            ("n N", "下一个 / 上一个匹配"),
            ("L", "切换语言：中文 ↔ English"),
            ("鼠标滚轮", "滚动（多数终端中按住 Shift 拖动可选中文字）"),
            ("Ctrl-L", "重画屏幕"),
            ("Ctrl-Z", "挂起；用 fg 回到 Lectern"),
            ("?", "显示或隐藏本帮助"),
            ("q  Ctrl-C", "退出"),
        ])
}
