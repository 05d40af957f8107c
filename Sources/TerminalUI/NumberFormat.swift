#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every number the screen shows, written one way: axis labels, rates, losses, accuracies, durations,
/// learning rates, similarities. Plain arithmetic, no locale, so a test sees what the student sees.
public enum NumberFormat {
    /// A short label: 0.12, 1.5, 250, 1.5k, 2.5M, 2e-3, 3e+15.
    public static func compact(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        let a = abs(v)
        if a < 1e-12 { return "0" }
        let sign = v < 0 ? "-" : ""
        if a < 0.01 || a >= 1e12 {
            var e = Int(log10(a).rounded(.down))
            var m = (a / pow(10, Double(e)) * 10).rounded() / 10
            if m >= 10 { m /= 10; e += 1 }
            return sign + trimmed(m, decimals: 1) + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        for (limit, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where a >= limit * 0.9995 {
            return sign + significantDigits(a / limit, 3) + suffix
        }
        return sign + significantDigits(a, a < 1 ? 2 : 3)
    }

    /// `x` with exactly `decimals` decimals (0.870, -12.350); too large for that, the compact form.
    public static func fixed(_ x: Double, decimals: Int = 3) -> String {
        guard x.isFinite else { return "\(x)" }
        let scale = pow(10, Double(decimals))
        // Too large for fixed decimals in an Int: the compact form (1.5e+20) instead of a trap.
        guard abs(x) * scale < 9e18 else { return compact(x) }
        let n = Int((abs(x) * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        let sign = x < 0 && n != 0 ? "-" : ""
        guard decimals > 0 else { return sign + "\(whole)" }
        let f = String(frac)
        return sign + "\(whole)." + String(repeating: "0", count: decimals - f.count) + f
    }

    /// A table value of about fixed width: 0.8700, -12.35, 1.2e+08, nan.
    public static func value(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : x < 0 ? "-inf" : "inf" }
        let a = abs(x)
        if a != 0 && (a < 1e-3 || a >= 1e6) { return compact(x) }
        return fixed(x, decimals: a >= 100 ? 1 : 4)
    }

    /// A similarity as .82 or -.15 (two decimals, no leading zero).
    public static func similarity(_ x: Float) -> String {
        let s = fixed(Double(x), decimals: 2)
        return s.hasPrefix("0.") ? String(s.dropFirst()) : s.hasPrefix("-0.") ? "-" + s.dropFirst(2) : s
    }

    /// A setting's number briefly and exactly: 0.001, 0.0005, 1.5, 2e-05.
    public static func short(_ x: Double) -> String {
        var s = "\(x)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// `x` kept to four significant digits (a learning rate halved or doubled a few times).
    public static func significant(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let scale = pow(10, Double(3 - Int(log10(abs(x)).rounded(.down))))
        return (x * scale).rounded() / scale
    }

    /// A whole number as itself, anything else with four decimals (a quiz answer shown back).
    public static func answer(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : fixed(x, decimals: 4)
    }

    /// 9s, 1:05, 1:02:03.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60):" + twoDigits(s % 60) }
        return "\(s / 3600):" + twoDigits(s / 60 % 60) + ":" + twoDigits(s % 60)
    }

    /// Two digits with a leading zero.
    public static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `a` (0.001 ≤ a < 10000) with `digits` significant digits, trailing zeros dropped.
    static func significantDigits(_ a: Double, _ digits: Int) -> String {
        let magnitude = Int(log10(a).rounded(.down))
        return trimmed(a, decimals: max(0, digits - 1 - magnitude))
    }

    /// `a` ≥ 0 with at most `decimals` decimals, trailing zeros dropped.
    static func trimmed(_ a: Double, decimals: Int) -> String {
        var f = fixed(a, decimals: decimals)
        guard f.contains(".") else { return f }
        while f.hasSuffix("0") { f.removeLast() }
        if f.hasSuffix(".") { f.removeLast() }
        return f
    }
}
