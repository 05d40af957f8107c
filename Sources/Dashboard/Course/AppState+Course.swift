import LabKit
import LessonKit
import TerminalUI

/// A box in the lesson that Enter acts on.
public enum ActionBlock: Sendable, Equatable {
    case tryIt(TryBlock)
    /// The `index`-th quiz of the lesson (0-based, reading order).
    case quiz(Quiz, index: Int)
}

extension AppState {
    /// The first quiz or try box on screen: what Enter acts on.
    public var visibleActionBlock: ActionBlock? {
        guard let lesson = currentLesson else { return nil }
        let lines = document.lines
        let end = min(lines.count, scroll + pageHeight)
        // A box that begins on screen wins over one whose top has scrolled away (the student is looking
        // at the new one); with none beginning on screen, the one still showing its end counts.
        var partial: ActionBlock?
        // The blank line before a box carries the box's block but is not part of it (offset −1): skip it.
        for i in min(scroll, end)..<end where lines[i].anchor.offset >= 0
            && (i == scroll || lines[i].anchor.block != lines[i - 1].anchor.block || lines[i - 1].anchor.offset < 0) {
            let b = lines[i].anchor.block
            guard lesson.blocks.indices.contains(b) else { continue }
            let action: ActionBlock
            switch lesson.blocks[b].block {
            case .tryIt(let block): action = .tryIt(block)
            case .quiz(let quiz):
                let index = lesson.blocks[..<b].filter { if case .quiz = $0.block { return true } else { return false } }.count
                action = .quiz(quiz, index: index)
            default: continue
            }
            let startsHere = i == 0 || lines[i - 1].anchor.block != b || lines[i - 1].anchor.offset < 0
            if startsHere { return action }
            if partial == nil { partial = action }
        }
        return partial
    }

    mutating func act(on block: ActionBlock) -> [Effect] {
        switch block {
        case .tryIt(let t): return tryIt(t)
        case .quiz(let quiz, let index):
            guard let id = currentLesson?.meta.id else { return [] }
            if case .live(let check) = quiz.answer {
                switch QuizGrader.grade(check, run: labs[check.lab]) {
                case .success(let verdict): return record(verdict, lesson: id, index: index, live: true)
                case .failure(let problem): message = courseText.problem(problem); return []
                }
            }
            mode = .prompt(Prompt(kind: .quiz(lesson: id, index: index), text: ""))
            return []
        }
    }

    /// Marks what the student typed for a quiz.
    mutating func answerQuiz(lesson: String, index: Int, typed: String) -> [Effect] {
        guard let quiz = quiz(lesson, index) else { return [] }
        switch QuizGrader.grade(quiz, typed: typed) {
        case .success(let verdict): return record(verdict, lesson: lesson, index: index)
        case .failure(let problem):
            message = courseText.problem(problem)
            return []
        }
    }

    private mutating func record(_ verdict: QuizGrader.Verdict, lesson: String, index: Int, live: Bool = false) -> [Effect] {
        // A check quiz passed once stays passed: a later run (say, a new experiment) does not undo it.
        if live, !verdict.correct, progress.quizAnswers(lesson: lesson)[index]?.correct == true {
            message = courseText.alreadyPassed(verdict.given)
            return []
        }
        progress.recordAnswer(verdict.given, correct: verdict.correct, lesson: lesson, index: index)
        message = verdict.correct ? courseText.right : courseText.wrong
        return [.saveProgress]
    }

    /// Marks the open lesson finished once it has been read to the end and every quiz in it is right;
    /// says so in the status bar when `announce` (a key did it, not opening or resizing). Returns whether
    /// it was just finished (a change to save).
    mutating func updateCompletion(announce: Bool) -> Bool {
        guard let lesson = currentLesson, !document.lines.isEmpty else { return false }
        let id = lesson.meta.id
        if scroll >= maxScroll { reachedEnd.insert(id) }
        guard !progress.completed.contains(id), reachedEnd.contains(id) else { return false }
        let answers = progress.quizAnswers(lesson: id)
        guard lesson.quizzes.indices.allSatisfy({ answers[$0]?.correct == true }) else { return false }
        progress.completed.insert(id)
        if announce, message == nil { message = "✓ " + courseText.lessonDone }
        return true
    }

    /// The share of the course's lessons finished, 0…1.
    public var courseFraction: Double {
        let ids = Set(lessons.map(\.meta.id))
        guard !ids.isEmpty else { return 0 }
        return Double(ids.intersection(progress.completed).count) / Double(ids.count)
    }

    /// The course progress to save: answers and completions as recorded, plus where the student is now.
    public var progressToSave: CourseProgress {
        var p = progress
        p.language = language
        p.currentLesson = currentLesson?.meta.id
        for (id, anchor) in positions { p.positions[id] = ReadingPosition(block: anchor.block, offset: anchor.offset) }
        if let id = currentLesson?.meta.id { p.positions[id] = ReadingPosition(block: topAnchor.block, offset: topAnchor.offset) }
        for (lab, run) in labs.runs { p.labSettings[lab.rawValue] = run.settings.values }
        return p
    }

    /// Starts from saved progress: the language, the lesson and place, the answers, the labs' settings.
    mutating func restore(_ saved: CourseProgress, language override: String?, lessonID: String?) {
        progress = saved
        if override == nil, let lang = saved.language, LessonLibrary.languages.contains(lang) { language = lang }
        for (id, pos) in saved.positions {
            positions[id] = DocAnchor(block: pos.block, offset: pos.offset)
        }
        for lab in LabRegistry.labs {
            guard let values = saved.labSettings[lab.rawValue] else { continue }
            // A saved value the schema no longer takes (an old file) is skipped; the default stays.
            for (key, v) in values.sorted(by: { $0.key < $1.key }) { _ = labs[lab].settings.set(key, v) }
        }
        let target = lessonID ?? saved.currentLesson
        let index = target.flatMap { id in lessons.firstIndex { $0.meta.id == id } } ?? 0
        lessonIndex = -1
        open(lessonAt: index)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
