import Foundation

/// Turning logits into the next token: temperature (0 is greedy), top-k, then top-p (nucleus).
public enum LMSampling {
    /// The distribution sampling draws from: softmax(logits / T), only the k most likely kept (k 0: all), then
    /// only the smallest set of them whose probability reaches p (p 1: all), renormalised. T 0 puts all the
    /// weight on the most likely token (the first, on a tie).
    public static func distribution(_ logits: [Float], temperature: Float, topK: Int = 0, topP: Float = 1) -> [Float] {
        var p = logits.withUnsafeBufferPointer { SoftmaxCrossEntropy.probabilities($0, temperature: temperature) }
        guard temperature > 0 else { return p }
        let order = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
        var keep = topK > 0 ? min(topK, p.count) : p.count
        if topP < 1 {
            var mass: Float = 0
            for (rank, i) in order.prefix(keep).enumerated() {
                mass += p[i]
                if mass >= topP { keep = rank + 1; break }
            }
        }
        for i in order.dropFirst(keep) { p[i] = 0 }
        let sum = p.reduce(0, +)
        for i in p.indices { p[i] /= sum }
        return p
    }

    /// A token drawn from `p` with one uniform draw.
    public static func draw(_ p: [Float], rng: inout SplitMix64) -> Int32 {
        let u = Double(rng.nextUnitFloat())
        var cumulative = 0.0
        var last = 0
        for (i, q) in p.enumerated() where q > 0 {
            cumulative += Double(q)
            last = i
            if u < cumulative { return Int32(i) }
        }
        return Int32(last)
    }
}

extension LanguageModel {
    /// The next token's probabilities after `context` at `temperature`.
    public mutating func nextTokenProbabilities(_ context: [Int32], temperature: Float = 1, topK: Int = 0, topP: Float = 1) -> [Float] {
        LMSampling.distribution(nextTokenLogits(context), temperature: temperature, topK: topK, topP: topP)
    }

    /// Writes `count` tokens after `prompt` (non-empty), one at a time: `onToken` sees each as it comes and may
    /// stop the run by returning false. Returns the tokens written. The same seed gives the same text.
    @discardableResult
    public mutating func sample(prompt: [Int32], count: Int, temperature: Float, topK: Int = 0, topP: Float = 1,
                                seed: UInt64, onToken: (Int32) -> Bool = { _ in true }) -> [Int32] {
        precondition(!prompt.isEmpty, "a prompt of at least one token")
        var rng = SplitMix64(seed: seed)
        var context = Array(prompt.suffix(contextLength)), written: [Int32] = []
        for _ in 0..<count {
            let p = nextTokenProbabilities(context, temperature: temperature, topK: topK, topP: topP)
            let token = LMSampling.draw(p, rng: &rng)
            written.append(token)
            context.append(token)
            if context.count > contextLength { context.removeFirst(context.count - contextLength) }
            if !onToken(token) { break }
        }
        return written
    }
}
