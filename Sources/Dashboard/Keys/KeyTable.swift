import LabKit
import LessonKit
import TerminalUI

/// What a key asks for, whichever key it is. The key table maps keys to commands; `reduce` carries them out.
public enum Command: Sendable, Equatable {
    case quit, redraw, toggleHelp, switchFocus, startSearch, nextMatch, previousMatch, switchLanguage
    case previousLesson, nextLesson, lineUp, lineDown, pageUp, pageDown, top, bottom, wheelUp, wheelDown
    /// Enter: the quiz or try box on screen, else the lesson chosen in the list, else a line down.
    case act
    case showLab(Lab), hideLab
    case start, pauseOrResume, step, stop, reset, resetNextSeed, slower, faster, rateUp, rateDown
    case lessSmoothing, moreSmoothing, logScale, chartMode, zoom, edit
    /// One of a lab's own keys (its `LabKey.id`), declared in the lab's folder.
    case labKey(Lab, String)
}

/// One row of the key table: the keys, how help writes them, what they do and when they apply.
public struct KeyBinding: Sendable {
    public enum Scope: Sendable, Equatable {
        /// Whenever the lesson has the keys.
        case always
        /// While some lab's pane shows (these win over `always` for the same key).
        case anyLab
        /// While this lab's pane shows.
        case lab(Lab)
        /// Not dispatched here: keys of an open box or prompt, listed in help only.
        case inBoxes
    }
    public var keys: [Key]
    public var label: LocalizedText
    public var help: LocalizedText
    public var command: Command?
    public var scope: Scope

    init(_ keys: [Key], _ label: String, zhLabel: String? = nil, _ command: Command?, _ scope: Scope = .always,
         en: String, zh: String) {
        self.keys = keys
        self.label = LocalizedText(zh: zhLabel ?? label, en: label)
        self.help = LocalizedText(zh: zh, en: en)
        self.command = command
        self.scope = scope
    }
}

/// Every key that does something, in the order help lists them. Dispatch and the help overlay both read it.
public enum KeyTable {
    static let c = Key.char

    public static let bindings: [KeyBinding] = reading + labSwitches + labControls + labOwnKeys + inBoxes

    static let reading: [KeyBinding] = [
        KeyBinding([.up, c("k")], "↑ ↓  j k", .lineUp, en: "scroll one line (or move in the lesson list)", zh: "滚动一行（在目录中则移动选择）"),
        KeyBinding([.down, c("j")], "", .lineDown, en: "", zh: ""),
        KeyBinding([.pageUp, c("b")], "PgUp PgDn  b Space", zhLabel: "PgUp PgDn  b 空格", .pageUp, en: "scroll one page (Space pages down when no lab shows)", zh: "翻一页（没有实验时空格向下翻页）"),
        KeyBinding([.pageDown, c(" ")], "", .pageDown, en: "", zh: ""),
        KeyBinding([.home, c("g")], "g G  Home End", .top, en: "top / bottom of the lesson", zh: "跳到课程开头 / 结尾"),
        KeyBinding([.end, c("G")], "", .bottom, en: "", zh: ""),
        KeyBinding([.left, c("h"), c("[")], "← →  h l  [ ]", .previousLesson, en: "previous / next lesson", zh: "上一课 / 下一课"),
        KeyBinding([.right, c("l"), c("]")], "", .nextLesson, en: "", zh: ""),
        KeyBinding([.tab, .backTab], "Tab  Shift-Tab", .switchFocus, en: "move focus between the lesson list and the lesson", zh: "在目录和正文之间切换焦点"),
        KeyBinding([.enter], "Enter", .act,
                   en: "on a quiz: answer it (a lab quiz checks your run); on a “Try it” box: load its settings and run; in the list: open the lesson",
                   zh: "在小测验上：作答（实验题检查你的运行结果）；在“动手试试”框上：载入设置并开始；在目录中：打开课程"),
        KeyBinding([c("/")], "/", .startSearch, en: "search the lesson text; Enter searches, Esc cancels", zh: "搜索课程正文；Enter 搜索，Esc 取消"),
        KeyBinding([c("n")], "n N", .nextMatch, en: "next / previous match", zh: "下一个 / 上一个匹配"),
        KeyBinding([c("N")], "", .previousMatch, en: "", zh: ""),
        KeyBinding([c("L")], "L", .switchLanguage, en: "switch language: 中文 ↔ English", zh: "切换语言：中文 ↔ English"),
        KeyBinding([.wheelUp], "mouse wheel", zhLabel: "鼠标滚轮", .wheelUp, en: "scroll (Shift + drag selects text in most terminals)", zh: "滚动（多数终端中按住 Shift 拖动可选中文字）"),
        KeyBinding([.wheelDown], "", .wheelDown, en: "", zh: ""),
        KeyBinding([.ctrl("l")], "Ctrl-L", .redraw, en: "redraw the screen", zh: "重画屏幕"),
        KeyBinding([], "Ctrl-Z", nil, en: "suspend; fg brings Lectern back", zh: "挂起；用 fg 回到 Lectern"),
        KeyBinding([c("?")], "?", .toggleHelp, en: "show or hide this help", zh: "显示或隐藏本帮助"),
        KeyBinding([c("q"), .ctrl("c")], "q  Ctrl-C", .quit, en: "quit", zh: "退出"),
    ]

    /// 1, 2, 3, … show the registered labs in order; 0 hides the pane.
    static var labSwitches: [KeyBinding] {
        let labs = LabRegistry.definitions
        var rows: [KeyBinding] = labs.enumerated().map { k, d in
            KeyBinding([c(Character(String(k + 1)))], k == 0 ? (1...labs.count).map(String.init).joined(separator: " ") + "  0" : "",
                       .showLab(d.lab),
                       en: k == 0 ? "show the " + labs.map { $0.schema.title.en }.joined(separator: " / ") + " lab; 0 hides it" : "",
                       zh: k == 0 ? "显示 " + labs.map { $0.schema.title.zh }.joined(separator: " / ") + " 实验；0 隐藏" : "")
        }
        rows.append(KeyBinding([c("0")], "", .hideLab, en: "", zh: ""))
        return rows
    }

    static let labControls: [KeyBinding] = [
        KeyBinding([c("s")], "s  Space", zhLabel: "s  空格", .start, .anyLab, en: "start a run; Space pauses and resumes", zh: "开始训练；空格暂停或继续"),
        KeyBinding([c(" ")], "", .pauseOrResume, .anyLab, en: "", zh: ""),
        KeyBinding([c(".")], ".", .step, .anyLab, en: "one step while paused (a batch, 2,000 words, one iteration)", zh: "暂停时单步（一个批次、2000 个词或一次迭代）"),
        KeyBinding([c("{")], "{ }", .slower, .anyLab, en: "slower / faster: full speed down to 1 step a second", zh: "变慢 / 变快：从全速到每秒 1 步"),
        KeyBinding([c("}")], "", .faster, .anyLab, en: "", zh: ""),
        KeyBinding([c("r")], "r  R", .reset, .anyLab, en: "reset: a fresh model with the same seed / with the next seed", zh: "重置：同一随机种子的新模型 / 换下一个种子"),
        KeyBinding([c("R")], "", .resetNextSeed, .anyLab, en: "", zh: ""),
        KeyBinding([c("x")], "x", .stop, .anyLab, en: "stop the run (its curve stays for comparison)", zh: "停止训练（曲线保留以便比较）"),
        KeyBinding([c("e")], "e", .edit, .anyLab, en: "edit settings: Tab moves, type a value, Enter applies, Esc cancels", zh: "编辑设置：Tab 换项，输入数值，Enter 应用，Esc 取消"),
        KeyBinding([c("+"), c("=")], "+ -", .rateUp, .anyLab, en: "learning rate ×2 / ÷2, applied to the running model", zh: "学习率 ×2 / ÷2，立即作用于正在训练的模型"),
        KeyBinding([c("-"), c("_")], "", .rateDown, .anyLab, en: "", zh: ""),
        KeyBinding([c("<"), c(",")], "< >  y  c", .lessSmoothing, .anyLab, en: "less / more smoothing; log scale; braille / blocks / ASCII", zh: "减少 / 增加平滑；对数纵轴；盲文 / 方块 / ASCII"),
        KeyBinding([c(">")], "", .moreSmoothing, .anyLab, en: "", zh: ""),
        KeyBinding([c("y")], "", .logScale, .anyLab, en: "", zh: ""),
        KeyBinding([c("c")], "", .chartMode, .anyLab, en: "", zh: ""),
        KeyBinding([c("z")], "z", .zoom, .anyLab, en: "the lab pane fills the screen, or not", zh: "实验面板全屏或还原"),
    ]

    /// Each lab's own keys, from its folder, while its pane shows.
    static var labOwnKeys: [KeyBinding] {
        LabRegistry.definitions.flatMap { d in
            d.keys.map { k in
                KeyBinding([c(k.key)], k.label, .labKey(d.lab, k.id), .lab(d.lab), en: k.help.en, zh: k.help.zh)
            }
        }
    }

    static let inBoxes: [KeyBinding] = [
        KeyBinding([], "Tab ↑ ↓ / Enter / Esc", nil, .inBoxes,
                   en: "in the settings editor: next / previous field; apply; cancel (a refused value is kept out, with the reason)",
                   zh: "设置编辑器中：下一项 / 上一项；应用；取消（不合格的值不会被采用，并说明原因）"),
        KeyBinding([], "Backspace  Ctrl-U", nil, .inBoxes, en: "in the editor, a prompt or search: delete a character; clear the line",
                   zh: "在编辑器、输入框或搜索中：删除一个字符；清空整行"),
        KeyBinding([], "y / n", nil, .inBoxes, en: "when changed settings need a new model: restart now, or keep the run", zh: "改动需要新模型时：立即重新开始，或保留当前训练"),
        KeyBinding([], "a b c …  1 2 …", nil, .inBoxes, en: "answering a quiz: a choice's letter or number, or a number; Enter marks it", zh: "回答小测验：选项字母或序号，或一个数字；Enter 判分"),
    ]

    /// The command `key` means now: a lab's own keys first, then any lab's, then the reader's.
    static func command(for key: Key, shown lab: Lab?) -> Command? {
        let rows = bindings
        if let lab, let b = rows.first(where: { $0.scope == .lab(lab) && $0.keys.contains(key) }) { return b.command }
        if lab != nil, let b = rows.first(where: { $0.scope == .anyLab && $0.keys.contains(key) }) { return b.command }
        return rows.first(where: { $0.scope == .always && $0.keys.contains(key) })?.command
    }

    /// Help rows: each titled row with its continuation rows folded in (labels are written on the first).
    public static func helpRows(_ language: String) -> [(keys: String, what: String)] {
        bindings.compactMap { b in
            let label = b.label(language)
            return label.isEmpty ? nil : (label, b.help(language))
        }
    }
}
