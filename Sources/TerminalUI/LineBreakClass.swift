// Line-breaking classes of characters, used by `TextWrap`.

/// Per-character classification bits.
struct Kind: OptionSet {
    let rawValue: UInt8
    static let space = Kind(rawValue: 1 << 0)  // U+0020 or tab: break after, dropped at a break
    static let tab = Kind(rawValue: 1 << 1)
    static let newline = Kind(rawValue: 1 << 2)
    static let cjk = Kind(rawValue: 1 << 3)  // break allowed on both sides
    static let closing = Kind(rawValue: 1 << 4)  // must not start a line
    static let opening = Kind(rawValue: 1 << 5)  // must not end a line
    static let breakAfter = Kind(rawValue: 1 << 6)  // U+200B
    static let replaced = Kind(rawValue: 1 << 7)  // a control character, shown as U+FFFD
}

/// Which characters may not start or end a line (kinsoku), by code point.
enum LineBreakClass {
    static func ascii(_ a: UInt8) -> Kind {
        switch a {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ";"),
            UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ")"), UInt8(ascii: "]"),
            UInt8(ascii: "}"), UInt8(ascii: "%"):
            return .closing
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            return .opening
        default:
            return []
        }
    }

    /// Kinsoku classes of non-ASCII punctuation.
    static func punctuation(_ v: UInt32) -> Kind {
        switch v {
        // Closing: must not start a line.
        case 0x3001, 0x3002,  // 、。
            0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B,  // 〉》」』】〕〗〙〛
            0x301E, 0x301F,  // 〞〟
            0x3005, 0x30FB,  // 々 ・
            0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F,  // ！％），．：；？
            0xFF3D, 0xFF5D, 0xFF60, 0xFF61, 0xFF63, 0xFF64,  // ］｝｠｡｣､
            0xFE10...0xFE16, 0xFE18, 0xFE19,  // vertical forms
            0xFE50...0xFE57, 0xFE5A, 0xFE5C, 0xFE5E,  // small forms
            0x2019, 0x201D,  // ’ ”
            0x2025, 0x2026, 0x22EF,  // ‥ … ⋯
            0x2030, 0x2031,  // ‰ ‱
            0x203C, 0x2047, 0x2048, 0x2049:  // ‼ ⁇ ⁈ ⁉
            return .closing
        // Opening: must not end a line.
        case 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A,  // 〈《「『【〔〖〘〚
            0x301D,  // 〝
            0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62,  // （［｛｟｢
            0xFE17, 0xFE59, 0xFE5B, 0xFE5D,
            0x2018, 0x201C,  // ‘ “
            0x00A1, 0x00BF:  // ¡ ¿
            return .opening
        default:
            return []
        }
    }
}
