import Testing
import TerminalUI

// Where lines break: Latin words at spaces, CJK between characters, the two mixed, and hard breaks in long words.

extension TextWrapTests {
    @Suite struct TextWrapBreakingTests {
        // MARK: ASCII

        @Test func asciiWordsBreakAtSpaces() {
            let lines = wrap("The quick brown fox jumps over the lazy dog", 10)
            #expect(texts(lines) == ["The quick", "brown fox", "jumps over", "the lazy", "dog"])
            #expect(lines.map(\.sourceOffset) == [0, 10, 20, 31, 40])
            #expect(lines.allSatisfy { $0.line.width <= 10 })
        }

        @Test func fitsOnOneLine() {
            #expect(texts(wrap("hello world", 11)) == ["hello world"])
            #expect(texts(wrap("hello world", 80)) == ["hello world"])
        }

        @Test func spaceRunsInsideALineStayAndAtABreakAreDropped() {
            #expect(texts(wrap("a  b", 10)) == ["a  b"])
            let lines = wrap("aaa   bbb", 5)
            #expect(texts(lines) == ["aaa", "bbb"])
            #expect(lines.map(\.sourceOffset) == [0, 6])
            // Trailing spaces of the last line are kept while they fit.
            #expect(texts(wrap("abc   ", 10)) == ["abc   "])
            #expect(texts(wrap("abc   ", 4)) == ["abc "])
            // Leading spaces are kept when the text fits.
            #expect(texts(wrap("  indented", 20)) == ["  indented"])
        }

        // MARK: CJK

        @Test func chineseSentence() {
            let text = "神经网络是大模型的基本结构。"
            let lines = wrap(text, 10)
            #expect(texts(lines) == ["神经网络是", "大模型的基", "本结构。"])
            // From 4 columns on, "构。" fits on a line; below that a lone 。 is unavoidable.
            for width in 4...30 {
                let lines = wrap(text, width)
                for line in lines {
                    #expect(line.line.width <= width)
                    #expect(line.line.plainText.first != "。", "width \(width)")
                }
                #expect(texts(lines).joined() == text)
                checkOffsets(text, lines)
            }
        }

        @Test func wideCharacterNeverStraddlesTheEdge() {
            // 9 columns: four ideographs fit (8), the fifth moves down.
            #expect(texts(wrap("一二三四五六", 9)) == ["一二三四", "五六"])
            #expect(texts(wrap("ab中文", 3)) == ["ab", "中", "文"])
            #expect(texts(wrap("ａｂｃｄ", 5)) == ["ａｂ", "ｃｄ"])
        }

        @Test func hangulAndKanaBreakBetweenCharacters() {
            #expect(texts(wrap("ひらがなカタカナ", 6)) == ["ひらが", "なカタ", "カナ"])
            #expect(texts(wrap("한국어 텍스트", 6)) == ["한국어", "텍스트"])
            #expect(texts(wrap("한국어텍스트", 8)) == ["한국어텍", "스트"])
        }

        // MARK: Mixed

        @Test func mixedChineseAndEnglish() {
            let text = "用 Python 写 MLP 很简单"
            #expect(texts(wrap(text, 23)) == [text])
            #expect(texts(wrap(text, 22)) == ["用 Python 写 MLP 很简", "单"])
            #expect(texts(wrap(text, 10)) == ["用 Python", "写 MLP 很", "简单"])
            #expect(texts(wrap(text, 6)) == ["用", "Python", "写 MLP", "很简单"])
            #expect(texts(wrap(text, 4)) == ["用", "Pyth", "on", "写", "MLP", "很简", "单"])
            for width in 1...25 {
                let lines = wrap(text, width)
                #expect(lines.allSatisfy { $0.line.width <= max(width, 2) })
                checkOffsets(text, lines)
            }
        }

        @Test func breaksBetweenCJKAndLatinWithoutSpaces() {
            #expect(texts(wrap("用Python写MLP很简单", 8)) == ["用Python", "写MLP很", "简单"])
            #expect(texts(wrap("用Python写MLP很简单", 5)) == ["用", "Pytho", "n写", "MLP很", "简单"])
        }


        // MARK: Hard breaks

        @Test func longURLIsBrokenHardAtTheWidth() {
            let url = "https://example.com/a/very/long/path/to/some/resources/index/page.html"
            let lines = wrap("see \(url) now", 20)
            #expect(texts(lines) == [
                "see", "https://example.com/", "a/very/long/path/to/", "some/resources/index", "/page.html now",
            ])
            #expect(lines.allSatisfy { $0.line.width <= 20 })
            checkOffsets("see \(url) now", lines)
            // With nothing else on the line the URL starts at once.
            #expect(texts(wrap(url, 25)) == ["https://example.com/a/ver", "y/long/path/to/some/resou", "rces/index/page.html"])
        }
    }
}
