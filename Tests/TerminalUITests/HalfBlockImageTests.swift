import Testing
@testable import TerminalUI

@Suite struct HalfBlockImageTests {
    @Test func twoPixelRowsPerCharacter() {
        // 4×3 image: row 0 on, row 1 off, row 2 on only in the middle, row 3 all on.
        let px: [Float] = [1, 1, 1,
                           0, 0, 0,
                           0, 1, 0,
                           1, 1, 1]
        var b = ScreenBuffer(width: 5, height: 3)
        HalfBlockImage(pixels: px, rows: 4, cols: 3).render(into: &b, area: b.area)
        #expect(b.textRows() == ["▀▀▀", "▄█▄", ""])
        #expect(HalfBlockImage(pixels: px, rows: 4, cols: 3).naturalSize == (3, 2))
    }

    @Test func oddRowCountAndThreshold() {
        let px: [Float] = [0.6, 0.4, 0.9, 0.1, 0.2, 0.7]
        var b = ScreenBuffer(width: 2, height: 2)
        HalfBlockImage(pixels: px, rows: 3, cols: 2).render(into: &b, area: b.area)
        // Rows (threshold 0.5): on/off, on/off, off/on → "█ " over " ▀" (the last cell row has no bottom half).
        #expect(b.textRows() == ["█", " ▀"])
    }

    @Test func shrinksByAveraging() {
        // An 8×8 image whose left half is on shrinks to 4 columns × 2 rows with the left two columns on.
        let px: [Float] = (0..<64).map { ($0 % 8) < 4 ? 1 : 0 }
        var b = ScreenBuffer(width: 4, height: 2)
        HalfBlockImage(pixels: px, rows: 8, cols: 8).render(into: &b, area: b.area)
        #expect(b.textRows() == ["██", "██"])
    }

    @Test func tinyAndEmptyAreasDoNotCrash() {
        let px = [Float](repeating: 1, count: 28 * 28)
        for (w, h) in [(0, 0), (1, 1), (3, 1), (28, 14), (40, 20)] {
            var b = ScreenBuffer(width: w, height: h)
            HalfBlockImage(pixels: px, rows: 28, cols: 28).render(into: &b, area: b.area)
        }
    }
}
