import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// Fixed lessons and lab snapshots for the lab tests. Nothing here trains: every number is written by hand,
// so a screen shows the same cells on every run.

/// Twin lessons in both languages that name labs and hold ```try blocks.
///
/// - `reading`: no lab, long text, one try block (gd, alpha 0.2) at the very end.
/// - `descent`: `lab: gd`, a try block (alpha 0.2, iterations 50) right under the heading.
/// - `digits`: `lab: mlp`, a short text.
/// - `badtry`: `lab: gd`, a try block whose second value is out of range (iterations 50, alpha 500).
/// - `words`: `lab: word2vec`, a short text.
func labLibrary() -> LessonLibrary {
    func lesson(_ lang: String, _ id: String, _ title: String, _ order: String, lab: String?, _ body: String) -> Lesson {
        let labLine = lab.map { "lab: \($0)\n" } ?? ""
        return LessonParser.parse("---\nid: \(id)\ntitle: \(title)\norder: \(order)\n\(labLine)---\n" + body,
                                  path: "\(lang)/\(id).md", labs: .standard)
    }
    func tryBlock(_ lines: String) -> String { "```try\n" + lines + "\n```\n" }
    func lessons(_ lang: String) -> [Lesson] {
        let zh = lang == "zh"
        let paragraphs = (1...40).map { zh ? "第\($0)段：沿着梯度的反方向走一小步。" : "Paragraph \($0): take a small step against the gradient." }
            .joined(separator: "\n\n")
        let tryGD = tryBlock("lab: gd\nalpha: 0.2\nnote: \(zh ? "看它发散。" : "Watch it overshoot.")")
        return [
            lesson(lang, "reading", zh ? "阅读" : "Reading", "1", lab: nil,
                   "# \(zh ? "阅读" : "Reading")\n\n" + paragraphs + "\n\n" + tryGD),
            lesson(lang, "descent", zh ? "梯度下降" : "Descent", "2", lab: "gd",
                   "# \(zh ? "梯度下降" : "Descent")\n\n" + tryBlock("lab: gd\nalpha: 0.2\niterations: 50")
                       + "\n" + (zh ? "步长太大会发散。" : "Too large a step diverges.") + "\n"),
            lesson(lang, "digits", zh ? "手写数字" : "Digits", "3", lab: "mlp",
                   "# \(zh ? "手写数字" : "Digits")\n\n" + (zh ? "一个小小的多层感知机。" : "A small multilayer perceptron.") + "\n"),
            lesson(lang, "badtry", zh ? "坏例子" : "Bad try", "4", lab: "gd",
                   "# \(zh ? "坏例子" : "Bad try")\n\n" + tryBlock("lab: gd\niterations: 50\nalpha: 500")),
            lesson(lang, "words", zh ? "词向量" : "Words", "5", lab: "word2vec",
                   "# \(zh ? "词向量" : "Words")\n\n" + (zh ? "国王减去男人加上女人。" : "King minus man plus woman.") + "\n"),
        ]
    }
    return LessonLibrary(root: "/lab-fixture", lessons: ["en": lessons("en"), "zh": lessons("zh")])
}

/// A dashboard on one of `labLibrary()`'s lessons.
func labState(_ lessonID: String = "reading", lang: String = "en", width: Int = 100, height: Int = 30) -> AppState {
    AppState(library: labLibrary(), language: lang, width: width, height: height, lessonID: lessonID)
}

extension AppState {
    /// Hands the lab a snapshot one version newer than the one it holds (the lab must have been started).
    mutating func deliver(_ snapshot: LabSnapshot, to lab: Lab? = nil) {
        let lab = lab ?? snapshot.lab
        _ = reduce(.snapshotArrived(lab, version: labs[lab].version + 1, snapshot))
    }

    /// Shows `lab`, starts a run, and delivers `snapshot` as its first report.
    mutating func showRunning(_ lab: Lab, _ snapshot: LabSnapshot? = nil) {
        _ = press(.char(Self.showKey(lab)), .char("s"))
        if let snapshot { deliver(snapshot, to: lab) }
    }

    static func showKey(_ lab: Lab) -> Character {
        Character(String(LabRegistry.labs.firstIndex(of: lab)! + 1))
    }

    /// Opens the settings editor of the shown lab on field `key`.
    mutating func openEditor(at key: String) {
        _ = press(.char("e"))
        for _ in 0..<20 where editor?.key != key { _ = press(.tab) }
    }

    /// Types `value` into field `key` of the shown lab's editor and presses Enter.
    mutating func edit(_ key: String, to value: String) -> [Effect] {
        openEditor(at: key)
        _ = typeText(value)
        return press(.enter)
    }

    /// The rendered cells, row by row.
    func screenBuffer() -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: height)
        Screen.render(self, into: &b)
        return b
    }
}

// MARK: - Snapshots

enum LabFixtures {
    /// A loss per step that falls from about 2.3 towards 0.1 with a small fixed wobble.
    static func fallingLoss(_ count: Int, from start: Double = 2.3) -> [Double] {
        (0..<count).map { k in
            let x = Double(k)
            return 0.1 + (start - 0.1) / (1 + x / 8) + 0.04 * Double((k * 7) % 5 - 2) / 2
        }
    }

    static func curve(_ values: [Double], validation: [LossCurve.Point] = []) -> LossCurve {
        var c = LossCurve(capacity: 512)
        for v in values { c.append(v) }
        c.validation = validation
        return c
    }

    // MARK: MLP

    /// 8×8 pictures drawn as text: `#` is ink.
    static let glyphs: [[String]] = [
        ["..####..", ".#....#.", "#......#", "#......#", "#......#", "#......#", ".#....#.", "..####.."],
        ["...##...", "..###...", "...##...", "...##...", "...##...", "...##...", "...##...", "..####.."],
        ["..####..", ".#....#.", "......#.", ".....#..", "....#...", "...#....", "..#.....", ".######."],
        ["..####..", ".#....#.", "......#.", "...###..", "......#.", "......#.", ".#....#.", "..####.."],
        ["....##..", "...#.#..", "..#..#..", ".#...#..", "########", ".....#..", ".....#..", ".....#.."],
        [".######.", ".#......", ".#......", ".#####..", "......#.", "......#.", ".#....#.", "..####.."],
    ]

    static func pixels(_ rows: [String]) -> [Float] {
        rows.flatMap { row in row.map { $0 == "#" ? Float(1) : Float(0) } }
    }

    /// Six test digits 0…5; the model takes the 2 for a 7 (the only wrong guess).
    static var digitStrip: DigitStrip {
        var s = DigitStrip()
        s.rows = 8
        s.cols = 8
        s.images = glyphs.map(pixels)
        s.labels = [0, 1, 2, 3, 4, 5]
        s.predictions = [0, 1, 7, 3, 4, 5]
        return s
    }

    /// A 10×10 confusion matrix: mostly right, a few 2s taken for 7s and 4s for 9s.
    static var confusion: [[Int]] {
        (0..<10).map { r in
            (0..<10).map { c in
                if r == c { return 170 + r }
                if r == 2 && c == 7 { return 9 }
                if r == 4 && c == 9 { return 4 }
                return 0
            }
        }
    }

    /// Epoch 3 of 5 on the 8×8 digits: 90 of 150 batches in 30 s, so 60% done and 20 s to go.
    static func mlpRunning(steps: Int = 90, rate: Double = 9_600) -> LabSnapshot {
        var d = MLPDetail()
        d.dataName = "digits"
        d.trainCount = 1_437
        d.batchSize = 32
        d.validationAccuracy = [0.80, 0.86]
        d.testAccuracy = [0.812, 0.874, 0.901]
        d.confusion = confusion
        d.digits = digitStrip
        var snap = LabSnapshot(lab: .mlp, phase: .running, detail: d)
        snap.progress.epoch = 3
        snap.progress.epochs = 5
        snap.progress.step = steps
        snap.progress.totalSteps = 150
        snap.progress.rate = rate
        snap.progress.rateUnit = "samples/s"
        snap.progress.elapsed = 30
        snap.progress.learningRate = 0.001
        snap.curve = curve(fallingLoss(steps), validation: [.init(x: 30, y: 0.62), .init(x: 60, y: 0.41)])
        return snap
    }

    /// The MLP run blew up at step 12 with a large learning rate.
    static var mlpDiverged: LabSnapshot {
        var snap = mlpRunning(steps: 12)
        snap.phase = .diverged("the loss became NaN at step 12")
        snap.divergedAt = 12
        var values = fallingLoss(11)
        values.append(.nan)
        snap.curve = curve(values)
        snap.progress.learningRate = 3
        return snap
    }

    // MARK: Gradient descent

    /// J(θ) = (θ₀ − 2)² + 2(θ₁ − 1)² on a 9×9 grid over [−1, 3] × [−1, 3].
    static var bowl: [[Double]] {
        (0..<9).map { r in
            (0..<9).map { c in
                let t0 = -1 + 4 * Double(c) / 8, t1 = -1 + 4 * Double(r) / 8
                return (t0 - 2) * (t0 - 2) + 2 * (t1 - 1) * (t1 - 1)
            }
        }
    }

    static func gdSnapshot(path: [[Double]], phase: RunPhase, alpha: Double, totalSteps: Int) -> LabSnapshot {
        var d = GDDetail()
        d.path = path
        d.iterations = Array(0..<path.count)
        d.losses = path.map { ($0[0] - 2) * ($0[0] - 2) + 2 * ($0[1] - 1) * ($0[1] - 1) }
        d.field = bowl
        d.bounds = ([-1, -1], [3, 3])
        d.minimum = [2, 1]
        d.maxStableAlpha = 0.5
        var snap = LabSnapshot(lab: .gd, phase: phase, detail: d)
        snap.progress.epoch = 1
        snap.progress.epochs = 1
        snap.progress.step = path.count - 1
        snap.progress.totalSteps = totalSteps
        snap.progress.rate = 20
        snap.progress.rateUnit = "it/s"
        snap.progress.elapsed = Double(path.count - 1) / 20
        snap.progress.learningRate = alpha
        snap.curve = curve(d.losses)
        return snap
    }

    /// Eight iterations from (0, 0) halving the distance to the minimum (2, 1) each time; 300 planned.
    static var gdConverging: LabSnapshot {
        let path = (0..<8).map { k -> [Double] in
            let f = 1 - 1 / Double(1 << k)
            return [2 * f, f]
        }
        return gdSnapshot(path: path, phase: .running, alpha: 0.25, totalSteps: 300)
    }

    /// α = 0.7 overshoots the valley further each step; the run stopped at iteration 6.
    static var gdDiverged: LabSnapshot {
        let path = (0..<7).map { k -> [Double] in
            let swing = Double(k % 2 == 0 ? 1 : -1) * Double(1 << k) * 0.4
            return [2 - 2 * swing, 1 - swing]
        }
        var snap = gdSnapshot(path: path, phase: .diverged("J grew without bound"), alpha: 0.7, totalSteps: 300)
        snap.divergedAt = 6
        return snap
    }

    // MARK: Word2Vec

    /// Hand-made vectors: royalty on the first axis, gender on the second, fruit on the third.
    static var vectorIndex: VectorIndex {
        let rows: [(String, [Float])] = [
            ("king", [1, 1, 0.1]), ("queen", [1, -1, 0.1]), ("man", [0, 1, 0.1]), ("woman", [0, -1, 0.1]),
            ("prince", [0.9, 0.8, 0.2]), ("apple", [0, 0, 1]), ("pear", [0.1, 0, 0.9]),
        ]
        return VectorIndex(WordVectors(words: rows.map(\.0), dimension: 3, vectors: rows.flatMap(\.1)))
    }

    /// Epoch 1 of 3, 40 of 120 steps; watching king, love and a word the corpus lacks.
    static var word2vecRunning: LabSnapshot {
        var d = Word2VecDetail()
        d.corpusName = "austen"
        d.vocabularySize = 7
        d.corpusTokens = 123_456
        d.watch = [
            WatchedWord(word: "king", neighbours: [Neighbour(word: "prince", similarity: 0.82), Neighbour(word: "queen", similarity: 0.41)]),
            WatchedWord(word: "apple", neighbours: [Neighbour(word: "pear", similarity: 0.67)]),
            WatchedWord(word: "zyzzyva", neighbours: nil),
        ]
        d.index = vectorIndex
        d.indexVersion = 1
        var snap = LabSnapshot(lab: .word2vec, phase: .running, detail: d)
        snap.progress.epoch = 1
        snap.progress.epochs = 3
        snap.progress.step = 40
        snap.progress.totalSteps = 120
        snap.progress.rate = 52_000
        snap.progress.rateUnit = "words/s"
        snap.progress.elapsed = 10
        snap.progress.learningRate = 0.025
        snap.curve = curve(fallingLoss(40, from: 4))
        return snap
    }

    // MARK: The language model

    /// A language-model run at step `step` of 2000 on `text`'s characters, 41k tokens/s, 20 s in: samples from
    /// noise to words, context = a one-token prompt and the last sample's line, logits that favour the corpus's next character, and
    /// two layers × four heads of attention (head h of layer l looks back l·4 + h + 1 positions, or at the start).
    static func lmRunning(text: String, samples: [(Int, String)], context: String, step: Int = 1200) -> LabSnapshot {
        let tokenizer = CharTokenizer(training: text)
        var d = LMDetail()
        d.corpusName = "fixture"
        d.corpusTokens = text.count
        d.modelName = "transformer-2"
        d.parameterCount = 109_056
        d.tokenizer = .characters(tokenizer)
        d.tokenDisplay = (0..<tokenizer.vocabularySize).map { tokenizer.display(Int32($0)) }
        d.samples = samples.map { LMSampleLine(step: $0.0, text: $0.1) }
        d.context = try! tokenizer.encode(context)
        // The prompt is the context's first token (⏎ for English, 《 for Chinese); the sample follows it.
        d.promptLength = 1
        let n = d.context.count, v = tokenizer.vocabularySize
        // After position i the likeliest next token is the one that follows it in `context` (the last: the first
        // token), then a spread over the rest by id.
        d.logits = (0..<n).map { i in
            let next = Int(d.context[(i + 1) % n])
            return (0..<v).map { $0 == next ? 4 : Float(($0 * 7) % 5) * 0.4 }
        }
        d.attention = (0..<2).map { l in
            (0..<4).map { h in
                let back = l * 4 + h + 1
                return (0..<(n * n)).map { k in
                    let i = k / n, j = k % n
                    guard j <= i else { return 0 }
                    // Mostly on the position `back` before (or the first), the rest spread evenly.
                    let target = max(0, i - back)
                    return j == target ? (i == 0 ? 1 : 0.6) : 0.4 / Float(max(1, i))
                }
            }
        }
        d.gradientNorm = 0.84
        d.updateRatios = [("transformer.wte.weight", -3.2), ("transformer.h.0.attn.c_attn.weight", -2.7), ("transformer.h.1.mlp.c_proj.weight", -2.9)]
        d.validationLoss = 1.95
        var snap = LabSnapshot(lab: .lm, phase: .running, detail: d)
        snap.progress.epoch = 1
        snap.progress.epochs = 1
        snap.progress.step = step
        snap.progress.totalSteps = 2000
        snap.progress.rate = 41_000
        snap.progress.rateUnit = "tokens/s"
        snap.progress.elapsed = 20
        snap.progress.learningRate = 0.0021
        snap.curve = curve(fallingLoss(step, from: 4.2), validation: [.init(x: 600, y: 2.3), .init(x: 1200, y: 1.95)])
        return snap
    }

    static let lmEnglishText = "ROMEO:\nBut soft, what light through yonder window breaks?\nJULIET:\nAy me!\n"
    static var lmEnglish: LabSnapshot {
        lmRunning(text: lmEnglishText,
                  samples: [(5, "kq?JgM;vb!x"), (300, "Thes hat wo the"), (600, "ROMEO: what lige bre"), (1200, "But soft, what light")],
                  context: "\nBut soft, what light")
    }

    static let lmChineseText = "《静夜思》\n作者：李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"
    static var lmChinese: LabSnapshot {
        lmRunning(text: lmChineseText,
                  samples: [(5, "霜思头》疑，月"), (600, "床前明月，疑是地"), (1200, "举头望明月，低头")],
                  context: "《静夜思》\n床前明月光")
    }

    /// The bigram: no attention.
    static var lmBigram: LabSnapshot {
        var snap = lmEnglish
        guard var d = snap.lm else { return snap }
        d.modelName = "bigram"
        d.parameterCount = 1_024
        d.attention = nil
        snap.detail = d
        return snap
    }

    // MARK: Odd cases

    /// The same MLP run on 28×28 pictures (the glyphs scaled up), which the strip shrinks.
    static var mlpLargeDigits: LabSnapshot {
        var snap = mlpRunning()
        guard var d = snap.mlp else { return snap }
        d.digits.rows = 28
        d.digits.cols = 28
        d.digits.images = glyphs.map { g in
            let small = pixels(g)
            return (0..<(28 * 28)).map { i in small[(i / 28 * 8 / 28) * 8 + (i % 28 * 8 / 28)] }
        }
        snap.detail = d
        return snap
    }

    /// A run that could not start: an empty detail, as the jobs publish when loading fails.
    static func failed(_ lab: Lab) -> LabSnapshot {
        let detail: any LabDetail
        switch lab {
        case .mlp: detail = MLPDetail()
        case .gd: detail = GDDetail()
        case .lm: detail = LMDetail()
        default: detail = Word2VecDetail()
        }
        return LabSnapshot(lab: lab, phase: .failed("cannot read assets/\(lab.rawValue): no such file"), detail: detail)
    }

    /// Every fixture snapshot, for the tests that sweep them all.
    static var all: [LabSnapshot] { [mlpRunning(), mlpDiverged, gdConverging, gdDiverged, word2vecRunning, lmEnglish, lmChinese, lmBigram] }

    /// `all`, plus the odd cases.
    static var everything: [LabSnapshot] { all + [mlpLargeDigits] + LabRegistry.labs.map(failed) }
}

/// The lab reducer suites, grouped so that `--filter LabReducerTests` runs them all.
@Suite struct LabReducerTests {}

/// What the reducer suites share: the English lab words, and reading effects and snapshots.
protocol LabReducerTesting {}

extension LabReducerTesting {
    var english: LabText { LabText.for("en") }

    /// The settings a `.start` effect carries, or nil for any other effect.
    func started(_ effects: [Effect]) -> LabSettings? {
        for case .run(_, .start(let settings, _, _)) in effects { return settings }
        return nil
    }

    /// A curve of `n` steps, for snapshots whose only job is to put something on the chart.
    func snapshot(_ lab: Lab, steps: Int, phase: RunPhase = .running) -> LabSnapshot {
        var s = LabFixtures.all.first { $0.lab == lab }!
        s.phase = phase
        s.curve = LabFixtures.curve(LabFixtures.fallingLoss(steps))
        return s
    }
}
