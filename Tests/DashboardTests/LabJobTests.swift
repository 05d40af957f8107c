import Foundation
import LessonKit
import MLCore
import Synchronization
import Testing
@testable import Dashboard

// End-to-end tests of the three lab jobs as the dashboard drives them: through `LabEngine.perform` and
// `LabEngine.poll`, with the engine's real 50 ms publish interval. Training is kept tiny (the 8×8 digits, a
// synthetic corpus written to a temporary directory) because these run in a debug build.
//
// Every wait is a poll with a deadline; fixed sleeps only set up a quiet period whose absence of change is then
// checked, and timing is only ever asserted as a lower bound.

/// Helpers for this file, kept in a namespace so that they cannot clash with other test files' globals.
enum LabJobFixture {
    /// The package root, found from this file's path (Tests/DashboardTests/LabJobTests.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Resources that resolve asset names under the package's assets/ directory, and throw for missing ones.
    static func assetResources() -> LabResources {
        let root = packageRoot.appendingPathComponent("assets").path
        return LabResources { name in
            let path = root + "/" + name
            guard FileManager.default.fileExists(atPath: path) else {
                throw LabError("cannot find \(name) in \(root)")
            }
            return path
        }
    }

    /// Resources that resolve names through `table`, throwing for any name not in it.
    static func resources(_ table: [String: String]) -> LabResources {
        LabResources { name in
            guard let path = table[name] else { throw LabError("no asset named \(name) (looked in the test's table)") }
            return path
        }
    }

    /// A fresh temporary directory, removed by the caller with `removeTemporary`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lectern-labjob-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func removeTemporary(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    static let fruit = ["apple", "banana", "cherry", "grape", "lemon", "mango", "melon", "peach", "pear", "plum"]
    static let sea = ["anchor", "boat", "harbor", "island", "ocean", "sail", "ship", "shore", "tide", "wave"]

    /// `count` sentences of exactly 10 words, each drawn from one topic only (alternating topics), with a fixed
    /// pseudo-random generator so that the text is the same on every run.
    static func topicSentences(_ count: Int) -> [String] {
        var state: UInt64 = 0x1234_5678
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<count).map { i in
            let topic = i % 2 == 0 ? fruit : sea
            return (0..<10).map { _ in topic[next(topic.count)] }.joined(separator: " ")
        }
    }

    /// Writes the synthetic corpus (plain text: the loader reads gzip or not) and returns its path.
    static func writeCorpus(sentences: Int, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("topics.txt")
        try (topicSentences(sentences).joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Word2Vec settings for the synthetic corpus (the job always asks for "corpus/<corpus>.txt.gz").
    static func word2vecSettings(dim: Int = 16, epochs: Int = 3, alpha: String? = nil,
                                 watch: String = "apple,ship") -> LabSettings {
        var s = LabSettings(lab: .word2vec)
        #expect(s.set("min-count", "1") == nil)
        #expect(s.set("dim", "\(dim)") == nil)
        #expect(s.set("epochs", "\(epochs)") == nil)
        #expect(s.set("watch", watch) == nil)
        if let alpha { #expect(s.set("alpha", alpha) == nil) }
        return s
    }

    static func mlpSettings(epochs: Int, lr: String? = nil, batch: Int? = nil) -> LabSettings {
        var s = LabSettings(lab: .mlp)
        #expect(s.set("epochs", "\(epochs)") == nil)
        if let lr { #expect(s.set("lr", lr) == nil) }
        if let batch { #expect(s.set("batch-size", "\(batch)") == nil) }
        return s
    }
}

/// Follows one lab of an engine the way the main loop does: polls with the last version seen, and keeps every
/// snapshot it was handed (so tests can check what the UI could ever have shown).
final class LabFollower {
    let engine: LabEngine
    let lab: Lab
    private(set) var version = -1
    private(set) var received: [TrainingRunner<LabSnapshot>.Published] = []

    init(_ engine: LabEngine, _ lab: Lab) {
        self.engine = engine
        self.lab = lab
    }

    var latest: LabSnapshot? { received.last?.snapshot }

    /// The last snapshot received, if it belongs to the engine's current run of this lab.
    var latestOfCurrentRun: LabSnapshot? {
        guard let p = received.last, p.runID == engine.runner(lab).currentRunID else { return nil }
        return p.snapshot
    }

    /// One poll, as one frame of the main loop; returns the new snapshot if there was one.
    @discardableResult
    func poll() -> TrainingRunner<LabSnapshot>.Published? {
        guard let p = engine.poll(after: [lab: version]).first(where: { $0.lab == lab })?.published else { return nil }
        #expect(p.version > version, "versions must grow")
        version = p.version
        received.append(p)
        return p
    }

    /// Polls (every 2 ms) until a snapshot satisfies `condition` or `seconds` pass; returns that snapshot.
    @discardableResult
    func wait(_ seconds: Double = 60, until condition: (LabSnapshot) -> Bool) -> LabSnapshot? {
        if let s = latestOfCurrentRun, condition(s) { return s }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let p = poll(), condition(p.snapshot) { return p.snapshot }
            Thread.sleep(forTimeInterval: 0.002)
        }
        if let p = poll(), condition(p.snapshot) { return p.snapshot }
        return nil
    }

    /// Polls for `seconds` and returns every snapshot that arrived meanwhile (a quiet period to check).
    func collect(for seconds: Double) -> [LabSnapshot] {
        var out: [LabSnapshot] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let p = poll() { out.append(p.snapshot) }
            Thread.sleep(forTimeInterval: 0.002)
        }
        if let p = poll() { out.append(p.snapshot) }
        return out
    }

    /// Waits until the run has ended (any terminal phase).
    @discardableResult
    func waitUntilOver(_ seconds: Double = 120) -> LabSnapshot? { wait(seconds) { $0.phase.isOver } }

    /// Polls until the published step has stayed the same for `quiet` seconds; returns that step.
    func settledStep(quiet: Double = 0.15, within seconds: Double = 10) -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            poll()
            let before = latest?.progress.step
            let during = collect(for: quiet)
            if during.isEmpty || during.allSatisfy({ $0.progress.step == before }) { return before }
        }
        return nil
    }
}

@Suite(.serialized) struct LabJobTests {
    // MARK: - 1. MLP on the 8×8 digits

    @Test func mlpTrainsTheDigitsForTwoEpochs() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        let id = engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 2), paused: false, speed: nil))
        #expect(id != nil)
        let end = try #require(follow.waitUntilOver(), "the MLP run did not end")
        #expect(end.phase == .finished)
        #expect(end.lab == .mlp)
        #expect(follow.received.allSatisfy { $0.runID == id })

        let p = end.progress
        #expect(p.epochs == 2)
        #expect(p.epoch == 2)
        #expect(p.totalSteps > 0)
        #expect(p.step == p.totalSteps)
        #expect(p.totalSteps % 2 == 0, "two equal epochs")
        #expect(p.rateUnit == "samples/s")
        #expect(p.rate > 0)
        #expect(p.elapsed > 0)
        #expect(end.curve.steps == p.totalSteps, "one loss point per batch")
        #expect(end.curve.values.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(end.curve.validation.count == 2, "one validation point per epoch")
        #expect(end.curve.validation.map(\.x) == [Double(p.totalSteps / 2), Double(p.totalSteps)])
        #expect(end.divergedAt == nil)

        let d = try #require(end.mlp)
        #expect(d.dataName == "digits")
        #expect(d.batchSize == 32)
        #expect(d.trainCount > 0)
        #expect(p.totalSteps == 2 * ((d.trainCount + 31) / 32))
        #expect(d.validationAccuracy.count == 2)
        #expect(d.testAccuracy.count == 2)
        #expect(d.testAccuracy.allSatisfy { $0 > 0.5 && $0 <= 1 }, "test accuracies \(d.testAccuracy)")

        // The confusion matrix covers the whole test set, and its diagonal is the last test accuracy.
        let data = try engine.resources.dataset("digits")
        #expect(d.confusion.count == 10)
        #expect(d.confusion.allSatisfy { $0.count == 10 })
        #expect(d.confusion.joined().reduce(0, +) == data.test.count)
        let correct = (0..<10).reduce(0) { $0 + d.confusion[$1][$1] }
        #expect(abs(Double(correct) / Double(data.test.count) - d.testAccuracy[1]) < 1e-12)
        for k in 0..<10 {
            #expect(d.confusion[k].reduce(0, +) == data.test.labels.filter { $0 == Int32(k) }.count, "row \(k)")
        }

        // The strip: 12 test digits of 8×8, every class shown, and a guess for each.
        let strip = d.digits
        #expect(strip.rows == 8 && strip.cols == 8)
        #expect(strip.images.count == 12)
        #expect(strip.images.allSatisfy { $0.count == 64 })
        #expect(strip.labels.count == 12)
        #expect(Set(strip.labels) == Set(0..<10))
        #expect(strip.predictions.count == 12)
        #expect(strip.predictions.allSatisfy { (0..<10).contains($0) })
        #expect(zip(strip.labels, strip.predictions).filter { $0 == $1 }.count >= 6, "mostly right after two epochs")
    }

    // MARK: - 2. Pause and single steps

    @Test func mlpStartedPausedTakesExactlyTheStepsAskedFor() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 3), paused: true, speed: nil))
        try #require(follow.wait(30) { _ in true } != nil, "no first snapshot")
        // Paused from the start: whatever arrives over 200 ms, nothing has trained.
        let quiet = follow.collect(for: 0.2)
        #expect(follow.received.allSatisfy { $0.snapshot.progress.step == 0 && $0.snapshot.curve.steps == 0 },
                "steps while paused: \(quiet.map(\.progress.step))")
        #expect(engine.runner(.mlp).isPaused)

        for _ in 0..<3 { engine.perform(.mlp, .step) }
        // The job is now waiting again at step 3; the UI must be shown that state (see the known issue below).
        let third = follow.wait(1) { $0.progress.step == 3 }
        #expect(third != nil, "the UI never saw step 3; last shown: \(follow.latest?.progress.step ?? -1)")
        // Whatever was shown, it never went past 3 while paused.
        _ = follow.collect(for: 0.2)
        #expect(follow.received.allSatisfy { $0.snapshot.progress.step <= 3 })
        #expect(follow.received.allSatisfy { $0.snapshot.curve.steps == $0.snapshot.progress.step })

        engine.perform(.mlp, .resume)
        #expect(follow.wait(30) { $0.progress.step > 3 } != nil, "resume did not continue the run")
        engine.perform(.mlp, .stop)
        #expect(follow.waitUntilOver()?.phase == .stopped)
    }

    /// The same rule for GD: a step taken right after the first snapshot must still be shown once the job waits.
    @Test func gdPausedStepIsShownWhileTheJobWaits() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .gd)
        engine.perform(.gd, .start(LabSettings(lab: .gd), paused: true, speed: nil))
        try #require(follow.wait(10) { $0.phase == .running } != nil)
        engine.perform(.gd, .step)
        let shown = follow.wait(1) { $0.progress.step == 1 }
        #expect(shown != nil, "still showing step \(follow.latest?.progress.step ?? -1) while paused at step 1")
        #expect(follow.received.allSatisfy { $0.snapshot.progress.step <= 1 })
        engine.perform(.gd, .stop)
        #expect(follow.waitUntilOver()?.phase == .stopped)
    }

    /// The pause/step bookkeeping checked through what the UI sees, with a gap between the steps so that every
    /// step's snapshot is due (this holds whether or not the rate-limit issue above is fixed).
    @Test func mlpSpacedSingleStepsAreEachShown() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 3), paused: true, speed: nil))
        try #require(follow.wait(30) { _ in true } != nil)
        for expected in 1...3 {
            // The previous publish must be older than the runner's 50 ms interval for this step's to be kept.
            Thread.sleep(forTimeInterval: 0.08)
            engine.perform(.mlp, .step)
            let s = follow.wait(5) { $0.progress.step >= expected }
            #expect(s?.progress.step == expected)
            #expect(s?.phase == .running)
            #expect(s?.curve.steps == expected)
        }
        #expect(follow.collect(for: 0.2).allSatisfy { $0.progress.step == 3 })
        engine.perform(.mlp, .resume)
        #expect(follow.wait(30) { $0.progress.step > 3 } != nil)
        engine.perform(.mlp, .stop)
        #expect(follow.waitUntilOver()?.phase == .stopped)
    }

    /// A run started paused should show what it is about to train (its total, its digit strip) while it waits
    /// for the first step, as the GD and Word2Vec jobs do; the MLP job shows only "loading".
    @Test func mlpStartedPausedShowsItsRunBeforeTheFirstStep() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 2), paused: true, speed: nil))
        let shown = follow.wait(2) { $0.phase == .running && $0.progress.totalSteps > 0 }
        #expect(shown != nil, "last phase shown: \(String(describing: follow.latest?.phase))")
        #expect(shown?.mlp?.digits.images.count == 12)
        #expect(follow.received.allSatisfy { $0.snapshot.progress.step == 0 })
        engine.perform(.mlp, .stop)
        #expect(follow.waitUntilOver()?.phase == .stopped)
    }

    // MARK: - 3. A learning rate applied live

    @Test func learningRateChangesApplyAtTheNextStep() throws {
        // GD keeps α in Double: exactly the value sent.
        do {
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .gd)
            var settings = LabSettings(lab: .gd)
            #expect(settings.set("alpha", "0.05") == nil)
            engine.perform(.gd, .start(settings, paused: true, speed: nil))
            let first = try #require(follow.wait(10) { $0.phase == .running })
            #expect(first.progress.learningRate == 0.05)
            #expect(first.progress.step == 0)
            Thread.sleep(forTimeInterval: 0.08)  // so that the first step's snapshot is due (see the known issue)
            engine.perform(.gd, .learningRate(0.01))
            engine.perform(.gd, .step)
            let after = try #require(follow.wait(5) { $0.progress.step == 1 })
            #expect(after.progress.learningRate == 0.01)
            // The step itself used the new α: θ₁ = θ₀ − 0.01·g(θ₀), the reference loop's first iterate.
            let theta = try #require(after.gd?.path.last)
            #expect(theta == Self.referenceGD(alpha: 0.01, iterations: 1))
            engine.perform(.gd, .stop)
            #expect(follow.waitUntilOver()?.phase == .stopped)
        }
        // The MLP trains in Float: the rate shown is 0.01 to Float precision, and it is not the default 0.001.
        do {
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .mlp)
            engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 2), paused: true, speed: nil))
            try #require(follow.wait(30) { _ in true } != nil)
            Thread.sleep(forTimeInterval: 0.08)  // so that the first step's snapshot is due (see above)
            engine.perform(.mlp, .learningRate(0.01))
            engine.perform(.mlp, .step)
            let after = try #require(follow.wait(10) { $0.progress.step == 1 })
            #expect(abs(after.progress.learningRate - 0.01) < 1e-8, "shown: \(after.progress.learningRate)")
            engine.perform(.mlp, .stop)
            #expect(follow.waitUntilOver()?.phase == .stopped)
        }
    }

    // MARK: - 4. Stop

    @Test func stopEndsTheRunAndNothingIsPublishedAfter() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 200), paused: false, speed: nil))
        let running = try #require(follow.wait(60) { $0.progress.step > 2 })
        #expect(running.phase == .running)
        engine.perform(.mlp, .stop)
        let end = try #require(follow.waitUntilOver(30))
        #expect(end.phase == .stopped)
        #expect(end.progress.step < end.progress.totalSteps)
        #expect(end.curve.steps == end.progress.step)
        engine.runner(.mlp).drain()
        follow.poll()
        let last = follow.version
        // Nothing more arrives: no version after the stopped snapshot.
        #expect(follow.collect(for: 0.2).isEmpty)
        #expect(engine.runner(.mlp).latest(after: last) == nil)
        #expect(engine.poll(after: [.mlp: last, .gd: Int.max, .word2vec: Int.max]).isEmpty)
        #expect(follow.latest?.phase == .stopped)
    }

    // MARK: - 5. A new run replaces the old one

    @Test func aSecondStartReplacesTheFirstAndDropsItsSnapshots() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        let first = try #require(engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 200), paused: false, speed: nil)))
        let old = try #require(follow.wait(60) { $0.progress.step > 3 })
        #expect(old.progress.epochs == 200)
        let cut = follow.received.count

        // Same lab, new settings (one epoch of batches of 64): a different total, so old snapshots are telling.
        let second = try #require(engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 1, batch: 64), paused: false, speed: nil)))
        #expect(second == first + 1)
        #expect(engine.runner(.mlp).currentRunID == second)
        let end = try #require(follow.waitUntilOver(60))
        let after = follow.received[cut...]
        #expect(!after.isEmpty)
        #expect(after.allSatisfy { $0.runID == second }, "run ids after the restart: \(Set(after.map(\.runID)))")
        for p in after {
            #expect(p.snapshot.progress.epochs <= 1, "a snapshot of the 200-epoch run arrived after the restart")
            #expect(p.snapshot.phase != .stopped, "the old run's stopped snapshot must be dropped")
        }
        #expect(end.phase == .finished)
        #expect(end.progress.epochs == 1)
        #expect(end.mlp?.batchSize == 64)
        #expect(end.progress.step == end.progress.totalSteps)
        #expect(end.curve.steps == end.progress.totalSteps, "the new curve must not continue the old one")
    }

    // MARK: - 6. Gradient descent

    /// The article's loop in plain Doubles, in NumPy's order: r = Xθ − y; g = (1/m)·Xᵀr; θ ← θ − α·g.
    /// (MLCore's LinearRegressionGD uses the article's gradient (1/m)·Xᵀ(Xθ − y), i.e. ½·∇J for J = MSE.)
    static func referenceGD(alpha: Double, iterations: Int) -> [Double] {
        let x: [[Double]] = [[1, 2], [2, 3], [3, 4]], y: [Double] = [3, 5, 7]
        var theta = [0.0, 0.0]
        for _ in 0..<iterations {
            let r = x.indices.map { i in (x[i][0] * theta[0] + x[i][1] * theta[1]) - y[i] }
            let g = (0..<2).map { c in
                var s = 0.0
                for i in x.indices { s += x[i][c] * r[i] }
                return (1 / Double(x.count)) * s
            }
            theta = (0..<2).map { theta[$0] - alpha * g[$0] }
        }
        return theta
    }

    @Test func gdWithTheArticlesDefaultsFollowsTheReferenceLoop() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .gd)
        let settings = LabSettings(lab: .gd)
        #expect(settings["alpha"] == "0.01" && settings["iterations"] == "300" && settings["theta0"] == "0,0")
        engine.perform(.gd, .start(settings, paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(60))
        #expect(end.phase == .finished)
        #expect(end.progress.step == 300 && end.progress.totalSteps == 300)
        #expect(end.progress.rateUnit == "it/s")
        #expect(end.curve.steps == 301, "J at θ₀ and after each of the 300 iterations")
        let d = try #require(end.gd)
        #expect(d.path.count == 301)
        #expect(d.iterations == Array(0...300))
        #expect(d.path.first == [0, 0])

        let reference = Self.referenceGD(alpha: 0.01, iterations: 300)
        let theta = try #require(d.path.last)
        #expect(abs(theta[0] - reference[0]) < 1e-12 && abs(theta[1] - reference[1]) < 1e-12,
                "θ = \(theta), reference \(reference)")
        // Not yet at the minimum after 300 small steps: the reference is telling (a (2/m) gradient would differ).
        let doubled = Self.referenceGD(alpha: 0.02, iterations: 300)
        #expect(abs(theta[0] - doubled[0]) > 1e-3)
        // J is the mean squared error, and never grows with a stable α.
        let lastLoss = try #require(d.losses.last)
        let rows: [(Double, Double, Double)] = [(1, 2, 3), (2, 3, 5), (3, 4, 7)]
        let mse = rows.map { r in pow(r.0 * theta[0] + r.1 * theta[1] - r.2, 2) }.reduce(0, +) / 3
        #expect(abs(lastLoss - mse) < 1e-12)
        #expect(zip(d.losses, d.losses.dropFirst()).allSatisfy { $1 <= $0 })

        #expect(d.minimum.count == 2)
        #expect(abs(d.minimum[0] - 1) < 1e-9 && abs(d.minimum[1] - 1) < 1e-9, "minimum \(d.minimum)")
        // λmax of XᵀX/3 = [[14/3, 20/3], [20/3, 29/3]], bound 2/λmax.
        let (p, q, r) = (14.0 / 3, 20.0 / 3, 29.0 / 3)
        let lambda = (p + r) / 2 + ((p - r) * (p - r) / 4 + q * q).squareRoot()
        #expect(abs(d.maxStableAlpha - 2 / lambda) < 1e-12)
        #expect(abs(d.maxStableAlpha - 0.14) < 0.001)
        // The surface: a 41×41 grid of J over bounds that hold the whole path and the minimum.
        #expect(d.field.count == GDJob.resolution && d.field.allSatisfy { $0.count == GDJob.resolution })
        for point in d.path + [d.minimum] {
            #expect(GDJob.inside(point, d.bounds), "\(point) outside \(d.bounds)")
        }
        #expect(end.divergedAt == nil)
    }

    @Test func gdWithTooLargeAnAlphaDivergesAndSaysWhy() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .gd)
        var settings = LabSettings(lab: .gd)
        #expect(settings.set("alpha", "0.2") == nil)
        engine.perform(.gd, .start(settings, paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(60))
        guard case .diverged(let reason) = end.phase else {
            Issue.record("phase \(end.phase), expected .diverged")
            return
        }
        #expect(reason.contains("0.14"), "the reason names the stability bound: \(reason)")
        #expect(reason.contains("2/λmax"), "\(reason)")
        #expect(end.divergedAt == 12)
        #expect(end.progress.step == 12)
        let d = try #require(end.gd)
        #expect(d.iterations.last == 12)
        #expect(d.path.count == 13)
        // Same iterates as the plain loop, up to the one that broke the rule.
        let reference = Self.referenceGD(alpha: 0.2, iterations: 12)
        let last = try #require(d.path.last)
        #expect(abs(last[0] - reference[0]) <= 1e-9 * abs(reference[0]))
        // J grew past 10⁶ × J(θ₀) at iteration 12 and not before.
        let j0 = try #require(d.losses.first)
        #expect(d.losses[12] > 1e6 * j0 && d.losses[11] <= 1e6 * j0)

        // The field was reframed as the path flew off: it is far wider than the start's frame around (0,0)–(1,1)…
        #expect(d.bounds.max[0] - d.bounds.min[0] > 100)
        // …and holds every drawable point of the path (the job frames points with |θ| < 10⁴).
        let drawable = d.path.filter { $0.allSatisfy { $0.isFinite && abs($0) < 1e4 } }
        #expect(drawable.count >= 12)
        for point in drawable.dropLast() {
            #expect(GDJob.inside(point, d.bounds), "\(point) outside \(d.bounds)")
        }
        let final = try #require(drawable.last)
        #expect(GDJob.inside(final, d.bounds), "last point \(final) outside \(d.bounds)")
    }

    @Test func gdSpeedLimitPacesTheIterations() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .gd)
        var settings = LabSettings(lab: .gd)
        #expect(settings.set("iterations", "20") == nil)
        let started = Date()
        engine.perform(.gd, .start(settings, paused: false, speed: 100))
        let end = try #require(follow.waitUntilOver(60))
        let seconds = Date().timeIntervalSince(started)
        #expect(end.phase == .finished)
        #expect(end.progress.step == 20)
        // 20 iterations at 100 a second are 19 gaps of 10 ms: a lower bound only.
        #expect(seconds >= 0.15, "20 paced iterations took \(seconds) s")
        #expect(end.progress.elapsed >= 0.15)
        // With a speed limit every iteration is published (forced), so the UI sees the path grow one by one.
        let steps = follow.received.map(\.snapshot.progress.step)
        #expect(steps == steps.sorted())
        // (Unforced, iterations 10 ms apart would be kept only every 50 ms: about 5 of them.)
        #expect(Set(steps).count >= 12, "paced iterations shown: \(steps)")
    }

    // MARK: - 7. Word2Vec on a synthetic corpus

    @Test func word2vecTrainsTheSyntheticCorpus() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = try LabJobFixture.writeCorpus(sentences: 2_000, in: dir)
        let engine = LabEngine(resources: LabJobFixture.resources(["corpus/austen.txt.gz": path]))
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .word2vec)
        engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(watch: "apple,ship"), paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(120))
        #expect(end.phase == .finished)
        let p = end.progress
        // 2,000 sentences of 10 words, 3 epochs: 60,000 words in checkpoints of 2,000.
        #expect(Word2VecJob.wordsPerStep == 2_000)
        #expect(p.totalSteps == 60_000 / Word2VecJob.wordsPerStep)
        #expect(p.step == p.totalSteps)
        #expect(p.epochs == 3 && p.epoch == 3)
        #expect(p.rateUnit == "words/s")
        #expect(end.curve.steps == p.totalSteps, "one loss point per checkpoint: \(end.curve.values)")
        #expect(end.curve.values.last.map { $0 > 0.1 } == true, "last loss \(String(describing: end.curve.values.last))")
        #expect(end.curve.values.dropLast().allSatisfy { $0 > 0.1 && $0 < 1 }, "losses \(end.curve.values)")
        #expect(end.curve.values.allSatisfy { $0.isFinite })

        let d = try #require(end.word2vec)
        #expect(d.corpusName == "austen")
        #expect(d.vocabularySize == 20)
        #expect(d.corpusTokens == 20_000)
        let index = try #require(d.index)
        #expect(index.count == 20)
        #expect(index.dimension == 16)
        #expect(d.watch.map(\.word) == ["apple", "ship"])
        for w in d.watch {
            let near = try #require(w.neighbours, "\(w.word) has neighbours")
            #expect(near.count == Word2VecJob.neighbourCount)
            #expect(near.allSatisfy { $0.similarity >= -1.0001 && $0.similarity <= 1.0001 })
            #expect(!near.contains { $0.word == w.word })
            #expect(zip(near, near.dropFirst()).allSatisfy { $0.similarity >= $1.similarity }, "best first")
            // Words of one topic only ever share contexts with each other: most neighbours are of the same topic.
            let topic = LabJobFixture.fruit.contains(w.word) ? LabJobFixture.fruit : LabJobFixture.sea
            let same = near.filter { topic.contains($0.word) }.count
            #expect(same >= 4, "\(w.word): \(near.map(\.word))")
        }
    }

    @Test func word2vecWatchListChangesDuringARun() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = try LabJobFixture.writeCorpus(sentences: 2_000, in: dir)
        let engine = LabEngine(resources: LabJobFixture.resources(["corpus/austen.txt.gz": path]))
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .word2vec)
        // A speed limit keeps the run going long enough, and makes the job refresh neighbours at every step.
        engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(watch: "apple,ship"), paused: false, speed: 20))
        let early = try #require(follow.wait(60) { $0.phase == .running && $0.progress.step >= 1 })
        #expect(early.word2vec?.watch.map(\.word) == ["apple", "ship"])

        engine.setWatch(["pear", "zebra"])
        let changed = try #require(follow.wait(30) { $0.word2vec?.watch.map(\.word) == ["pear", "zebra"] })
        #expect(changed.phase == .running, "the new words show during the run, not only at its end")
        let watch = try #require(changed.word2vec?.watch)
        #expect(watch[0].neighbours?.count == Word2VecJob.neighbourCount)
        #expect(watch[1].neighbours == nil, "a word not in the vocabulary has no neighbours")
        // Once changed, later snapshots keep the new list.
        let index = try #require(follow.received.firstIndex { $0.snapshot.word2vec?.watch.map(\.word) == ["pear", "zebra"] })
        engine.perform(.word2vec, .speed(nil))
        let end = try #require(follow.waitUntilOver(120))
        #expect(end.phase == .finished)
        #expect(follow.received[index...].allSatisfy { $0.snapshot.word2vec?.watch.map(\.word) == ["pear", "zebra"] })
        #expect(end.word2vec?.watch.last?.neighbours == nil)
    }

    @Test func word2vecPauseHoldsAndStepAdvancesOneCheckpoint() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = try LabJobFixture.writeCorpus(sentences: 2_000, in: dir)
        let engine = LabEngine(resources: LabJobFixture.resources(["corpus/austen.txt.gz": path]))
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .word2vec)
        engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(), paused: false, speed: 20))
        try #require(follow.wait(60) { $0.progress.step >= 2 } != nil)
        engine.perform(.word2vec, .pause)
        let held = try #require(follow.settledStep(), "the step never settled after pausing")
        #expect(held < 30)
        // Paused: no progress over 300 ms.
        let during = follow.collect(for: 0.3)
        #expect(during.allSatisfy { $0.progress.step == held }, "steps while paused: \(during.map(\.progress.step))")
        #expect(follow.latest?.phase == .running)

        engine.perform(.word2vec, .step)
        let next = try #require(follow.wait(10) { $0.progress.step > held })
        #expect(next.progress.step == held + 1, "one step is one checkpoint of \(Word2VecJob.wordsPerStep) words")
        #expect(next.curve.steps == held + 1)
        #expect(follow.collect(for: 0.3).allSatisfy { $0.progress.step == held + 1 })

        engine.perform(.word2vec, .speed(nil))
        engine.perform(.word2vec, .resume)
        let end = try #require(follow.waitUntilOver(120))
        #expect(end.phase == .finished)
        #expect(end.progress.step == 30)
    }

    @Test func word2vecStartedPausedTrainsNothingUntilAStep() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = try LabJobFixture.writeCorpus(sentences: 2_000, in: dir)
        let engine = LabEngine(resources: LabJobFixture.resources(["corpus/austen.txt.gz": path]))
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .word2vec)
        engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(), paused: true, speed: nil))
        try #require(follow.wait(30) { $0.phase == .running } != nil)
        let held = try #require(follow.settledStep())
        #expect(held <= 1)
        // Let the previous publish age past the 50 ms interval, then take one step: the UI must show step 1.
        Thread.sleep(forTimeInterval: 0.08)
        engine.perform(.word2vec, .step)
        let next = try #require(follow.wait(10) { $0.progress.step > held })
        #expect(held == 0)
        #expect(next.progress.step == 1, "the first single step of a paused start showed step \(next.progress.step)")
        #expect(next.curve.steps == 1)
        #expect(follow.collect(for: 0.2).allSatisfy { $0.progress.step == next.progress.step })
        engine.perform(.word2vec, .stop)
        #expect(follow.waitUntilOver(30)?.phase == .stopped)
    }

    // MARK: - 8. Word2Vec with a huge alpha

    @Test func word2vecWithAHugeAlphaNeverShowsANaNLossAsFinished() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = try LabJobFixture.writeCorpus(sentences: 2_000, in: dir)
        let engine = LabEngine(resources: LabJobFixture.resources(["corpus/austen.txt.gz": path]))
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .word2vec)
        engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(alpha: "100"), paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(120))
        let finite = end.curve.values.allSatisfy { $0.isFinite && $0 <= 1e6 }
        switch end.phase {
        case .diverged(let reason):
            #expect(reason.contains("alpha 100"), "the reason names the alpha: \(reason)")
            #expect(reason.contains("too large"))
            let at = try #require(end.divergedAt)
            #expect(at >= 0 && at <= Double(end.curve.steps))
            #expect(end.progress.step < end.progress.totalSteps)
        case .finished:
            #expect(finite, "a run whose loss was NaN/huge must not be shown as finished: \(end.curve.values)")
            let vectors = end.word2vec?.index
            #expect(vectors != nil)
        default:
            Issue.record("unexpected phase \(end.phase)")
        }
        // Which of the two it does: with α = 100 the run diverges (it does not finish).
        #expect(end.phase != .finished, "α = 100 finished with curve \(end.curve.values)")
        // It diverges at the first checkpoint, where the loss is already NaN, and marks that point.
        #expect(end.divergedAt == Double(end.curve.steps - 1))
        #expect(end.curve.values.last.map { !$0.isFinite || $0 > 1e6 } == true)
        // Whatever the vectors became, no NaN similarity is shown next to the watched words.
        for w in end.word2vec?.watch ?? [] {
            #expect((w.neighbours ?? []).allSatisfy { $0.similarity.isFinite }, "\(w)")
        }
    }

    // MARK: - 9. Failure paths

    @Test func aMissingDatasetFailsNamingTheFileAndTheEngineRecovers() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let missing = dir.appendingPathComponent("nowhere/digits.csv.gz").path
        let broken = Mutex(true)
        let real = LabJobFixture.packageRoot.appendingPathComponent("assets/digits/digits.csv.gz").path
        let engine = LabEngine(resources: LabResources { name in
            guard name == "digits/digits.csv.gz" else { throw LabError("cannot find \(name) (none in this test)") }
            return broken.withLock { $0 } ? missing : real
        })
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 1), paused: false, speed: nil))
        let failed = try #require(follow.waitUntilOver(30))
        guard case .failed(let message) = failed.phase else {
            Issue.record("phase \(failed.phase), expected .failed")
            return
        }
        #expect(message.contains(missing), "the message names the file: \(message)")
        #expect(failed.curve.steps == 0)

        // An asset the locator does not know at all (MNIST here): failed, naming it.
        var mnist = LabJobFixture.mlpSettings(epochs: 1)
        #expect(mnist.set("data", "mnist") == nil)
        engine.perform(.mlp, .start(mnist, paused: false, speed: nil))
        let unknown = try #require(follow.waitUntilOver(30))
        #expect(unknown.phase == .failed("cannot find mnist (none in this test)"))

        // The same engine then runs a good start to the end.
        broken.withLock { $0 = false }
        let id = engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 1), paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(120))
        #expect(follow.received.last?.runID == id)
        #expect(end.phase == .finished)
        #expect(end.progress.step == end.progress.totalSteps && end.progress.totalSteps > 0)
    }

    @Test func aMissingCorpusFailsNamingTheFile() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let missing = dir.appendingPathComponent("austen.txt.gz").path
        let engine = LabEngine(resources: LabJobFixture.resources(["corpus/austen.txt.gz": missing]))
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .word2vec)
        engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(), paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(30))
        guard case .failed(let message) = end.phase else {
            Issue.record("phase \(end.phase), expected .failed")
            return
        }
        #expect(message.contains(missing), "\(message)")

        // The other corpus is not in the table: the locator's own message comes through.
        var pdmix = LabJobFixture.word2vecSettings()
        #expect(pdmix.set("corpus", "pdmix") == nil)
        engine.perform(.word2vec, .start(pdmix, paused: false, speed: nil))
        let unknown = try #require(follow.waitUntilOver(30))
        guard case .failed(let why) = unknown.phase else {
            Issue.record("phase \(unknown.phase), expected .failed")
            return
        }
        #expect(why.contains("corpus/pdmix.txt.gz"), "\(why)")

        // GD needs no data and still runs on this engine.
        let gd = LabFollower(engine, .gd)
        engine.perform(.gd, .start(LabSettings(lab: .gd), paused: false, speed: nil))
        #expect(gd.waitUntilOver(60)?.phase == .finished)
    }

    // MARK: - 10. LabResources caches what it loaded

    @Test func resourcesLoadEachDatasetAndCorpusOnce() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let digits = dir.appendingPathComponent("digits.csv.gz")
        try FileManager.default.copyItem(
            at: LabJobFixture.packageRoot.appendingPathComponent("assets/digits/digits.csv.gz"), to: digits)
        let corpus = try LabJobFixture.writeCorpus(sentences: 40, in: dir)
        let lookups = Mutex<[String]>([])
        let resources = LabResources { name in
            lookups.withLock { $0.append(name) }
            switch name {
            case "digits/digits.csv.gz": return digits.path
            case "corpus/austen.txt.gz": return corpus
            default: throw LabError("no \(name)")
            }
        }

        let first = try resources.dataset("digits")
        #expect(first.train.count > 0 && first.test.count > 0)
        try FileManager.default.removeItem(at: digits)
        let second = try resources.dataset("digits")
        #expect(second.name == first.name)
        #expect(second.train.inputs == first.train.inputs && second.train.labels == first.train.labels)
        #expect(second.validation.labels == first.validation.labels)
        #expect(second.test.inputs == first.test.inputs && second.test.labels == first.test.labels)
        #expect(lookups.withLock { $0 } == ["digits/digits.csv.gz"], "the second load did not look again")

        let (v1, c1) = try resources.corpus("austen", minCount: 1)
        #expect(v1.count == 20)
        try FileManager.default.removeItem(atPath: corpus)
        let (v2, c2) = try resources.corpus("austen", minCount: 1)
        #expect(v2.words == v1.words && c2.tokens == c1.tokens && c2.sentenceEnds == c1.sentenceEnds)
        // The cache is per minimum count: another count reads the (now deleted) file again, and says which.
        #expect(throws: (any Error).self) { try resources.corpus("austen", minCount: 2) }
        do {
            _ = try resources.corpus("austen", minCount: 2)
        } catch {
            #expect("\(error)".contains(corpus), "\(error)")
        }
        #expect(throws: (any Error).self) { try resources.dataset("cifar") }
        // A failed load is not cached: once the file is back, it loads.
        try FileManager.default.copyItem(
            at: LabJobFixture.packageRoot.appendingPathComponent("assets/digits/digits.csv.gz"), to: digits)
        _ = try LabJobFixture.writeCorpus(sentences: 40, in: dir)
        let (v3, _) = try resources.corpus("austen", minCount: 2)
        #expect(v3.count == 20)

        // Two engines' jobs sharing one LabResources use the cached data: the MLP still trains with the file gone.
        try FileManager.default.removeItem(at: digits)
        let engine = LabEngine(resources: resources)
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .mlp)
        engine.perform(.mlp, .start(LabJobFixture.mlpSettings(epochs: 1), paused: false, speed: nil))
        #expect(follow.waitUntilOver(120)?.phase == .finished)
    }
}
