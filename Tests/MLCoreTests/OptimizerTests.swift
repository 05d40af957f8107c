import Testing
@testable import MLCore

@Suite struct OptimizerTests {
    @Test func adamFirstTwoStepsByHand() {
        var adam = Adam(count: 3)
        var p: [Float] = [1, -1, 0.5]
        let g1: [Float] = [0.5, -2, 0]
        p.withUnsafeMutableBufferPointer { adam.update($0.baseAddress!, gradients: g1) }
        // Step 1: m = 0.1g, v = 0.001g², lr_t = 0.001·√(1−0.999)/(1−0.9).
        let lr1 = 0.001 * (1 - 0.999).squareRoot() / (1 - 0.9)
        func expected(_ p0: Double, _ m: Double, _ v: Double, _ lr: Double) -> Double { p0 - lr * m / (v.squareRoot() + 1e-7) }
        let want1 = [expected(1, 0.05, 0.00025, lr1), expected(-1, -0.2, 0.004, lr1), 0.5]
        for i in 0..<3 { #expect(abs(Double(p[i]) - want1[i]) < 1e-7) }
        #expect(abs(Double(p[0]) - (1 - 0.001)) < 1e-6)  // Adam's first step is ≈ lr·sign(g)
        // Step 2 with another gradient.
        let g2: [Float] = [0.1, 1, 3]
        p.withUnsafeMutableBufferPointer { adam.update($0.baseAddress!, gradients: g2) }
        let lr2 = 0.001 * (1 - 0.999 * 0.999).squareRoot() / (1 - 0.9 * 0.9)
        let m2 = zip(g1, g2).map { 0.9 * 0.1 * Double($0) + 0.1 * Double($1) }
        let v2 = zip(g1, g2).map { 0.999 * 0.001 * Double($0 * $0) + 0.001 * Double($1 * $1) }
        for i in 0..<3 { #expect(abs(Double(p[i]) - expected(want1[i], m2[i], v2[i], lr2)) < 1e-6) }
        #expect(adam.step == 2)
    }

    @Test func vectorisedAdamKernelMatchesTheReference() {
        var rng = SplitMix64(seed: 3)
        let n = 1003  // not a multiple of any vector width
        let g = (0..<n).map { _ in rng.nextUnitFloat() * 2 - 1 }
        var p1 = (0..<n).map { _ in rng.nextUnitFloat() }, m1 = (0..<n).map { _ in rng.nextUnitFloat() * 0.1 }
        var v1 = (0..<n).map { _ in rng.nextUnitFloat() * 0.01 }
        var p2 = p1, m2 = m1, v2 = v1
        Adam.kernel(&p1, g, &m1, &v1, count: n, lrT: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        Adam.referenceKernel(&p2, g, &m2, &v2, count: n, lrT: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        #expect(zip(m1, m2).allSatisfy { abs($0 - $1) <= 1e-7 })
        #expect(zip(v1, v2).allSatisfy { abs($0 - $1) <= 1e-8 })
        #expect(zip(p1, p2).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    /// Minimises Σ(pᵢ − tᵢ)², whose gradient is 2(p − t).
    func minimise(_ optimizer: inout some Optimizer, steps: Int) -> Float {
        let target: [Float] = [3, -1, 0.25, 10]
        var p: [Float] = [0, 0, 0, 0]
        for _ in 0..<steps {
            let g = zip(p, target).map { 2 * ($0 - $1) }
            p.withUnsafeMutableBufferPointer { optimizer.update($0.baseAddress!, gradients: g) }
        }
        return zip(p, target).map { abs($0 - $1) }.max()!
    }

    @Test func sgdAndMomentumConvergeOnAConvexProblem() {
        var sgd = SGD(count: 4, learningRate: 0.1)
        #expect(minimise(&sgd, steps: 200) < 1e-4)
        var momentum = SGD(count: 4, learningRate: 0.05, momentum: 0.9)
        #expect(minimise(&momentum, steps: 400) < 1e-4)
        var adam = Adam(count: 4, learningRate: 0.1)
        #expect(minimise(&adam, steps: 2000) < 1e-2)
    }

    @Test func learningRateChangesApplyToTheNextStep() {
        var sgd = SGD(count: 1, learningRate: 0.1)
        var p: [Float] = [1]
        p.withUnsafeMutableBufferPointer { sgd.update($0.baseAddress!, gradients: [1]) }
        #expect(abs(p[0] - 0.9) < 1e-7)
        sgd.learningRate = 0.5
        p.withUnsafeMutableBufferPointer { sgd.update($0.baseAddress!, gradients: [1]) }
        #expect(abs(p[0] - 0.4) < 1e-7)
    }
}
