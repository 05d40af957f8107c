/// The settings of one Word2Vec run. Defaults follow word2vec.c and gensim (skip-gram, negative sampling).
public struct Word2VecConfig: Sendable, Equatable {
    public var dimension = 100
    public var window = 5
    public var negative = 5
    public var minCount = 5
    public var sample = 1e-3
    public var epochs = 5
    /// Starting learning rate; nil means the usual default (0.025 skip-gram, 0.05 CBOW).
    public var alpha: Double?
    public var minAlpha = 0.0001
    public var cbow = false
    /// Skip-gram only: draw the negative samples once per centre word and share them across its window
    /// (Ji et al., 2016), turning the updates into small dense products. Faster; a slightly different
    /// sampling scheme from word2vec.c and gensim, whose per-pair path is used when this is off.
    public var sharedNegatives = true
    public var threads = 1
    public var seed: UInt64 = 1
    public var maxVocabulary: Int?
    /// Report progress about every this many corpus words (per run, across workers).
    public var progressEvery = 50_000

    public init() {}

    public var startAlpha: Double { alpha ?? (cbow ? 0.05 : 0.025) }

    /// Why these settings cannot run, in one sentence, or nil when they can.
    public func problem() -> String? {
        if dimension < 1 || dimension > 2000 { return "dimension must be 1…2000, got \(dimension)" }
        if window < 1 || window > 100 { return "window must be 1…100, got \(window)" }
        if negative < 1 || negative > 100 { return "negative must be 1…100, got \(negative)" }
        if minCount < 1 { return "min_count must be at least 1, got \(minCount)" }
        if !(sample >= 0 && sample < 1) { return "sample must be in [0, 1), got \(sample)" }
        if epochs < 1 || epochs > 1000 { return "epochs must be 1…1000, got \(epochs)" }
        if !(startAlpha > 0 && startAlpha.isFinite) { return "alpha must be a positive number, got \(startAlpha)" }
        if !(minAlpha >= 0 && minAlpha <= startAlpha) { return "min_alpha must be in [0, alpha], got \(minAlpha)" }
        if threads < 1 || threads > 64 { return "threads must be 1…64, got \(threads)" }
        if let m = maxVocabulary, m < 1 { return "max vocabulary must be at least 1, got \(m)" }
        return nil
    }
}

/// Where a Word2Vec run is, reported about every `progressEvery` words.
public struct Word2VecProgress: Sendable, Equatable {
    public var epoch: Int
    public var epochs: Int
    /// Corpus words processed so far in this run (all epochs, all workers).
    public var words: Int
    public var totalWords: Int
    public var alpha: Double
    public var wordsPerSecond: Double
    /// Mean negative-sampling loss per sample over the words since the previous report.
    public var loss: Double
}

/// What one finished epoch looked like.
public struct Word2VecEpochReport: Sendable, Equatable {
    public var epoch: Int
    public var words: Int
    public var seconds: Double
    public var wordsPerSecond: Double
    public var alpha: Double
    public var loss: Double
    public var pairs: Int
}
