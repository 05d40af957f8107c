import Foundation
import Testing
@testable import MLCore

// MARK: - Helpers

/// 2-D toy vectors (deliberately not unit length) where, once normalised, king − man + woman = queen exactly:
/// (0,1) − (1,0) + (0,−1) = (−1,0).
private func royals() -> VectorIndex {
    let rows: [(String, Float, Float)] = [
        ("man", 2, 0), ("king", 0, 3), ("woman", 0, -0.5), ("queen", -1, 0),
        ("apple", 0.6, 0.8), ("pear", 0.8, 0.6), ("prince", -0.9, 0.3), ("zero", 0, 0),
    ]
    return VectorIndex(WordVectors(words: rows.map(\.0), dimension: 2, vectors: rows.flatMap { [$0.1, $0.2] }))
}

private func randomVectors(words: Int, dim: Int, seed: UInt64) -> WordVectors {
    var rng = SplitMix64(seed: seed)
    return WordVectors(words: (0 ..< words).map { "w\($0)" }, dimension: dim,
                       vectors: (0 ..< words * dim).map { _ in rng.nextUnitFloat() * 2 - 1 })
}

/// Plain Double reference: unit rows.
private func unitRows(_ v: WordVectors) -> [[Double]] {
    (0 ..< v.words.count).map { r in
        let row = (0 ..< v.dimension).map { Double(v.vectors[r * v.dimension + $0]) }
        let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return row.map { norm > 0 ? $0 / norm : 0 }
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// The k best rows by `score`, excluding `excluded`, by a full sort.
private func reference(_ v: WordVectors, k: Int, excluded: Set<Int>, score: (Int) -> Double) -> [(String, Double)] {
    var ranked: [(row: Int, score: Double)] = []
    for r in 0 ..< v.words.count where !excluded.contains(r) { ranked.append((r, score(r))) }
    ranked.sort { (x: (row: Int, score: Double), y: (row: Int, score: Double)) -> Bool in
        x.score != y.score ? x.score > y.score : x.row < y.row
    }
    return ranked.prefix(k).map { (v.words[$0.row], $0.score) }
}

private func expectSame(_ ours: [(word: String, similarity: Float)], _ theirs: [(String, Double)], tolerance: Double = 1e-5) {
    #expect(ours.map(\.word) == theirs.map(\.0))
    for (o, t) in zip(ours, theirs) { #expect(abs(Double(o.similarity) - t.1) <= tolerance * max(1, abs(t.1)), "\(o.word)") }
}

// MARK: - Queries

@Suite struct VectorQueriesTests {
    @Test func threeCosAddFindsQueenExactly() throws {
        let index = royals()
        let answers = try index.analogy("man", "king", "woman", k: 5, method: .add)
        #expect(answers.map(\.word) == ["queen", "prince", "zero", "apple", "pear"])
        #expect(abs(answers[0].similarity - 1) < 1e-6)
        #expect(abs(answers[1].similarity - 0.9 / Float(0.9).squareRoot()) < 1e-6)
        #expect(answers[2].similarity == 0)  // an all-zero row scores 0, not NaN
        #expect(abs(answers[3].similarity + 0.6) < 1e-6)
    }

    @Test func threeCosMulFindsQueenToo() throws {
        let index = royals()
        let answers = try index.analogy("man", "king", "woman", k: 5, method: .mul)
        #expect(answers.map(\.word) == ["queen", "prince", "zero", "pear", "apple"])
        // queen: ((1+0)/2)·((1+0)/2) / ((1−1)/2 + 1e-6) = 0.25 / 1e-6.
        #expect(abs(answers[0].similarity - 250_000) < 1)
        #expect(abs(answers[2].similarity - 0.25 / 0.500001) < 1e-6)
        #expect(abs(answers[3].similarity - 0.16 / 0.9) < 1e-5)
    }

    @Test func nearestRanksBestFirstAndLeavesOutTheQuery() throws {
        let index = royals()
        let top = try index.nearest(to: "queen", k: 3)
        // prince, then three words at cosine 0: equal scores keep vocabulary order (king before woman before zero).
        #expect(top.map(\.word) == ["prince", "king", "woman"])
        #expect(zip(top, top.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
        let all = try index.nearest(to: "queen", k: 100)
        #expect(all.count == index.count - 1)
        #expect(!all.contains { $0.word == "queen" })
        #expect(all.last?.word == "man")
        #expect(try index.nearest(to: "queen", k: 0).isEmpty)
    }

    @Test func nearestToAVectorNormalisesAndExcludes() throws {
        let index = royals()
        let top = try index.nearest(vector: [-5, 0], k: 2, excluding: ["queen", "not-a-word"])
        #expect(top.map(\.word) == ["prince", "king"])
        #expect(abs(top[0].similarity - 0.9 / Float(0.9).squareRoot()) < 1e-6)
        #expect(throws: QueryError.wrongDimension(expected: 2, got: 3)) { try index.nearest(vector: [1, 2, 3]) }
    }

    @Test func similarityIsTheCosine() throws {
        let index = royals()
        #expect(abs(try index.similarity("man", "queen") + 1) < 1e-6)
        #expect(abs(try index.similarity("apple", "pear") - 0.96) < 1e-6)
        #expect(abs(try index.similarity("king", "king") - 1) < 1e-6)
        #expect(try index.similarity("zero", "king") == 0)
    }

    @Test func unknownWordsAreNamedWithASuggestion() {
        let index = royals()
        #expect(throws: QueryError.unknownWord("xyz")) { try index.nearest(to: "xyz") }
        #expect(QueryError.unknownWord("xyz").description == "'xyz' is not in the vocabulary")
        do {
            _ = try index.similarity("king", "Queen")
            Issue.record("expected an error")
        } catch {
            #expect(error == .unknownWord("Queen", suggestion: "queen"))
            #expect(error.description == "'Queen' is not in the vocabulary; did you mean 'queen'?")
        }
        #expect(throws: QueryError.unknownWord("princes", suggestion: "prince")) {
            try index.analogy("man", "princes", "woman")
        }
        #expect(index.suggestion(for: "qu") == nil)
        #expect(index.suggestion(for: "pearly") == "pear")
        #expect(index.suggestion(for: "zzz") == nil)
    }

    @Test func matchesAPlainDoubleReference() throws {
        // dim 13: rows are padded to 16 for SIMD8; the padding must not leak into any score.
        let v = randomVectors(words: 150, dim: 13, seed: 21)
        let index = VectorIndex(v)
        let unit = unitRows(v)
        for q in [0, 7, 149] {
            let ours = try index.nearest(to: v.words[q], k: 8)
            expectSame(ours, reference(v, k: 8, excluded: [q]) { dot(unit[$0], unit[q]) })
        }
        for (a, b, c) in [(1, 2, 3), (10, 20, 30), (149, 0, 77)] {
            let target = (0 ..< v.dimension).map { unit[b][$0] - unit[a][$0] + unit[c][$0] }
            let norm = dot(target, target).squareRoot()
            let add = try index.analogy(v.words[a], v.words[b], v.words[c], k: 6, method: .add)
            expectSame(add, reference(v, k: 6, excluded: [a, b, c]) { dot(unit[$0], target) / norm })
            let mul = try index.analogy(v.words[a], v.words[b], v.words[c], k: 6, method: .mul)
            expectSame(mul, reference(v, k: 6, excluded: [a, b, c]) { d in
                let shifted = { (x: Int) in (1 + dot(unit[d], unit[x])) / 2 }
                return shifted(b) * shifted(c) / (shifted(a) + 1e-6)
            }, tolerance: 1e-4)
        }
    }
}

// MARK: - Analogy evaluation

@Suite struct AnalogyEvalTests {
    @Test func sectionsCoverageAndSkippedQuestions() throws {
        let questions = """
        : royal
        man king woman queen
        MAN King WOMAN QuEeN
        man king woman unicorn
        just three words

        : wrong-answer
        man king woman prince
        """
        let report = try AnalogyEvaluation.evaluate(royals(), questionsText: questions, path: "q.txt")
        #expect(report.sections == [
            .init(name: "royal", correct: 2, covered: 2, total: 3),
            .init(name: "wrong-answer", correct: 0, covered: 1, total: 1),
        ])
        #expect(report.correct == 2)
        #expect(report.covered == 3)
        #expect(report.total == 4)
        #expect(abs(report.accuracy - 2.0 / 3.0) < 1e-12)
        #expect(report.invalidLines == 1)
        #expect(report.sections[0].accuracy == 1)
    }

    @Test func questionBeforeAnySectionIsAnError() {
        do {
            _ = try AnalogyEvaluation.evaluate(royals(), questionsText: "\nman king woman queen\n: s\n", path: "q.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "q.txt:2")
            #expect(error.message.contains("before the first ': section'"))
        }
    }

    @Test func restrictVocabLimitsWordsAndAnswers() throws {
        // Only man, king, woman, queen take part: prince is out of the vocabulary.
        let text = ": s\nman king woman queen\nman king woman prince\n"
        let report = try AnalogyEvaluation.evaluate(royals(), questionsText: text, path: "q", restrictVocab: 4)
        #expect(report.covered == 1)
        #expect(report.correct == 1)
        #expect(report.total == 2)
    }

    @Test func caseVariantsOfTheQuestionWordsCannotBeTheAnswer() throws {
        // "Man" folds to MAN like "man" (the first one stands for both) and points exactly at the answer's spot;
        // gensim ignores it as a prediction, so queen is right.
        let rows: [(String, Float, Float)] = [("man", 1, 0), ("king", 0, 1), ("woman", 0, -1), ("queen", -1, 0.1), ("Man", -1, 0)]
        let index = VectorIndex(WordVectors(words: rows.map(\.0), dimension: 2, vectors: rows.flatMap { [$0.1, $0.2] }))
        let report = try AnalogyEvaluation.evaluate(index, questionsText: ": s\nman king woman queen\n", path: "q")
        #expect(report.correct == 1)
        #expect(try index.analogy("man", "king", "woman", k: 1).first?.word == "Man")  // the plain query does not fold
    }

    @Test func batchedScoringAgreesWithOneQueryAtATime() throws {
        let v = randomVectors(words: 300, dim: 20, seed: 4)
        let index = VectorIndex(v)
        var rng = SplitMix64(seed: 8)
        var text = ""
        var expected = 0
        for q in 0 ..< 600 {
            if q % 150 == 0 { text += ": section \(q / 150)\n" }
            let w = (0 ..< 4).map { _ in v.words[rng.below(v.words.count)] }
            text += w.joined(separator: " ") + "\n"
            if try index.analogy(w[0], w[1], w[2], k: 1).first?.word == w[3] { expected += 1 }
        }
        // Make some right answers: use each question's own prediction as d.
        for q in 0 ..< 50 {
            if q == 0 { text += ": predicted\n" }
            let w = (0 ..< 3).map { _ in v.words[rng.below(v.words.count)] }
            let d = try index.analogy(w[0], w[1], w[2], k: 1).first!.word
            text += (w + [d]).joined(separator: " ") + "\n"
            expected += 1
        }
        let report = try AnalogyEvaluation.evaluate(index, questionsText: text, path: "q")
        #expect(report.covered == 650)
        #expect(report.correct == expected)
        #expect(report.sections.count == 5)
        #expect(report.sections.last?.correct == 50)
    }

    /// LECTERN_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter AnalogyEval
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LECTERN_BENCH"] != nil))
    func timingOnAQuestionsWordsSizedRun() throws {
        let v = randomVectors(words: 15_000, dim: 100, seed: 1)
        let started = ContinuousClock.now
        let index = VectorIndex(v)
        let built = ContinuousClock.now
        var rng = SplitMix64(seed: 2)
        var text = ""
        for q in 0 ..< 19_544 {
            if q % 1_400 == 0 { text += ": section \(q / 1_400)\n" }
            text += (0 ..< 4).map { _ in v.words[rng.below(v.words.count)] }.joined(separator: " ") + "\n"
        }
        let evalStart = ContinuousClock.now
        let report = try AnalogyEvaluation.evaluate(index, questionsText: text, path: "bench")
        let done = ContinuousClock.now
        print("analogy eval: 19544 questions, 15000×100, BLAS threads \(BLAS.threads): index \(built - started), "
              + "evaluate \(done - evalStart), covered \(report.covered), correct \(report.correct)")
        #expect(report.covered == 19_544)
    }
}
