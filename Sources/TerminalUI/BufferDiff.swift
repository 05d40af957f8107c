/// A cell that must be redrawn at (x, y).
public struct CellChange: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

extension ScreenBuffer {
    /// The cells that differ from `previous`; every cell when the sizes differ.
    /// Continuation cells are never listed: drawing a wide character covers them.
    public func changes(since previous: ScreenBuffer?) -> [CellChange] {
        let sameSize = previous.map { $0.width == width && $0.height == height } ?? false
        var out: [CellChange] = []
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if sameSize, let previous, previous[x, y] == cell { continue }
                if cell.isContinuation {
                    // The wide character before it changed shape or this cell was narrow before:
                    // make sure the leading cell is drawn.
                    if x > 0, out.last.map({ $0.x != x - 1 || $0.y != y }) ?? true {
                        out.append(CellChange(x: x - 1, y: y, cell: self[x - 1, y]))
                    }
                    continue
                }
                out.append(CellChange(x: x, y: y, cell: cell))
            }
        }
        return out
    }
}
