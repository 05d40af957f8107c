import MLCore

/// One watched word and its nearest neighbours now.
public struct WatchedWord: Sendable, Equatable {
    public var word: String
    /// nil when the word is not in the vocabulary.
    public var neighbours: [Neighbour]?
    public init(word: String, neighbours: [Neighbour]?) { self.word = word; self.neighbours = neighbours }
}

public struct Neighbour: Sendable, Equatable {
    public var word: String
    public var similarity: Float
    public init(word: String, similarity: Float) { self.word = word; self.similarity = similarity }
}

/// The Word2Vec lab's extras: the watch list, and the vectors to answer analogies with.
public struct Word2VecDetail: LabDetail {
    public var corpusName = ""
    public var vocabularySize = 0
    public var corpusTokens = 0
    public var watch: [WatchedWord] = []
    /// The vectors as of the last refresh (shared, not copied, between snapshots).
    public var index: VectorIndex?
    /// Bumped each time `index` is refreshed.
    public var indexVersion = 0
    public init() {}
}

extension LabSnapshot {
    public var word2vec: Word2VecDetail? { detail as? Word2VecDetail }
}
