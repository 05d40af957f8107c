import LessonKit
import MLCore

extension LabSettings {
    /// The largest model the MLP lab builds, in parameters (Adam keeps four floats per parameter).
    public static let maxMLPParameters = 5_000_000
    public static let corpora = ["austen", "pdmix"]
    public static let datasets = ["digits", "mnist"]

    /// Why `value` cannot be the value of `key` in `lab`, in a few words, or nil when it can.
    public static func problem(_ lab: Lab, _ key: String, _ value: String) -> String? {
        guard lab.settings[key] != nil else { return "unknown setting \(key)" }
        switch (lab, key) {
        case (.mlp, "lr"), (.gd, "alpha"), (.word2vec, "alpha"):
            guard let x = Double(value) else { return "not a number: \(value.quotedForMessage)" }
            guard x.isFinite, x > 0 else { return "must be greater than 0" }
            return x <= 100 ? nil : "at most 100"
        case (.mlp, "epochs"): return wholeNumber(value, in: 1...1000)
        case (.word2vec, "epochs"): return wholeNumber(value, in: 1...100)
        case (.mlp, "batch-size"): return wholeNumber(value, in: 1...MLPConfig.maxBatch)
        case (.mlp, "seed"), (.word2vec, "seed"): return wholeNumber(value, in: 0...Int(Int32.max))
        case (.mlp, "train-size"): return value == "all" ? nil : wholeNumber(value, in: 1...60_000)
        case (.mlp, "patience"): return value == "off" ? nil : wholeNumber(value, in: 1...1000)
        case (.mlp, "weight-decay"):
            guard let x = Double(value) else { return "not a number: \(value.quotedForMessage)" }
            return x.isFinite && x >= 0 && x <= 1 ? nil : "must be 0…1"
        case (.mlp, "hidden"): return hiddenProblem(value)
        case (.mlp, "data"): return datasets.contains(value) ? nil : "one of \(datasets.joined(separator: ", "))"
        case (.mlp, "optimizer"): return ["adam", "sgd"].contains(value) ? nil : "adam or sgd"
        case (.gd, "iterations"): return wholeNumber(value, in: 1...100_000)
        case (.gd, "every"): return wholeNumber(value, in: 1...100_000)
        case (.gd, "theta0"):
            let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmedSpaces) }
            guard parts.count == 2, parts.allSatisfy({ $0 != nil }) else { return "two numbers, like 0,0" }
            return parts.allSatisfy({ abs($0!) <= 1e6 }) ? nil : "each within ±1e6"
        case (.word2vec, "dim"): return wholeNumber(value, in: 2...1000)
        case (.word2vec, "window"): return wholeNumber(value, in: 1...20)
        case (.word2vec, "negative"): return wholeNumber(value, in: 1...50)
        case (.word2vec, "min-count"): return wholeNumber(value, in: 1...1000)
        case (.word2vec, "sample"):
            guard let x = Double(value), x >= 0, x < 1 else { return "a number in [0, 1)" }
            return nil
        case (.word2vec, "corpus"): return corpora.contains(value) ? nil : "one of \(corpora.joined(separator: ", "))"
        case (.word2vec, "cbow"): return ["true", "false"].contains(value) ? nil : "true or false"
        case (.word2vec, "watch"):
            let words = value.split(separator: ",").filter { !$0.trimmedSpaces.isEmpty }
            return words.isEmpty ? "at least one word" : words.count > 8 ? "at most 8 words" : nil
        default:
            return lab.problem(setting: key, value: value)
        }
    }

    private static func wholeNumber(_ value: String, in range: ClosedRange<Int>) -> String? {
        guard let n = Int(value) else { return "not a whole number: \(value.quotedForMessage)" }
        return range.contains(n) ? nil : "must be \(range.lowerBound)…\(range.upperBound)"
    }

    private static func hiddenProblem(_ value: String) -> String? {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmedSpaces) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return "whole numbers separated by commas, like 64,64" }
        let sizes = parts.map { $0! }
        if sizes.count > 8 { return "at most 8 layers" }
        if let bad = sizes.first(where: { $0 < 1 || $0 > MLPConfig.maxUnits }) { return "\(bad) is not in 1…\(MLPConfig.maxUnits)" }
        let all: [Int] = [784] + sizes + [10]
        var parameters = 0
        for k in 1..<all.count { parameters += (all[k - 1] + 1) * all[k] }
        return parameters <= maxMLPParameters ? nil
            : "\(parameters) parameters is too many for this lab (at most \(maxMLPParameters))"
    }

    // MARK: - Configs

    public var mlpConfig: MLPConfig {
        var c = MLPConfig()
        c.learningRate = Float(self["lr"]) ?? c.learningRate
        c.epochs = Int(self["epochs"]) ?? c.epochs
        c.batchSize = Int(self["batch-size"]) ?? c.batchSize
        c.hidden = self["hidden"].split(separator: ",").compactMap { Int($0) }
        c.seed = UInt64(self["seed"]) ?? 1
        c.trainSize = Int(self["train-size"])
        c.weightDecay = Float(self["weight-decay"]) ?? 0
        c.patience = Int(self["patience"])
        if self["optimizer"] == "sgd" { c.optimizer = .sgd(momentum: 0.9) }
        c.progressEvery = 1
        return c
    }

    public var word2vecConfig: Word2VecConfig {
        var c = Word2VecConfig()
        c.alpha = Double(self["alpha"])
        c.epochs = Int(self["epochs"]) ?? c.epochs
        c.dimension = Int(self["dim"]) ?? c.dimension
        c.window = Int(self["window"]) ?? c.window
        c.negative = Int(self["negative"]) ?? c.negative
        c.minCount = Int(self["min-count"]) ?? c.minCount
        c.sample = Double(self["sample"]) ?? c.sample
        c.cbow = self["cbow"] == "true"
        c.seed = UInt64(self["seed"]) ?? 1
        c.threads = 1
        c.progressEvery = Word2VecJob.wordsPerStep
        return c
    }

    public var gdAlpha: Double { Double(self["alpha"]) ?? 0.01 }
    public var gdIterations: Int { Int(self["iterations"]) ?? 300 }
    public var gdTheta0: [Double] { self["theta0"].split(separator: ",").compactMap { Double($0) } }
    public var watchWords: [String] { self["watch"].split(separator: ",").map(String.init) }

    /// The settings whose change needs a new model, when going from `self` to `other`.
    public func restartKeys(comparedTo other: LabSettings) -> [String] {
        fields.filter { values[$0] != other.values[$0] && !Self.isLive(lab, $0) }
    }
}

extension String {
    /// The text in quotes, shortened when long, for an error message.
    var quotedForMessage: String {
        let short = count > 20 ? String(prefix(20)) + "…" : self
        return "“\(short)”"
    }
}
