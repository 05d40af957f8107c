import TerminalUI

/// Where each part of the screen goes at the current size.
public struct DashboardLayout: Sendable, Equatable {
    public static let minWidth = 40
    public static let minHeight = 12
    /// The widest a line of lesson text gets, for comfortable reading on wide terminals.
    public static let maxTextWidth = 100

    public var tooSmall: Bool
    public var titleBar: Rect
    public var statusBar: Rect
    public var list: Rect
    public var lesson: Rect
    public var lessonText: Rect
    /// The live lab pane (empty when no lab is shown).
    public var lab: Rect

    /// - Parameters:
    ///   - lab: whether a lab pane is shown. Wide screens put it beside the lesson, narrow ones below.
    ///   - zoomed: the lab pane takes the whole body.
    public init(width: Int, height: Int, focus: Focus, lab showsLab: Bool = false, zoomed: Bool = false) {
        tooSmall = width < Self.minWidth || height < Self.minHeight
        titleBar = Rect(x: 0, y: 0, width: width, height: 1)
        statusBar = Rect(x: 0, y: height - 1, width: width, height: 1)
        var body = Rect(x: 0, y: 1, width: width, height: height - 2)
        lab = Rect(x: 0, y: 0, width: 0, height: 0)
        if showsLab && zoomed {
            lab = body
            body = Rect(x: 0, y: body.y, width: 0, height: 0)
        } else if showsLab && width >= 110 {
            let side = width >= 150 ? (width - 28) / 2 : width / 2
            let parts = body.split(.horizontal, [.fill(1), .fixed(side)])
            body = parts[0]
            lab = parts[1]
        } else if showsLab {
            let labHeight = min(body.height - 5, max(12, body.height / 2))
            let parts = body.split(.vertical, [.fill(1), .fixed(labHeight)])
            body = parts[0]
            lab = parts[1]
        }
        // The list pane shows beside the lesson when there is room; on narrow screens it takes the
        // whole body while it has the focus.
        let listWidth = showsLab && width >= 110
            ? (width >= 150 ? 28 : focus == .list ? 24 : 0)
            : body.width >= 110 ? 32 : body.width >= 64 ? 22 : (focus == .list ? body.width : 0)
        let parts = body.split(.horizontal, [.fixed(min(listWidth, body.width)), .fill(1)])
        list = parts[0]
        lesson = parts[1]
        let inner = Box.inner(lesson)
        let textWidth = min(Self.maxTextWidth, max(0, inner.width - 2))
        lessonText = Rect(x: inner.x + 1 + max(0, (inner.width - 2 - textWidth) / 2), y: inner.y,
                          width: textWidth, height: inner.height)
    }
}
