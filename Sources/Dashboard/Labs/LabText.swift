import LabKit
import LessonKit

/// The lab pane's words, in English and Chinese.
public struct LabText: Sendable {
    var lang: String
    var zh: Bool { lang == "zh" }

    public static func `for`(_ language: String) -> LabText { LabText(lang: language) }

    func labName(_ lab: Lab) -> String { LabRegistry.schema(lab).title(lang) }

    func phaseName(_ phase: RunPhase) -> String {
        switch phase {
        case .loading(let what): return (zh ? "加载 " : "loading ") + what + "…"
        case .running: return zh ? "训练中" : "running"
        case .finished: return zh ? "完成" : "finished"
        case .stopped: return zh ? "已停止" : "stopped"
        case .diverged: return zh ? "发散" : "diverged"
        case .failed: return zh ? "出错" : "failed"
        }
    }

    var idle: String { zh ? "未开始 — 按 s 开始训练" : "idle — press s to start" }
    var pausedState: String { zh ? "已暂停" : "paused" }
    var paused: String { zh ? "已暂停（空格继续，. 单步）" : "Paused (space resumes, . steps)" }
    var resumed: String { zh ? "继续训练" : "Resumed" }
    var nothingRunning: String { zh ? "没有正在进行的训练" : "Nothing is running" }
    var speed: String { zh ? "速度" : "Speed" }
    var stepsPerSecond: String { zh ? "步/秒" : "steps/s" }
    var fullSpeed: String { zh ? "全速" : "full" }
    var smoothing: String { zh ? "平滑系数" : "Smoothing" }
    var logScale: String { zh ? "纵轴：对数" : "y axis: log scale" }
    var linearScale: String { zh ? "纵轴：线性" : "y axis: linear" }
    var chartMode: String { zh ? "图表字符" : "Chart drawing" }
    var editCancelled: String { zh ? "设置未改动" : "Settings unchanged" }
    var editUnchanged: String { zh ? "没有改动" : "Nothing changed" }
    var keptOld: String { zh ? "保留原值" : "kept" }
    var appliedLive: String { zh ? "已应用到正在训练的模型" : "Applied to the running model" }
    var appliedNextRun: String { zh ? "已保存，下次开始（s）时生效" : "Saved; the next run (s) uses it" }
    var restartQuestion: String { zh ? "这些改动需要新模型。重新开始？ y 是 / n 否" : "These changes need a new model. Restart now? y / n" }
    var editHint: String { zh ? "Tab 下一项  Enter 应用  Esc 取消" : "Tab next field  Enter apply  Esc cancel" }
    var epoch: String { zh ? "轮" : "epoch" }
    var iteration: String { zh ? "迭代" : "iteration" }
    var eta: String { zh ? "剩余" : "ETA" }
    var elapsed: String { zh ? "用时" : "elapsed" }
    var loss: String { zh ? "损失" : "loss" }
    var smoothed: String { zh ? "平滑" : "smoothed" }
    var validation: String { zh ? "验证" : "val" }
    /// The key hints for narrow screens.
    var shortKeysHint: String {
        zh ? "s 开始 空格 暂停 . 单步 e 设置 r 重来 ? 帮助" : "s start  space pause  . step  e edit  r reset  ? help"
    }
    var keysHint: String {
        zh ? "s 开始 空格 暂停 . 单步 {} 速度 e 设置 +- 学习率 r 重来 x 停止 ? 帮助"
            : "s start  space pause  . step  {} speed  e edit  +- rate  r reset  x stop  ? help"
    }

}

extension AppState {
    public var labText: LabText { LabText.for(language) }
}
