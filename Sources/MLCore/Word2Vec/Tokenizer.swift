import Foundation

/// Splits a line of text into the lower-cased words Word2Vec trains on.
///
/// Rules:
/// - A token is a run of word characters: letters, combining marks and digits in any script (Unicode general
///   categories L*, M*, N*), so accented Latin, Greek, Cyrillic, … survive. Everything else (spaces,
///   punctuation, symbols, `_`, `-`) separates tokens: "well-known" → "well", "known"; "3.14" → "3", "14".
/// - An apostrophe (' or ’) belongs to a word only when it sits between two word characters: "don't" and
///   "o'er" stay one token, "'tis" → "tis", "dogs'" → "dogs", "rock''n" → "rock", "n". ’ is written as ', so
///   "don’t" and "don't" are the same token.
/// - Tokens are lower-cased (full Unicode mapping) and in Unicode NFC, so canonically equivalent spellings
///   (é as one scalar or as e + U+0301) give byte-identical tokens.
/// - CJK (Han ideographs, hiragana, katakana, Hangul) is written without spaces between words, and there is no
///   dictionary here to find the words, so by default a run of touching CJK characters becomes one token per
///   character: "神经网络" → 神, 经, 网, 络. A line is taken as already segmented (its CJK runs stay whole, as
///   any other word) when it anywhere has whitespace between two CJK characters: "神经 网络" → 神经, 网络. The
///   border between a CJK character and a non-CJK word character always separates: "用Python写" → 用,
///   python, 写. The decision is per line (one sentence), not per file.
///
/// Pure-ASCII lines (the shipped corpora are all ASCII) take a byte-level path that never decodes Unicode;
/// it follows the same rules.
public enum Tokenizer {
    /// The tokens of `line` (see the rules on `Tokenizer`).
    public static func tokens(_ line: String) -> [String] {
        tokens(line[...])
    }

    /// The tokens of `line` (see the rules on `Tokenizer`).
    public static func tokens(_ line: Substring) -> [String] {
        let fast = line.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            isASCII(bytes) ? asciiTokens(bytes) : nil
        }
        if let fast, let result = fast { return result }
        return unicodeTokens(String(line))
    }

    // MARK: - ASCII bytes

    /// Whether every byte is below 0x80; eight bytes at a time.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= n {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            acc |= UInt64(base[i])
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// The lower-cased byte when `b` is an ASCII letter or digit, otherwise 0.
    @inline(__always)
    static func asciiWordByte(_ b: UInt8) -> UInt8 {
        let lower = b | 0x20
        if lower &- 0x61 < 26 { return lower }
        if b &- 0x30 < 10 { return b }
        return 0
    }

    /// Calls `body` with each token of the ASCII `line`, lower-cased into `scratch` (which must hold at least
    /// `line.count` bytes). The buffer passed to `body` is only valid during the call.
    @inline(__always)
    static func forEachASCIIToken(
        _ line: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        guard let p = line.baseAddress else { return }
        let n = line.count
        var i = 0
        while i < n {
            // Skip separators (and apostrophes that do not follow a word character).
            while i < n && asciiWordByte(p[i]) == 0 { i += 1 }
            if i == n { break }
            var length = 0
            while i < n {
                let w = asciiWordByte(p[i])
                if w != 0 {
                    scratch[length] = w
                    length += 1
                    i += 1
                } else if p[i] == 0x27 && i + 1 < n && asciiWordByte(p[i + 1]) != 0 {
                    // Inside a word: the previous byte was a word character (we are in a run).
                    scratch[length] = 0x27
                    length += 1
                    i += 1
                } else {
                    break
                }
            }
            body(UnsafeBufferPointer(start: scratch, count: length))
        }
    }

    static func asciiTokens(_ line: UnsafeBufferPointer<UInt8>) -> [String] {
        var result: [String] = []
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(line.count, 1)) { scratch in
            forEachASCIIToken(line, scratch: scratch.baseAddress!) { token in
                result.append(String(decoding: token, as: UTF8.self))
            }
        }
        return result
    }

    // MARK: - Unicode

    enum ScalarClass: UInt8 {
        case separator, space, word, cjk, apostrophe
    }

    /// Han ideographs (with 々 〇 〆 and the Suzhou numerals), hiragana, katakana and Hangul (syllables and
    /// jamo). Only word characters in these blocks count as CJK: ・ and ゛ stay separators.
    @inline(__always)
    static func isCJKBlock(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100 ... 0x11FF,  // Hangul Jamo
             0x3005 ... 0x3007, 0x3021 ... 0x3029, 0x3038 ... 0x303B,  // 々 〆 〇, Suzhou numerals, 〸 …
             0x3040 ... 0x309F,  // Hiragana
             0x30A0 ... 0x30FF,  // Katakana
             0x3130 ... 0x318F,  // Hangul Compatibility Jamo
             0x31F0 ... 0x31FF,  // Katakana Phonetic Extensions
             0x3400 ... 0x4DBF,  // CJK Extension A
             0x4E00 ... 0x9FFF,  // CJK Unified Ideographs
             0xA960 ... 0xA97F,  // Hangul Jamo Extended-A
             0xAC00 ... 0xD7FF,  // Hangul Syllables, Jamo Extended-B
             0xF900 ... 0xFAFF,  // CJK Compatibility Ideographs
             0xFF66 ... 0xFFDC,  // half-width katakana and Hangul
             0x1B000 ... 0x1B16F,  // kana supplement / extended
             0x20000 ... 0x3FFFF:  // CJK Extensions B–H, compatibility supplement
            return true
        default:
            return false
        }
    }

    static func classify(_ s: Unicode.Scalar) -> ScalarClass {
        let v = s.value
        if v < 0x80 {
            if asciiWordByte(UInt8(v)) != 0 { return .word }
            if v == 0x27 { return .apostrophe }
            if v == 0x20 || (v >= 0x09 && v <= 0x0D) { return .space }
            return .separator
        }
        if v == 0x2019 { return .apostrophe }
        let isWord: Bool
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            isWord = true
        default:
            isWord = false
        }
        if isWord { return isCJKBlock(v) ? .cjk : .word }
        return s.properties.isWhitespace ? .space : .separator
    }

    /// NFC form of `s`. Text whose scalars are all below U+0300 (ASCII, Latin-1, Latin Extended-A/B, IPA) is
    /// NFC already: nothing there decomposes, and there is no combining mark to compose.
    static func nfc(_ s: String) -> String {
        if s.unicodeScalars.allSatisfy({ $0.value < 0x300 }) { return s }
        return s.precomposedStringWithCanonicalMapping
    }

    /// The general path: lower-case and NFC the line, classify its scalars, cut the tokens.
    static func unicodeTokens(_ line: String) -> [String] {
        var normalized = nfc(line.lowercased())
        normalized.makeContiguousUTF8()
        // Scalars, their classes and the UTF-8 offset where each starts (offsets[n] = end).
        var classes: [ScalarClass] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in normalized.unicodeScalars {
            classes.append(classify(scalar))
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        let n = classes.count

        // Pre-segmented: some CJK character, then whitespace only, then another CJK character.
        var preSegmented = false
        var lastNonSpaceWasCJK = false
        var sawSpaceSinceCJK = false
        for c in classes {
            switch c {
            case .space:
                if lastNonSpaceWasCJK { sawSpaceSinceCJK = true }
            case .cjk:
                if lastNonSpaceWasCJK && sawSpaceSinceCJK { preSegmented = true }
                lastNonSpaceWasCJK = true
                sawSpaceSinceCJK = false
            default:
                lastNonSpaceWasCJK = false
                sawSpaceSinceCJK = false
            }
            if preSegmented { break }
        }

        // A token is a contiguous piece of the NFC line, hence NFC itself: cutting can only drop a starter that
        // a mark could have composed with (then the mark stays as it was), never create a new composition; and
        // ’ → ' composes with nothing.
        var result: [String] = []
        normalized.withUTF8 { bytes in
            func emit(_ range: Range<Int>) {
                var hasTypographicApostrophe = false
                for k in range where classes[k] == .apostrophe && bytes[offsets[k]] != 0x27 {
                    hasTypographicApostrophe = true
                }
                let piece = UnsafeBufferPointer(rebasing: bytes[offsets[range.lowerBound] ..< offsets[range.upperBound]])
                if !hasTypographicApostrophe {
                    result.append(String(decoding: piece, as: UTF8.self))
                } else {
                    // ’ is E2 80 99 in UTF-8; write it as '.
                    var out: [UInt8] = []
                    out.reserveCapacity(piece.count)
                    var j = 0
                    while j < piece.count {
                        if j + 2 < piece.count && piece[j] == 0xE2 && piece[j + 1] == 0x80 && piece[j + 2] == 0x99 {
                            out.append(0x27)
                            j += 3
                        } else {
                            out.append(piece[j])
                            j += 1
                        }
                    }
                    result.append(String(decoding: out, as: UTF8.self))
                }
            }

            var i = 0
            while i < n {
                switch classes[i] {
                case .word:
                    let start = i
                    i += 1
                    while i < n {
                        if classes[i] == .word {
                            i += 1
                        } else if classes[i] == .apostrophe && i + 1 < n && classes[i + 1] == .word {
                            i += 1
                        } else {
                            break
                        }
                    }
                    emit(start ..< i)
                case .cjk:
                    let start = i
                    i += 1
                    if preSegmented {
                        while i < n && classes[i] == .cjk { i += 1 }
                    }
                    emit(start ..< i)
                default:
                    i += 1
                }
            }
        }
        return result
    }
}
