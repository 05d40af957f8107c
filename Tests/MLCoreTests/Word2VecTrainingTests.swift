import Synchronization
import Testing
@testable import MLCore

/// Two topics whose words never share a sentence: after training, every word's nearest neighbour must be
/// from its own topic — which random vectors fail about half the time.
func twoTopicCorpus(sentences: Int = 1500, seed: UInt64 = 9) -> (Vocabulary, Corpus) {
    let words = (0..<10).map { "a\($0)" } + (0..<10).map { "b\($0)" }
    var rng = SplitMix64(seed: seed)
    var tokens: [Int32] = [], ends: [Int] = []
    for s in 0..<sentences {
        let topic = Int32(s % 2) * 10
        for _ in 0..<8 { tokens.append(topic + Int32(rng.below(10))) }
        ends.append(tokens.count)
    }
    var counts = [Int](repeating: 0, count: 20)
    for t in tokens { counts[Int(t)] += 1 }
    return (Vocabulary(words: words, counts: counts), Corpus(tokens: tokens, sentenceEnds: ends, rawTokenCount: tokens.count))
}

func nearestNeighbour(_ v: WordVectors, of i: Int) -> Int {
    let d = v.dimension
    func norm(_ r: Int) -> Float { (0..<d).map { v.vectors[r * d + $0] * v.vectors[r * d + $0] }.reduce(0, +).squareRoot() }
    var best = -1, bestCos: Float = -2
    for j in 0..<v.words.count where j != i {
        let dot = (0..<d).map { v.vectors[i * d + $0] * v.vectors[j * d + $0] }.reduce(0, +)
        let cos = dot / (norm(i) * norm(j))
        if cos > bestCos { bestCos = cos; best = j }
    }
    return best
}

@Suite struct Word2VecTrainingTests {
    func config(cbow: Bool = false, threads: Int = 1) -> Word2VecConfig {
        var c = Word2VecConfig()
        c.dimension = 16
        c.window = 3
        c.minCount = 1
        c.sample = 0
        c.epochs = 5
        c.cbow = cbow
        c.threads = threads
        c.progressEvery = 1000
        return c
    }

    func expectTopicsSeparate(_ trainer: Word2VecTrainer) {
        let v = trainer.vectors()
        for i in 0..<20 {
            #expect(nearestNeighbour(v, of: i) / 10 == i / 10, "\(v.words[i])'s nearest word is from the other topic")
        }
    }

    @Test func skipGramSeparatesTheTopics() throws {
        let (vocab, corpus) = twoTopicCorpus()
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: config())
        var reports: [Word2VecEpochReport] = []
        #expect(trainer.train(onEpoch: { reports.append($0) }) == .finished)
        #expect(reports.map(\.epoch) == [1, 2, 3, 4, 5])
        #expect(reports.allSatisfy { $0.words == corpus.tokens.count })
        #expect(reports.last!.loss < reports.first!.loss)
        #expect(abs(trainer.currentAlpha - 0.0001) < 1e-12)
        expectTopicsSeparate(trainer)
    }

    @Test func randomVectorsFailTheSameCheck() throws {
        // The assertion above can fail: untrained vectors put some neighbours in the other topic.
        let (vocab, corpus) = twoTopicCorpus()
        let v = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: config()).vectors()
        let wrong = (0..<20).filter { nearestNeighbour(v, of: $0) / 10 != $0 / 10 }.count
        #expect(wrong > 0)
    }

    @Test func perPairSkipGramSeparatesTheTopics() throws {
        let (vocab, corpus) = twoTopicCorpus()
        var c = config()
        c.sharedNegatives = false
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: c)
        #expect(trainer.train() == .finished)
        expectTopicsSeparate(trainer)
    }

    @Test func cbowSeparatesTheTopics() throws {
        let (vocab, corpus) = twoTopicCorpus()
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: config(cbow: true))
        #expect(trainer.train() == .finished)
        expectTopicsSeparate(trainer)
    }

    @Test func twoThreadsCoverEveryWordOncePerEpoch() throws {
        let (vocab, corpus) = twoTopicCorpus()
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: config(threads: 2))
        var words = 0
        #expect(trainer.train(onEpoch: { words += $0.words }) == .finished)
        #expect(words == corpus.tokens.count * 5)
        expectTopicsSeparate(trainer)
        let slices = Word2VecTrainer.split(corpus, into: 2)
        #expect(slices[0].lowerBound == 0 && slices[1].upperBound == corpus.sentenceEnds.count)
        #expect(slices[0].upperBound == slices[1].lowerBound)
    }

    @Test func oneThreadIsRepeatable() throws {
        let (vocab, corpus) = twoTopicCorpus(sentences: 200)
        var c = config()
        c.epochs = 1
        let a = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: c)
        let b = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: c)
        _ = a.train()
        _ = b.train()
        #expect(a.vectors().vectors == b.vectors().vectors)
    }

    @Test func progressAndStop() throws {
        let (vocab, corpus) = twoTopicCorpus()
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: config())
        let seen = Mutex<[Word2VecProgress]>([])
        let reason = trainer.train(onProgress: { p in
            seen.withLock { $0.append(p) }
            if p.words >= 20_000 { trainer.stop() }
        })
        #expect(reason == .stopped)
        let reports = seen.withLock { $0 }
        #expect(!reports.isEmpty)
        #expect(reports.map(\.words) == reports.map(\.words).sorted())
        #expect(reports.allSatisfy { $0.loss > 0 && $0.loss.isFinite && $0.alpha <= 0.025 })
        #expect(reports.last!.words < corpus.tokens.count * 5)
    }

    @Test func learningRateFallsLinearly() throws {
        let (vocab, corpus) = twoTopicCorpus(sentences: 100)
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: config())
        #expect(trainer.alpha(wordsDone: 0) == 0.025)
        #expect(abs(trainer.alpha(wordsDone: trainer.totalWords / 2) - (0.025 + 0.0001) / 2) < 1e-6)
        #expect(trainer.alpha(wordsDone: trainer.totalWords * 2) == 0.0001)
    }

    @Test func theArticlesToyExampleTrains() throws {
        // The seed's gensim call: four sentences, vector_size 100, window 5, min_count 1. We tokenise the
        // sentences (gensim, given raw strings, would have trained on single characters).
        let sentences = ["the quick brown fox jumps over the lazy dog", "the quick brown fox jumps over the lazy cat",
                         "the quick brown fox jumps over the fence", "the quick brown fox jumps over the lazy fox"]
        let (vocab, corpus) = try CorpusLoader.build(sentences: sentences, minCount: 1)
        var c = Word2VecConfig()
        c.minCount = 1
        c.window = 5
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: c)
        #expect(trainer.train() == .finished)
        let v = trainer.vectors()
        #expect(v.dimension == 100 && v.words.count == 10 && v.words.first == "the")
        #expect(v.vectors.allSatisfy { $0.isFinite })
        for word in ["the", "brown", "fox"] { #expect(v.index[word] != nil) }
    }

    @Test func vectorsCanBeCopiedWhileTrainingRuns() throws {
        let (vocab, corpus) = twoTopicCorpus()
        var c = config(threads: 2)
        c.progressEvery = 2000
        let trainer = try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: c)
        let copies = Mutex(0)
        _ = trainer.train(onProgress: { _ in
            let v = trainer.vectors()
            if v.vectors.allSatisfy({ $0.isFinite }) { copies.withLock { $0 += 1 } }
        })
        #expect(copies.withLock { $0 } > 0)
    }

    @Test func badSettingsAreRejected() {
        let (vocab, corpus) = twoTopicCorpus(sentences: 10)
        for change in [{ (c: inout Word2VecConfig) in c.dimension = 0 }, { $0.window = 0 }, { $0.alpha = -1 }, { $0.sample = 2 }] {
            var c = Word2VecConfig()
            change(&c)
            #expect(throws: Word2VecTrainer.ConfigError.self) { try Word2VecTrainer(vocabulary: vocab, corpus: corpus, config: c) }
        }
    }
}

import Foundation
