import Testing
import TerminalUI

#if os(Linux)
import Glibc
#endif

@Suite struct DisplayWidthTests {
    private func w(_ v: UInt32) -> Int { DisplayWidth.of(Unicode.Scalar(v)!) }

    @Test func asciiAndControls() {
        for v in UInt32(0x20)...0x7E { #expect(w(v) == 1) }
        for v in UInt32(0)..<0x20 { #expect(w(v) == 0) }
        for v in UInt32(0x7F)...0x9F { #expect(w(v) == 0) }
        #expect(DisplayWidth.of("hello, world") == 12)
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("a\tb\u{1B}") == 2)
        #expect(DisplayWidth.of("\r\n" as Character) == 0)
    }

    @Test func latinAndSymbols() {
        #expect(w(0xA0) == 1)  // no-break space
        #expect(w(0xAD) == 1)  // soft hyphen: glibc says 1
        #expect(w(0xE9) == 1)
        #expect(w(0x3B1) == 1)  // α
        #expect(w(0x416) == 1)  // Ж
        #expect(w(0x2014) == 1)  // — (ambiguous → narrow, like glibc)
        #expect(w(0x2026) == 1)  // …
        #expect(w(0x201C) == 1)  // “
        #expect(w(0x2192) == 1)  // →
        #expect(w(0x2211) == 1)  // ∑
        #expect(w(0x2500) == 1)  // ─
        #expect(w(0x2588) == 1)  // █
        #expect(w(0x28FF) == 1)  // braille
        #expect(w(0xFFFD) == 1)
    }

    @Test func wideCharacters() {
        #expect(w(0x1100) == 2)  // Hangul choseong
        #expect(w(0x115F) == 2)
        #expect(w(0x2E80) == 2)  // CJK radical
        #expect(w(0x3000) == 2)  // ideographic space
        #expect(w(0x3001) == 2)  // 、
        #expect(w(0x3002) == 2)  // 。
        #expect(w(0x303E) == 2)
        #expect(w(0x303F) == 1)  // half fill space: neutral
        #expect(w(0x3042) == 2)  // あ
        #expect(w(0x30A2) == 2)  // ア
        #expect(w(0x3105) == 2)  // ㄅ
        #expect(w(0x4E2D) == 2)  // 中
        #expect(w(0x9FA5) == 2)
        #expect(w(0xAC00) == 2)  // 가
        #expect(w(0xD7A3) == 2)
        #expect(w(0xF900) == 2)
        #expect(w(0xFE10) == 2)
        #expect(w(0xFE30) == 2)
        #expect(w(0xFF01) == 2)  // ！
        #expect(w(0xFF0C) == 2)  // ，
        #expect(w(0xFF21) == 2)  // Ａ
        #expect(w(0xFF60) == 2)
        #expect(w(0xFF61) == 1)  // halfwidth ｡
        #expect(w(0xFF71) == 1)  // halfwidth ｱ
        #expect(w(0xFFE0) == 2)
        #expect(w(0xFFE6) == 2)
        #expect(w(0x1F300) == 2)  // 🌀
        #expect(w(0x1F600) == 2)  // 😀
        #expect(w(0x1F64F) == 2)
        #expect(w(0x1F680) == 2)  // 🚀
        #expect(w(0x1F914) == 2)  // 🤔
        #expect(w(0x1F9FF) == 2)
        #expect(w(0x20000) == 2)  // plane 2
        #expect(w(0x2A6D6) == 2)
        #expect(w(0x30000) == 2)  // plane 3
        #expect(w(0x2764) == 1)  // ❤ has a text default
        #expect(w(0x1F1E8) == 1)  // regional indicator
    }

    @Test func zeroWidth() {
        #expect(w(0x300) == 0)  // combining grave
        #expect(w(0x301) == 0)
        #expect(w(0x20DD) == 0)  // enclosing circle (Me)
        #expect(w(0x3099) == 0)  // combining kana voiced mark
        #expect(w(0x1160) == 0)  // Hangul jungseong filler (glibc)
        #expect(w(0x11A8) == 0)  // Hangul jongseong
        #expect(w(0xD7B0) == 0)
        for v in UInt32(0x200B)...0x200F { #expect(w(v) == 0) }
        for v in UInt32(0x2028)...0x202E { #expect(w(v) == 0) }
        for v in UInt32(0x2060)...0x2064 { #expect(w(v) == 0) }
        for v in UInt32(0xFE00)...0xFE0F { #expect(w(v) == 0) }
        #expect(w(0xFEFF) == 0)  // BOM
        #expect(w(0xE0100) == 0)  // variation selector supplement
    }

    @Test func characters() {
        #expect(DisplayWidth.of("e\u{301}" as Character) == 1)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("中" as Character) == 2)
        #expect(DisplayWidth.of("❤" as Character) == 1)
        #expect(DisplayWidth.of("❤\u{FE0F}" as Character) == 2)  // emoji presentation
        #expect(DisplayWidth.of("1\u{FE0F}\u{20E3}" as Character) == 2)  // keycap
        #expect(DisplayWidth.of("a\u{FE0F}" as Character) == 1)  // not an emoji: selector ignored
        #expect(DisplayWidth.of("⌚\u{FE0E}" as Character) == 2)  // wide by default stays 2
        #expect(DisplayWidth.of("👍🏽" as Character) == 2)  // modifier
        #expect(DisplayWidth.of("👨‍👩‍👧" as Character) == 2)  // ZWJ sequence: at most 2
        #expect(DisplayWidth.of("🏳️‍🌈" as Character) == 2)
        #expect(DisplayWidth.of("🇨🇳" as Character) == 2)  // flag
        #expect(DisplayWidth.of("\u{301}" as Character) == 0)  // lone mark
        #expect(DisplayWidth.of("\u{200B}" as Character) == 0)
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}" as Character) == 2)  // conjoining jamo 각
        #expect(DisplayWidth.of("神经网络是大模型的基本结构。") == 28)
        #expect(DisplayWidth.of("用 Python 写 MLP 很简单") == 23)
        #expect(DisplayWidth.of("Ｆｕｌｌ") == 8)
    }

    @Test func everyScalarIsZeroOneOrTwo() {
        var counts = [0, 0, 0]
        var outOfRange: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let width = DisplayWidth.of(s)
            if (0...2).contains(width) { counts[width] += 1 } else { outOfRange.append(v) }
        }
        #expect(outOfRange.isEmpty)
        print("DisplayWidth over all scalars: width 0: \(counts[0]), 1: \(counts[1]), 2: \(counts[2])")
    }

    #if os(Linux)
    /// Named ranges whose disagreements with glibc must be zero.
    static let strictRanges: [(String, ClosedRange<UInt32>)] = [
        ("ASCII printable", 0x20...0x7E),
        ("Latin-1 Supplement", 0xA0...0xFF),
        ("Latin Extended-A/B", 0x100...0x24F),
        ("IPA/spacing modifiers", 0x250...0x2FF),
        ("Greek and Coptic", 0x370...0x3FF),
        ("Cyrillic (+Supplement)", 0x400...0x52F),
        ("Hangul Jamo", 0x1100...0x11FF),
        ("Cyrillic Extended-C", 0x1C80...0x1C8F),
        ("Latin Extended Additional", 0x1E00...0x1EFF),
        ("Greek Extended", 0x1F00...0x1FFF),
        ("General Punctuation", 0x2000...0x206F),
        ("Arrows", 0x2190...0x21FF),
        ("Mathematical Operators", 0x2200...0x22FF),
        ("Box Drawing", 0x2500...0x257F),
        ("Block Elements", 0x2580...0x259F),
        ("Braille Patterns", 0x2800...0x28FF),
        ("Latin Extended-C", 0x2C60...0x2C7F),
        ("Cyrillic Extended-A", 0x2DE0...0x2DFF),
        ("CJK Radicals, Kangxi, IDC", 0x2E80...0x2FFF),
        ("CJK Symbols and Punctuation", 0x3000...0x303F),
        ("Hiragana", 0x3040...0x309F),
        ("Katakana", 0x30A0...0x30FF),
        ("Bopomofo", 0x3100...0x312F),
        ("Hangul Compatibility Jamo", 0x3130...0x318F),
        ("Kanbun .. Katakana Phonetic Ext", 0x3190...0x31FF),
        ("Enclosed CJK, CJK Compatibility", 0x3200...0x33FF),
        ("CJK Extension A", 0x3400...0x4DBF),
        ("CJK Unified Ideographs", 0x4E00...0x9FFF),
        ("Cyrillic Extended-B", 0xA640...0xA69F),
        ("Latin Extended-D", 0xA720...0xA7FF),
        ("Hangul Jamo Extended-A", 0xA960...0xA97F),
        ("Latin Extended-E", 0xAB30...0xAB6F),
        ("Hangul Syllables", 0xAC00...0xD7AF),
        ("Hangul Jamo Extended-B", 0xD7B0...0xD7FF),
        ("CJK Compatibility Ideographs", 0xF900...0xFAFF),
        ("Vertical Forms", 0xFE10...0xFE1F),
        ("CJK Compatibility/Small Forms", 0xFE30...0xFE6F),
        ("Halfwidth and Fullwidth Forms", 0xFF00...0xFFEF),
        ("CJK Ext B–F, plane 2 (sampled)", 0x20000...0x2FFFF),
    ]

    private struct Tally {
        var compared = 0
        var disagreements: [(UInt32, Int32, Int)] = []
        /// Assigned in Swift's Unicode (17) but not printable for glibc's (-1): version drift.
        var unknownToGlibc = 0
    }

    /// Compares every assigned scalar of the BMP, all of U+1F000–U+1FAFF and every 16th code
    /// point of plane 2 with glibc's `wcwidth` under C.UTF-8. glibc's -1 ("not printable")
    /// counts as agreeing with 0 for controls and line/paragraph separators (callers sanitise
    /// those); for any other assigned scalar it means glibc's Unicode is older than Swift's,
    /// and the scalar is counted as drift, not as a disagreement.
    @Test func agreesWithGlibcWcwidth() throws {
        typealias WcwidthFn = @convention(c) (wchar_t) -> Int32
        // Glibc's Swift overlay hides wcwidth (it sits behind _XOPEN_SOURCE), so look it up.
        let symbol = try #require(dlsym(nil, "wcwidth"), "wcwidth not found in the process")
        let wcwidth = unsafeBitCast(symbol, to: WcwidthFn.self)

        // Thread-local locale: other tests running in parallel keep theirs.
        var locale: locale_t? = nil
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where locale == nil {
            locale = newlocale(Int32(LC_CTYPE_MASK), name, nil)
        }
        let utf8 = try #require(locale, "no UTF-8 locale installed")
        let previous = uselocale(utf8)
        defer {
            uselocale(previous)
            freelocale(utf8)
        }
        try #require(wcwidth(0x4E2D) == 2, "locale is not UTF-8")

        var points: [UInt32] = Array(0...0xFFFF) + Array(0x1F000...0x1FAFF)
        points += stride(from: UInt32(0x20000), through: 0x2FFFF, by: 16)

        var strict = [Tally](repeating: Tally(), count: Self.strictRanges.count)
        var elsewhere = Tally()
        for v in points {
            guard let scalar = Unicode.Scalar(v) else { continue }  // surrogates
            let category = scalar.properties.generalCategory
            if category == .unassigned { continue }
            let glibc = wcwidth(wchar_t(v))
            let ours = DisplayWidth.of(scalar)
            let index = Self.strictRanges.firstIndex { $0.1.contains(v) }
            func record(_ t: inout Tally) {
                t.compared += 1
                if glibc >= 0 {
                    if Int(glibc) != ours { t.disagreements.append((v, glibc, ours)) }
                } else if category == .control || category == .lineSeparator || category == .paragraphSeparator {
                    if ours != 0 { t.disagreements.append((v, glibc, ours)) }
                } else {
                    t.unknownToGlibc += 1
                }
            }
            if let index { record(&strict[index]) } else { record(&elsewhere) }
        }

        func hex(_ v: UInt32) -> String { "U+" + String(v, radix: 16, uppercase: true) }
        var report = "DisplayWidth vs glibc wcwidth (C.UTF-8):\n"
        for (i, (name, range)) in Self.strictRanges.enumerated() {
            let t = strict[i]
            report += "  \(name) \(hex(range.lowerBound))–\(hex(range.upperBound)): compared \(t.compared), "
            report += "disagree \(t.disagreements.count), unknown to glibc \(t.unknownToGlibc)\n"
            #expect(
                t.disagreements.isEmpty,
                "\(name): \(t.disagreements.prefix(20).map { "\(hex($0.0)) glibc \($0.1) ours \($0.2)" })")
        }
        report += "  elsewhere: compared \(elsewhere.compared), disagree \(elsewhere.disagreements.count), "
        report += "unknown to glibc \(elsewhere.unknownToGlibc)\n"
        for d in elsewhere.disagreements.prefix(50) {
            report += "    \(hex(d.0)): glibc \(d.1), ours \(d.2)\n"
        }
        print(report)
        // The table was generated from glibc 2.36; newer glibc releases move a few scalars
        // (e.g. Unicode 16 made U+1D300–1D356 wide). Tolerate a small number elsewhere.
        #expect(elsewhere.disagreements.count <= 100)
    }
    #endif
}
