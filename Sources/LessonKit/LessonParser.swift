/// Parses one lesson file's text into a `Lesson`, collecting every problem instead of stopping at the first.
public enum LessonParser {
    public static func parse(_ text: String, path: String, labs: LabCatalog) -> Lesson {
        var diagnostics: [Diagnostic] = []
        let report: (Int, String) -> Void = { diagnostics.append(Diagnostic(path: path, line: $0, message: $1)) }
        // "\r\n" is one Character in Swift, so split on both endings (files saved on Windows).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { line -> String in line.hasSuffix("\r") ? String(line.dropLast()) : String(line) }
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        let (fallbackID, fallbackOrder) = fileNameParts(path)
        let front = FrontMatter.parse(lines: lines, path: path, fallbackID: fallbackID,
                                      fallbackOrder: fallbackOrder, labs: labs, report: report)
        let body = lines.indices.dropFirst(front.bodyStart).map { (text: lines[$0], number: $0 + 1) }
        let blocks = BlockParser(report: report, labs: labs).parse(body)
        diagnostics.sort { $0.line < $1.line }
        return Lesson(path: path, meta: front.meta, blocks: blocks, diagnostics: diagnostics)
    }

    /// `03-forward-pass.md` → ("forward-pass", [3]).
    static func fileNameParts(_ path: String) -> (String, [Int]) {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        if name.hasSuffix(".md") { name = name.dropLast(3) }
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        let order = Int(digits).map { [$0] } ?? [999]
        var slug = name.dropFirst(digits.count)
        if slug.first == "-" { slug = slug.dropFirst() }
        return (slug.isEmpty ? String(name) : String(slug), order)
    }
}
