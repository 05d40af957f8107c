import Foundation
import LessonKit
import Testing
@testable import lectern

/// The saver writes when reduce asked (urgent), otherwise at most every `interval`, never the same thing twice,
/// and tells a failure once.
@Suite(.serialized) struct ProgressSaverTests {
    static func tempDir() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-saver-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func onDisk(_ store: ProgressStore) -> CourseProgress? {
        let result = store.load()
        return result.outcome == .loaded ? result.progress : nil
    }

    @Test func urgentSavesAtOnceAndPlacesWaitForTheInterval() throws {
        let store = ProgressStore(directory: Self.tempDir())
        let t0 = ContinuousClock.now
        var saver = ProgressSaver(store: store, loaded: CourseProgress(), now: t0)
        var moved = CourseProgress()
        moved.currentLesson = "gradient-descent"
        // A reading place alone waits for the interval.
        let queued1 = saver.save(moved, now: false, at: t0 + .seconds(1))
        #expect(!queued1)
        let queued2 = saver.save(moved, now: false, at: t0 + ProgressSaver.interval + .milliseconds(1))
        #expect(queued2)
        saver.finish()
        #expect(Self.onDisk(store)?.currentLesson == "gradient-descent")
        // What reduce asks for goes at once, even right after a save.
        var answered = moved
        answered.recordAnswer("b", correct: true, lesson: "gradient-descent", index: 0)
        let queued3 = saver.save(answered, now: true, at: t0 + ProgressSaver.interval + .milliseconds(2))
        #expect(queued3)
        saver.finish()
        #expect(Self.onDisk(store)?.quizAnswers(lesson: "gradient-descent")[0]?.correct == true)
        // The same progress again is not written, urgent or not.
        let queued4 = saver.save(answered, now: true, at: t0 + .seconds(60))
        #expect(!queued4)
    }

    @Test func noStoreSavesNothing() {
        var saver = ProgressSaver(store: nil, loaded: CourseProgress())
        var p = CourseProgress()
        p.completed = ["background"]
        let queued5 = saver.save(p, now: true)
        #expect(!queued5)
        let failure = saver.takeFailure()
        #expect(failure == nil)
    }

    @Test func aFailedSaveIsToldOnce() throws {
        // A plain file where the state directory should be: every save fails.
        let parent = Self.tempDir()
        let blocked = parent + "/not-a-dir"
        #expect(FileManager.default.createFile(atPath: blocked, contents: Data("x".utf8)))
        var saver = ProgressSaver(store: ProgressStore(directory: blocked), loaded: CourseProgress())
        var p = CourseProgress()
        p.completed = ["background"]
        let queued6 = saver.save(p, now: true)
        #expect(queued6)
        saver.finish()
        let first = saver.takeFailure()
        let why = try #require(first)
        #expect(why.contains("not-a-dir"), "\(why)")
        let second = saver.takeFailure()
        #expect(second == nil, "told once")
    }
}
