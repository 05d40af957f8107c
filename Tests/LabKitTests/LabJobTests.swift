import LabKit
import Foundation
import LessonKit
import MLCore
import Synchronization
import Testing
@testable import LabKit

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
        // Each layer's gradient norm, and this epoch's largest at least as large.
        #expect(d.gradientNorms.count == 3 && d.gradientNorms.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(zip(d.gradientNormsMax, d.gradientNorms).allSatisfy { $0 >= $1 } && d.gradientNormsMax.count == 3)
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
            Thread.sleep(forTimeInterval: 0.08)  // so that the first step's snapshot is due
            engine.perform(.gd, .setLive(key: "alpha", value: "0.01"))
            engine.perform(.gd, .step)
            let after = try #require(follow.wait(5) { $0.progress.step == 1 })
            #expect(after.progress.learningRate == 0.01)
            // The step itself used the new α: θ₁ = θ₀ − 0.01·g(θ₀), the reference loop's first iterate.
            let theta = try #require(after.gd?.path.last)
            #expect(theta == LabJobFixture.referenceGD(alpha: 0.01, iterations: 1))
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
            engine.perform(.mlp, .setLive(key: "lr", value: "0.01"))
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

    // MARK: - 9. Failure paths

    @Test func aMissingDatasetFailsNamingTheFileAndTheEngineRecovers() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let missing = dir.appendingPathComponent("nowhere/digits.csv.gz").path
        let broken = Mutex(true)
        let real = LabJobFixture.packageRoot.appendingPathComponent("assets/digits/digits.csv.gz").path
        let engine = LabEngine(resources: LabResources { name in
            guard name == "digits/digits.csv.gz" else { throw LecternError("cannot find \(name) (none in this test)") }
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
            default: throw LecternError("no \(name)")
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
