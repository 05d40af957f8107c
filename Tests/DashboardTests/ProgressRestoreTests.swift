import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// MARK: - Saving and restoring

extension CourseTests {
    @Suite struct RestoreTests {
        /// An English session: plain read, the choice quiz answered wrong, the number quiz right, the lab's lr
        /// edited, and left on the quizzes lesson with the number quiz's box at the top of the pane.
        func session() -> AppState {
            var s = courseState("plain")
            _ = s.press(.char("j"))  // plain is shown whole: finished
            _ = s.press(.char("l"))  // now quizzes
            _ = s.answerOnScreen("c")
            s.scroll = s.firstBoxLine(3)
            _ = s.answerOnScreen("0.25")
            #expect(s.labs[.mlp].settings.set("lr", "0.05") == nil)
            return s
        }

        @Test func progressToSaveHoldsWhereTheStudentIs() {
            let s = session()
            let p = s.progressToSave
            #expect(p.language == "en")
            #expect(p.currentLesson == "quizzes")
            #expect(p.positions["quizzes"] == ReadingPosition(block: 3, offset: s.topAnchor.offset))
            #expect(p.positions["plain"] == ReadingPosition(block: 0, offset: 0))
            #expect(p.quizAnswers == ["quizzes#0": QuizAnswer(given: "c", correct: false, attempts: 1),
                                      "quizzes#1": QuizAnswer(given: "0.25", correct: true, attempts: 1)])
            #expect(p.completed == ["plain"])
            #expect(p.labSettings["mlp"]?["lr"] == "0.05")
            #expect(Set(p.labSettings.keys) == Set(LabRegistry.labs.map(\.rawValue)))
        }

        @Test func roundTripIntoTheOtherLanguageLandsOnTheSameBlock() throws {
            let s = session()
            let bytes = try s.progressToSave.encoded()
            let saved = try CourseProgress.decoded(from: bytes)
            #expect(saved == s.progressToSave)

            // A fresh start in Chinese (as `lectern --lang zh` does): the saved lesson and place, in the twin.
            var fresh = AppState(library: courseLibrary(), language: "zh", width: 120, height: 40)
            _ = fresh.reduce(.progressRestored(saved, language: "zh", lessonID: nil))
            #expect(fresh.language == "zh")
            #expect(fresh.currentLesson?.meta.id == "quizzes")
            #expect(fresh.currentLesson?.meta.title == "小测验")
            #expect(fresh.topAnchor.block == 3)
            #expect(fresh.scroll == fresh.firstBoxLine(3))
            #expect(fresh.visibleActionBlock == .quiz(fresh.currentLesson!.quizzes[1].quiz, index: 1))
            let screen = fresh.screenJoined
            #expect(screen.contains("四分之一写成小数是多少？"))
            #expect(screen.contains("✓ 正确 你的答案：0.25（第 1 次）"))
            #expect(screen.contains("四分之一是 0.25。"))
            #expect(fresh.progress.quizAnswers == s.progress.quizAnswers)
            #expect(fresh.progress.completed == ["plain"])
            #expect(fresh.labs[.mlp].settings["lr"] == "0.05")

            // Saving again from there gives the same progress, but in Chinese.
            var again = s.progressToSave
            again.language = "zh"
            #expect(fresh.progressToSave == again)

            // Going back to plain in Chinese resumes where it was left in English; the wrong answer to the first
            // quiz shows in its twin's box.
            fresh.scroll = 0
            #expect(fresh.screenJoined.contains("✗ 不对 你的答案：c（第 1 次）"))
        }

        @Test func restoreWithoutALanguageUsesTheSavedOne() throws {
            let saved = session().progressToSave
            var fresh = AppState(library: courseLibrary(), language: "zh", width: 100, height: 30)
            _ = fresh.reduce(.progressRestored(saved, language: nil, lessonID: nil))
            #expect(fresh.language == "en")
            #expect(fresh.currentLesson?.meta.id == "quizzes" && fresh.topAnchor.block == 3)
            #expect(fresh.screenJoined.contains("✓ Right. You answered 0.25 (attempt 1)."))
        }

        @Test func restoreOnAnotherLessonAndBackKeepsBothPlaces() throws {
            let saved = session().progressToSave
            var fresh = AppState(library: courseLibrary(), language: "en", width: 120, height: 40)
            _ = fresh.reduce(.progressRestored(saved, language: nil, lessonID: "plain"))
            #expect(fresh.currentLesson?.meta.id == "plain")
            _ = fresh.press(.char("l"))
            #expect(fresh.currentLesson?.meta.id == "quizzes" && fresh.topAnchor.block == 3)
        }

        @Test func restoreIgnoresWhatThisLibraryDoesNotHave() {
            var saved = CourseProgress(language: "fr", currentLesson: "gone")
            saved.positions["gone"] = ReadingPosition(block: 99)
            var fresh = AppState(library: courseLibrary(), language: "zh", width: 100, height: 30)
            _ = fresh.reduce(.progressRestored(saved, language: nil, lessonID: nil))
            #expect(fresh.language == "zh")
            #expect(fresh.currentLesson?.meta.id == "plain")
            // Only lessons of this library count: "plain" (no quiz, shown whole) is finished, "gone" is not.
            #expect(fresh.progress.completed == ["plain"])
            #expect(abs(fresh.courseFraction - 1.0 / 3) < 1e-12)
        }

        @Test func aFinishedLessonStaysFinishedAfterRestore() {
            var s = courseState()
            _ = s.answerOnScreen("b")
            s.scroll = s.firstBoxLine(3)
            _ = s.answerOnScreen("0.25")
            _ = s.press(.char("G"))
            var fresh = AppState(library: courseLibrary(), language: "en", width: 160, height: 40)
            _ = fresh.reduce(.progressRestored(s.progressToSave, language: nil, lessonID: nil))
            #expect(fresh.progress.completed == ["quizzes"])
            #expect(fresh.scroll == fresh.maxScroll)
            _ = fresh.press(.char("l"))
            #expect(fresh.screenText().contains { $0.contains("│✓2 Quizzes") })
        }

        @Test func aPlaceReadInOneLanguageIsThePlaceInTheOther() {
            // Twins share their blocks, so a reading position belongs to the lesson, not to one language.
            var s = courseState()
            s.scroll = s.firstBoxLine(5)                   // en: quizzes read down to block 5
            _ = s.press(.char("l"), .char("L"))      // live, then Chinese
            _ = s.press(.char("h"))                  // back to quizzes, in Chinese
            #expect(s.currentLesson?.meta.id == "quizzes" && s.language == "zh")
            #expect(s.topAnchor.block == 5)
            // Read on in Chinese to block 12 and leave; the saved place is the latest one, whichever the language.
            s.scroll = s.firstBoxLine(12)
            _ = s.press(.char("l"), .char("L"))
            #expect(s.currentLesson?.meta.id == "live" && s.language == "en")
            #expect(s.progressToSave.positions["quizzes"]?.block == 12)
        }
    }
}

// MARK: - The save effect

extension CourseTests {
    @Suite struct SaveEffectTests {
        @Test func onlyARecordedAnswerAsksForASave() {
            var s = courseState()
            #expect(!s.press(.enter).contains(.saveProgress))        // the prompt opens
            #expect(!s.typeText("b").contains(.saveProgress))
            #expect(s.press(.enter) == [.saveProgress])               // recorded
            #expect(!s.answerOnScreen("9").contains(.saveProgress))           // not a choice: nothing recorded
            #expect(!s.press(.char("j"), .char("G"), .char("g")).contains(.saveProgress))
            #expect(s.answerOnScreen("a") == [.saveProgress])
            var live = courseState("live")
            #expect(live.press(.enter).isEmpty)                       // no run: nothing to save
            live.labs[.mlp].snapshot = CourseSnapshots.mlp()
            #expect(live.press(.enter) == [.saveProgress])
        }

        @Test func theSavedAnswerIsInTheProgressToSave() throws {
            var s = courseState()
            _ = s.answerOnScreen("a")
            _ = s.answerOnScreen("b")
            let p = try CourseProgress.decoded(from: s.progressToSave.encoded())
            #expect(p.quizAnswers["quizzes#0"] == QuizAnswer(given: "b", correct: true, attempts: 2))
            #expect(p.quizTally.right == 1 && p.quizTally.wrong == 0)
        }
    }
}
