import Testing
import TerminalUI

// Kinsoku: closing marks never start a line, opening marks never end one, and impossible cases still end.

extension TextWrapTests {
    @Suite struct TextWrapKinsokuTests {
        @Test func closingPunctuationNeverStartsALine() {
            // Without the rule the third line would be "。".
            #expect(texts(wrap("一二三四五六。", 6)) == ["一二三", "四五", "六。"])
            #expect(texts(wrap("中文中文，中文", 8)) == ["中文中", "文，中文"])
            #expect(texts(wrap("他说好」。好", 6)) == ["他说", "好」。", "好"])
            #expect(texts(wrap("数据（训练集）很大", 14)) == ["数据（训练集）", "很大"])
            #expect(texts(wrap("准确率是95%", 10)) == ["准确率是", "95%"])
            // Latin closing marks after CJK.
            #expect(texts(wrap("中文中文!", 8)) == ["中文中", "文!"])
            #expect(texts(wrap("中文中文…", 8)) == ["中文中", "文…"])
            // Widths from 6: "好。”" (5 columns) and "了）。" (6) cannot be split.
            for text in ["一二三四五六。", "中文，中文，中文，中文。", "他说：“你好。”然后（走了）。"] {
                for width in 6...20 {
                    for line in wrap(text, width) {
                        if let first = line.line.plainText.first {
                            #expect(!closingMarks.contains(first), "\(text) at \(width): \(line.line.plainText)")
                        }
                        #expect(line.line.width <= width)
                    }
                }
            }
        }

        @Test func openingPunctuationNeverEndsALine() {
            #expect(texts(wrap("中文中（文）", 8)) == ["中文中", "（文）"])
            #expect(texts(wrap("中文中「文」", 8)) == ["中文中", "「文」"])
            #expect(texts(wrap("aaaa “bb”", 6)) == ["aaaa", "“bb”"])
            #expect(texts(wrap("aaaa (bb)", 6)) == ["aaaa", "(bb)"])
            for text in ["他说：“你好。”然后（走了）。", "（一）（二）（三）（四）"] {
                for width in 6...20 {
                    for line in wrap(text, width) {
                        if let last = line.line.plainText.last {
                            #expect(!openingMarks.contains(last), "\(text) at \(width): \(line.line.plainText)")
                        }
                        #expect(line.line.width <= width)
                    }
                }
            }
        }

        @Test func impossibleKinsokuStillTerminates() {
            let lines = wrap("。。。。。。", 4)
            #expect(texts(lines) == ["。。", "。。", "。。"])
            #expect(texts(wrap("（（（（（（", 4)) == ["（（", "（（", "（（"])
            #expect(texts(wrap("。", 1)) == ["。"])
        }

        @Test func hardBreakKeepsACharacterWithAClosingMark() {
            // A word with no break opportunity that ends in a closing mark.
            #expect(texts(wrap("abcdefghij.", 5)) == ["abcde", "fghi", "j."])
        }
    }
}
