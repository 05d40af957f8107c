import Foundation
import Testing
@testable import LessonKit

/// A fresh folder under the system temp directory, removed when the test is done.
private final class Scratch {
    let dir: String
    init() {
        dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("lectern-progress-" + UUID().uuidString)
    }
    deinit { try? FileManager.default.removeItem(atPath: dir) }
    func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
    func write(_ name: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
    }
    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }
    var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }
}

private func sample() -> CourseProgress {
    var p = CourseProgress(language: "zh", currentLesson: "forward-pass")
    p.positions["forward-pass"] = ReadingPosition(block: 12, offset: 40)
    p.positions["background"] = ReadingPosition(block: 3)
    p.recordAnswer("b", correct: false, lesson: "forward-pass", index: 0)
    p.recordAnswer("c", correct: true, lesson: "forward-pass", index: 0)
    p.recordAnswer("0.5", correct: true, lesson: "gradient-descent", index: 2)
    p.completed = ["background", "forward-pass", "attention"]
    p.labSettings = ["mlp": ["lr": "0.01", "hidden": "128,64"], "gd": ["alpha": "0.1"]]
    return p
}

@Suite struct ProgressStoreTests {
    @Test func roundTripKeepsEverythingAndEncodesStably() throws {
        let s = Scratch()
        let store = ProgressStore(directory: s.path("state/lectern"))
        let p = sample()
        #expect(try store.save(p))
        let loaded = store.load()
        #expect(loaded.outcome == .loaded)
        #expect(loaded.notice == nil)
        #expect(loaded.progress == p)
        #expect(loaded.progress.quizAnswers["forward-pass#0"] == QuizAnswer(given: "c", correct: true, attempts: 2))
        #expect(loaded.progress.quizTally == (right: 2, wrong: 0))
        #expect(loaded.progress.quizAnswers(lesson: "gradient-descent") == [2: QuizAnswer(given: "0.5", correct: true)])
        // Same progress, same bytes: sorted keys, completed as a sorted list, pretty-printed.
        let text = try #require(s.read("state/lectern/progress.json"))
        #expect(text == String(decoding: try p.encoded(), as: UTF8.self))
        #expect(text.contains("\"completed\" : [\n    \"attention\",\n    \"background\",\n    \"forward-pass\"\n  ]"))
        #expect(text.hasPrefix("{\n  \"completed\""))
        // The folder is private to the student, and so is the file.
        let dirMode = try FileManager.default.attributesOfItem(atPath: s.path("state/lectern"))[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(dirMode == 0o700)
        #expect(fileMode == 0o600)
        #expect(s.names == ["state"])
    }

    @Test func missingFieldsTakeTheirDefaults() throws {
        let p = try CourseProgress.decoded(from: Data(#"{"version": 1, "language": "en"}"#.utf8))
        #expect(p == CourseProgress(language: "en"))
        #expect(!p.isEmpty)
        #expect(CourseProgress().isEmpty)
        #expect(CourseProgress.quizKey(lesson: "attention", index: 3) == "attention#3")
    }

    @Test func noFileIsAFreshStartWithoutNotice() {
        let s = Scratch()
        let result = ProgressStore(directory: s.dir).load()
        #expect(result == .init(progress: CourseProgress(), outcome: .noFile, notice: nil))
    }

    @Test func directoryPrecedence() {
        let all = ["LECTERN_STATE_DIR": "/s", "XDG_STATE_HOME": "/x", "HOME": "/h"]
        #expect(ProgressStore.directory(environment: all) == "/s")
        #expect(ProgressStore.directory(environment: ["LECTERN_STATE_DIR": "", "XDG_STATE_HOME": "/x", "HOME": "/h"]) == "/x/lectern")
        #expect(ProgressStore.directory(environment: ["XDG_STATE_HOME": "/x/", "HOME": "/h"]) == "/x/lectern")
        // XDG paths must be absolute; a relative one is ignored, as the Base Directory spec says.
        #expect(ProgressStore.directory(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/lectern")
        #expect(ProgressStore.directory(environment: ["HOME": "/h"]) == "/h/.local/state/lectern")
        #expect(ProgressStore.directory(environment: ["LECTERN_STATE_DIR": "st/x"], currentDirectory: "/w") == "/w/st/x")
        #expect(ProgressStore.directory(environment: [:]) == nil)
        #expect(throws: ProgressStoreError.self) { try ProgressStore(environment: ["HOME": ""]) }
        #expect((try? ProgressStore(environment: all))?.path == "/s/progress.json")
    }

    @Test func corruptJSONIsMovedAsideWithATimestampedName() throws {
        let s = Scratch()
        try s.write("progress.json", "{\"version\": 1, \"completed\": [")
        let store = ProgressStore(directory: s.dir)
        let result = store.load()
        #expect(result.progress == CourseProgress())
        guard case .corrupt(let moved?) = result.outcome else {
            Issue.record("expected a moved-aside corrupt file, got \(result.outcome)")
            return
        }
        #expect(moved.range(of: #"/progress\.json\.corrupt-\d{8}-\d{6}$"#, options: .regularExpression) != nil)
        #expect(result.notice?.contains(moved) == true)
        #expect(result.notice?.contains("not valid JSON") == true)
        #expect(FileManager.default.contents(atPath: moved) == Data("{\"version\": 1, \"completed\": [".utf8))
        #expect(!FileManager.default.fileExists(atPath: store.path))
        #expect(store.movedAsideFiles() == [moved])
        #expect(store.savingDisabledReason == nil)
        // A second bad file in the same second gets its own name: nothing is ever overwritten.
        try s.write("progress.json", "[1, 2]")
        let again = store.load()
        guard case .corrupt(let second?) = again.outcome else {
            Issue.record("expected a second moved-aside file, got \(again.outcome)")
            return
        }
        #expect(second != moved)
        #expect(again.notice?.contains("wrong shape") == true)
        #expect(store.movedAsideFiles().count == 2)
    }

    @Test func wrongShapeIsCorrupt() throws {
        let s = Scratch()
        try s.write("progress.json", #"{"version": 1, "quizAnswers": {"a#0": {"given": "x", "correct": "yes", "attempts": 1}}}"#)
        let result = ProgressStore(directory: s.dir).load()
        guard case .corrupt(let moved?) = result.outcome else {
            Issue.record("expected corrupt, got \(result.outcome)")
            return
        }
        #expect(result.notice?.contains("quizAnswers.a#0.correct: expected true or false") == true)
        #expect(result.notice?.contains(moved) == true)
        try s.write("progress.json", #"{"language": "en"}"#)
        #expect(ProgressStore(directory: s.dir).load().notice?.contains("no \"version\" field") == true)
    }

    @Test func unknownVersionIsMovedAside() throws {
        let s = Scratch()
        try s.write("progress.json", #"{"version": 2, "somethingNew": true}"#)
        let store = ProgressStore(directory: s.dir)
        let result = store.load()
        #expect(result.progress == CourseProgress())
        guard case .unknownVersion(2, let moved?) = result.outcome else {
            Issue.record("expected an unknown version moved aside, got \(result.outcome)")
            return
        }
        #expect(moved.range(of: #"/progress\.json\.unknown-version-\d{8}-\d{6}$"#, options: .regularExpression) != nil)
        #expect(result.notice?.contains(moved) == true)
        #expect(result.notice?.contains("version 2") == true)
        #expect(s.read((moved as NSString).lastPathComponent) == #"{"version": 2, "somethingNew": true}"#)
    }

    @Test func strayTempFilesAreIgnoredAndLaterCleanedUp() throws {
        let s = Scratch()
        let store = ProgressStore(directory: s.dir)
        try store.save(sample())
        // One left by a process that no longer exists, one by a live one (this process, mid-save).
        let dead = "progress.json.tmp-2147483646-1f2e"
        let live = "progress.json.tmp-\(getpid())-abcd"
        try s.write(dead, "{\"version\": 1, \"langu")
        try s.write(live, "{\"version\": 1")
        let result = store.load()
        #expect(result.outcome == .loaded)
        #expect(result.progress == sample())
        #expect(result.notice == nil)
        try store.save(CourseProgress(language: "en"))
        #expect(!s.names.contains(dead))
        #expect(s.names.contains(live))
        #expect(store.load().progress == CourseProgress(language: "en"))
    }

    @Test func aCrashBeforeTheRenameLeavesThePreviousState() throws {
        let s = Scratch()
        let store = ProgressStore(directory: s.dir)
        try store.save(sample())
        // What a kill -9 half-way through the next save leaves behind: a truncated temp file, no rename.
        var next = sample()
        next.completed.insert("embeddings")
        let bytes = try next.encoded()
        try s.write("progress.json.tmp-2147483646-77", String(decoding: bytes.prefix(bytes.count / 2), as: UTF8.self))
        let result = store.load()
        #expect(result.outcome == .loaded)
        #expect(result.progress == sample())
        // The next save replaces the file whole.
        try store.save(next)
        #expect(store.load().progress == next)
        #expect(s.names == ["progress.json"])
    }

    @Test func noSaveReadsButNeverWrites() throws {
        let s = Scratch()
        let nowhere = ProgressStore(directory: s.path("not-yet"), noSave: true)
        #expect(try nowhere.save(sample()) == false)
        #expect(!FileManager.default.fileExists(atPath: s.path("not-yet")))
        #expect(nowhere.savingDisabledReason != nil)

        try ProgressStore(directory: s.dir).save(sample())
        let before = s.read("progress.json")
        let store = ProgressStore(directory: s.dir, noSave: true)
        #expect(store.load().progress == sample())
        #expect(try store.save(CourseProgress(language: "en")) == false)
        #expect(throws: ProgressStoreError.self) { try store.reset() }
        #expect(s.read("progress.json") == before)

        // A bad file is reported but not moved: moving it would be a write.
        try s.write("progress.json", "garbage")
        let result = store.load()
        #expect(result.outcome == .corrupt(movedTo: nil))
        #expect(result.notice?.contains("left as is") == true)
        #expect(s.names == ["progress.json"])
    }

    @Test func anUnreadableFileIsLeftAloneAndSavingTurnsOff() throws {
        let s = Scratch()
        // A directory where the file should be cannot be read, even by root (whom chmod 000 does not stop).
        try FileManager.default.createDirectory(atPath: s.path("progress.json"), withIntermediateDirectories: true)
        let store = ProgressStore(directory: s.dir)
        let result = store.load()
        #expect(result.outcome == .unreadable)
        #expect(result.progress == CourseProgress())
        #expect(result.notice?.contains(store.path) == true)
        #expect(result.notice?.contains("will not be saved this session") == true)
        #expect(store.savingDisabledReason != nil)
        #expect(try store.save(sample()) == false)
        #expect(s.names == ["progress.json"])
        if geteuid() != 0 {
            try FileManager.default.removeItem(atPath: s.path("progress.json"))
            try s.write("progress.json", "{\"version\": 1}")
            chmod(s.path("progress.json"), 0)
            let other = ProgressStore(directory: s.dir)
            #expect(other.load().outcome == .unreadable)
            #expect(try other.save(sample()) == false)
            chmod(s.path("progress.json"), 0o600)
            #expect(s.read("progress.json") == "{\"version\": 1}")
        }
    }

    @Test func resetRemovesTheFileAndTempFilesButKeepsMovedAsideOnes() throws {
        let s = Scratch()
        let store = ProgressStore(directory: s.dir)
        #expect(try store.reset() == [])
        try store.save(sample())
        try s.write("progress.json.tmp-\(getpid())-1", "{")
        try s.write("progress.json.corrupt-20250101-120000", "old")
        let removed = try store.reset()
        #expect(removed == [store.path, s.path("progress.json.tmp-\(getpid())-1")])
        #expect(s.names == ["progress.json.corrupt-20250101-120000"])
        #expect(store.load().outcome == .noFile)
    }

    @Test func saveErrorsNameThePath() throws {
        let s = Scratch()
        try s.write("blocker", "a file where a folder should be")
        let store = ProgressStore(directory: s.path("blocker/lectern"))
        do {
            try store.save(sample())
            Issue.record("saving under a file should fail")
        } catch {
            #expect(error.description.contains(s.path("blocker")))
        }
    }
}
