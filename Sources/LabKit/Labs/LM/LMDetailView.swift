import LessonKit
import MLCore
import TerminalUI

/// The language-model lab's view: beside (or below) the loss chart, the health line, the last samples with
/// their steps, the next-token odds as bars, and one attention head as a heat map.
enum LMDetailView {
    static func render(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer, chart: (Rect, inout ScreenBuffer) -> Void) {
        let wide = area.width >= 100
        let chartArea: Rect, extras: Rect
        if wide {
            let w = min(72, area.width * 11 / 20)
            chartArea = Rect(x: area.x, y: area.y, width: area.width - w - 1, height: area.height)
            extras = Rect(x: area.maxX - w, y: area.y, width: w, height: area.height)
        } else {
            // A short pane (80×24 beside a lesson) keeps a small chart so a sample and the odds still fit.
            let chartRows = area.height < 12 ? min(5, area.height) : max(6, area.height * 2 / 5)
            chartArea = Rect(x: area.x, y: area.y, width: area.width, height: chartRows)
            extras = Rect(x: area.x, y: area.y + chartRows, width: area.width, height: area.height - chartRows)
        }
        chart(chartArea, &buffer)
        guard extras.width >= 20, extras.height >= 1 else { return }
        let lines = self.lines(input, width: extras.width, height: extras.height)
        var y = extras.y
        for line in lines where y < extras.maxY {
            buffer.put(line.truncated(toWidth: extras.width), x: extras.x, y: y)
            y += 1
        }
    }

    /// The extras as lines, fitted to `height` rows: health, samples, odds, attention, in that order of need.
    static func lines(_ input: LabViewInput, width: Int, height: Int) -> [Line] {
        let t = input.theme
        let zh = input.language == "zh"
        guard let d = input.snapshot?.lm else {
            return [Line(zh ? "按 s 开始：模型从乱码学到成词" : "press s: watch the model go from noise to words", t.dim)]
        }
        var out: [Line] = []
        out.append(healthLine(d, input))
        if let problem = d.promptProblem { out.append(Line((zh ? "提示词：" : "prompt: ") + problem, t.error)) }
        var room = height - out.count
        // Samples: a quarter of the rows, at least one.
        let sampleRows = min(d.samples.count, max(1, room / 4))
        let stepWidth = String(d.samples.last?.step ?? 0).count
        for s in d.samples.suffix(sampleRows) {
            let step = String(s.step)
            var line = Line(String(repeating: " ", count: max(0, stepWidth - step.count)) + step + " ", t.dim)
            line.append(Span(s.text))
            out.append(line)
        }
        room = height - out.count
        let probabilities = odds(d, input)
        // Wide enough for two columns: the odds on the left, the attention beside them (bars need no full width).
        if let a = d.attention, !a.isEmpty, !d.context.isEmpty, width >= 70, room >= 5 {
            let left = (width - 2) / 2, right = width - left - 2
            let bars = oddsBars(probabilities, d, input, width: left, rows: min(10, room - 1))
            let map = attentionMap(d, input, width: right, rows: room)
            for k in 0..<min(room, max(bars.count, map.count)) {
                var line = k < bars.count ? bars[k].truncated(toWidth: left) : Line()
                line.append(Span(String(repeating: " ", count: left + 2 - line.width)))
                if k < map.count { for span in map[k].truncated(toWidth: right).spans { line.append(span) } }
                out.append(line)
            }
            return out
        }
        if room >= 6 {
            out += oddsBars(probabilities, d, input, width: width, rows: min(10, max(3, (room - 1) / 2)))
        } else if room >= 1 {
            out.append(oddsLine(probabilities, d, input))
        }
        room = height - out.count
        if room >= 1 {
            out += attentionMap(d, input, width: width, rows: room)
        }
        return out
    }

    static func healthLine(_ d: LMDetail, _ input: LabViewInput) -> Line {
        let t = input.theme
        let zh = input.language == "zh"
        var line = Line("\(d.modelName) · \(NumberFormat.compact(Double(d.parameterCount))) \(zh ? "参数" : "params") · \(d.tokenizer?.kind ?? "") \(d.vocabularySize)", t.dim)
        if let g = d.gradientNorm {
            line.append(Span(" · ‖∇‖ \(NumberFormat.fixed(g, decimals: 2))"))
        }
        if !d.updateRatios.isEmpty {
            let values = d.updateRatios.map(\.value).filter(\.isFinite)
            if let lo = values.min(), let hi = values.max() {
                line.append(Span(" · log₁₀ Δw/w \(NumberFormat.fixed(lo, decimals: 1))…\(NumberFormat.fixed(hi, decimals: 1))"))
                if let warning = healthWarning(lo: lo, hi: hi, zh: zh) {
                    line.append(Span(" " + warning, t.error))
                } else {
                    line.append(Span(zh ? "（参考线 −3）" : " (ref −3)", t.dim))
                }
            }
        }
        return line
    }

    /// One short sentence when the update-to-weight ratios are far from makemore's ≈ −3.
    static func healthWarning(lo: Double, hi: Double, zh: Bool) -> String? {
        if hi > -0.5 { return zh ? "每步改动和权重一样大：学习率太大" : "steps as big as the weights: lower the lr" }
        if lo < -6 { return zh ? "每步几乎不动：学习率太小" : "weights barely move: raise the lr" }
        return nil
    }

    /// The position whose odds are shown, and its distribution at the lab's temperature and top-k.
    static func odds(_ d: LMDetail, _ input: LabViewInput) -> (position: Int, p: [Float])? {
        guard let position = oddsPosition(d, input) else { return nil }
        let temperature = Float(input.settings.double("temperature") ?? 1)
        let k = input.settings.int("top-k") ?? 0
        return (position, LMSampling.distribution(d.logits[position], temperature: temperature, topK: k))
    }

    /// The context position whose next-token odds are shown (the prompt's end, moved by `( )`), if there are odds.
    static func oddsPosition(_ d: LMDetail, _ input: LabViewInput) -> Int? {
        guard !d.logits.isEmpty else { return nil }
        return max(0, min(d.logits.count - 1, d.position(offset: input.ui.lm?.offset ?? 0)))
    }

    static func top(_ p: [Float], _ n: Int) -> [(id: Int, p: Float)] {
        p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }.prefix(n).filter { p[$0] > 0 }.map { ($0, p[$0]) }
    }

    static func oddsTitle(_ odds: (position: Int, p: [Float])?, _ d: LMDetail, _ input: LabViewInput) -> Line {
        let t = input.theme
        let zh = input.language == "zh"
        let temperature = input.settings["temperature"], k = input.settings.int("top-k") ?? 0
        var line = Line(zh ? "下一个词元" : "next token", t.strong)
        if let o = odds {
            let tail = d.context.prefix(o.position + 1).suffix(6).map { d.tokenDisplay[Int($0)] }.joined()
            line.append(Span((zh ? "，接在 «" : " after «") + tail + "»", t.dim))
        }
        line.append(Span(" · T \(temperature)\(temperature == "0" ? (zh ? " 贪心" : " greedy") : "") · top-k \(k == 0 ? (zh ? "全部" : "all") : String(k))", t.dim))
        return line
    }

    static func oddsBars(_ odds: (position: Int, p: [Float])?, _ d: LMDetail, _ input: LabViewInput, width: Int, rows: Int) -> [Line] {
        var out = [oddsTitle(odds, d, input)]
        guard let o = odds else { return out }
        let bars = top(o.p, rows)
        let labelWidth = min(8, (bars.map { DisplayWidth.of(d.tokenDisplay[$0.id]) }.max() ?? 1) + 1)
        let barWidth = max(4, width - labelWidth - 7)
        let full = input.ascii ? "#" : "█"
        let partial = input.ascii ? [" ", " ", " ", " ", "#", "#", "#", "#"] : [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        for b in bars {
            let label = Line(d.tokenDisplay[b.id]).truncated(toWidth: labelWidth - 1).plainText
            var line = Line(label + String(repeating: " ", count: max(1, labelWidth - DisplayWidth.of(label))), input.theme.strong)
            let eighths = Int((Double(b.p) * Double(barWidth) * 8).rounded())
            var bar = String(repeating: full, count: eighths / 8)
            if eighths % 8 > 0 { bar += partial[eighths % 8] }
            line.append(Span(bar.padding(toLength: barWidth, withPad: " ", startingAt: 0), input.theme.runCurve))
            line.append(Span(" " + NumberFormat.fixed(Double(b.p), decimals: 3)))
            out.append(line)
        }
        return out
    }

    static func oddsLine(_ odds: (position: Int, p: [Float])?, _ d: LMDetail, _ input: LabViewInput) -> Line {
        var line = Line((input.language == "zh" ? "下一个：" : "next: "), input.theme.strong)
        guard let o = odds else { return line }
        for (k, b) in top(o.p, 6).enumerated() {
            line.append(Span((k > 0 ? "  " : "") + d.tokenDisplay[b.id], input.theme.strong))
            line.append(Span(" " + NumberFormat.fixed(Double(b.p), decimals: 2), input.theme.dim))
        }
        return line
    }

    /// Shades from no weight to all of it.
    static let shades = [" ", "░", "▒", "▓", "█"], asciiShades = [" ", ".", ":", "+", "#"]

    /// A token's column in the map: its own width (a hanzi takes two), at most three.
    static func column(_ display: String) -> (text: String, width: Int) {
        let w = DisplayWidth.of(display)
        if w <= 3 { return (display, max(1, w)) }
        let cut = Line(display).truncated(toWidth: 3).plainText
        return (cut, max(1, DisplayWidth.of(cut)))
    }

    static func attentionMap(_ d: LMDetail, _ input: LabViewInput, width: Int, rows: Int) -> [Line] {
        let t = input.theme
        let zh = input.language == "zh"
        guard let attention = d.attention, !attention.isEmpty, !d.context.isEmpty else {
            return d.logits.isEmpty ? [] : [Line(zh ? "这个模型没有注意力：它只看固定的前几个词元（Transformer 才有）"
                                                : "no attention in this model: it reads a fixed few tokens before (the Transformer has it)", t.dim)]
        }
        let ui = input.ui.lm ?? LMUI()
        let layer = min(ui.layer, attention.count - 1), head = min(ui.head, attention[layer].count - 1)
        let weights = attention[layer][head], n = d.context.count
        var out = [Line((zh ? "注意力 · 第 \(layer + 1)/\(attention.count) 层 · 第 \(head + 1)/\(attention[layer].count) 头"
                           : "attention · layer \(layer + 1)/\(attention.count) · head \(head + 1)/\(attention[layer].count)") + " (a A)", t.strong)]
        guard rows >= 3 else { return out }
        let columns = d.context.map { column(d.tokenDisplay[Int($0)]) }
        let labelWidth = 4
        // Rows: a window of positions holding the one whose odds are shown (marked ▸), starting a row before
        // it when there is room below. Columns: the tokens up to the last row, as far back as the width takes,
        // so a row shows where it looked in the prompt as well as in the sample.
        let selected = oddsPosition(d, input) ?? n - 1
        let m = min(n, rows - 2)
        var r0 = max(0, min(selected - 1, n - m))
        let r1 = min(n - 1, r0 + m - 1)
        var c0 = r1 + 1, used = 0
        while c0 > 0, used + columns[c0 - 1].width <= width - labelWidth { c0 -= 1; used += columns[c0].width }
        guard c0 <= r1 else { return out }
        r0 = max(r0, c0)
        var header = Line(String(repeating: " ", count: labelWidth))
        for j in c0...r1 { header.append(Span(columns[j].text + String(repeating: " ", count: columns[j].width - DisplayWidth.of(columns[j].text)), t.dim)) }
        out.append(header)
        let levels = input.ascii ? asciiShades : shades
        for i in r0...r1 {
            let label = columns[i].text
            let pad = String(repeating: " ", count: max(0, labelWidth - 1 - DisplayWidth.of(label)))
            var line = Line(i == selected && !pad.isEmpty ? String(pad.dropLast()) + (input.ascii ? ">" : "▸") : pad, t.dim)
            line.append(Span(label + " ", i == selected ? t.strong : t.dim))
            var cells = ""
            for j in c0...r1 {
                let w = j <= i ? Double(weights[i * n + j]) : 0
                let level = w <= 0.02 ? 0 : min(4, Int((w.squareRoot() * 4).rounded(.up)))
                cells += String(repeating: levels[level], count: columns[j].width)
            }
            line.append(Span(cells, t.runCurve))
            out.append(line)
        }
        return out
    }
}
