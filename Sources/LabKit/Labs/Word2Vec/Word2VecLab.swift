import LessonKit
import MLCore
import TerminalUI

extension Lab {
    public static let word2vec = Lab("word2vec")
}

/// The Word2Vec lab: skip-gram with negative sampling on a real corpus, watched words' neighbours live.
public enum Word2VecLab: LabDefinition {
    public static let corpora = ["austen", "pdmix"]
    /// Watched words that are frequent enough in each corpus for their neighbours to mean something.
    public static let defaultWatch = ["austen": "father,sister,love,letter,happy", "pdmix": "father,war,king,love,sea"]

    public static let schema = LabSchema(
        lab: .word2vec,
        title: LocalizedText(zh: "Word2Vec 词向量", en: "Word2Vec"),
        settings: [
            SettingSpec("alpha", .number(0...100, above: true), default: "0.025", live: true,
                        help: LocalizedText(zh: "起始学习率（线性降到接近 0）", en: "starting learning rate (decays linearly to near 0)")),
            SettingSpec("epochs", .integer(1...100), default: "3",
                        help: LocalizedText(zh: "把语料完整过几遍", en: "passes over the corpus")),
            SettingSpec("dim", .integer(2...1000), default: "50",
                        help: LocalizedText(zh: "词向量的维数", en: "dimensions of each word vector")),
            SettingSpec("window", .integer(1...20), default: "5",
                        help: LocalizedText(zh: "上下文窗口：左右各几个词", en: "context window: words on each side")),
            SettingSpec("negative", .integer(1...50), default: "5",
                        help: LocalizedText(zh: "每个正样本配几个负样本", en: "negative samples per positive one")),
            SettingSpec("min-count", .integer(1...1000), default: "5",
                        help: LocalizedText(zh: "出现少于这么多次的词不进词表", en: "words seen fewer times are left out of the vocabulary")),
            SettingSpec("corpus", .choice(corpora), default: "austen",
                        help: LocalizedText(zh: "austen：奥斯汀小说；pdmix：公版书混合", en: "austen: Jane Austen's novels; pdmix: a public-domain mix")),
            SettingSpec("seed", .integer(0...Int(Int32.max)), default: "1",
                        help: LocalizedText(zh: "随机种子", en: "random seed")),
            SettingSpec("sample", .number(0...1, below: true), default: "0.001", shown: false,
                        help: LocalizedText(zh: "高频词下采样阈值（0 为不用）", en: "down-sampling threshold for frequent words (0: none)")),
            SettingSpec("cbow", .flag, default: "false", shown: false,
                        help: LocalizedText(zh: "true：CBOW（用上下文预测中心词）；false：skip-gram",
                                            en: "true: CBOW (context predicts the centre word); false: skip-gram")),
            SettingSpec("watch", .words(max: 8), default: defaultWatch["austen"]!, live: true, shown: false,
                        help: LocalizedText(zh: "要看近邻的词（w 键修改）", en: "words whose neighbours are shown (w changes them)")),
        ],
        metrics: ["loss", "epochs"], counts: ["epochs"],
        learningRateKey: "alpha")

    public static var learningRateSymbol: String { "α" }
    /// 100 steps a second (200k words/s): the default three epochs of Austen take about 10 s, and the
    /// neighbours refresh four times a second, so the student sees them change (at full speed it is over in 1 s).
    public static var startSpeedIndex: Int { 2 }

    public static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        Word2VecJob.run(settings, resources: resources, context: context)
    }

    public static func renderBody(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer,
                                  chart: (Rect, inout ScreenBuffer) -> Void) {
        Word2VecDetailView.render(input, area: area, into: &buffer, chart: chart)
    }

    public static func divergenceAdvice(_ language: String) -> String {
        language == "zh" ? "alpha 太大，词向量爆炸。按 - 减小再按 r。"
            : "alpha is too large and the vectors blew up. Press - to halve it, then r."
    }

    /// A new corpus brings its own default watch list, unless the student chose other words.
    public static func follow(_ key: String, from old: String?, to new: String, in values: [String: String]) -> [String: String]? {
        guard key == "corpus", let old, values["watch"] == defaultWatch[old], let watch = defaultWatch[new] else { return nil }
        var v = values
        v["watch"] = watch
        return v
    }
}

extension LabSettings {
    public var word2vecConfig: Word2VecConfig {
        var c = Word2VecConfig()
        c.alpha = double("alpha")
        c.epochs = int("epochs") ?? c.epochs
        c.dimension = int("dim") ?? c.dimension
        c.window = int("window") ?? c.window
        c.negative = int("negative") ?? c.negative
        c.minCount = int("min-count") ?? c.minCount
        c.sample = double("sample") ?? c.sample
        c.cbow = self["cbow"] == "true"
        c.seed = UInt64(self["seed"]) ?? 1
        c.threads = 1
        c.progressEvery = Word2VecJob.wordsPerStep
        return c
    }

    public var watchWords: [String] { list("watch") }
}

extension Word2VecLab {
    /// Each word's nearest neighbours (nil for a word not in the vocabulary).
    public static func neighbours(of words: [String], in index: VectorIndex) -> [WatchedWord] {
        words.map { word in
            let near = try? index.nearest(to: word, k: Word2VecJob.neighbourCount)
            return WatchedWord(word: word, neighbours: near?.map { Neighbour(word: $0.word, similarity: $0.similarity) })
        }
    }

    /// The answer to "a : b :: c : ?" against the vectors of that moment, or why there is none.
    public static func analogy(_ words: [String], typed: String, in index: VectorIndex?, language: String) -> PromptAnswer {
        let zh = language == "zh"
        guard words.count == 3 else {
            return PromptAnswer(question: typed, answers: [], problem: zh ? "请输入三个词，例如 man king woman" : "type three words, e.g. man king woman")
        }
        let question = "\(words[0]) : \(words[1]) :: \(words[2]) : ?"
        guard let index else {
            return PromptAnswer(question: question, answers: [], problem: zh ? "还没有词向量：先按 s 开始训练" : "no vectors yet: press s to start a run")
        }
        do {
            let found = try index.analogy(words[0], words[1], words[2], k: 3)
            return PromptAnswer(question: question, answers: found.map { Neighbour(word: $0.word, similarity: $0.similarity) }, problem: nil)
        } catch {
            return PromptAnswer(question: question, answers: [], problem: error.description)
        }
    }
}
