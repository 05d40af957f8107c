import LessonKit
import MLCore

/// The language-model lab's own key state: which position's odds are shown, and which attention head.
public struct LMUI: LabUI, Equatable {
    /// The odds shown are for the position this many tokens after the prompt's end (0: the prompt's last
    /// token, where the sample began; negative: inside the prompt).
    public var offset = 0
    public var layer = 0
    public var head = 0
    public init() {}
}

extension LMLab {
    static let promptLabel = LocalizedText(zh: "提示词（⏎ 表示换行）：", en: "Prompt (⏎ is a line break): ")
    /// The temperatures t and T step through.
    public static let temperatures = [0, 0.2, 0.5, 0.8, 1, 1.2, 1.5, 2]
    /// The top-k values o and O step through (0: all).
    public static let topKs = [1, 3, 5, 10, 20, 50, 0]

    public static var keys: [LabKey] {
        [LabKey("p", id: "prompt", label: "p", help: LocalizedText(zh: "语言模型：编辑提示词（任何语言）", en: "Language model: edit the prompt (any language)")),
         LabKey("t", id: "cooler", label: "t T  o O",
                help: LocalizedText(zh: "语言模型：温度降 / 升（0 为贪心）；top-k 少 / 多", en: "Language model: temperature down / up (0 is greedy); top-k fewer / more")),
         LabKey("T", id: "warmer", label: "", help: LocalizedText(zh: "", en: "")),
         LabKey("o", id: "fewer", label: "", help: LocalizedText(zh: "", en: "")),
         LabKey("O", id: "more", label: "", help: LocalizedText(zh: "", en: "")),
         LabKey("(", id: "earlier", label: "( )  a A",
                help: LocalizedText(zh: "语言模型：看更早 / 更晚位置的下一词概率；换注意力头 / 层", en: "Language model: odds at an earlier / later position; next attention head / layer")),
         LabKey(")", id: "later", label: "", help: LocalizedText(zh: "", en: "")),
         LabKey("a", id: "head", label: "", help: LocalizedText(zh: "", en: "")),
         LabKey("A", id: "layer", label: "", help: LocalizedText(zh: "", en: ""))]
    }

    public static var initialUI: any LabUI { LMUI() }

    /// The next value of `ladder` above (`up`) or below the current one.
    static func step(_ ladder: [Double], from current: Double, up: Bool) -> Double {
        up ? ladder.first { $0 > current + 1e-9 } ?? ladder.last! : ladder.last { $0 < current - 1e-9 } ?? ladder.first!
    }

    public static func press(_ id: String, _ lab: LabKeyInput) -> LabKeyOutcome {
        var ui = lab.ui as? LMUI ?? LMUI()
        let zh = lab.language == "zh"
        switch id {
        case "prompt":
            return LabKeyOutcome(ui: ui, prompt: LabPrompt(id: "prompt", label: promptLabel, text: lab.settings["prompt"]))
        case "cooler", "warmer":
            let t = step(temperatures, from: lab.settings.double("temperature") ?? 1, up: id == "warmer")
            return LabKeyOutcome(ui: ui, message: (zh ? "温度 " : "temperature ") + SettingKind.short(t) + (t == 0 ? (zh ? "（贪心）" : " (greedy)") : ""),
                                 settings: [("temperature", SettingKind.short(t))])
        case "fewer", "more":
            // The ladder runs 1 … 50, then all (0); "more" from all stays at all.
            let k = lab.settings.int("top-k") ?? 0
            let rank = k == 0 ? topKs.count - 1 : topKs.firstIndex { $0 >= k } ?? topKs.count - 1
            let next = topKs[max(0, min(topKs.count - 1, rank + (id == "more" ? 1 : -1)))]
            return LabKeyOutcome(ui: ui, message: "top-k " + (next == 0 ? (zh ? "全部" : "all") : String(next)),
                                 settings: [("top-k", String(next))])
        case "earlier", "later":
            guard let d = lab.snapshot?.lm, !d.context.isEmpty else { return LabKeyOutcome(ui: ui) }
            let moved = d.position(offset: ui.offset + (id == "earlier" ? -1 : 1))
            ui.offset = moved - d.promptEnd
            return LabKeyOutcome(ui: ui)
        case "head", "layer":
            guard let attention = lab.snapshot?.lm?.attention, !attention.isEmpty else {
                return LabKeyOutcome(ui: ui, message: zh ? "这个模型没有注意力（只有 Transformer 有）" : "this model has no attention (only the Transformer has)")
            }
            let heads = attention[0].count
            if id == "head" {
                ui.head += 1
                if ui.head >= heads { ui.head = 0; ui.layer = (ui.layer + 1) % attention.count }
            } else {
                ui.layer = (ui.layer + 1) % attention.count
            }
            return LabKeyOutcome(ui: ui, message: (zh ? "注意力：第 \(ui.layer + 1) 层，第 \(ui.head + 1) 头" : "attention: layer \(ui.layer + 1), head \(ui.head + 1)"))
        default:
            return LabKeyOutcome(ui: ui)
        }
    }

    public static func submit(_ id: String, text: String, _ lab: LabKeyInput) -> LabKeyOutcome {
        let ui = lab.ui as? LMUI ?? LMUI()
        let zh = lab.language == "zh"
        let value = promptSetting(text)
        if let problem = schema.problem("prompt", value) {
            return LabKeyOutcome(ui: ui, message: (zh ? "提示词：" : "Prompt: ") + problem)
        }
        // Against the vocabulary of the model on screen: a character it has never seen cannot be a prompt.
        if let tokenizer = lab.snapshot?.lm?.tokenizer?.tokenizer {
            do { _ = try tokenizer.encode(promptText(value)) } catch {
                return LabKeyOutcome(ui: ui, message: (zh ? "提示词：" : "Prompt: ") + error.description)
            }
        }
        var next = ui
        next.offset = 0
        return LabKeyOutcome(ui: next, settings: [("prompt", value)])
    }

    public static func uiAfterStart(_ ui: any LabUI) -> any LabUI {
        var next = ui as? LMUI ?? LMUI()
        next.offset = 0
        return next
    }

    public static func uiAfter(_ snapshot: LabSnapshot, _ ui: any LabUI, settings: LabSettings) -> any LabUI {
        guard var next = ui as? LMUI, let d = snapshot.lm else { return ui }
        if !d.context.isEmpty { next.offset = d.position(offset: next.offset) - d.promptEnd }
        if let a = d.attention, !a.isEmpty {
            next.layer = min(next.layer, a.count - 1)
            next.head = min(next.head, a[0].count - 1)
        }
        return next
    }
}

extension LabUI {
    /// The language-model lab's key state, when this is it.
    public var lm: LMUI? { self as? LMUI }
}
