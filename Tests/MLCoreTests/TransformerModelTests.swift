import Foundation
import Testing
@testable import MLCore

@Suite struct TransformerModelTests {
    /// The model's mean loss in Doubles, written from the GPT-2 description (not from the model's code): it
    /// reads the parameters through the layout's names only.
    static func loss(_ w: [Double], _ config: TransformerConfig, _ x: [Int32], _ y: [Int32], length t: Int) -> Double {
        let layout = TransformerLayout(config)
        let c = config.embedding, h = config.heads, hs = c / h, v = config.vocabularySize
        func tensor(_ name: String) -> ArraySlice<Double> { w[layout[name]!.range] }
        func layerNorm(_ row: [Double], _ prefix: String) -> [Double] {
            let g = Array(tensor(prefix + ".weight")), b = Array(tensor(prefix + ".bias"))
            let m = row.reduce(0, +) / Double(c)
            let s = 1 / (row.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(c) + 1e-5).squareRoot()
            return row.indices.map { (row[$0] - m) * s * g[$0] + b[$0] }
        }
        /// y = W x + b with W [out, in].
        func linear(_ x: [Double], _ prefix: String, out: Int) -> [Double] {
            let wt = Array(tensor(prefix + ".weight")), b = Array(tensor(prefix + ".bias"))
            return (0..<out).map { o in b[o] + x.indices.reduce(0) { $0 + wt[o * x.count + $1] * x[$1] } }
        }
        func gelu(_ u: Double) -> Double { 0.5 * u * (1 + tanh((2 / Double.pi).squareRoot() * (u + 0.044715 * u * u * u))) }
        let wte = Array(tensor("transformer.wte.weight")), wpe = Array(tensor("transformer.wpe.weight"))
        var total = 0.0
        for window in 0..<(x.count / t) {
            var stream = (0..<t).map { i in (0..<c).map { wte[Int(x[window * t + i]) * c + $0] + wpe[i * c + $0] } }
            for l in 0..<config.layers {
                let p = "transformer.h.\(l)."
                let qkv = stream.map { linear(layerNorm($0, p + "ln_1"), p + "attn.c_attn", out: 3 * c) }
                var attended = [[Double]](repeating: [Double](repeating: 0, count: c), count: t)
                for head in 0..<h {
                    for i in 0..<t {
                        let scores = (0...i).map { j in
                            (0..<hs).reduce(0) { $0 + qkv[i][head * hs + $1] * qkv[j][c + head * hs + $1] } / Double(hs).squareRoot()
                        }
                        let top = scores.max()!, e = scores.map { exp($0 - top) }, sum = e.reduce(0, +)
                        for d in 0..<hs {
                            attended[i][head * hs + d] = (0...i).reduce(0) { $0 + e[$1] / sum * qkv[$1][2 * c + head * hs + d] }
                        }
                    }
                }
                for i in 0..<t {
                    let a = linear(attended[i], p + "attn.c_proj", out: c)
                    for k in 0..<c { stream[i][k] += a[k] }
                    let hidden = linear(layerNorm(stream[i], p + "ln_2"), p + "mlp.c_fc", out: 4 * c).map(gelu)
                    let m = linear(hidden, p + "mlp.c_proj", out: c)
                    for k in 0..<c { stream[i][k] += m[k] }
                }
            }
            for i in 0..<t {
                let f = layerNorm(stream[i], "transformer.ln_f")
                let logits = (0..<v).map { tok in (0..<c).reduce(0) { $0 + f[$1] * wte[tok * c + $1] } }
                let top = logits.max()!
                total += log(logits.reduce(0) { $0 + exp($1 - top) }) + top - logits[Int(y[window * t + i])]
            }
        }
        return total / Double(x.count)
    }

    static let small = TransformerConfig(vocabularySize: 7, context: 5, layers: 2, heads: 2, embedding: 6)

    /// Random parameters big enough that every part matters (nanoGPT's 0.02 would leave attention nearly
    /// uniform and LayerNorm's gains all but invisible to the check).
    static func model(_ config: TransformerConfig, seed: UInt64) throws -> TransformerModel {
        var m = try TransformerModel(config: config, seed: seed)
        var rng = SplitMix64(seed: seed + 1)
        for i in m.parameters.indices { m.parameters[i] = (rng.nextUnitFloat() * 2 - 1) * 0.6 + (m.parameters[i] == 1 ? 1 : 0) }
        return m
    }

    @Test func everyTensorsGradientMatchesCentralDifferencesOfAFloat64Forward() throws {
        let config = Self.small
        var model = try Self.model(config, seed: 3)
        var rng = SplitMix64(seed: 11)
        // Two windows, the second shorter than the context (a prompt), so the position table is partly used.
        let length = 4
        let x = (0..<(2 * length)).map { _ in Int32(rng.below(7)) }, y = (0..<(2 * length)).map { _ in Int32(rng.below(7)) }
        let loss = model.loss(inputs: x, targets: y, context: length, backward: true)
        let w = model.parameters.map(Double.init)
        #expect(abs(loss - Self.loss(w, config, x, y, length: length)) < 1e-5)
        let step = 1e-5
        for tensor in model.layout.tensors {
            var worst = 0.0, largest = 0.0
            // Every element of the small tensors; 24 spread over the big ones.
            let picks = tensor.count <= 24 ? Array(tensor.range) : (0..<24).map { tensor.offset + $0 * tensor.count / 24 }
            for i in picks {
                var plus = w, minus = w
                plus[i] += step
                minus[i] -= step
                let numeric = (Self.loss(plus, config, x, y, length: length) - Self.loss(minus, config, x, y, length: length)) / (2 * step)
                worst = max(worst, abs(Double(model.gradients[i]) - numeric))
                largest = max(largest, abs(numeric))
            }
            #expect(worst < 1e-4, "\(tensor.name): worst |analytic − numeric| \(worst)")
            // Rows of wpe past the window's length get no gradient; all else must be felt.
            #expect(largest > 1e-3 || tensor.name == "transformer.wpe.weight", "\(tensor.name) has no gradient to check")
        }
        // wpe's last row (position 4) is beyond length 4: exactly zero.
        let wpe = model.layout["transformer.wpe.weight"]!
        #expect(model.gradients[(wpe.offset + 4 * 6)..<(wpe.offset + 5 * 6)].allSatisfy { $0 == 0 })
    }

    @Test func theLayoutIsNanoGPTsAndTheCountIsTheFormula() throws {
        let config = TransformerConfig(vocabularySize: 76, context: 64, layers: 2, heads: 4, embedding: 64)
        let layout = TransformerLayout(config)
        #expect(layout.count == config.parameterCount)
        #expect(layout.count == 109_056)  // 76·64 + 64·64 + 2·(12·64² + 13·64) + 2·64: the issue's ≈ 109 k
        #expect(layout.tensors.first?.name == "transformer.wte.weight")
        #expect(layout["transformer.h.1.attn.c_attn.weight"]?.shape == [192, 64])
        #expect(layout["transformer.h.0.mlp.c_proj.weight"]?.shape == [64, 256])
        #expect(layout.tensors.last?.name == "transformer.ln_f.bias")
        #expect(layout.tensors.count == 2 + 12 * 2 + 2)
        let model = try TransformerModel(config: config, seed: 1)
        // The decayed groups are the matrices: embeddings and the four weights of each block.
        #expect(model.groups.filter(\.decays).count == 2 + 4 * 2)
    }

    @Test func badShapesAreRefusedWithTheReason() {
        #expect(throws: LecternError("embd 50 is not divisible by heads 4: each head takes embd / heads columns (try embd 52)")) {
            try TransformerModel(config: .init(vocabularySize: 76, context: 64, layers: 2, heads: 4, embedding: 50), seed: 1)
        }
        #expect(throws: LecternError("the model would have 302,454,784 parameters, over the cap of 20,000,000: use fewer layers, a smaller embd or a shorter context")) {
            try TransformerModel(config: .init(vocabularySize: 76, context: 64, layers: 24, heads: 16, embedding: 1024), seed: 1)
        }
    }

    @Test func theFirstLossIsNearLogVAndTheSameSeedGivesTheSameBits() throws {
        let config = TransformerConfig(vocabularySize: 30, context: 16, layers: 2, heads: 4, embedding: 32)
        var rng = SplitMix64(seed: 5)
        let tokens = (0..<2000).map { _ in Int32(rng.below(30)) }
        let batches = try LMBatches(tokens: tokens, context: 16)
        func train(seed: UInt64) throws -> ([Float], Double) {
            var model = try TransformerModel(config: config, seed: seed)
            var opt = AdamW(count: model.parameterCount, groups: model.groups, learningRate: 3e-3)
            var r = SplitMix64(seed: 9), x: [Int32] = [], y: [Int32] = [], first = 0.0
            for step in 0..<5 {
                batches.trainingBatch(4, rng: &r, inputs: &x, targets: &y)
                let loss = model.loss(inputs: x, targets: y, context: 16, backward: true)
                if step == 0 { first = loss }
                model.gradients.withUnsafeBufferPointer { g in model.parameters.withUnsafeMutableBufferPointer { opt.update($0.baseAddress!, gradients: g.baseAddress!) } }
            }
            return (model.parameters, first)
        }
        let (a, first) = try train(seed: 1), (b, _) = try train(seed: 1), (c, _) = try train(seed: 2)
        #expect(abs(first - log(30)) < 0.05)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func aCopyOfTheModelHasItsOwnWorkspace() throws {
        var a = try TransformerModel(config: Self.small, seed: 1)
        _ = a.nextTokenLogits([1, 2, 3])
        var b = a
        let weightsA = a.attentionWeights([1, 2, 3, 4])
        _ = b.attentionWeights([5])  // would overwrite a's probs if they shared a workspace
        #expect(weightsA.count == 2 && weightsA[0].count == 2 && weightsA[0][0].count == 16)
        #expect(weightsA == a.attentionWeights([1, 2, 3, 4]))
        let logits = a.nextTokenLogits([6, 1, 2, 3, 4, 5, 6])  // longer than the context: the last 5 count
        #expect(logits == a.nextTokenLogits([1, 2, 3, 4, 5, 6]))
    }
}
