import Foundation
import TerminalUI
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
        // A two-token prompt and three sampled tokens: the odds start at the prompt's end (position 1).
        var snap = Self.snapshot(context: [1, 2, 3, 4, 5])
        snap.detail = { var d = snap.lm!; d.promptLength = 2; return d }()
        #expect(snap.lm!.promptEnd == 1)
        var ui = LMUI()
        for _ in 0..<5 { ui = LMLab.press("earlier", Self.input(ui: ui, snapshot: snap)).ui as! LMUI }
        #expect(ui.offset == -1 && snap.lm!.position(offset: ui.offset) == 0)
        for _ in 0..<9 { ui = LMLab.press("later", Self.input(ui: ui, snapshot: snap)).ui as! LMUI }
        #expect(ui.offset == 3 && snap.lm!.position(offset: ui.offset) == 4)
        ui = LMLab.press("earlier", Self.input(ui: ui, snapshot: snap)).ui as! LMUI
        #expect(ui.offset == 2)
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
        far.offset = 40
        #expect((LMLab.uiAfter(snap, far, settings: LabSettings(lab: .lm)) as? LMUI)?.offset == 3)
        far.offset = -40
        #expect((LMLab.uiAfter(snap, far, settings: LabSettings(lab: .lm)) as? LMUI)?.offset == -1)
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

/// The job itself, through the engine as the dashboard drives it, on a small text of the test's own.
@Suite struct LMJobTests {
    static func settings(_ path: String, _ extra: [(String, String)] = []) throws -> LabSettings {
        var s = LabSettings(lab: .lm)
        let problem = s.apply([("corpus", path), ("model", "transformer-1"), ("embd", "16"), ("heads", "2"), ("context", "16"),
                               ("batch", "4"), ("steps", "150"), ("lr", "0.01"), ("prompt", "ab")] + extra)
        #expect(problem == nil)
        return s
    }

    static func withCorpus(_ body: (String) throws -> Void) throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = dir.appendingPathComponent("abc.txt").path
        // "abcd" repeated with a line break now and then: a model that learns writes "abcd…" after "ab".
        let text = (0..<800).map { $0 % 9 == 8 ? "abcd\n" : "abcd" }.joined()
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        try body(path)
    }

    @Test func aTransformerRunLearnsTheTextAndShowsSamplesOddsAndAttention() throws {
        try Self.withCorpus { path in
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .lm)
            engine.perform(.lm, .start(try Self.settings(path), paused: false, speed: nil))
            let end = try #require(follow.waitUntilOver(120))
            #expect(end.phase == .finished, "\(end.phase)")
            #expect(end.progress.step == 150 && end.progress.rateUnit == "tokens/s" && end.curve.steps == 150)
            let d = try #require(end.lm)
            #expect(d.tokenizer?.kind == "char" && d.vocabularySize == 5 && d.tokenDisplay.contains("⏎"))
            #expect(!d.samples.isEmpty && d.samples.last?.step == 150)
            // The last sample continues "ab" as the text does.
            #expect(d.samples.last?.text.hasPrefix("cd") == true, "\(d.samples.map(\.text))")
            #expect(d.logits.count == d.context.count && d.logits.allSatisfy { $0.count == 5 })
            let attention = try #require(d.attention)
            #expect(attention.count == 1 && attention[0].count == 2 && attention[0][0].count == d.context.count * d.context.count)
            #expect(end.curve.validation.count >= 1 && LMLab.measure("val-loss", in: end)! < 0.5)
            #expect(LMLab.measure("step", in: end) == 150)
            #expect(d.updateRatios.count == 6 && d.gradientNorm != nil)
        }
    }

    /// Samples of one model (a rate too small to change it): at temperature 0 every line is the same, whatever
    /// the step's seed; at temperature 1 they differ.
    @Test(arguments: ["0", "1"])
    func theBigramHasNoAttentionAndTemperatureZeroIsGreedy(temperature: String) throws {
        try Self.withCorpus { path in
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .lm)
            engine.perform(.lm, .start(try Self.settings(path, [("model", "bigram"), ("temperature", temperature), ("lr", "1e-9"), ("steps", "3")]),
                                       paused: false, speed: 10))
            let end = try #require(follow.waitUntilOver(60))
            let d = try #require(end.lm)
            #expect(end.phase == .finished && d.attention == nil)
            let lines = Set(d.samples.map(\.text))
            #expect(d.samples.count >= 3)
            #expect(temperature == "0" ? lines.count == 1 : lines.count > 1, "\(d.samples)")
        }
    }

    /// Paused, a new temperature still brings a sample from the model as it stands (no step taken); at
    /// temperature 0 two such samples are the same line.
    @Test func pausedTheTemperatureKeysStillResampleWithoutAStep() throws {
        try Self.withCorpus { path in
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .lm)
            engine.perform(.lm, .start(try Self.settings(path, [("steps", "100000")]), paused: true, speed: nil))
            engine.perform(.lm, .step)
            engine.perform(.lm, .step)
            let first = try #require(follow.wait(60) { $0.progress.step == 2 && ($0.lm?.samples.count ?? 0) >= 1 })
            let before = first.lm!.samples.count
            engine.perform(.lm, .setLive(key: "temperature", value: "0"))
            let greedy = try #require(follow.wait(30) { ($0.lm?.samples.count ?? 0) == before + 1 })
            engine.perform(.lm, .setLive(key: "top-k", value: "5"))
            let again = try #require(follow.wait(30) { ($0.lm?.samples.count ?? 0) == before + 2 })
            let lines = again.lm!.samples.suffix(2)
            #expect(greedy.progress.step == 2 && again.progress.step == 2, "no step was taken")
            // The rate is the one of the last step: the time spent paused does not count against it.
            #expect(again.progress.rate == first.progress.rate && again.progress.elapsed == first.progress.elapsed)
            #expect(lines.first == lines.last && lines.first?.step == 2, "\(lines)")
            engine.perform(.lm, .stop)
            _ = follow.waitUntilOver(30)
        }
    }

    /// Finished, the model still writes for a new prompt or temperature (the job waits for them until the run
    /// is replaced or stopped), without another step.
    @Test func aFinishedRunStillSamplesForANewPrompt() throws {
        try Self.withCorpus { path in
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            let follow = LabFollower(engine, .lm)
            engine.perform(.lm, .start(try Self.settings(path, [("steps", "20")]), paused: false, speed: nil))
            let end = try #require(follow.waitUntilOver(60))
            #expect(end.phase == .finished)
            let before = end.lm!.samples.count
            engine.perform(.lm, .setLive(key: "prompt", value: "c"))
            let after = try #require(follow.wait(30) { ($0.lm?.samples.count ?? 0) == before + 1 })
            #expect(after.phase == .finished && after.progress.step == 20 && after.lm?.samples.last?.step == 20)
            #expect(after.lm?.context.first == 3, "the context starts with the new prompt, c (id 3 after ⏎ a b)")
            // Stopping ends the waiting job: shutdown (stop, then wait for the queue) returns.
            engine.shutdown()
        }
    }

    @Test func aHugeRateDivergesAndSaysSo() throws {
        try Self.withCorpus { path in
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .lm)
            engine.perform(.lm, .start(try Self.settings(path, [("lr", "10"), ("steps", "300")]), paused: false, speed: nil))
            let end = try #require(follow.waitUntilOver(120))
            guard case .diverged(let why) = end.phase else { Issue.record("not diverged: \(end.phase)"); return }
            #expect(why.contains("twice the") || why.contains("overflowed"))
            #expect(end.divergedAt != nil)
        }
    }

    @Test func aCorpusThatIsTooShortFailsWithTheReason() throws {
        let dir = try LabJobFixture.temporaryDirectory()
        defer { LabJobFixture.removeTemporary(dir) }
        let path = dir.appendingPathComponent("tiny.txt").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("abc abc".utf8))
        let engine = LabEngine(resources: LabJobFixture.assetResources())
        defer { engine.shutdown() }
        let follow = LabFollower(engine, .lm)
        engine.perform(.lm, .start(try LMJobTests.settings(path), paused: false, speed: nil))
        let end = try #require(follow.waitUntilOver(60))
        guard case .failed(let why) = end.phase else { Issue.record("not failed: \(end.phase)"); return }
        #expect(why.contains("too short") && why.contains("context"), "\(why)")
    }
}

/// The lab's view as text lines from fixed details: samples, odds bars, the attention map in token widths.
@Suite struct LMDetailViewTests {
    static func input(_ d: LMDetail, language: String = "en", settings: [(String, String)] = [], ui: LMUI = LMUI()) -> LabViewInput {
        var s = LabSettings(lab: .lm)
        _ = s.apply(settings)
        var snap = LabSnapshot(lab: .lm, phase: .running, detail: d)
        snap.progress.step = 10
        return LabViewInput(snapshot: snap, settings: s, ui: ui, theme: Theme(), language: language, ascii: false)
    }

    static func detail(_ text: String, attention: Bool = true) -> LMDetail {
        let tokenizer = CharTokenizer(training: text)
        var d = LMDetail()
        d.modelName = "transformer-1"
        d.parameterCount = 12_345
        d.tokenizer = .characters(tokenizer)
        d.tokenDisplay = (0..<tokenizer.vocabularySize).map { tokenizer.display(Int32($0)) }
        d.samples = [LMSampleLine(step: 5, text: "zzq"), LMSampleLine(step: 120, text: String(text.prefix(6)))]
        d.context = try! tokenizer.encode(text)
        let n = d.context.count, v = tokenizer.vocabularySize
        // After every position the likeliest token is id 1, then 2, then 0.
        d.logits = (0..<n).map { _ in (0..<v).map { $0 == 1 ? 3 : $0 == 2 ? 2 : $0 == 0 ? 1 : 0 } }
        if attention {
            // Position i puts all its weight on itself: a diagonal.
            let diagonal = (0..<(n * n)).map { k in Float(k / n == k % n ? 1 : 0) }
            d.attention = [[diagonal, diagonal]]
        }
        d.gradientNorm = 0.5
        d.updateRatios = [("a", -3.1), ("b", -2.6)]
        return d
    }

    @Test func samplesOddsAndAttentionInEnglish() {
        let lines = LMDetailView.lines(Self.input(Self.detail("to be or")), width: 60, height: 30).map { $0.plainText.trailingSpacesRemoved }
        #expect(lines[0].hasPrefix("transformer-1 · 12.3k params · char 6 · ‖∇‖ 0.50 · log₁₀ Δw/w -3.1…-2.6"))
        #expect(lines.contains("  5 zzq") && lines.contains("120 to be"))
        // The odds: at temperature 1 the three non-zero logits 3 > 2 > 1 come first, in that order.
        let title = lines.firstIndex { $0.hasPrefix("next token after «") }!
        #expect(lines[title].contains("· T 1 · top-k all"))
        #expect(lines[title + 1].hasPrefix("b ") && lines[title + 2].hasPrefix("e ") && lines[title + 3].hasPrefix("· "))
        let first = lines[title + 1].filter { $0 == "█" }.count, second = lines[title + 2].filter { $0 == "█" }.count
        #expect(first > second && second > 0)
        // The map: a header with the tokens, then one row per position with its weight on the diagonal.
        let map = lines.firstIndex { $0.hasPrefix("attention · layer 1/1 · head 1/2") }!
        #expect(lines[map + 1] == "    to·be·or")
        #expect(lines[map + 2] == "  t █")
        #expect(lines[map + 3] == "  o  █")
        #expect(lines[map + 9] == " ▸r        █", "the odds are for the last position, marked")
    }

    @Test func temperatureAndTopKShapeTheBarsAtOnce() {
        let greedy = LMDetailView.lines(Self.input(Self.detail("to be or"), settings: [("temperature", "0")]), width: 60, height: 30).map { $0.plainText.trailingSpacesRemoved }
        let title = greedy.firstIndex { $0.hasPrefix("next token after") }!
        #expect(greedy[title].contains("T 0 greedy") && greedy[title + 1].hasSuffix("1.000") && !greedy[title + 2].contains("█"))
        let two = LMDetailView.lines(Self.input(Self.detail("to be or"), settings: [("top-k", "2")]), width: 60, height: 30).map { $0.plainText.trailingSpacesRemoved }
        let t2 = two.firstIndex { $0.hasPrefix("next token after") }!
        #expect(two[t2].contains("top-k 2") && two[t2 + 2].hasPrefix("e ") && two[t2 + 3].hasPrefix("attention"))
    }

    @Test func chineseTokensTakeTwoColumnsAndTheMapStaysAligned() {
        let lines = LMDetailView.lines(Self.input(Self.detail("床前明月光"), language: "zh"), width: 40, height: 30).map { $0.plainText.trailingSpacesRemoved }
        let map = lines.firstIndex { $0.hasPrefix("注意力 · 第 1/1 层 · 第 1/2 头") }!
        #expect(lines[map + 1] == "    床前明月光")
        #expect(lines[map + 2] == " 床 ██")
        #expect(lines[map + 3] == " 前   ██")
        #expect(lines[map + 6] == "▸光         ██", "the odds are for the last position, marked")
        #expect(lines.contains { $0.hasPrefix("下一个词元，接在 «床前明月光»") })
    }

    @Test func modelsWithoutAttentionSaySoAndSmallPanesKeepTheSamples() {
        let lines = LMDetailView.lines(Self.input(Self.detail("to be or", attention: false)), width: 60, height: 30).map { $0.plainText.trailingSpacesRemoved }
        #expect(lines.last == "no attention in this model: it reads a fixed few tokens before (the Transformer has it)")
        let small = LMDetailView.lines(Self.input(Self.detail("to be or")), width: 60, height: 3).map { $0.plainText.trailingSpacesRemoved }
        #expect(small.count == 3 && small[1] == "120 to be" && small[2].hasPrefix("next: b "))
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// The lab's run and `lectern train lm`'s are the same run: same seed, same losses, step for step.
@Suite struct LMJobMatchesHeadlessTests {
    @Test func theLabTrainsExactlyAsTheTrainerDoesHeadless() throws {
        try LMJobTests.withCorpus { path in
            let settings = try LMJobTests.settings(path, [("steps", "120")])
            let engine = LabEngine(resources: LabJobFixture.assetResources())
            defer { engine.shutdown() }
            let follow = LabFollower(engine, .lm)
            engine.perform(.lm, .start(settings, paused: false, speed: nil))
            let end = try #require(follow.waitUntilOver(120))
            // Headless, as TrainLMCommand builds it.
            let setup = settings.lmSetup
            let resources = LabJobFixture.assetResources()
            let (spec, ids, _) = try resources.tokenized(settings["corpus"], setup: setup)
            let batches = try setup.batches(ids, corpus: settings["corpus"])
            let model = try setup.model(vocabularySize: spec.tokenizer.vocabularySize, seed: UInt64(settings["seed"]) ?? 1)
            func run<M: LanguageModel>(_ model: M) -> [Double] {
                var trainer = LMTrainer(model: model, batches: batches, settings: settings.lmTraining)
                var losses: [Double] = []
                for _ in 0..<120 {
                    losses.append(trainer.trainStep().loss)
                    if trainer.step % LMJob.validationEvery == 0 { _ = trainer.validationLoss() }
                }
                return losses
            }
            let losses = run(model)
            #expect(end.curve.values == losses, "first difference at step \(Array(zip(end.curve.values, losses)).firstIndex { $0.0 != $0.1 } ?? -1)")
        }
    }
}
