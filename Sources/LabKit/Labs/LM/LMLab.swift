import LessonKit
import MLCore
import TerminalUI

extension Lab {
    public static let lm = Lab("lm")
}

/// The language-model lab: a bigram, an MLP or a small GPT trained live on Shakespeare or Chinese poetry,
/// with its samples, next-token odds and attention on screen.
public enum LMLab: LabDefinition {
    public static let models = ["bigram", "mlp", "transformer-1", "transformer-2"]
    /// Where a sample starts, by corpus: a line break for English, 《 (a title) for the Chinese texts.
    public static let defaultPrompt = ["shakespeare": "⏎", "poems-zh": "《", "classics-zh": "《"]
    /// The largest vocabulary a character model of a Chinese corpus is assumed to have, for the size check
    /// before the corpus is read (poems-zh has 4.7 k characters).
    static let characterVocabularyBound = 8_000

    public static let schema = LabSchema(
        lab: .lm,
        title: LocalizedText(zh: "语言模型", en: "Language model"),
        settings: [
            SettingSpec("lr", .number(0...10, above: true), default: "0.003", live: true,
                        help: LocalizedText(zh: "学习率（AdamW；先预热，再按余弦降到十分之一）", en: "learning rate (AdamW; warm-up, then a cosine down to a tenth)")),
            SettingSpec("steps", .integer(1...1_000_000), default: "2000",
                        help: LocalizedText(zh: "训练步数（每步一批随机窗口）", en: "training steps (a batch of random windows each)")),
            SettingSpec("model", .choice(models), default: "transformer-2",
                        help: LocalizedText(zh: "bigram：二元表；mlp：前几个词元的嵌入接一层 tanh；transformer-1/2：1 层或 2 层 GPT",
                                            en: "bigram: a table; mlp: the last few tokens' embeddings and a tanh layer; transformer-1/2: a 1- or 2-layer GPT")),
            SettingSpec("corpus", .choiceOrFile(LMCorpus.shipped), default: "shakespeare",
                        help: LocalizedText(zh: "shakespeare：八部莎剧；poems-zh：唐诗宋词；classics-zh：再加论语、道德经等；或一个 UTF-8 文件的路径",
                                            en: "shakespeare: eight plays; poems-zh: Tang and Song poems; classics-zh: those and the Analects, Dao De Jing…; or a UTF-8 file's path")),
            SettingSpec("tokens", .choice(["char", "bpe"]), default: "char",
                        help: LocalizedText(zh: "char：一个字一个词元；bpe：在语料上训练的字节级 BPE", en: "char: one token per character; bpe: byte-level BPE trained on the corpus")),
            SettingSpec("temperature", .number(0...5), default: "1", live: true,
                        help: LocalizedText(zh: "采样温度：0 只取最可能的词元，越大越随机（t T 调）", en: "sampling temperature: 0 always takes the likeliest token, higher is wilder (t T)")),
            SettingSpec("top-k", .integer(0...10_000), default: "0", live: true,
                        help: LocalizedText(zh: "只在最可能的 k 个词元里采样（0：全部；o O 调）", en: "sample only among the k likeliest tokens (0: all; o O)")),
            SettingSpec("embd", .integer(4...1024), default: "64",
                        help: LocalizedText(zh: "嵌入宽度", en: "embedding width")),
            SettingSpec("heads", .integer(1...64), default: "4",
                        help: LocalizedText(zh: "注意力头数（embd 须能被它整除）", en: "attention heads (embd must divide by it)")),
            SettingSpec("context", .integer(2...512), default: "64",
                        help: LocalizedText(zh: "上下文长度：模型一次最多看几个词元", en: "context: how many tokens the model sees at once")),
            SettingSpec("batch", .integer(1...512), default: "32",
                        help: LocalizedText(zh: "每步几个训练窗口", en: "training windows per step")),
            SettingSpec("seed", .integer(0...Int(Int32.max)), default: "1",
                        help: LocalizedText(zh: "随机种子", en: "random seed")),
            SettingSpec("prompt", .text(max: 200), default: "⏎", live: true, shown: false,
                        help: LocalizedText(zh: "采样从这段文字开始（p 键修改；⏎ 表示换行）", en: "where samples start (p edits it; ⏎ is a line break)")),
            SettingSpec("vocab", .integer(256...8192), default: "512", shown: false,
                        help: LocalizedText(zh: "BPE 词表大小", en: "BPE vocabulary size")),
            SettingSpec("order", .integer(1...16), default: "3", shown: false,
                        help: LocalizedText(zh: "mlp 看前几个词元", en: "tokens the mlp reads")),
        ],
        metrics: ["loss", "val-loss", "step"], counts: ["step"],
        learningRateKey: "lr",
        combined: combinedProblem)

    public static var progressUnit: ProgressUnit { .iterations }

    public static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        LMJob.run(settings, resources: resources, context: context)
    }

    public static var listensWhenFinished: Bool { true }

    public static func renderBody(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer,
                                  chart: (Rect, inout ScreenBuffer) -> Void) {
        LMDetailView.render(input, area: area, into: &buffer, chart: chart)
    }

    public static func divergenceAdvice(_ language: String) -> String {
        language == "zh" ? "学习率太大，损失飞了出去。按 - 减半再按 r，或用 e 把 lr 改到 0.003 左右。"
            : "The learning rate is too large and the loss flew off. Press - to halve it and r, or set lr near 0.003 with e."
    }

    public static func measure(_ metric: String, in s: LabSnapshot) -> Double? {
        switch metric {
        case "val-loss": return s.curve.validation.last?.y
        case "step": return Double(s.progress.step)
        case "loss": return s.curve.values.last
        default: return nil
        }
    }

    /// A new corpus brings its own prompt, unless the student chose another one.
    public static func follow(_ key: String, from old: String?, to new: String, in values: [String: String]) -> [String: String]? {
        guard key == "corpus", let old, values["prompt"] == defaultPrompt[old] ?? "⏎" else { return nil }
        var v = values
        v["prompt"] = defaultPrompt[new] ?? "⏎"
        return v
    }

    /// embd must divide by heads, and the model must fit the size cap (with a generous vocabulary for
    /// characters, which are not counted before the corpus is read).
    @Sendable public static func combinedProblem(_ values: [String: String]) -> String? {
        var settings = LMSetup()
        settings.apply(values)
        guard settings.architecture == .transformer else { return nil }
        let v = settings.tokens == .bpe ? settings.vocabulary : (values["corpus"] == "shakespeare" ? 128 : characterVocabularyBound)
        let config = TransformerConfig(vocabularySize: v, context: settings.context, layers: settings.layers,
                                       heads: settings.heads, embedding: settings.embedding)
        do { try config.validate() } catch { return error.description }
        return nil
    }
}

extension LMSetup {
    /// The lab's settings as a run's set-up.
    mutating func apply(_ values: [String: String]) {
        switch values["model"] {
        case "bigram": architecture = .bigram
        case "mlp": architecture = .mlp
        case "transformer-1": architecture = .transformer; layers = 1
        default: architecture = .transformer; layers = 2
        }
        tokens = values["tokens"] == "bpe" ? .bpe : .char
        vocabulary = values["vocab"].flatMap { Int($0) } ?? vocabulary
        embedding = values["embd"].flatMap { Int($0) } ?? embedding
        heads = values["heads"].flatMap { Int($0) } ?? heads
        context = values["context"].flatMap { Int($0) } ?? context
        order = values["order"].flatMap { Int($0) } ?? order
    }
}

extension LabSettings {
    public var lmSetup: LMSetup {
        var s = LMSetup()
        s.apply(values)
        return s
    }

    public var lmTraining: LMTrainingSettings {
        var t = LMTrainingSettings()
        t.batch = int("batch") ?? t.batch
        t.learningRate = double("lr") ?? t.learningRate
        t.steps = int("steps") ?? t.steps
        t.seed = UInt64(self["seed"]) ?? 1
        return t
    }

    /// The prompt as text (⏎ a line break).
    public var lmPrompt: String { LMLab.promptText(self["prompt"]) }
}

extension LMLab {
    public static func promptText(_ setting: String) -> String { setting.replacingOccurrences(of: "⏎", with: "\n") }
    public static func promptSetting(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
    }
}
