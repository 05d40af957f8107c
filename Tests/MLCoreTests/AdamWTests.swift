import Foundation
import Testing
@testable import MLCore

/// AdamW, clipping and the schedule against plain Float64 versions of PyTorch's formulas.
@Suite struct AdamWTests {
    /// torch.optim.AdamW's step in Doubles, element by element.
    struct Reference {
        var m: [Double], v: [Double], t = 0
        init(count: Int) { m = Array(repeating: 0, count: count); v = m }
        mutating func step(_ p: inout [Double], _ g: [Double], lr: Double, wd: Double, decays: [Bool],
                           b1: Double = 0.9, b2: Double = 0.999, eps: Double = 1e-8) {
            t += 1
            for i in p.indices {
                if decays[i] { p[i] *= 1 - lr * wd }
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(b1, Double(t))), vHat = v[i] / (1 - pow(b2, Double(t)))
                // PyTorch puts ε after √v̂'s correction: √v / √(1−β₂ᵗ) + ε, which is √v̂ + ε.
                p[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
    }

    @Test func matchesTheReferenceOverManyStepsWithDecayOnlyWhereAsked() {
        let n = 37
        var rng = SplitMix64(seed: 11)
        var p = (0..<n).map { _ in Float(rng.nextUnitFloat() * 2 - 1) }
        var ref = p.map(Double.init)
        let groups = [AdamW.Group(0..<20, decays: true), .init(20..<n, decays: false)]
        let decays = (0..<n).map { $0 < 20 }
        var opt = AdamW(count: n, groups: groups, learningRate: 3e-3, weightDecay: 0.1)
        var reference = Reference(count: n)
        for step in 0..<50 {
            let g = (0..<n).map { i in Float(sin(Double(i * 7 + step)) * (i % 5 == 0 ? 1e-4 : 1)) }
            if step == 25 { opt.learningRate = 1e-3 }
            let lr = step >= 25 ? 1e-3 : 3e-3
            g.withUnsafeBufferPointer { gb in p.withUnsafeMutableBufferPointer { opt.update($0.baseAddress!, gradients: gb.baseAddress!) } }
            reference.step(&ref, g.map(Double.init), lr: Double(Float(lr)), wd: Double(Float(0.1)), decays: decays)
        }
        #expect(opt.step == 50)
        for i in 0..<n { #expect(abs(Double(p[i]) - ref[i]) <= 1e-5 * max(1, abs(ref[i])), "parameter \(i)") }
    }

    @Test func decayIsDecoupledFromTheGradient() {
        // With a zero gradient Adam moves nothing; the decay alone shrinks the decaying group by (1 − lr·λ).
        var p: [Float] = [2, 2]
        let g: [Float] = [0, 0]
        var opt = AdamW(count: 2, groups: [.init(0..<1, decays: true), .init(1..<2, decays: false)], learningRate: 0.5, weightDecay: 0.2)
        g.withUnsafeBufferPointer { gb in p.withUnsafeMutableBufferPointer { opt.update($0.baseAddress!, gradients: gb.baseAddress!) } }
        #expect(p == [2 * (1 - 0.5 * 0.2), 2])
    }

    @Test func clippingScalesToTheMaximumNormAndReportsTheNormBefore() {
        var g: [Float] = [3, 4]  // norm 5
        let norm = g.withUnsafeMutableBufferPointer { clipGradientNorm($0.baseAddress!, count: 2, maxNorm: 1) }
        #expect(norm == 5)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
        var small: [Float] = [0.3, 0.4]
        _ = small.withUnsafeMutableBufferPointer { clipGradientNorm($0.baseAddress!, count: 2, maxNorm: 1) }
        #expect(small == [0.3, 0.4], "under the maximum nothing changes")
    }

    @Test func scheduleWarmsUpThenFollowsACosineToItsFloor() {
        let s = LearningRateSchedule(peak: 1e-3, floor: 1e-4, warmupSteps: 10, decaySteps: 110)
        #expect(abs(s.rate(at: 0) - 1e-4) < 1e-15)       // (0+1)/10 of the peak
        #expect(abs(s.rate(at: 9) - 1e-3) < 1e-15)       // the peak at the end of the warm-up
        #expect(abs(s.rate(at: 10) - 1e-3) < 1e-15)      // cosine starts at the peak
        #expect(abs(s.rate(at: 60) - 5.5e-4) < 1e-12)    // half-way: the mean of peak and floor
        #expect(abs(s.rate(at: 110) - 1e-4) < 1e-15)
        #expect(abs(s.rate(at: 500) - 1e-4) < 1e-15)
        #expect(LearningRateSchedule(peak: 3e-3).rate(at: 1234) == 3e-3)
        var previous = Double.infinity
        for step in 10...110 { #expect(s.rate(at: step) <= previous); previous = s.rate(at: step) }
    }
}
