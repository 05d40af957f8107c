/// A run of text drawn in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// A line of styled text: what widgets draw and what the wrapper produces.
public struct Line: Sendable, Hashable {
    public var spans: [Span]

    public init(_ spans: [Span] = []) { self.spans = spans }
    public init(_ text: String, _ style: Style = .plain) { self.spans = [Span(text, style)] }

    /// The characters of the line without styles.
    public var plainText: String { spans.map(\.text).joined() }

    /// Columns the line takes on screen.
    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    public mutating func append(_ span: Span) {
        guard !span.text.isEmpty else { return }
        if let last = spans.last, last.style == span.style {
            spans[spans.count - 1].text += span.text
        } else {
            spans.append(span)
        }
    }
}

extension Line {
    /// The line cut to `width` columns, ending in "…" when something was cut.
    public func truncated(toWidth width: Int) -> Line {
        guard width > 0 else { return Line() }
        guard self.width > width else { return self }
        var out = Line()
        var used = 0
        for span in spans {
            var text = ""
            for ch in span.text {
                let w = DisplayWidth.of(ch)
                if used + w > width - 1 { break }
                text.append(ch)
                used += w
            }
            out.append(Span(text, span.style))
            if used >= width - 1 || text.count < span.text.count { break }
        }
        out.append(Span("…", spans.last?.style ?? .plain))
        return out
    }
}
