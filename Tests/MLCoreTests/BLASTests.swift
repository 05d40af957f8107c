import Testing
@testable import MLCore

@Suite struct BLASTests {
    @Test(arguments: [(1, 1, 1), (3, 5, 7), (32, 64, 784), (17, 10, 64), (64, 33, 31), (2, 129, 3)])
    func sgemmMatchesTheNaiveKernel(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var rng = SplitMix64(seed: UInt64(m * 1000 + n * 10 + k))
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = (0..<(m * k)).map { _ in rng.nextUnitFloat() - 0.5 }
            let b = (0..<(k * n)).map { _ in rng.nextUnitFloat() - 0.5 }
            let c0 = (0..<(m * n)).map { _ in rng.nextUnitFloat() - 0.5 }
            let lda = transA ? m : k, ldb = transB ? k : n
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                var fast = c0, slow = c0
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        fast.withUnsafeMutableBufferPointer {
                            BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: ap.baseAddress!, lda: lda,
                                       b: bp.baseAddress!, ldb: ldb, beta: beta, c: $0.baseAddress!, ldc: n)
                        }
                        slow.withUnsafeMutableBufferPointer {
                            NaiveGemm.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: ap.baseAddress!, lda: lda,
                                            b: bp.baseAddress!, ldb: ldb, beta: beta, c: $0.baseAddress!, ldc: n)
                        }
                    }
                }
                let worst = zip(fast, slow).map { abs($0 - $1) }.max()!
                #expect(worst <= 1e-5 * Float(k), "m \(m) n \(n) k \(k) transA \(transA) transB \(transB): \(worst)")
            }
        }
    }

    @Test func kernelsMatchTheirPlainForms() {
        var rng = SplitMix64(seed: 11)
        let rows = 5, cols = 7
        let m = (0..<(rows * cols)).map { _ in rng.nextUnitFloat() - 0.5 }
        let bias = (0..<cols).map { _ in rng.nextUnitFloat() - 0.5 }
        var fused = m
        fused.withUnsafeMutableBufferPointer { Kernels.addBiasReLU($0.baseAddress!, bias: bias, rows: rows, cols: cols) }
        #expect(fused == (0..<(rows * cols)).map { max(0, m[$0] + bias[$0 % cols]) })
        var sums = [Float](repeating: 9, count: cols)
        m.withUnsafeBufferPointer { mp in sums.withUnsafeMutableBufferPointer { Kernels.columnSums(mp.baseAddress!, rows: rows, cols: cols, into: $0.baseAddress!) } }
        for c in 0..<cols {
            #expect(abs(sums[c] - (0..<rows).map { m[$0 * cols + c] }.reduce(0, +)) < 1e-6)
        }
        var grad = m
        grad.withUnsafeMutableBufferPointer { Kernels.reluBackward($0.baseAddress!, activations: fused, count: rows * cols) }
        #expect(grad == (0..<(rows * cols)).map { fused[$0] > 0 ? m[$0] : 0 })
    }

    @Test(arguments: [0, 1, 7, 8, 9, 55_050])
    func sumOfSquaresIsThePlainDoubleSum(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 3)
        let x = (0..<count).map { _ in rng.nextUnitFloat() * 4 - 2 }
        let plain = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        let fast = x.withUnsafeBufferPointer { Kernels.sumOfSquares($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: count) }
        #expect(abs(fast - plain) <= 1e-12 * max(1, plain), "\(fast) vs \(plain)")
    }
}
