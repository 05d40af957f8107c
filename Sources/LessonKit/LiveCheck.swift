/// A quiz answered by training, not typing: "train until validation accuracy ≥ 0.95" is checked against
/// the numbers of the student's own run in a lab.
///
/// Written in a ```quiz block as `check: LAB METRIC OP VALUE` (`check: mlp val-accuracy >= 0.95`) or
/// `check: LAB diverged` (`check: gd diverged`).
public struct LiveCheck: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable { case atLeast = ">=", atMost = "<=", above = ">", below = "<" }

    public var lab: Lab
    /// One of the lab schema's `metrics`, or "diverged".
    public var metric: String
    public var comparison: Comparison
    public var value: Double

    public struct ParseError: Error, CustomStringConvertible { public var description: String }

    public init(lab: Lab, metric: String, comparison: Comparison = .atLeast, value: Double = 1) {
        self.lab = lab
        self.metric = metric
        self.comparison = comparison
        self.value = value
    }

    public init(parsing text: String, labs: LabCatalog) throws(ParseError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let usage = "check wants 'LAB METRIC OP VALUE' (e.g. 'mlp val-accuracy >= 0.95') or 'LAB diverged'"
        guard let first = parts.first, let lab = labs.lab(named: first) else {
            throw ParseError(description: "\(usage); '\(parts.first ?? "")' is not a lab (\(labs.known))")
        }
        if parts.count == 2, parts[1] == "diverged" {
            self.init(lab: lab, metric: "diverged")
            return
        }
        guard parts.count == 4 else { throw ParseError(description: usage) }
        let known = labs[lab]?.metrics ?? []
        // Metric names are written with hyphens; `val_loss` is read as `val-loss`.
        let metric = String(parts[1].map { $0 == "_" ? "-" : $0 })
        guard known.contains(metric) else {
            throw ParseError(description: "unknown metric '\(parts[1])' for lab \(lab.rawValue) (known: \((known + ["diverged"]).joined(separator: ", ")))")
        }
        guard let comparison = Comparison(rawValue: parts[2]) else {
            throw ParseError(description: "unknown comparison '\(parts[2])' (use >=, <=, > or <)")
        }
        guard let value = Double(parts[3]), value.isFinite else {
            throw ParseError(description: "check wants a number to compare with, got '\(parts[3])'")
        }
        self.init(lab: lab, metric: metric, comparison: comparison, value: value)
    }

    /// Whether `measured` passes (for "diverged", pass 1 when the run diverged, 0 otherwise).
    public func passes(_ measured: Double) -> Bool {
        guard measured.isFinite else { return false }
        switch comparison {
        case .atLeast: return measured >= value
        case .atMost: return measured <= value
        case .above: return measured > value
        case .below: return measured < value
        }
    }

    public var description: String {
        metric == "diverged" ? "\(lab.rawValue) diverged" : "\(lab.rawValue) \(metric) \(comparison.rawValue) \(value)"
    }
}
