import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

/// The settings editor, the restart question, the watch list and analogy prompts.
@Suite struct LabEditorReducerTests: LabReducerTesting {


    // MARK: - Settings editor

    @Test func eOpensTheEditorOnTheFirstField() {
        var s = labState()
        _ = s.press(.char("1"), .char("e"))
        #expect(s.editor == SettingsEditor(lab: .mlp, settings: LabSettings(lab: .mlp)))
        #expect(s.editor?.key == "lr")
        #expect(s.editor?.text == "0.001")
    }

    @Test func tabAndBackTabMoveAndWrap() {
        var s = labState()
        _ = s.press(.char("2"), .char("e"), .tab)
        #expect(s.editor?.key == "iterations")
        #expect(s.editor?.text == "300")
        _ = s.press(.tab, .tab, .tab)
        #expect(s.editor?.key == "alpha")
        _ = s.press(.backTab)
        #expect(s.editor?.key == "momentum")
        #expect(s.editor?.fresh == true)
    }

    @Test func firstKeyReplacesTheValueThenKeysAppend() {
        var s = labState()
        _ = s.press(.char("1"), .char("e"))
        _ = s.typeText("0.5")
        #expect(s.editor?.text == "0.5")
        #expect(s.editor?.fresh == false)
    }

    @Test func backspaceClearsAFreshFieldThenDeletesOneCharacter() {
        var s = labState()
        _ = s.press(.char("1"))
        s.openEditor(at: "hidden")
        _ = s.press(.backspace)
        #expect(s.editor?.text == "")
        _ = s.typeText("128")
        _ = s.press(.backspace)
        #expect(s.editor?.text == "12")
    }

    @Test func ctrlUClearsTheField() {
        var s = labState()
        _ = s.press(.char("1"))
        s.openEditor(at: "hidden")
        _ = s.press(.right)  // an arrow moves on, like Tab
        _ = s.press(.left)
        #expect(s.editor?.key == "hidden")
        _ = s.typeText("8")
        _ = s.press(.ctrl("u"))
        #expect(s.editor?.text == "")
    }

    /// The MLP editor with lr 0.01 and epochs 3 typed, still open.
    func editingTwoFields() -> AppState {
        var s = labState()
        _ = s.press(.char("1"), .char("e"))
        _ = s.typeText("0.01")
        _ = s.press(.tab)
        _ = s.typeText("3")
        return s
    }

    @Test func enterAppliesToAnIdleLab() {
        var s = editingTwoFields()
        #expect(s.press(.enter) == [.saveProgress])
        #expect(s.editor == nil)
        #expect(s.labs[.mlp].settings["lr"] == "0.01")
        #expect(s.labs[.mlp].settings["epochs"] == "3")
        #expect(s.pendingRestart == nil)
        #expect(s.message == english.appliedNextRun)
    }

    @Test func enterWithNothingChangedSaysSo() {
        var s = labState()
        _ = s.press(.char("1"), .char("e"), .enter)
        #expect(s.message == english.editUnchanged)
    }

    @Test(arguments: [("lr", "abc"), ("hidden", "0"), ("hidden", "-1"), ("hidden", "1e9"), ("epochs", "0"),
                      ("hidden", "99999,99999"), ("batch-size", "0"), ("data", "cifar"), ("seed", "x")])
    func garbageIsRefusedNamingTheFieldAndKeepingTheOld(key: String, typed: String) {
        var s = labState()
        _ = s.press(.char("1"))
        s.openEditor(at: key)
        let old = LabSettings(lab: .mlp)[key]
        _ = s.typeText(typed)
        _ = s.press(.tab)
        let editor = s.editor
        #expect(editor?.key == key, "stays on the field")
        #expect(editor?.error?.hasPrefix("\(key): ") == true)
        #expect(editor?.error?.hasSuffix("kept \(old)") == true)
        #expect(editor?.draft[key] == old)
        #expect(editor?.text == typed, "the typed text stays for correcting")
        // Enter refuses too, and the lab keeps its settings.
        #expect(s.press(.enter).isEmpty)
        #expect(s.editor != nil)
        #expect(s.labs[.mlp].settings == LabSettings(lab: .mlp))
    }

    @Test func typingAfterAnErrorClearsIt() {
        var s = labState()
        _ = s.press(.char("1"), .char("e"))
        _ = s.typeText("abc")
        _ = s.press(.tab)
        #expect(s.editor?.error != nil)
        _ = s.press(.backspace)
        #expect(s.editor?.error == nil)
    }

    @Test func escCancelsEveryEdit() {
        var s = editingTwoFields()
        #expect(s.editor?.draft["lr"] == "0.01")
        #expect(s.press(.escape).isEmpty)
        #expect(s.editor == nil)
        #expect(s.labs[.mlp].settings == LabSettings(lab: .mlp))
        #expect(s.message == english.editCancelled)
    }

    @Test func editorTakesLetterKeysAsText() {
        var s = labState()
        _ = s.press(.char("3"))
        s.openEditor(at: "corpus")
        #expect(s.typeText("pdmix").isEmpty)
        _ = s.press(.char("q"))
        #expect(s.editor?.text == "pdmixq")
        #expect(!s.labs[.word2vec].active)
    }

    @Test(arguments: [(Lab.mlp, "0.004"), (.gd, "0.3"), (.word2vec, "0.05")])
    func liveChangeWhileRunningGoesToTheJob(lab: Lab, rate: String) {
        var s = labState()
        _ = s.press(.char(AppState.showKey(lab)), .char("s"), .char("e"))
        _ = s.typeText(rate)
        #expect(s.press(.enter) == [.run(lab, .setLive(key: LabSettings(lab: lab).learningRateKey, value: rate)), .saveProgress])
        #expect(s.pendingRestart == nil)
        #expect(s.labs[lab].settings.learningRate == Double(rate)!)
        #expect(s.labs[lab].runSettings?.learningRate == Double(rate)!)
        #expect(s.message == english.appliedLive)
    }

    @Test(arguments: [(Lab.mlp, "hidden", "32"), (.mlp, "batch-size", "64"), (.word2vec, "dim", "20"), (.gd, "iterations", "50")])
    func modelChangeWhileRunningAsksFirst(lab: Lab, key: String, value: String) {
        var s = labState()
        _ = s.press(.char(AppState.showKey(lab)), .char("s"))
        #expect(s.edit(key, to: value).isEmpty)
        #expect(s.pendingRestart?[key] == value)
        #expect(s.labs[lab].settings == LabSettings(lab: lab))
    }

    @Test func yesRestartsWithTheNewSettings() {
        var s = labState()
        _ = s.press(.char("1"), .char("s"))
        _ = s.edit("hidden", to: "32")
        var expected = LabSettings(lab: .mlp)
        #expect(expected.set("hidden", "32") == nil)
        // y answers the question; it does not toggle the log scale.
        #expect(s.press(.char("y")) == [.run(.mlp, .stop), .run(.mlp, .start(expected, paused: false, speed: 500)), .saveProgress])
        #expect(s.pendingRestart == nil)
        #expect(s.labs[.mlp].settings == expected)
        #expect(!s.labs.logY)
    }

    @Test func noDiscardsThePendingSettings() {
        var s = labState()
        _ = s.press(.char("1"), .char("s"))
        _ = s.edit("hidden", to: "32")
        #expect(s.press(.char("n")).isEmpty)
        #expect(s.pendingRestart == nil)
        #expect(s.labs[.mlp].settings == LabSettings(lab: .mlp))
        #expect(s.labs[.mlp].runNumber == 1)
    }

    @Test func otherKeysWaitForTheAnswer() {
        var s = labState()
        _ = s.press(.char("1"), .char("s"))
        _ = s.edit("hidden", to: "32")
        #expect(s.press(.char("q"), .char("x"), .char("s")).isEmpty)
        #expect(s.pendingRestart != nil)
    }

    @Test func modelChangeWhileIdleIsSimplySaved() {
        var s = labState()
        _ = s.press(.char("1"))
        #expect(s.edit("hidden", to: "32") == [.saveProgress])
        #expect(s.pendingRestart == nil)
        #expect(s.labs[.mlp].settings["hidden"] == "32")
        #expect(started(s.press(.char("s")))?["hidden"] == "32")
    }

    // MARK: - Watch list and analogies

    @Test func wOpensTheWatchListAsWords() {
        var s = labState()
        _ = s.press(.char("3"), .char("w"))
        let words = LabSettings(lab: .word2vec).watchWords
        #expect(words.count > 1)
        #expect(s.prompt?.text == words.joined(separator: " "))
        guard case .lab(.word2vec, let asked)? = s.prompt?.kind else { Issue.record("not the Word2Vec prompt: \(String(describing: s.prompt))"); return }
        #expect(asked.id == "watch")
        #expect(s.screenText().joined().contains("Watch words (space-separated): "))
    }

    @Test func wIsNotAPromptInOtherLabs() {
        var s = labState()
        _ = s.press(.char("1"), .char("w"), .char("a"))
        #expect(s.prompt == nil)
    }

    @Test func enterSendsTheNewWatchList() {
        var s = labState()
        _ = s.press(.char("3"), .char("w"), .ctrl("u"))
        _ = s.typeText("King, queen")
        // Nothing runs: the settings change and are saved; a running job would get the words (next test file).
        #expect(s.press(.enter) == [.saveProgress])
        #expect(s.prompt == nil)
        #expect(s.labs[.word2vec].settings.watchWords == ["king", "queen"])
    }

    @Test func emptyWatchListIsRefused() {
        var s = labState()
        _ = s.press(.char("3"), .char("w"), .ctrl("u"))
        #expect(s.press(.enter).isEmpty)
        #expect(s.message == "Watch list: at least one word")
        #expect(s.labs[.word2vec].settings == LabSettings(lab: .word2vec))
    }

    @Test func watchListOfNineWordsIsRefused() {
        var s = labState()
        _ = s.press(.char("3"), .char("w"), .ctrl("u"))
        _ = s.typeText("a b c d e f g h i")
        #expect(s.press(.enter).isEmpty)
        #expect(s.message == "Watch list: at most 8 words")
    }

    @Test func newWatchListIsAnsweredAtOnceFromTheVectorsOnScreen() {
        var s = labState()
        s.showRunning(.word2vec, LabFixtures.word2vecRunning)
        _ = s.press(.char("w"), .ctrl("u"))
        _ = s.typeText("queen kiwi")
        _ = s.press(.enter)
        let watch = Word2VecLab.shownWatch(s.labs[.word2vec].ui, s.labs[.word2vec].snapshot)
        #expect(watch.map(\.word) == ["queen", "kiwi"])
        #expect(watch[0].neighbours?.first?.word == "woman")
        #expect(watch[1].neighbours == nil)
    }

    @Test func promptTakesLetterKeysAsText() {
        var s = labState()
        _ = s.press(.char("3"), .char("w"), .ctrl("u"))
        #expect(s.typeText("sq").isEmpty)
        #expect(s.prompt?.text == "sq")
        #expect(!s.labs[.word2vec].active)
        _ = s.press(.escape)
        #expect(s.prompt == nil)
        #expect(s.labs[.word2vec].settings == LabSettings(lab: .word2vec))
    }

    @Test func analogyWithNoVectorsSaysSo() {
        var s = labState()
        _ = s.press(.char("3"), .char("a"))
        _ = s.typeText("man king woman")
        _ = s.press(.enter)
        let answer = s.labs[.word2vec].ui.word2vec?.answer
        #expect(answer?.question == "man : king :: woman : ?")
        #expect(answer?.problem == "no vectors yet: press s to start a run")
        #expect(answer?.answers.isEmpty == true)
    }

    @Test(arguments: ["man king", "man king woman queen", ""])
    func analogyNeedsThreeWords(typed: String) {
        var s = labState()
        s.showRunning(.word2vec, LabFixtures.word2vecRunning)
        _ = s.press(.char("a"))
        _ = s.typeText(typed)
        _ = s.press(.enter)
        #expect(s.labs[.word2vec].ui.word2vec?.answer?.problem == "type three words, e.g. man king woman")
    }

    @Test func analogyIsAnsweredFromTheSnapshotsVectors() {
        var s = labState()
        s.showRunning(.word2vec, LabFixtures.word2vecRunning)
        _ = s.press(.char("a"))
        _ = s.typeText("Man king WOMAN")
        _ = s.press(.enter)
        let answer = s.labs[.word2vec].ui.word2vec?.answer
        #expect(answer?.problem == nil)
        #expect(answer?.answers.first?.word == "queen")
        #expect((answer?.answers.first?.similarity ?? 0) > 0.9)
        #expect(answer?.answers.contains { ["man", "king", "woman"].contains($0.word) } == false)
    }

    @Test func analogyWithAnUnknownWordNamesIt() {
        var s = labState()
        s.showRunning(.word2vec, LabFixtures.word2vecRunning)
        _ = s.press(.char("a"))
        _ = s.typeText("man kiwi woman")
        _ = s.press(.enter)
        #expect(s.labs[.word2vec].ui.word2vec?.answer?.problem?.contains("'kiwi' is not in the vocabulary") == true)
    }

}
