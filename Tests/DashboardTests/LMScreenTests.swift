import LabKit
import LessonKit
import MLCore
import Testing
import TerminalUI
@testable import Dashboard

// The language-model lab on screen, as text grids from fixed snapshots (samples, odds bars, attention, in
// English and Chinese, at 80×24 and 120×40), and every one of its keys through the reducer.

extension LabScreenTests {
    @Suite struct LMScreenTests: LabScreenTesting {
        /// The pane's rows from the health line to the bottom border, inside the borders, trailing spaces cut;
        /// `from` drops the columns left of the health line (the chart beside it in a wide pane).
        func extras(_ s: AppState) -> [String] {
            let rows = pane(s).map(inside)
            guard let top = rows.firstIndex(where: { $0.contains("params ·") || $0.contains("参数 ·") }) else { return [] }
            let from = rows[top].distance(from: rows[top].startIndex, to: rows[top].range(of: "transformer-2")!.lowerBound)
            return rows[top..<(rows.count - 1)].map { trimmed(String($0.dropFirst(from))) }
        }

        func shown(_ snapshot: LabSnapshot, lang: String, width: Int, height: Int, zoom: Bool) -> AppState {
            var s = running(snapshot, lang: lang, width: width, height: height)
            if zoom { _ = s.press(.char("z")) }
            return s
        }

        @Test func englishAt80x24BesideTheLessonKeepsASampleAndTheOdds() {
            let s = shown(LabFixtures.lmEnglish, lang: "en", width: 80, height: 24, zoom: false)
            #expect(extras(s) == [
                "transformer-2 · 109k params · char 36 · ‖∇‖ 0.84 · log₁₀ Δw/w -3.2…-2.7 (re…",
                "1200 But soft, what light",
                "next: B 0.39  ! 0.03  M 0.03  a 0.03  g 0.03  m 0.03",
            ])
            // The chart is still there above them: a plot row, its x axis and the axis labels.
            let rows = pane(s).map { trimmed(inside($0)) }
            #expect(rows[3].hasPrefix("3.6┤") && rows.contains { $0.hasPrefix("   └───") } && rows.contains { $0.hasSuffix("1.5k               2k") })
        }

        @Test func chineseAt80x24ZoomedPutsTheOddsBesideTheAttention() {
            let s = shown(LabFixtures.lmChinese, lang: "zh", width: 80, height: 24, zoom: true)
            #expect(extras(s) == [
                "transformer-2 · 109k 参数 · char 29 · ‖∇‖ 0.84 · log₁₀ Δw/w -3.2…-2.7（参考…",
                " 600 床前明月，疑是地",
                "1200 举头望明月，低头",
                "下一个词元，接在 «《» · T 1 · top-k …  注意力 · 第 1/2 层 · 第 1/4 头 (a A)",
                "静 ███████████▋                0.430       《静夜思》⏎",
                "《 █                           0.039   ▸《 ██",
                "低 █                           0.039    静 ██▓▓",
                "夜 █                           0.039    夜 ▒▒██▒▒",
                "明 █                           0.039    思 ▒▒▒▒██▒▒",
                "疑 █                           0.039    》 ▒▒▒▒▒▒██▒▒",
                "， █                           0.039     ⏎ ▒▒▒▒▒▒▒▒██▒",
            ])
            // Hanzi are two columns wide on screen: each map column sits under its own character.
            let b = s.screenBuffer()
            let header = find("《静夜思》⏎", in: b)!, row = find("》 ▒", in: b)!
            #expect(b[header.x + 2, header.y].symbol == "静" && b[header.x + 3, header.y].isContinuation)
            #expect(b[row.x + 3 + 6, row.y].symbol == "█" && b[row.x + 3 + 7, row.y].symbol == "█", "》 looks at 思 (two cells)")
            #expect(b[row.x + 3 + 8, row.y].symbol == "▒" && b[row.x + 3 + 10, row.y].symbol == " ", "and a little at itself, none at ⏎")
        }

        @Test func englishAt120x40ZoomedShowsEverythingBesideTheChart() {
            let s = shown(LabFixtures.lmEnglish, lang: "en", width: 120, height: 40, zoom: true)
            let lines = extras(s)
            #expect(Array(lines.prefix(20)) == [
                "transformer-2 · 109k params · char 36 · ‖∇‖ 0.84 · log₁₀ Δw/w …",
                "   5 kq?JgM;vb!x",
                " 300 Thes hat wo the",
                " 600 ROMEO: what lige bre",
                "1200 But soft, what light",
                "next token after «⏎» · T 1 · top-k all",
                "B ████████████████████▉                                  0.386",
                "! █▉                                                     0.035",
                "M █▉                                                     0.035",
                "a █▉                                                     0.035",
                "g █▉                                                     0.035",
                "m █▉                                                     0.035",
                "t █▉                                                     0.035",
                ": █▎                                                     0.023",
                "I █▎                                                     0.023",
                "R █▎                                                     0.023",
                "attention · layer 1/2 · head 1/4 (a A)",
                "    ⏎But·soft,·what·",
                " ▸⏎ █",
                "  B █▓",
            ])
            // Ten bars, then one map row per shown position, each darkest one to its left (head 1 looks back one),
            // from the prompt's ⏎ (marked: the odds are for it) down.
            #expect(lines.last == "  · ░░░░░░░░░░░░░░█░")
            #expect(lines.count == 34)
        }

        @Test func chineseAt120x40BesideTheLessonStacksOddsAndAttention() {
            let s = shown(LabFixtures.lmChinese, lang: "zh", width: 120, height: 40, zoom: false)
            #expect(extras(s) == [
                "transformer-2 · 109k 参数 · char 29 · ‖∇‖ 0.84 · log₁₀ …",
                "   5 霜思头》疑，月",
                " 600 床前明月，疑是地",
                "1200 举头望明月，低头",
                "下一个词元，接在 «《» · T 1 · top-k 全部",
                "静 ███████████████████▊                           0.430",
                "《 █▊                                             0.039",
                "低 █▊                                             0.039",
                "夜 █▊                                             0.039",
                "明 █▊                                             0.039",
                "疑 █▊                                             0.039",
                "， █▊                                             0.039",
                "注意力 · 第 1/2 层 · 第 1/4 头 (a A)",
                "    《静夜思》⏎",
                "▸《 ██",
                " 静 ██▓▓",
                " 夜 ▒▒██▒▒",
                " 思 ▒▒▒▒██▒▒",
                " 》 ▒▒▒▒▒▒██▒▒",
                "  ⏎ ▒▒▒▒▒▒▒▒██▒",
            ])
        }

        @Test func theBigramSaysItHasNoAttention() {
            let s = shown(LabFixtures.lmBigram, lang: "en", width: 120, height: 40, zoom: false)
            let lines = pane(s).map { trimmed(inside($0)) }
            #expect(lines.contains("no attention in this model: it reads a fixed few tokens…"))
            #expect(!lines.contains { $0.hasPrefix("attention ·") })
        }
    }

    /// Every key the language-model lab adds, pressed on a dashboard showing a run.
    @Suite struct LMKeyReducerTests: LabScreenTesting {
        func lm(_ lang: String = "en") -> AppState { running(LabFixtures.lmEnglish, lang: lang, width: 120, height: 40) }

        /// The live value a key sent to the running job, if it sent one.
        func live(_ effects: [Effect]) -> [String: String] {
            var out: [String: String] = [:]
            for case .run(_, .setLive(let key, let value)) in effects { out[key] = value }
            return out
        }

        @Test func tAndTStepTheTemperatureAndTellTheJob() {
            var s = lm()
            #expect(live(s.press(.char("t"))) == ["temperature": "0.8"])
            #expect(s.labs[.lm].settings["temperature"] == "0.8")
            _ = s.press(.char("t"), .char("t"), .char("t"), .char("t"), .char("t"))
            #expect(s.labs[.lm].settings["temperature"] == "0" && s.message == "temperature 0 (greedy)")
            // Greedy: the bars are one token at 1.000, and the title says so.
            #expect(row(pane(s), "· T 0 greedy ·") != nil && row(pane(s), "1.000") != nil)
            #expect(live(s.press(.char("T"))) == ["temperature": "0.2"])
            for _ in 0..<10 { _ = s.press(.char("T")) }
            #expect(s.labs[.lm].settings["temperature"] == "2")
        }

        @Test func oAndOStepTopK() {
            var s = lm("zh")
            #expect(live(s.press(.char("o"))) == ["top-k": "50"])
            _ = s.press(.char("o"), .char("o"), .char("o"), .char("o"), .char("o"), .char("o"))
            #expect(s.labs[.lm].settings["top-k"] == "1")
            #expect(row(pane(s), "top-k 1") != nil)
            _ = s.press(.char("O"))
            #expect(s.labs[.lm].settings["top-k"] == "3" && s.message == "top-k 3")
            for _ in 0..<10 { _ = s.press(.char("O")) }
            #expect(s.labs[.lm].settings["top-k"] == "0" && s.message == "top-k 全部")
        }

        @Test func parensMoveTheOddsPositionWithinTheContext() {
            // The odds start at the prompt's end (the fixture's prompt is its first token, ⏎): nothing earlier.
            var s = lm()
            #expect(s.press(.char("(")).isEmpty)
            #expect(s.labs[.lm].ui.lm?.offset == 0 && row(pane(s), "next token after «⏎» ·") != nil)
            _ = s.press(.char(")"))
            #expect(s.labs[.lm].ui.lm?.offset == 1)
            // The title and the map's marked row follow.
            #expect(row(pane(s), "next token after «⏎B» ·") != nil && row(pane(s), "▸B ") != nil)
            let n = LabFixtures.lmEnglish.lm!.context.count
            for _ in 0..<(n + 5) { _ = s.press(.char(")")) }
            #expect(s.labs[.lm].ui.lm?.offset == n - 1 && row(pane(s), "next token after «·light» ·") != nil)
            _ = s.press(.char("("))
            #expect(row(pane(s), "next token after «t·ligh» ·") != nil && row(pane(s), "▸h ") != nil)
        }

        @Test func aAndACycleHeadsAndLayers() {
            var s = lm()
            _ = s.press(.char("a"))
            #expect(s.labs[.lm].ui.lm?.head == 1 && row(pane(s), "attention · layer 1/2 · head 2/4") != nil)
            _ = s.press(.char("a"), .char("a"), .char("a"))
            #expect(s.labs[.lm].ui.lm?.layer == 1 && s.labs[.lm].ui.lm?.head == 0 && s.message == "attention: layer 2, head 1")
            _ = s.press(.char("A"))
            #expect(s.labs[.lm].ui.lm?.layer == 0)
            // The bigram has no heads: the key says so and nothing moves.
            var b = running(LabFixtures.lmBigram, width: 120, height: 40)
            _ = b.press(.char("a"))
            #expect(b.labs[.lm].ui.lm?.head == 0 && b.message == "this model has no attention (only the Transformer has)")
        }

        @Test func pEditsThePromptInAnyLanguageAndRefusesUnknownCharacters() {
            var s = lm()
            _ = s.press(.char("p"))
            guard case .prompt = s.mode else { Issue.record("p opens the prompt"); return }
            // The field holds the current prompt; clear it and type another.
            for _ in 0..<5 { _ = s.press(.backspace) }
            _ = s.typeText("But")
            #expect(live(s.press(.enter)) == ["prompt": "But"])
            #expect(s.labs[.lm].settings["prompt"] == "But")
            // 春 is not in the English model's vocabulary: refused with the reason, the old prompt kept.
            _ = s.press(.char("p"))
            _ = s.typeText("春")
            _ = s.press(.enter)
            #expect(s.labs[.lm].settings["prompt"] == "But")
            #expect(s.message?.contains("春") == true)
            // A Chinese model takes a Chinese prompt.
            var z = running(LabFixtures.lmChinese, lang: "zh", width: 120, height: 40)
            _ = z.press(.char("p"))
            for _ in 0..<5 { _ = z.press(.backspace) }
            _ = z.typeText("床前")
            #expect(live(z.press(.enter)) == ["prompt": "床前"])
        }

        @Test func aFinishedLanguageModelStillTakesLiveSettingsOtherLabsDoNot() {
            var s = lm()
            var done = LabFixtures.lmEnglish
            done.phase = .finished
            s.deliver(done)
            #expect(live(s.press(.char("t"))) == ["temperature": "0.8"], "the finished model resamples at the new temperature")
            var m = running(LabFixtures.mlpRunning(), width: 120, height: 40)
            var over = LabFixtures.mlpRunning()
            over.phase = .finished
            m.deliver(over)
            #expect(live(m.press(.char("+"))).isEmpty, "a finished MLP run takes no live learning rate")
        }

        @Test func everyNewKeyHasAHelpRow() {
            let labels = KeyTable.bindings.map(\.label.en)
            for label in ["p", "t T  o O", "( )  a A"] { #expect(labels.contains(label), "\(label) in ?") }
            // And each of the nine keys is bound.
            let bound = Set(KeyTable.bindings.flatMap(\.keys))
            for ch in "ptToO()aA" { #expect(bound.contains(.char(ch)), "\(ch)") }
        }
    }
}
