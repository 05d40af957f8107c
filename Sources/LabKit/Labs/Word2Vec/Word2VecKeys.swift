import LessonKit
import MLCore

/// The Word2Vec lab's own keys: `w` edits the watched words, `a` asks an analogy of the vectors of the moment.
public struct Word2VecUI: LabUI, Equatable {
    /// The answer to the last analogy, against the vectors of that moment.
    public var answer: PromptAnswer?
    /// Neighbours worked out at once after the watch list changed, until the job's next refresh has them.
    public var watchOverride: [WatchedWord]?
    public init() {}
}

extension Word2VecLab {
    static let watchPrompt = LocalizedText(zh: "观察词（空格分隔）：", en: "Watch words (space-separated): ")
    static let analogyPrompt = LocalizedText(zh: "类比 a b c（a 之于 b 如 c 之于 ?）：", en: "Analogy a b c (a is to b as c is to ?): ")

    public static var keys: [LabKey] {
        [LabKey("w", id: "watch", label: "w  a",
                help: LocalizedText(zh: "Word2Vec：编辑观察词；提问类比 a : b :: c : ?", en: "Word2Vec: edit the watched words; ask an analogy a : b :: c : ?")),
         LabKey("a", id: "analogy", label: "", help: LocalizedText(zh: "", en: ""))]
    }

    public static var initialUI: any LabUI { Word2VecUI() }

    public static func press(_ id: String, _ lab: LabKeyInput) -> LabKeyOutcome {
        switch id {
        case "watch":
            let words = lab.settings.watchWords.joined(separator: " ")
            return LabKeyOutcome(ui: lab.ui, prompt: LabPrompt(id: "watch", label: watchPrompt, text: words))
        default:
            return LabKeyOutcome(ui: lab.ui, prompt: LabPrompt(id: "analogy", label: analogyPrompt, text: ""))
        }
    }

    public static func submit(_ id: String, text: String, _ lab: LabKeyInput) -> LabKeyOutcome {
        var ui = lab.ui as? Word2VecUI ?? Word2VecUI()
        let words = text.split(whereSeparator: { " ,:;\t".contains($0) }).map { String($0).lowercased() }
        switch id {
        case "watch":
            let list = words.joined(separator: ",")
            // The schema decides; a list it takes is answered at once from the vectors on screen.
            if let problem = schema.problem("watch", list) {
                return LabKeyOutcome(ui: ui, message: "\(lab.language == "zh" ? "观察词" : "Watch list"): \(problem)")
            }
            if let index = lab.snapshot?.word2vec?.index { ui.watchOverride = neighbours(of: words, in: index) }
            return LabKeyOutcome(ui: ui, settings: [("watch", list)])
        default:
            ui.answer = analogy(words, typed: text, in: lab.snapshot?.word2vec?.index, language: lab.language)
            return LabKeyOutcome(ui: ui)
        }
    }

    public static func uiAfterStart(_ ui: any LabUI) -> any LabUI { Word2VecUI() }

    public static func uiAfter(_ snapshot: LabSnapshot, _ ui: any LabUI, settings: LabSettings) -> any LabUI {
        guard var ui = ui as? Word2VecUI, ui.watchOverride != nil,
              snapshot.word2vec?.watch.map(\.word) == settings.watchWords else { return ui }
        ui.watchOverride = nil  // the job has caught up with the new words
        return ui
    }

    /// The watch list as shown: the fresh answer when the list was just edited, else the job's.
    public static func shownWatch(_ ui: any LabUI, _ snapshot: LabSnapshot?) -> [WatchedWord] {
        (ui as? Word2VecUI)?.watchOverride ?? snapshot?.word2vec?.watch ?? []
    }
}

extension LabUI {
    /// The Word2Vec lab's key state, when this is it.
    public var word2vec: Word2VecUI? { self as? Word2VecUI }
}
