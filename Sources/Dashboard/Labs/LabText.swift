import LessonKit

/// The lab pane's words, in English and Chinese.
public struct LabText: Sendable {
    var lang: String
    var zh: Bool { lang == "zh" }

    public static func `for`(_ language: String) -> LabText { LabText(lang: language) }

    func labName(_ lab: Lab) -> String {
        switch lab {
        case .mlp: return zh ? "MLP 手写数字" : "MLP digits"
        case .gd: return zh ? "梯度下降" : "Gradient descent"
        case .word2vec: return zh ? "Word2Vec 词向量" : "Word2Vec"
        }
    }

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
    var watchList: String { zh ? "观察词" : "Watch list" }
    var watchPrompt: String { zh ? "观察词（空格分隔）：" : "Watch words (space-separated): " }
    var analogyPrompt: String { zh ? "类比 a b c（a 之于 b 如 c 之于 ?）：" : "Analogy a b c (a is to b as c is to ?): " }
    var analogyFormat: String { zh ? "请输入三个词，例如 man king woman" : "type three words, e.g. man king woman" }
    var noVectorsYet: String { zh ? "还没有词向量：先按 s 开始训练" : "no vectors yet: press s to start a run" }
    var notInVocabulary: String { zh ? "（不在词表中）" : "(not in the vocabulary)" }
    var restartQuestion: String { zh ? "这些改动需要新模型。重新开始？ y 是 / n 否" : "These changes need a new model. Restart now? y / n" }
    var editHint: String { zh ? "Tab 下一项  Enter 应用  Esc 取消" : "Tab next field  Enter apply  Esc cancel" }
    var epoch: String { zh ? "轮" : "epoch" }
    var iteration: String { zh ? "迭代" : "iteration" }
    var eta: String { zh ? "剩余" : "ETA" }
    var elapsed: String { zh ? "用时" : "elapsed" }
    var loss: String { zh ? "损失" : "loss" }
    var smoothed: String { zh ? "平滑" : "smoothed" }
    var validation: String { zh ? "验证" : "val" }
    var testAccuracy: String { zh ? "测试准确率" : "test acc" }
    var confusion: String { zh ? "混淆矩阵（行=真实，列=预测）" : "confusion (row = true, column = predicted)" }
    var predictions: String { zh ? "测试数字与预测（✗ 为错）" : "test digits, predictions (✗ wrong)" }
    var explainTitle: String { zh ? "解释：测试数字" : "Explain: test digit" }
    var explainOff: String { zh ? "解释视图已关闭（v 再次打开）" : "Explain view off (v opens it again)" }
    var saliencyCaption: String { zh ? "显著性 |∂得分/∂像素|" : "saliency |∂score/∂pixel|" }
    var weightsCaption: String { zh ? "第一层前 8 个单元的权重（█ 正，空白 负）" : "first-layer weights, units 1–8 (█ positive, blank negative)" }
    func explainLine(_ label: Int, _ guess: Int?) -> String {
        let g = guess.map { "\($0)" } ?? "?"
        return zh ? "真实 \(label) · 预测 \(g) · v 下一个" : "label \(label) · predicted \(g) · v next"
    }
    func bestEpoch(_ e: Int) -> String { zh ? "提前停止：保留第 \(e) 轮的权重" : "early stop: kept epoch \(e)'s weights" }
    var vocabulary: String { zh ? "词表" : "vocab" }
    var words: String { zh ? "词" : "words" }
    var stableBelow: String { zh ? "稳定条件 α <" : "stable for α <" }
    /// The key hints for narrow screens.
    var shortKeysHint: String {
        zh ? "s 开始 空格 暂停 . 单步 e 设置 r 重来 ? 帮助" : "s start  space pause  . step  e edit  r reset  ? help"
    }
    var keysHint: String {
        zh ? "s 开始 空格 暂停 . 单步 {} 速度 e 设置 +- 学习率 r 重来 x 停止 ? 帮助"
            : "s start  space pause  . step  {} speed  e edit  +- rate  r reset  x stop  ? help"
    }

    /// One line on what to do after a run diverged.
    func divergenceAdvice(_ lab: Lab) -> String {
        switch lab {
        case .gd: return zh ? "每一步都越过谷底且越跳越远。按 - 减小 α 再按 r 重来。" : "Each step overshoots the valley by more than the last. Press - to halve α, then r."
        case .mlp: return zh ? "学习率太大，权重被推向无穷。按 - 减小学习率再按 r。" : "The learning rate is too large and the weights blew up. Press - to halve it, then r."
        case .word2vec: return zh ? "alpha 太大，词向量爆炸。按 - 减小再按 r。" : "alpha is too large and the vectors blew up. Press - to halve it, then r."
        }
    }
}

extension AppState {
    public var labText: LabText { LabText.for(language) }
}
