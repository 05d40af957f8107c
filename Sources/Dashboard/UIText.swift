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

    public func tryTitle(_ lab: String) -> String { "\(tryTitlePrefix) · \(lab) · \(tryKeyHint)" }
    /// Under a quiz answered by a lab run.
    func quizLiveHint(_ lab: String) -> String {
        languageName == "中文" ? "用实验 \(lab) 完成后按 Enter 检查你的运行结果。" : "Do it in the \(lab) lab, then press Enter here to check your run."
    }
    var tryKeyHint: String { languageName == "中文" ? "按 Enter 运行" : "Enter runs it" }

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
            ("PgUp PgDn  b Space", "scroll one page"),
            ("g G  Home End", "top / bottom of the lesson"),
            ("← →  h l  [ ]", "previous / next lesson"),
            ("Tab  Shift-Tab", "move focus between the lesson list and the lesson"),
            ("Enter", "open the lesson selected in the list"),
            ("/", "search the lesson text; Enter searches, Esc cancels"),
            ("n N", "next / previous match"),
            ("L", "switch language: 中文 ↔ English"),
            ("mouse wheel", "scroll (Shift + drag selects text in most terminals)"),
            ("1 2 3  0", "show the MLP / gradient descent / Word2Vec lab; 0 hides it"),
            ("Enter", "on a “Try it” box: load its settings into the lab and run"),
            ("s  Space", "start a run; Space pauses and resumes (pages down when no lab shows)"),
            (".", "one step while paused (a batch, 2,000 words, one iteration)"),
            ("{ }", "slower / faster: full speed down to 1 step a second"),
            ("r  R", "reset: a fresh model with the same seed / with the next seed"),
            ("x", "stop the run (its curve stays for comparison)"),
            ("e", "edit settings: Tab moves, type a value, Enter applies, Esc cancels"),
            ("+ -", "learning rate ×2 / ÷2, applied to the running model"),
            ("< >  y  c", "less / more smoothing; log scale; braille / blocks / ASCII"),
            ("z", "the lab pane fills the screen, or not"),
            ("w  a", "Word2Vec: edit the watched words; ask an analogy a : b :: c : ?"),
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
            ("1 2 3  0", "显示 MLP / 梯度下降 / Word2Vec 实验；0 隐藏"),
            ("Enter", "在“动手试试”框上：把设置载入实验并开始"),
            ("s  空格", "开始训练；空格暂停或继续（没有实验时翻页）"),
            (".", "暂停时单步（一个批次、2000 个词或一次迭代）"),
            ("{ }", "变慢 / 变快：从全速到每秒 1 步"),
            ("r  R", "重置：同一随机种子的新模型 / 换下一个种子"),
            ("x", "停止训练（曲线保留以便比较）"),
            ("e", "编辑设置：Tab 换项，输入数值，Enter 应用，Esc 取消"),
            ("+ -", "学习率 ×2 / ÷2，立即作用于正在训练的模型"),
            ("< >  y  c", "减少 / 增加平滑；对数纵轴；盲文 / 方块 / ASCII"),
            ("z", "实验面板全屏或还原"),
            ("w  a", "Word2Vec：编辑观察词；提问类比 a : b :: c : ?"),
            ("Ctrl-L", "重画屏幕"),
            ("Ctrl-Z", "挂起；用 fg 回到 Lectern"),
            ("?", "显示或隐藏本帮助"),
            ("q  Ctrl-C", "退出"),
        ])
}
