import TerminalUI

/// How a lab pane's body is shared between the loss chart and the lab's extras.
public struct ChartAndExtras {
    public var chart: Rect
    public var extras: Rect
    public var beside: Bool

    /// Extras to the right of the chart on wide panes, below it on narrow ones (the chart keeps at least
    /// `minChart` rows and gets everything the extras do not need).
    public init(_ area: Rect, extrasHeight: Int, minChart: Int = 6) {
        if area.width >= 76 {
            let w = min(46, area.width * 2 / 5)
            beside = true
            chart = Rect(x: area.x, y: area.y, width: area.width - w - 2, height: area.height)
            extras = Rect(x: area.maxX - w, y: area.y, width: w, height: area.height)
        } else {
            beside = false
            let chartRows = max(min(minChart, area.height), area.height - extrasHeight)
            chart = Rect(x: area.x, y: area.y, width: area.width, height: chartRows)
            extras = Rect(x: area.x, y: area.y + chartRows, width: area.width, height: area.height - chartRows)
        }
    }
}
