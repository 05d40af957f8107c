/// How much of a split one part takes.
public enum Constraint: Sendable, Equatable {
    case fixed(Int)
    /// A share of the space left after the fixed parts (weights add up between `fill`s).
    case fill(Int)
}

public enum Axis: Sendable { case horizontal, vertical }

extension Rect {
    /// Splits the rectangle along `axis` into parts sized by `constraints`.
    /// Fixed parts shrink from the end when there is not enough room; fills share the rest by weight.
    public func split(_ axis: Axis, _ constraints: [Constraint]) -> [Rect] {
        let total = axis == .horizontal ? width : height
        var sizes = constraints.map { c -> Int in if case .fixed(let n) = c { return max(0, n) } else { return 0 } }
        var fixedSum = sizes.reduce(0, +)
        var i = sizes.count - 1
        while fixedSum > total, i >= 0 {
            let cut = min(sizes[i], fixedSum - total)
            sizes[i] -= cut
            fixedSum -= cut
            i -= 1
        }
        let weights = constraints.map { c -> Int in if case .fill(let w) = c { return max(0, w) } else { return 0 } }
        let weightSum = weights.reduce(0, +)
        var left = total - fixedSum
        if weightSum > 0 {
            var remaining = weightSum
            for (k, w) in weights.enumerated() where w > 0 {
                let share = left * w / remaining
                sizes[k] = share
                left -= share
                remaining -= w
            }
        }
        var offset = axis == .horizontal ? x : y
        return sizes.map { size in
            defer { offset += size }
            return axis == .horizontal
                ? Rect(x: offset, y: y, width: size, height: height)
                : Rect(x: x, y: offset, width: width, height: size)
        }
    }
}
