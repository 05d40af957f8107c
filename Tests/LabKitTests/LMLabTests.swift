import Foundation
import LessonKit
import MLCore
import Testing
@testable import LabKit

/// The language-model lab's schema, keys and job.
@Suite struct LMLabTests {
    static func input(_ settings: LabSettings = LabSettings(lab: .lm), ui: any LabUI = LMUI(),
                      snapshot: LabSnapshot? = nil, language: String = "en") -> LabKeyInput {
        LabKeyInput(snapshot: snapshot, settings: settings, ui: ui, language: language)
    }

    static func snapshot(context: [Int32], layers: Int = 2, heads: Int = 4, tokenizer: LMTokenizerSpec? = nil) -> LabSnapshot {
        var d = LMDetail()
        d.context = context
        d.tokenizer = tokenizer
        d.logits = context.map { _ in [0, 1, 2] }
        d.attention = layers == 0 ? nil : (0..<layers).map { _ in (0..<heads).map { _ in [Float](repeating: 0, count: context.count * context.count) } }
        return LabSnapshot(lab: .lm, phase: .running, detail: d)
    }

    @Test func theLadderAndTheCorpusAreSettingsAndBadOnesAreRefusedWithTheReason() throws {
        var s = LabSettings(lab: .lm)
        #expect(s.lmSetup.architecture == .transformer && s.lmSetup.layers == 2 && s["prompt"] == "⏎")
        #expect(s.set("model", "bigram") == nil && s.lmSetup.architecture == .bigram)
        #expect(s.set("model", "transformer-1") == nil && s.lmSetup.layers == 1)
        #expect(s.set("model", "gpt-4") == "one of bigram, mlp, transformer-1, transformer-2")
        // embd and heads are checked together; the old values stay.
        #expect(s.set("embd", "50") == "embd 50 is not divisible by heads 4: each head takes embd / heads columns (try embd 52)")
        #expect(s["embd"] == "64")
        #expect(s.set("embd", "1024") == nil)
        #expect(s.set("context", "512") == nil)
        // One block of width 1024 fits the 20 M cap; a Chinese corpus's characters, counted generously (8,000)
        // before it is read, do not; nor do two blocks.
        #expect(s.set("corpus", "poems-zh") == "the model would have 21,314,560 parameters, over the cap of 20,000,000: use fewer layers, a smaller embd or a shorter context")
        #expect(s.set("model", "transformer-2")?.hasPrefix("the model would have 25,") == true)
        #expect(s["corpus"] == "shakespeare" && s["model"] == "transformer-1")
        var huge = LabSettings(lab: .lm)
        // A try block is checked as a whole, whatever the order of its lines.
        #expect(huge.apply([("heads", "8"), ("embd", "1020"), ("embd", "1024"), ("model", "transformer-1")]) == nil)
        #expect(huge.apply([("embd", "30")]) == "embd 30 is not divisible by heads 8: each head takes embd / heads columns (try embd 32)")
        // The corpus: a shipped name, or a file that exists and is not empty.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-lm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.txt").path, text = dir.appendingPathComponent("mine.txt").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        _ = FileManager.default.createFile(atPath: text, contents: Data("some text of my own\n".utf8))
        var c = LabSettings(lab: .lm)
        #expect(c.set("corpus", dir.appendingPathComponent("missing.txt").path)?.hasPrefix("no such file") == true)
        #expect(c.set("corpus", empty)?.hasSuffix(" is empty") == true)
        #expect(c.set("corpus", dir.path)?.hasSuffix(" is a folder, not a text file") == true)
        #expect(c["corpus"] == "shakespeare")
        #expect(c.set("corpus", text) == nil && c["corpus"] == text)
    }

    @Test func aNewCorpusBringsItsPromptUnlessTheStudentChoseOne() {
        var s = LabSettings(lab: .lm)
        #expect(s.set("corpus", "poems-zh") == nil && s["prompt"] == "《")
        #expect(s.set("corpus", "shakespeare") == nil && s["prompt"] == "⏎")
        #expect(s.set("prompt", "ROMEO:") == nil)
        #expect(s.set("corpus", "classics-zh") == nil && s["prompt"] == "ROMEO:")
        #expect(s.lmPrompt == "ROMEO:")
        #expect(LabSettings(lab: .lm).lmPrompt == "\n")
    }

    @Test func temperatureAndTopKStepThroughTheirLadders() {
        var s = LabSettings(lab: .lm)
        var out = LMLab.press("cooler", Self.input(s))
        #expect(out.settings.map(\.value) == ["0.8"] && out.message == "temperature 0.8")
        for _ in 0..<10 { _ = s.set("temperature", LMLab.press("cooler", Self.input(s)).settings[0].value) }
        #expect(s["temperature"] == "0")
        out = LMLab.press("cooler", Self.input(s))
        #expect(out.settings.map(\.value) == ["0"] && out.message == "temperature 0 (greedy)")
        _ = s.set("temperature", "1.3")  // between two rungs: up goes to the next one above
        #expect(LMLab.press("warmer", Self.input(s)).settings.map(\.value) == ["1.5"])
        _ = s.set("temperature", "5")
        #expect(LMLab.press("warmer", Self.input(s)).settings.map(\.value) == ["2"])
        // top-k: all → 50 → 20 …; more from all stays all.
        var k = LabSettings(lab: .lm)
        #expect(LMLab.press("more", Self.input(k)).settings.map(\.value) == ["0"])
        out = LMLab.press("fewer", Self.input(k))
        #expect(out.settings.map(\.value) == ["50"] && out.message == "top-k 50")
        _ = k.set("top-k", "1")
        #expect(LMLab.press("fewer", Self.input(k)).settings.map(\.value) == ["1"])
        #expect(LMLab.press("more", Self.input(k)).settings.map(\.value) == ["3"])
        _ = k.set("top-k", "7")
        #expect(LMLab.press("more", Self.input(k)).settings.map(\.value) == ["20"])
    }

    @Test func positionAndAttentionKeysStayInRange() {
        let snap = Self.snapshot(context: [1, 2, 3])
        var ui = LMUI()
        for _ in 0..<5 { ui = LMLab.press("earlier", Self.input(ui: ui, snapshot: snap)).ui as! LMUI }
        #expect(ui.positionBack == 2)
        ui = LMLab.press("later", Self.input(ui: ui, snapshot: snap)).ui as! LMUI
        #expect(ui.positionBack == 1)
        // a: the next head, on into the next layer, round again; A: the next layer.
        var seen: [String] = []
        for _ in 0..<9 {
            ui = LMLab.press("head", Self.input(ui: ui, snapshot: snap)).ui as! LMUI
            seen.append("\(ui.layer).\(ui.head)")
        }
        #expect(seen == ["0.1", "0.2", "0.3", "1.0", "1.1", "1.2", "1.3", "0.0", "0.1"])
        ui = LMLab.press("layer", Self.input(ui: ui, snapshot: snap)).ui as! LMUI
        #expect(ui.layer == 1 && ui.head == 1)
        let bigram = LMLab.press("head", Self.input(snapshot: Self.snapshot(context: [1], layers: 0)))
        #expect(bigram.message == "this model has no attention (only the Transformer has)")
        // A new snapshot with a shorter context pulls the position back in.
        var far = LMUI()
        far.positionBack = 40
        #expect((LMLab.uiAfter(snap, far, settings: LabSettings(lab: .lm)) as? LMUI)?.positionBack == 2)
    }

    @Test func thePromptTakesAnyLanguageButOnlyCharactersTheModelKnows() {
        let p = LMLab.press("prompt", Self.input())
        #expect(p.prompt?.id == "prompt" && p.prompt?.text == "⏎")
        let chars = LMTokenizerSpec.characters(CharTokenizer(training: "ROME and Juliet\n"))
        let snap = Self.snapshot(context: [1], tokenizer: chars)
        let good = LMLab.submit("prompt", text: "ROME", Self.input(snapshot: snap))
        #expect(good.settings.map(\.value) == ["ROME"] && good.message == nil)
        let bad = LMLab.submit("prompt", text: "春", Self.input(snapshot: snap))
        #expect(bad.settings.isEmpty)
        #expect(bad.message == "Prompt: the character 春 (U+6625, at position 1) is not in the vocabulary of 15 characters")
        let blank = LMLab.submit("prompt", text: "", Self.input(snapshot: snap, language: "zh"))
        #expect(blank.settings.isEmpty && blank.message == "提示词：at least one character")
        // Before a run there is no vocabulary to check against: the job says so if it must.
        #expect(LMLab.submit("prompt", text: "《静夜思》", Self.input()).settings.map(\.value) == ["《静夜思》"])
    }

    @Test func lessonsCheckRefusesWhatTheLabRefuses() {
        let text = "---\nid: p\ntitle: P\norder: 1\n---\n```try\nlab: lm\nembd: 30\nmodel: transformer-1\n```\n"
        let lesson = LessonParser.parse(text, path: "p.md", labs: .standard)
        #expect(lesson.diagnostics.map(\.message) == ["the settings of lab lm do not go together: embd 30 is not divisible by heads 4: each head takes embd / heads columns (try embd 32)"])
        let fine = "---\nid: p\ntitle: P\norder: 1\n---\n```try\nlab: lm\nmodel: bigram\nembd: 30\n```\n"
        #expect(LessonParser.parse(fine, path: "p.md", labs: .standard).diagnostics.isEmpty)  // the bigram has no heads
    }
}
