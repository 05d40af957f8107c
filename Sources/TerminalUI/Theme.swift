import TerminalUI

/// The styles the dashboard draws with. Colours are the basic eight, and each style also carries an
/// attribute so that the screen stays readable under `NO_COLOR` or on a monochrome terminal.
public struct Theme: Sendable {
    public var heading1 = Style(fg: .yellow, attributes: [.bold, .underline])
    public var heading2 = Style(fg: .cyan, attributes: .bold)
    public var heading3 = Style(attributes: .bold)
    public var emphasis = Style(attributes: .italic)
    public var strong = Style(attributes: .bold)
    public var code = Style(fg: .green)
    public var math = Style(fg: .magenta, attributes: .bold)
    public var link = Style(fg: .blue, attributes: .underline)
    public var dim = Style(attributes: .dim)
    public var quote = Style(fg: .cyan, attributes: .dim)
    public var keyword = Style(fg: .blue, attributes: .bold)
    public var string = Style(fg: .yellow)
    public var comment = Style(fg: .cyan, attributes: .dim)
    public var number = Style(fg: .magenta)
    public var builtin = Style(fg: .cyan)
    public var quizBorder = Style(fg: .yellow)
    public var tryBorder = Style(fg: .green)
    public var error = Style(fg: .red, attributes: .bold)
    public var border = Style(attributes: .dim)
    public var focusedBorder = Style(fg: .cyan, attributes: .bold)
    public var bar = Style(fg: .black, bg: .cyan)
    public var barKey = Style(fg: .black, bg: .cyan, attributes: .bold)
    public var selection = Style(attributes: .reverse)
    public var searchHit = Style(fg: .black, bg: .yellow)
    public var currentHit = Style(fg: .black, bg: .green, attributes: .bold)
    public var tableBorder = Style(attributes: .dim)
    /// The lab pane: the current run's smoothed and raw loss, validation points, earlier runs.
    public var runCurve = Style(fg: .cyan, attributes: .bold)
    public var runRaw = Style(fg: .cyan, attributes: .dim)
    public var validationPoints = Style(fg: .yellow, attributes: .bold)
    public var pastRuns = [Style(fg: .magenta), Style(fg: .blue)]
    public var divergence = Style(fg: .red, attributes: .bold)
    public var right = Style(fg: .green)
    public var wrong = Style(fg: .red, attributes: [.bold, .underline])
    public var editField = Style(attributes: [.reverse, .bold])

    public init() {}
}
