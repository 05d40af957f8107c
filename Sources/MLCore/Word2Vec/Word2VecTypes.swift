// The types the Word2Vec pieces share: a tokenised corpus, its vocabulary, and trained vectors.

/// Words kept for training (count ≥ min_count), most frequent first, and how often each occurs.
public struct Vocabulary: Sendable {
    /// Index → word. Sorted by count, descending; ties keep the order of first appearance in the corpus.
    public var words: [String]
    /// counts[i] = occurrences of words[i] in the corpus.
    public var counts: [Int]
    /// Word → index.
    public var index: [String: Int32]

    public init(words: [String], counts: [Int]) {
        precondition(words.count == counts.count)
        self.words = words
        self.counts = counts
        var index: [String: Int32] = [:]
        index.reserveCapacity(words.count)
        for (i, w) in words.enumerated() { index[w] = Int32(i) }
        self.index = index
    }

    public var count: Int { words.count }
    /// Occurrences of all kept words.
    public var totalCount: Int { counts.reduce(0, +) }
}

/// A corpus as word indices: the kept words of every sentence (one line of text), in order.
public struct Corpus: Sendable {
    /// Indices into the vocabulary, sentences concatenated. Words below min_count are already dropped.
    public var tokens: [Int32]
    /// sentenceEnds[s] = end (exclusive) of sentence s in `tokens`; sentences are never empty.
    public var sentenceEnds: [Int]
    /// Every token of the text before rare words were dropped: the "corpus tokens" speeds are quoted in.
    public var rawTokenCount: Int

    public init(tokens: [Int32], sentenceEnds: [Int], rawTokenCount: Int) {
        self.tokens = tokens
        self.sentenceEnds = sentenceEnds
        self.rawTokenCount = rawTokenCount
    }
}

/// Trained word vectors: what queries, evaluation and the vectors files work on.
public struct WordVectors: Sendable {
    public var words: [String]
    public var dimension: Int
    /// words.count × dimension, row-major.
    public var vectors: [Float]
    public var index: [String: Int]

    public init(words: [String], dimension: Int, vectors: [Float]) {
        precondition(vectors.count == words.count * dimension)
        self.words = words
        self.dimension = dimension
        self.vectors = vectors
        var index: [String: Int] = [:]
        index.reserveCapacity(words.count)
        for (i, w) in words.enumerated() where index[w] == nil { index[w] = i }
        self.index = index
    }
}
