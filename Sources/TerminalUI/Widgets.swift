/// Something that draws itself into a rectangle of a buffer.
public protocol Widget {
    func render(into buffer: inout ScreenBuffer, area: Rect)
}

/// A bordered box with an optional title; draw the content in `inner(area)`.
public struct Box: Widget {
    public var title: Line
    public var borderStyle: Style
    public var heavy: Bool

    public init(title: Line = Line(), borderStyle: Style = .plain, heavy: Bool = false) {
        self.title = title
        self.borderStyle = borderStyle
        self.heavy = heavy
    }

    public static func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard area.width >= 2, area.height >= 2 else { return }
        let (h, v, tl, tr, bl, br) = heavy
            ? ("━", "┃", "┏", "┓", "┗", "┛") : ("─", "│", "┌", "┐", "└", "┘")
        let horizontal = String(repeating: h, count: area.width - 2)
        buffer.put(tl + horizontal + tr, x: area.x, y: area.y, style: borderStyle, maxX: area.maxX)
        buffer.put(bl + horizontal + br, x: area.x, y: area.maxY - 1, style: borderStyle, maxX: area.maxX)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.put(v, x: area.x, y: y, style: borderStyle)
            buffer.put(v, x: area.maxX - 1, y: y, style: borderStyle)
        }
        if !title.spans.isEmpty, area.width > 4 {
            var t = Line(" ", borderStyle)
            for s in title.spans { t.append(s) }
            t.append(Span(" ", borderStyle))
            buffer.put(t, x: area.x + 1, y: area.y, maxX: area.maxX - 1)
        }
    }
}

/// Pre-wrapped lines shown from `offset`, clipped to the area.
public struct Paragraph: Widget {
    public var lines: [Line]
    public var offset: Int

    public init(lines: [Line], offset: Int = 0) {
        self.lines = lines
        self.offset = offset
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        for row in 0..<area.height {
            let i = offset + row
            guard i >= 0, i < lines.count else { continue }
            buffer.put(lines[i], x: area.x, y: area.y + row, maxX: area.maxX)
        }
    }
}

/// A selectable list that keeps its selection in view.
public struct ListView: Widget {
    public var items: [Line]
    public var selected: Int?
    public var selectedStyle: Style

    public init(items: [Line], selected: Int?, selectedStyle: Style = Style(attributes: .reverse)) {
        self.items = items
        self.selected = selected
        self.selectedStyle = selectedStyle
    }

    /// The first item shown so that the selection is visible in `height` rows.
    public func firstVisible(height: Int) -> Int {
        guard let selected, height > 0, items.count > height else { return 0 }
        return min(max(0, selected - height / 2), items.count - height)
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let first = firstVisible(height: area.height)
        for row in 0..<area.height {
            let i = first + row
            guard i < items.count else { break }
            let y = area.y + row
            buffer.put(items[i], x: area.x, y: y, maxX: area.maxX)
            if i == selected {
                buffer.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), with: selectedStyle)
            }
        }
    }
}

/// A one-row bar: text on the left and on the right, background filled.
public struct StatusBar: Widget {
    public var left: Line
    public var right: Line
    public var style: Style

    public init(left: Line, right: Line = Line(), style: Style = Style(attributes: .reverse)) {
        self.left = left
        self.right = right
        self.style = style
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        buffer.fill(row, style: style)
        let rightWidth = right.width
        let rightX = max(area.x, area.maxX - rightWidth - 1)
        let leftLimit = rightWidth > 0 && rightWidth + 2 < area.width ? rightX - 1 : area.maxX
        buffer.put(Line([Span(" ")] + left.spans), x: area.x, y: area.y, maxX: leftLimit)
        if rightWidth > 0, rightWidth + 2 < area.width {
            buffer.put(right, x: rightX, y: area.y, maxX: area.maxX)
        }
        buffer.restyle(row, with: style)
    }
}

/// A box drawn over whatever is below it, cleared first.
public struct Overlay: Widget {
    public var box: Box
    public var lines: [Line]
    public var offset: Int

    public init(box: Box, lines: [Line], offset: Int = 0) {
        self.box = box
        self.lines = lines
        self.offset = offset
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect) {
        buffer.fill(area)
        box.render(into: &buffer, area: area)
        Paragraph(lines: lines, offset: offset).render(into: &buffer, area: Box.inner(area))
    }
}
