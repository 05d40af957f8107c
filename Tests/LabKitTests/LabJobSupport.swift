import LabKit
import Foundation
import LessonKit
import MLCore
import Synchronization
import Testing
@testable import LabKit

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
                throw LecternError("cannot find \(name) in \(root)")
            }
            return path
        }
    }

    /// Resources that resolve names through `table`, throwing for any name not in it.
    static func resources(_ table: [String: String]) -> LabResources {
        LabResources { name in
            guard let path = table[name] else { throw LecternError("no asset named \(name) (looked in the test's table)") }
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
        #expect(s.set("data", "digits") == nil)  // seconds, not the default MNIST's minutes in a debug build
        #expect(s.set("epochs", "\(epochs)") == nil)
        if let lr { #expect(s.set("lr", lr) == nil) }
        if let batch { #expect(s.set("batch-size", "\(batch)") == nil) }
        return s
    }

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

    /// Runs `body` with an engine whose Word2Vec corpus is a synthetic one of `sentences` sentences in a
    /// temporary directory, and a follower of that lab; stops the engine and removes the directory after.
    static func withWord2VecEngine(sentences: Int = 2_000, _ body: (LabEngine, LabFollower) throws -> Void) throws {
        let dir = try temporaryDirectory()
        defer { removeTemporary(dir) }
        let path = try writeCorpus(sentences: sentences, in: dir)
        let engine = LabEngine(resources: resources(["corpus/austen.txt.gz": path]))
        defer { engine.shutdown() }
        try body(engine, LabFollower(engine, .word2vec))
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

