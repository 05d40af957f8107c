import Foundation

/// Plain-Swift twins of lm_kernels.c, written for clarity (libm's exp and tanh, Double sums), that the tests
/// compare the fast kernels with on odd shapes. Arrays in, arrays out; the same layouts as the C versions.
public enum NaiveLMKernels {
    public static func embed(_ idx: [Int32], wte: [Float], wpe: [Float], context: Int, width: Int) -> [Float] {
        var x = [Float](repeating: 0, count: idx.count * width)
        for r in idx.indices {
            for c in 0..<width { x[r * width + c] = wte[Int(idx[r]) * width + c] + wpe[(r % context) * width + c] }
        }
        return x
    }

    /// (out, mean, rstd).
    public static func layerNorm(_ x: [Float], gain: [Float], bias: [Float], width: Int) -> ([Float], [Float], [Float]) {
        let rows = x.count / width
        var out = x, mean = [Float](repeating: 0, count: rows), rstd = mean
        for r in 0..<rows {
            let row = (0..<width).map { Double(x[r * width + $0]) }
            let m = row.reduce(0, +) / Double(width)
            let variance = row.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(width)
            let s = 1 / (variance + 1e-5).squareRoot()
            for c in 0..<width { out[r * width + c] = Float((row[c] - m) * s) * gain[c] + bias[c] }
            mean[r] = Float(m)
            rstd[r] = Float(s)
        }
        return (out, mean, rstd)
    }

    /// (dx, dgain, dbias) of LayerNorm, from the definition: x̂ = (x − μ)·s, dx = s·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)).
    public static func layerNormBackward(_ dout: [Float], x: [Float], gain: [Float], width: Int) -> ([Float], [Float], [Float]) {
        let rows = x.count / width
        var dx = [Float](repeating: 0, count: x.count)
        var dgain = [Double](repeating: 0, count: width), dbias = dgain
        for r in 0..<rows {
            let row = (0..<width).map { Double(x[r * width + $0]) }
            let m = row.reduce(0, +) / Double(width)
            let s = 1 / (row.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(width) + 1e-5).squareRoot()
            let xhat = row.map { ($0 - m) * s }
            let d = (0..<width).map { Double(dout[r * width + $0]) }
            let dxhat = (0..<width).map { d[$0] * Double(gain[$0]) }
            let a = dxhat.reduce(0, +) / Double(width)
            let b = zip(dxhat, xhat).map { $0 * $1 }.reduce(0, +) / Double(width)
            for c in 0..<width {
                dx[r * width + c] = Float(s * (dxhat[c] - a - xhat[c] * b))
                dgain[c] += d[c] * xhat[c]
                dbias[c] += d[c]
            }
        }
        return (dx, dgain.map(Float.init), dbias.map(Float.init))
    }

    public static func gelu(_ x: Float) -> Float {
        let u = Double(x)
        return Float(0.5 * u * (1 + tanh((2 / Double.pi).squareRoot() * (u + 0.044715 * u * u * u))))
    }

    public static func geluSlope(_ x: Float) -> Float {
        let u = Double(x), a = (2 / Double.pi).squareRoot()
        let t = tanh(a * (u + 0.044715 * u * u * u))
        return Float(0.5 * (1 + t) + 0.5 * u * (1 - t * t) * a * (1 + 3 * 0.044715 * u * u))
    }

    /// (probs, y) of causal multi-head attention over rows [q | k | v].
    public static func attention(_ qkv: [Float], batch: Int, context t: Int, width c: Int, heads: Int) -> ([Float], [Float]) {
        let hs = c / heads, scale = 1 / Double(hs).squareRoot()
        var probs = [Float](repeating: 0, count: batch * heads * t * t), y = [Float](repeating: 0, count: batch * t * c)
        func at(_ b: Int, _ i: Int, _ part: Int, _ h: Int, _ d: Int) -> Double {
            Double(qkv[(b * t + i) * 3 * c + part * c + h * hs + d])
        }
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<t {
                    let scores = (0...i).map { j in (0..<hs).map { at(b, i, 0, h, $0) * at(b, j, 1, h, $0) }.reduce(0, +) * scale }
                    let top = scores.max()!
                    let e = scores.map { exp($0 - top) }
                    let sum = e.reduce(0, +)
                    for j in 0...i { probs[((b * heads + h) * t + i) * t + j] = Float(e[j] / sum) }
                    for d in 0..<hs {
                        y[(b * t + i) * c + h * hs + d] = Float((0...i).map { e[$0] / sum * at(b, $0, 2, h, d) }.reduce(0, +))
                    }
                }
            }
        }
        return (probs, y)
    }

    /// ∂L/∂qkv of the attention, from dy and the forward's probs.
    public static func attentionBackward(_ qkv: [Float], probs: [Float], dy: [Float], batch: Int, context t: Int,
                                         width c: Int, heads: Int) -> [Float] {
        let hs = c / heads, scale = 1 / Double(hs).squareRoot()
        var d = [Double](repeating: 0, count: qkv.count)
        func index(_ b: Int, _ i: Int, _ part: Int, _ h: Int, _ k: Int) -> Int { (b * t + i) * 3 * c + part * c + h * hs + k }
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<t {
                    let p = (0...i).map { Double(probs[((b * heads + h) * t + i) * t + $0]) }
                    let g = (0..<hs).map { Double(dy[(b * t + i) * c + h * hs + $0]) }
                    let dp = (0...i).map { j in (0..<hs).map { g[$0] * Double(qkv[index(b, j, 2, h, $0)]) }.reduce(0, +) }
                    let dot = zip(p, dp).map { $0 * $1 }.reduce(0, +)
                    for j in 0...i {
                        let ds = p[j] * (dp[j] - dot) * scale
                        for k in 0..<hs {
                            d[index(b, j, 2, h, k)] += p[j] * g[k]
                            d[index(b, i, 0, h, k)] += ds * Double(qkv[index(b, j, 1, h, k)])
                            d[index(b, j, 1, h, k)] += ds * Double(qkv[index(b, i, 0, h, k)])
                        }
                    }
                }
            }
        }
        return d.map(Float.init)
    }
}
