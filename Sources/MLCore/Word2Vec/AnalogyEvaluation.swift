import Foundation

/// Word-analogy accuracy on a questions-words.txt style file, the way gensim 4.4's
/// `KeyedVectors.evaluate_word_analogies` computes it (defaults: `restrict_vocab=300000`,
/// `case_insensitive=True`, `dummy4unknown=False`, 3CosAdd).
///
/// The file: `: section name` lines start sections; every other line is a question `a b c d`
/// (a : b :: c : d). As in gensim:
/// - only the first `restrictVocab` words of the vocabulary take part (as question words and as answers);
/// - words are compared upper-cased on both sides; when several vocabulary words fold to the same upper case,
///   the first (most frequent) one stands for all of them;
/// - a line that does not split into exactly four words is skipped (not counted; see `Report.invalidLines`);
/// - a question with a word outside the vocabulary is counted in `total` but skipped: not `covered`;
/// - the prediction is argmax cos(d, b̂ − â + ĉ) over the vocabulary with a, b, c (and their case variants)
///   excluded; it is right when it is d.
/// gensim looks only at its top 5 candidates, so it can miss where the vocabulary has more than five case variants
/// of a, b, c ranked first; an exact argmax here. Differences from gensim: a question line before any section is
/// an error in both, but blank lines there are allowed here.
///
/// Scoring is batched: up to 256 query vectors at a time times the vocabulary as one `BLAS.sgemm`.
public enum AnalogyEvaluation {
    public struct Section: Sendable, Equatable {
        public var name: String
        /// Covered questions answered right.
        public var correct: Int
        /// Questions whose four words are all in the vocabulary: the ones answered.
        public var covered: Int
        /// Well-formed questions in the section, covered or not.
        public var total: Int
        /// correct / covered, 0 when nothing was covered (as gensim).
        public var accuracy: Double { covered > 0 ? Double(correct) / Double(covered) : 0 }

        public init(name: String, correct: Int = 0, covered: Int = 0, total: Int = 0) {
            self.name = name
            self.correct = correct
            self.covered = covered
            self.total = total
        }
    }

    public struct Report: Sendable {
        /// In file order (a name that appears twice gives two sections, as in gensim).
        public var sections: [Section]
        public var correct: Int
        public var covered: Int
        /// All well-formed questions, covered or not.
        public var total: Int
        /// correct / covered, 0 when nothing was covered.
        public var accuracy: Double
        /// Non-blank lines that are neither a section header nor four words (skipped, as gensim does).
        public var invalidLines: Int
    }

    public static func evaluate(_ index: VectorIndex, questionsPath: String,
                                restrictVocab: Int = 300_000) throws(DataError) -> Report {
        let bytes = try FileIO.readAll(questionsPath)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DataError(path: questionsPath, message: "not UTF-8 text")
        }
        return try evaluate(index, questionsText: text, path: questionsPath, restrictVocab: restrictVocab)
    }

    /// `path` only labels errors.
    public static func evaluate(_ index: VectorIndex, questionsText: String, path: String,
                                restrictVocab: Int = 300_000) throws(DataError) -> Report {
        let n = min(index.count, max(0, restrictVocab))
        // gensim's ok_vocab: upper-cased word → first row with that upper case.
        var folded: [String: Int] = [:]
        folded.reserveCapacity(n)
        var canonical = [Int](repeating: 0, count: n)
        var variants: [Int: [Int]] = [:]
        for r in 0 ..< n {
            let key = index.words[r].uppercased()
            if let first = folded[key] {
                canonical[r] = first
                variants[first, default: []].append(r)
            } else {
                folded[key] = r
                canonical[r] = r
            }
        }

        // Parse.
        var sections: [Section] = []
        var questions: [(a: Int, b: Int, c: Int, d: Int, section: Int)] = []
        var invalid = 0
        var lineNumber = 0
        for rawLine in questionsText.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.hasPrefix(": ") {
                let name = line.drop { $0 == ":" || $0 == " " }.trimmingCharacters(in: .whitespacesAndNewlines)
                sections.append(Section(name: name))
                continue
            }
            let parts = line.split(whereSeparator: { $0.isWhitespace })
            if parts.isEmpty { continue }
            guard !sections.isEmpty else {
                throw DataError(path: "\(path):\(lineNumber)", message: "a question before the first ': section' line")
            }
            guard parts.count == 4 else { invalid += 1; continue }
            let s = sections.count - 1
            sections[s].total += 1
            guard let a = folded[parts[0].uppercased()], let b = folded[parts[1].uppercased()],
                  let c = folded[parts[2].uppercased()], let d = folded[parts[3].uppercased()] else { continue }
            sections[s].covered += 1
            questions.append((a, b, c, d, s))
        }

        // Score in batches: Q (batch × dim) · Uᵀ (dim × n) → scores (batch × n), then argmax per row.
        let dim = index.dimension, stride = index.stride
        if n > 0 && dim > 0 && !questions.isEmpty {
            let batch = min(256, max(8, (8 << 20) / n), questions.count)
            var queries = [Float](repeating: 0, count: batch * stride)
            var scores = [Float](repeating: 0, count: batch * n)
            index.unit.withUnsafeBufferPointer { u in
                let base = u.baseAddress!
                queries.withUnsafeMutableBufferPointer { q in
                    scores.withUnsafeMutableBufferPointer { sc in
                        var start = 0
                        while start < questions.count {
                            let rows = min(batch, questions.count - start)
                            for i in 0 ..< rows {
                                let t = questions[start + i]
                                let pa = base + t.a * stride, pb = base + t.b * stride, pc = base + t.c * stride
                                let out = q.baseAddress! + i * stride
                                // Unit length does not change the argmax; gensim's mean and normalisation are skipped.
                                for j in 0 ..< dim { out[j] = (pb[j] + pc[j]) - pa[j] }
                            }
                            BLAS.sgemm(transA: false, transB: true, m: rows, n: n, k: dim, alpha: 1,
                                       a: q.baseAddress!, lda: stride, b: base, ldb: stride,
                                       beta: 0, c: sc.baseAddress!, ldc: n)
                            for i in 0 ..< rows {
                                let t = questions[start + i]
                                let row = sc.baseAddress! + i * n
                                for w in 0 ..< 3 {
                                    let word = w == 0 ? t.a : w == 1 ? t.b : t.c
                                    row[word] = -.infinity
                                    if !variants.isEmpty, let more = variants[word] { for v in more { row[v] = -.infinity } }
                                }
                                let best = argmax(row, n)
                                if best >= 0 && row[best] > -.infinity && canonical[best] == t.d {
                                    sections[t.section].correct += 1
                                }
                            }
                            start += rows
                        }
                    }
                }
            }
        }

        let correct = sections.reduce(0) { $0 + $1.correct }
        let covered = sections.reduce(0) { $0 + $1.covered }
        let total = sections.reduce(0) { $0 + $1.total }
        return Report(sections: sections, correct: correct, covered: covered, total: total,
                      accuracy: covered > 0 ? Double(correct) / Double(covered) : 0, invalidLines: invalid)
    }

    /// The first index of the largest value (NaN ignored), -1 when there is none.
    static func argmax(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Int {
        var m8 = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            m8.replace(with: x, where: x .> m8)
            i += 8
        }
        var m = m8.max()
        while i < n {
            if p[i] > m { m = p[i] }
            i += 1
        }
        for j in 0 ..< n where p[j] == m { return j }
        return -1
    }
}
