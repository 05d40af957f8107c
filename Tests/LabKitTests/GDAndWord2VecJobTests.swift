import Foundation
import LessonKit
import MLCore
import Synchronization
import Testing
@testable import LabKit

/// The gradient-descent and Word2Vec jobs through the engine, as the dashboard drives them.
@Suite(.serialized) struct GDAndWord2VecJobTests {
    // MARK: - 6. Gradient descent

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

        let reference = LabJobFixture.referenceGD(alpha: 0.01, iterations: 300)
        let theta = try #require(d.path.last)
        #expect(abs(theta[0] - reference[0]) < 1e-12 && abs(theta[1] - reference[1]) < 1e-12,
                "θ = \(theta), reference \(reference)")
        // Not yet at the minimum after 300 small steps: the reference is telling (a (2/m) gradient would differ).
        let doubled = LabJobFixture.referenceGD(alpha: 0.02, iterations: 300)
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

    @Test func gdWithMomentumFollowsTheEnginesHeavyBall() throws {
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .gd)
        var settings = LabSettings(lab: .gd)
        #expect(settings.apply([("momentum", "0.9"), ("iterations", "1000")]) == nil)
        engine.perform(.gd, .start(settings, paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(60))
        var reference = LinearRegressionGD.seedExample
        reference.momentum = 0.9
        _ = reference.run(iterations: 1000, tolerance: 0)
        #expect(end.phase == .finished && end.gd?.path.last == reference.theta, "\(end.gd?.path.last ?? []) vs \(reference.theta)")
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
        let reference = LabJobFixture.referenceGD(alpha: 0.2, iterations: 12)
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
        try LabJobFixture.withWord2VecEngine { engine, follow in
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
    }

    @Test func word2vecWatchListChangesDuringARun() throws {
        try LabJobFixture.withWord2VecEngine { engine, follow in
            // A speed limit keeps the run going long enough, and makes the job refresh neighbours at every step.
            engine.perform(.word2vec, .start(LabJobFixture.word2vecSettings(watch: "apple,ship"), paused: false, speed: 20))
            let early = try #require(follow.wait(60) { $0.phase == .running && $0.progress.step >= 1 })
            #expect(early.word2vec?.watch.map(\.word) == ["apple", "ship"])

            engine.perform(.word2vec, .setLive(key: "watch", value: "pear,zebra"))
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
    }

    @Test func word2vecPauseHoldsAndStepAdvancesOneCheckpoint() throws {
        try LabJobFixture.withWord2VecEngine { engine, follow in
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
    }

    @Test func word2vecStartedPausedTrainsNothingUntilAStep() throws {
        try LabJobFixture.withWord2VecEngine { engine, follow in
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
    }

    // MARK: - 8. Word2Vec with a huge alpha

    @Test func word2vecWithAHugeAlphaNeverShowsANaNLossAsFinished() throws {
        try LabJobFixture.withWord2VecEngine { engine, follow in
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
    }

}
