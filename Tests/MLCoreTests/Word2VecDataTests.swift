import CZlib
import Foundation
import Testing
@testable import MLCore

// Tests of the Word2Vec data pipeline: tokeniser, vocabulary, corpus loading, sub-sampling, the negative-sampling
// table and the learning-rate schedule.

/// The repository's assets/ folder, found from this source file.
private let word2vecAssetsDir = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("assets").path

/// A fresh temporary file holding `bytes`; removed by the caller.
private func temporaryFile(_ bytes: [UInt8], suffix: String = ".txt") throws -> String {
    let path = NSTemporaryDirectory() + "lectern-w2v-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}


private func temporaryFile(_ text: String) throws -> String {
    try temporaryFile(Array(text.utf8))
}

/// The words of sentence `s` of `corpus`.
private func sentence(_ s: Int, of corpus: Corpus, _ vocabulary: Vocabulary) -> [String] {
    let start = s == 0 ? 0 : corpus.sentenceEnds[s - 1]
    return corpus.tokens[start ..< corpus.sentenceEnds[s]].map { vocabulary.words[Int($0)] }
}

private let seedArticleSentences = [
    "the quick brown fox jumps over the lazy dog",
    "the dog sleeps in the sun",
    "a quick brown dog chases the fox",
    "the lazy fox sleeps under the tree",
]

// MARK: - Tokenizer

@Suite struct TokenizerTests {
    @Test func asciiWordsAreLowerCasedAndSplitOnPunctuation() {
        #expect(Tokenizer.tokens("The Quick, brown FOX!") == ["the", "quick", "brown", "fox"])
        #expect(Tokenizer.tokens("well-known (really) e.g. x_y") == ["well", "known", "really", "e", "g", "x", "y"])
        #expect(Tokenizer.tokens("  \t spaces\tand\r\n tabs  ") == ["spaces", "and", "tabs"])
        #expect(Tokenizer.tokens("") == [])
        #expect(Tokenizer.tokens("... -- !!") == [])
    }

    @Test func digitsAreWordCharacters() {
        #expect(Tokenizer.tokens("In 1811, chapter 2nd; pi=3.14") == ["in", "1811", "chapter", "2nd", "pi", "3", "14"])
    }

    @Test func apostrophesInsideWordsOnly() {
        #expect(Tokenizer.tokens("Don't go o'er there") == ["don't", "go", "o'er", "there"])
        #expect(Tokenizer.tokens("'tis the dogs' 'quoted'") == ["tis", "the", "dogs", "quoted"])
        #expect(Tokenizer.tokens("rock''n roll ' alone") == ["rock", "n", "roll", "alone"])
        // The typographic apostrophe is the same apostrophe.
        #expect(Tokenizer.tokens("Don’t stop ’twas") == ["don't", "stop", "twas"])
        #expect(Tokenizer.tokens("l’été") == ["l'été"])
    }

    @Test func unicodeLettersSurviveAndAreLowerCased() {
        #expect(Tokenizer.tokens("Café naïve ΚΑΛΗΜΕΡΑ Москва") == ["café", "naïve", "καλημερα", "москва"])
        #expect(Tokenizer.tokens("Straße—Ærø «Zürich»") == ["straße", "ærø", "zürich"])
        #expect(Tokenizer.tokens("١٢٣ ٤") == ["١٢٣", "٤"])  // Arabic-Indic digits are digits
    }

    @Test func tokensAreNFC() {
        let decomposed = "Cafe\u{301}"  // e + combining acute
        let tokens = Tokenizer.tokens(decomposed)
        #expect(tokens == ["café"])
        #expect(Array(tokens[0].unicodeScalars).map(\.value) == [0x63, 0x61, 0x66, 0xE9])
    }

    @Test func cjkRunsSplitIntoCharacters() {
        #expect(Tokenizer.tokens("神经网络") == ["神", "经", "网", "络"])
        #expect(Tokenizer.tokens("用Python写") == ["用", "python", "写"])
        #expect(Tokenizer.tokens("日本語のテキスト。") == ["日", "本", "語", "の", "テ", "キ", "ス", "ト"])
        #expect(Tokenizer.tokens("한국어") == ["한", "국", "어"])
        // Punctuation between CJK characters is not a space: still unsegmented.
        #expect(Tokenizer.tokens("神经，网络") == ["神", "经", "网", "络"])
    }

    @Test func preSegmentedCJKStaysAsWritten() {
        #expect(Tokenizer.tokens("神经 网络") == ["神经", "网络"])
        #expect(Tokenizer.tokens("我 喜欢 神经网络 和 Python") == ["我", "喜欢", "神经网络", "和", "python"])
        #expect(Tokenizer.tokens("한국어 텍스트") == ["한국어", "텍스트"])
        // A space between a CJK character and a Latin word does not make the line pre-segmented.
        #expect(Tokenizer.tokens("神经网络 is fun") == ["神", "经", "网", "络", "is", "fun"])
    }

    @Test func substringAndStringAgree() {
        let text = "Header\nThe CAT sat; Café ’tis 神经网络\nfooter"
        let middle = text.split(separator: "\n")[1]
        #expect(Tokenizer.tokens(middle) == Tokenizer.tokens(String(middle)))
        #expect(Tokenizer.tokens(middle) == ["the", "cat", "sat", "café", "tis", "神", "经", "网", "络"])
    }

    @Test func asciiPathMatchesUnicodePath() {
        let lines = ["Hello, World! it's 42 o'clock", "a'b'c ''x'' y'", "x_y-z+w 0x1F", "MiXeD CaSe 007"]
        for line in lines {
            #expect(Tokenizer.tokens(line) == Tokenizer.unicodeTokens(line), "\(line)")
        }
    }
}

// MARK: - Vocabulary

@Suite struct VocabularyTests {
    @Test func countsOrderAndTies() throws {
        // counts: b 3, a 3 (a appears first), c 2, d 1, e 1.
        let (vocabulary, _) = try CorpusLoader.build(
            sentences: ["a b c", "b a d", "c a b e"], minCount: 1)
        #expect(vocabulary.words == ["a", "b", "c", "d", "e"])
        #expect(vocabulary.counts == [3, 3, 2, 1, 1])
        #expect(vocabulary.index["c"] == 2)
        #expect(vocabulary.totalCount == 10)
        // Ties go by first appearance, not alphabetically.
        let (v2, _) = try CorpusLoader.build(sentences: ["zeta alpha", "alpha zeta mid"], minCount: 1)
        #expect(v2.words == ["zeta", "alpha", "mid"])
    }

    @Test func minCountAndMaxSize() throws {
        let text = ["x y z x y x w", "v x y", "z z"]  // x 4, y 3, z 3, w 1, v 1
        let (v2, _) = try CorpusLoader.build(sentences: text, minCount: 2)
        #expect(v2.words == ["x", "y", "z"])
        #expect(v2.counts == [4, 3, 3])
        let (v3, _) = try CorpusLoader.build(sentences: text, minCount: 1, maxVocabulary: 2)
        #expect(v3.words == ["x", "y"])
        let (v4, _) = try CorpusLoader.build(sentences: text, minCount: 4)
        #expect(v4.words == ["x"])
        // min_count below 1 keeps every word.
        #expect(try CorpusLoader.build(sentences: text, minCount: 0).vocabulary.count == 5)
    }

    @Test func wordsAreCountedAfterTokenising() throws {
        let (v, _) = try CorpusLoader.build(sentences: ["The cat.", "THE CAT, the Cat!"], minCount: 1)
        #expect(v.words == ["the", "cat"])
        #expect(v.counts == [3, 3])
    }
}

// MARK: - CorpusLoader

@Suite struct CorpusLoaderTests {
    @Test func seedArticleToyExample() throws {
        let (vocabulary, corpus) = try CorpusLoader.build(sentences: seedArticleSentences, minCount: 1)
        #expect(vocabulary.words.prefix(3) == ["the", "fox", "dog"])  // fox and dog tie at 3; fox comes first
        #expect(vocabulary.counts.prefix(3) == [7, 3, 3])
        #expect(vocabulary.count == 15)
        #expect(corpus.rawTokenCount == 9 + 6 + 7 + 7)
        #expect(corpus.tokens.count == 29)
        #expect(corpus.sentenceEnds == [9, 15, 22, 29])
        #expect(sentence(0, of: corpus, vocabulary) == seedArticleSentences[0].split(separator: " ").map(String.init))
        #expect(sentence(3, of: corpus, vocabulary) == ["the", "lazy", "fox", "sleeps", "under", "the", "tree"])
    }

    @Test func encodingDropsRareWordsAndEmptySentences() throws {
        let (vocabulary, corpus) = try CorpusLoader.build(
            sentences: ["a b a", "", "rare", "... ,,,", "b a only", "b"], minCount: 2)
        #expect(vocabulary.words == ["a", "b"])
        #expect(corpus.tokens == [0, 1, 0, 1, 0, 1])
        #expect(corpus.sentenceEnds == [3, 5, 6])
        #expect(corpus.rawTokenCount == 8)
    }

    @Test func loadsPlainAndGzippedFiles() throws {
        let text = "The cat sat.\n\nthe DOG sat\r\nthe cat ran\n"
        let plain = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let gz = try temporaryFile(zlibDeflate(Array(text.utf8)), suffix: ".txt.gz")
        defer { try? FileManager.default.removeItem(atPath: gz) }
        for path in [plain, gz] {
            let (vocabulary, corpus) = try CorpusLoader.load(path: path, minCount: 2)
            #expect(vocabulary.words == ["the", "cat", "sat"])
            #expect(vocabulary.counts == [3, 2, 2])
            #expect(corpus.sentenceEnds == [3, 5, 7])
            #expect(corpus.tokens == [0, 1, 2, 0, 2, 0, 1])
            #expect(corpus.rawTokenCount == 9)
        }
        let firstTwo = try CorpusLoader.load(path: plain, minCount: 1, maxLines: 2)
        #expect(firstTwo.corpus.rawTokenCount == 3)
    }

    @Test func unicodeLinesInAFile() throws {
        let path = try temporaryFile("Café cafe\u{301} CAFÉ\n神经网络 网络\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (vocabulary, corpus) = try CorpusLoader.load(path: path, minCount: 1)
        // The three spellings of café are one word; line 2 is pre-segmented.
        #expect(vocabulary.words == ["café", "神经网络", "网络"])
        #expect(vocabulary.counts == [3, 1, 1])
        #expect(corpus.sentenceEnds == [3, 5])
    }

    @Test func longLinesAreSplit() throws {
        let n = CorpusLoader.maxSentenceLength
        let words = (0 ..< 2 * n + 5).map { $0 % 3 == 2 ? "rare\($0)" : "w\($0 % 3)" }
        let line = words.joined(separator: " ")
        let (vocabulary, corpus) = try CorpusLoader.build(sentences: ["a b", line, "c"], minCount: 2)
        #expect(vocabulary.words.sorted() == ["w0", "w1"])
        let kept = words.filter { !$0.hasPrefix("rare") }.count  // 13,337 kept words on the long line
        // Sentences are cut by kept words: 10,000 then the rest.
        #expect(corpus.sentenceEnds == [n, kept])
        #expect(corpus.rawTokenCount == words.count + 3)

        let (_, c2) = try CorpusLoader.build(sentences: [Array(repeating: "x", count: 2 * n).joined(separator: " "), "x"],
                                             minCount: 1)
        #expect(c2.sentenceEnds == [n, 2 * n, 2 * n + 1])
    }

    @Test func missingFile() {
        let path = "/nonexistent/lectern/corpus.txt"
        #expect(throws: DataError(path: path, message: "no such file")) {
            try CorpusLoader.load(path: path)
        }
    }

    @Test func emptyCorpus() throws {
        for text in ["", "\n\n", "... !!! ---\n"] {
            let path = try temporaryFile(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: DataError(path: path, message: "empty corpus: the text has no words")) {
                try CorpusLoader.load(path: path, minCount: 1)
            }
        }
        #expect(throws: DataError.self) { try CorpusLoader.build(sentences: [], minCount: 1) }
    }

    @Test func minCountTooHigh() throws {
        let error = #expect(throws: DataError.self) {
            try CorpusLoader.build(sentences: seedArticleSentences, minCount: 10)
        }
        #expect(error?.path == "<sentences>")
        #expect(error?.message == "no word occurs at least 10 times (min_count 10); the most frequent occurs 7 times")
    }

    @Test func badVocabularyLimit() {
        #expect(throws: DataError.self) {
            try CorpusLoader.build(sentences: seedArticleSentences, minCount: 1, maxVocabulary: 0)
        }
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let path = try temporaryFile(Array("good line\nstill good\n".utf8) + [0x62, 0x61, 0xFF, 0x64, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: DataError(path: path + ":3", message: "not valid UTF-8 text")) {
            try CorpusLoader.load(path: path, minCount: 1)
        }
    }

    @Test func sameTextSameIndices() throws {
        let a = try CorpusLoader.build(sentences: seedArticleSentences, minCount: 1)
        let b = try CorpusLoader.build(sentences: seedArticleSentences, minCount: 1)
        #expect(a.vocabulary.words == b.vocabulary.words && a.corpus.tokens == b.corpus.tokens)
    }

    /// The real Austen corpus from assets/ (all 10,288 lines: about 1 s in a debug build). Exact figures:
    /// 724,858 tokens, the same as `wc -w`.
    @Test func realAustenCorpus() throws {
        let path = word2vecAssetsDir + "/corpus/austen.txt.gz"
        let clock = ContinuousClock()
        let start = clock.now
        let (vocabulary, corpus) = try CorpusLoader.load(path: path, minCount: 5)
        print("austen.txt.gz load time (this build): \(clock.now - start); \(corpus.rawTokenCount) tokens, "
            + "\(vocabulary.count) words with count ≥ 5, \(corpus.sentenceEnds.count) sentences")
        #expect(corpus.rawTokenCount == 724_858)
        #expect(vocabulary.words.prefix(4) == ["the", "to", "and", "of"])
        #expect(vocabulary.counts.prefix(4) == [26_357, 24_050, 22_517, 21_181])
        #expect(vocabulary.count == 5_850)
        #expect(corpus.sentenceEnds.last == corpus.tokens.count)
        let head = try CorpusLoader.load(path: path, minCount: 1, maxLines: 2)
        #expect(head.corpus.rawTokenCount == 6)  // "sense and sensibility", "by jane austen"
    }
}

// MARK: - Sub-sampling

@Suite struct SubsamplingTests {
    @Test func keepProbabilitiesFollowTheFormula() {
        let counts = [50_000, 10_000, 1_000, 100, 10, 1]
        let sample = 1e-3
        let sub = Subsampler(counts: counts, sample: sample)
        let total = Double(counts.reduce(0, +))
        for (w, c) in counts.enumerated() {
            let t = sample * total
            let expected = min(1, ((Double(c) / t).squareRoot() + 1) * t / Double(c))
            #expect(abs(sub.keepProbability(w) - expected) < 1e-12)
            let fromThreshold = Double(sub.keepThreshold[w]) / Double(UInt32.max)
            #expect(abs(fromThreshold - expected) < 1e-9)
        }
        // The most frequent word is sub-sampled hard, the rare ones always kept.
        #expect(sub.keepProbability(0) < 0.5)
        #expect(sub.keepProbability(5) == 1 && sub.keepThreshold[5] == .max)
        #expect(sub.keeps(5, random: .max))
        #expect(sub.isEnabled)
    }

    @Test func empiricalKeepRate() {
        let sub = Subsampler(counts: [50_000, 10_000, 1_000], sample: 1e-3)
        var rng = SplitMix64(seed: 7)
        var kept = 0
        let draws = 200_000
        for _ in 0 ..< draws where sub.keeps(0, random: UInt32(truncatingIfNeeded: rng.next())) { kept += 1 }
        #expect(abs(Double(kept) / Double(draws) - sub.keepProbability(0)) < 0.005)
    }

    @Test func sampleZeroKeepsEverything() {
        let sub = Subsampler(counts: [1_000_000, 5, 1], sample: 0)
        #expect(!sub.isEnabled)
        #expect(sub.keepThreshold == [.max, .max, .max])
        #expect((0 ..< 3).allSatisfy { sub.keepProbability($0) == 1 })
    }

    @Test func fromVocabulary() throws {
        let (vocabulary, _) = try CorpusLoader.build(sentences: seedArticleSentences, minCount: 1)
        let sub = Subsampler(vocabulary: vocabulary, sample: 0.01)
        #expect(sub.keepThreshold.count == vocabulary.count)
        #expect(sub.keepProbability(0) < sub.keepProbability(vocabulary.count - 1))
    }
}

// MARK: - Unigram table

@Suite struct UnigramTableTests {
    @Test func empiricalFrequenciesMatchCountPower() {
        let counts = [100, 50, 10, 1, 1000]
        let table = UnigramTable(counts: counts)
        let weights = counts.map { pow(Double($0), 0.75) }
        let total = weights.reduce(0, +)
        var rng = SplitMix64(seed: 42)
        var hits = [Int](repeating: 0, count: counts.count)
        let draws = 1_000_000
        for _ in 0 ..< draws { hits[Int(table.sample(rng.next()))] += 1 }
        for w in 0 ..< counts.count {
            let expected = weights[w] / total
            #expect(abs(table.probability(w) - expected) < 1e-12)
            #expect(abs(Double(hits[w]) / Double(draws) - expected) < 0.005, "word \(w)")
        }
        // Chi-square, 4 degrees of freedom: P(χ² > 18.47) = 0.001.
        let chi2 = (0 ..< counts.count).reduce(0.0) { sum, w in
            let e = Double(draws) * weights[w] / total
            return sum + (Double(hits[w]) - e) * (Double(hits[w]) - e) / e
        }
        #expect(chi2 < 18.47)
    }

    @Test func aliasTableIsExact() {
        let counts = [7, 1, 0, 123_456, 3, 3, 99, 1, 1, 2_000]
        let table = UnigramTable(counts: counts)
        for w in 0 ..< counts.count {
            #expect(abs(table.tableProbability(w) - table.probability(w)) < 1e-8, "word \(w)")
        }
        #expect(table.probability(2) == 0)
        // The zero-count word is never drawn, whatever the random bits.
        var rng = SplitMix64(seed: 1)
        for _ in 0 ..< 100_000 { #expect(table.sample(rng.next()) != 2) }
    }

    @Test func edgeCases() {
        let one = UnigramTable(counts: [5])
        #expect(one.sample(0) == 0 && one.sample(.max) == 0)
        let equal = UnigramTable(counts: [4, 4, 4, 4])
        #expect(equal.sample(0) == 0)
        #expect(equal.sample(.max) == 3)
        #expect((0 ..< 4).allSatisfy { abs(equal.tableProbability($0) - 0.25) < 1e-9 })
        let (threshold, alias) = UnigramTable(counts: [1, 3]).columns
        #expect(threshold.count == 2 && alias.count == 2)
        #expect(alias.contains(1))
        let linear = UnigramTable(counts: [1, 3], power: 1)
        #expect(abs(linear.probability(1) - 0.75) < 1e-12)
    }
}

// MARK: - Learning rate

@Suite struct LearningRateTests {
    @Test func linearDecay() {
        #expect(LearningRate.alpha(start: 0.025, end: 0.0001, progress: 0) == 0.025)
        #expect(abs(LearningRate.alpha(start: 0.025, end: 0.0001, progress: 0.5) - 0.01255) < 1e-15)
        #expect(LearningRate.alpha(start: 0.025, end: 0.0001, progress: 1) == 0.0001)
    }

    @Test func clamped() {
        #expect(LearningRate.alpha(start: 0.025, end: 0.0001, progress: -0.3) == 0.025)
        #expect(LearningRate.alpha(start: 0.025, end: 0.0001, progress: 1.7) == 0.0001)
        #expect(LearningRate.alpha(start: 0.025, end: 0.0001, progress: .nan) == 0.025)
        // Never below end, even when end > start.
        #expect(LearningRate.alpha(start: 0.01, end: 0.02, progress: 0.5) == 0.02)
    }
}
