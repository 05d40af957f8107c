import LessonKit
import MLCore
import TerminalUI

extension AppState {
    /// Keys while the settings editor is open: move between fields, type, Enter applies, Esc cancels.
    mutating func editorKey(_ key: Key) -> [Effect] {
        guard var editor = panel.editor else { return [] }
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            panel.editor = nil
            message = labText.editCancelled
            return []
        case .tab, .down, .right:
            guard commitField(&editor) else { break }
            editor.field = (editor.field + 1) % editor.draft.fields.count
            enterField(&editor)
        case .backTab, .up, .left:
            guard commitField(&editor) else { break }
            editor.field = (editor.field + editor.draft.fields.count - 1) % editor.draft.fields.count
            enterField(&editor)
        case .enter:
            guard commitField(&editor) else { break }
            panel.editor = nil
            return applyEdits(editor.draft)
        case .backspace, .delete:
            if editor.fresh { editor.text = "" } else if !editor.text.isEmpty { editor.text.removeLast() }
            editor.fresh = false
            editor.error = nil
        case .ctrl("u"):
            editor.text = ""
            editor.fresh = false
        case .char(let c):
            if editor.fresh { editor.text = "" }
            if editor.text.count < 40 { editor.text.append(c) }
            editor.fresh = false
            editor.error = nil
        default:
            break
        }
        panel.editor = editor
        return []
    }

    /// Keeps the typed value in the draft, or records why it was refused and keeps the old one.
    private func commitField(_ editor: inout SettingsEditor) -> Bool {
        if let problem = editor.draft.set(editor.key, editor.text) {
            editor.error = "\(editor.key): \(problem) — \(labText.keptOld) \(editor.draft[editor.key])"
            return false
        }
        editor.error = nil
        return true
    }

    private func enterField(_ editor: inout SettingsEditor) {
        editor.text = editor.draft[editor.key]
        editor.fresh = true
    }

    /// Takes edited settings: live ones go to the running model now; others wait for a yes to restart.
    mutating func applyEdits(_ draft: LabSettings) -> [Effect] {
        let lab = draft.lab
        let old = panel[lab].settings
        guard draft != old else { message = labText.editUnchanged; return [] }
        let restart = draft.restartKeys(comparedTo: old)
        if panel[lab].isRunning, !restart.isEmpty {
            panel.pendingRestart = draft
            message = nil
            return []
        }
        panel[lab].settings = draft
        message = panel[lab].isRunning ? labText.appliedLive : labText.appliedNextRun
        var effects = applyLive(lab)
        if draft.watchWords != old.watchWords, lab == .word2vec { effects += watchChanged() }
        return effects
    }

    /// Keys while a restart is waiting for confirmation.
    mutating func confirmKey(_ key: Key) -> [Effect] {
        guard let draft = panel.pendingRestart else { return [] }
        switch key {
        case .char("y"), .char("Y"), .enter:
            panel.pendingRestart = nil
            panel[draft.lab].settings = draft
            return start(draft.lab, keepPaused: false)
        case .char("n"), .char("N"), .escape, .ctrl("c"):
            panel.pendingRestart = nil
            message = labText.editCancelled
        default:
            break
        }
        return []
    }

    /// Keys while the watch-list or analogy prompt is open.
    mutating func promptKey(_ key: Key) -> [Effect] {
        guard var prompt = panel.prompt else { return [] }
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            panel.prompt = nil
            return []
        case .enter:
            panel.prompt = nil
            return submit(prompt)
        case .backspace, .delete:
            if !prompt.text.isEmpty { prompt.text.removeLast() }
        case .ctrl("u"):
            prompt.text = ""
        case .char(let c):
            if prompt.text.count < 120 { prompt.text.append(c) }
        default:
            break
        }
        panel.prompt = prompt
        return []
    }

    private mutating func submit(_ prompt: Prompt) -> [Effect] {
        let words = prompt.text.split(whereSeparator: { " ,:;\t".contains($0) }).map { String($0).lowercased() }
        switch prompt.kind {
        case .quiz(let lesson, let index):
            return answerQuiz(lesson: lesson, index: index, typed: prompt.text)
        case .watch:
            if let problem = panel[.word2vec].settings.set("watch", words.joined(separator: ",")) {
                message = "\(labText.watchList): \(problem)"
                return []
            }
            return watchChanged()
        case .analogy:
            guard words.count == 3 else {
                panel[.word2vec].analogy = AnalogyAnswer(question: prompt.text, answers: [], problem: labText.analogyFormat)
                return []
            }
            let question = "\(words[0]) : \(words[1]) :: \(words[2]) : ?"
            guard let index = panel[.word2vec].snapshot?.word2vec?.index else {
                panel[.word2vec].analogy = AnalogyAnswer(question: question, answers: [], problem: labText.noVectorsYet)
                return []
            }
            do {
                let found = try index.analogy(words[0], words[1], words[2], k: 3)
                panel[.word2vec].analogy = AnalogyAnswer(question: question,
                                                         answers: found.map { Neighbour(word: $0.word, similarity: $0.similarity) },
                                                         problem: nil)
            } catch {
                panel[.word2vec].analogy = AnalogyAnswer(question: question, answers: [], problem: error.description)
            }
            return []
        }
    }

    /// The watch list changed: answer at once from the vectors on screen, and tell the job.
    private mutating func watchChanged() -> [Effect] {
        let words = panel[.word2vec].settings.watchWords
        if let index = panel[.word2vec].snapshot?.word2vec?.index {
            panel[.word2vec].watchOverride = Word2VecJob.neighbours(of: words, in: index)
        }
        return [.watch(words)]
    }
}
