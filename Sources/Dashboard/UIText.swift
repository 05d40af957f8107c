import LabKit
import LessonKit

/// The words of the dashboard itself, in the language the student reads the lessons in.
public struct UIText: Sendable {
    public var lessons: String
    public var lessonHasProblems: String
    public var noLessons: String
    public var quizTitle: String
    /// The box of an advanced aside.
    public var deeperTitle: String
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

    public func tryTitle(_ lab: String) -> String { "\(tryTitlePrefix) · \(lab) · \(tryKeyHint)" }
    /// Under a quiz answered by a lab run.
    func quizLiveHint(_ lab: Lab) -> String {
        let title = LabRegistry.definition(lab).schema.title, key = (LabRegistry.labs.firstIndex(of: lab) ?? 0) + 1
        return languageName == "中文" ? "在“\(title.zh)”实验（按 \(key)）里完成后，按 Enter 检查你的运行结果。"
            : "Do it in the \(title.en) lab (key \(key)), then press Enter here to check your run."
    }
    var tryKeyHint: String { languageName == "中文" ? "按 Enter 运行" : "Enter runs it" }

    public static func `for`(_ language: String) -> UIText { language == "zh" ? .chinese : .english }

    public static let english = UIText(
        lessons: "Lessons", lessonHasProblems: "This lesson file has problems (run `lectern lessons check`):",
        noLessons: "No lessons found for this language.", quizTitle: "Quiz", deeperTitle: "Going deeper",
        quizNumberHint: "Answer with a number.", tryTitlePrefix: "Try it", helpTitle: "Keys — ? or Esc closes",
        searchPrompt: "Search: ", noMatch: "No match for", matchCount: "match", tooSmall: "Terminal too small",
        hints: "↑↓ scroll  ←→ lesson  Tab focus  / search  L 中文  ? help  q quit", languageName: "English",
        focusList: "list", focusLesson: "lesson", lastLesson: "This is the last lesson.",
        firstLesson: "This is the first lesson.")

    public static let chinese = UIText(
        lessons: "课程", lessonHasProblems: "这个课程文件有问题（运行 `lectern lessons check` 查看）：",
        noLessons: "这个语言下没有找到课程。", quizTitle: "小测验", deeperTitle: "深入一步",
        quizNumberHint: "请用一个数字作答。", tryTitlePrefix: "动手试试", helpTitle: "按键 —— 按 ? 或 Esc 关闭",
        searchPrompt: "搜索：", noMatch: "没有找到", matchCount: "处", tooSmall: "终端窗口太小",
        hints: "↑↓ 滚动  ←→ 换课  Tab 切换  / 搜索  L English  ? 帮助  q 退出", languageName: "中文",
        focusList: "目录", focusLesson: "正文", lastLesson: "已经是最后一课。", firstLesson: "已经是第一课。")
}
