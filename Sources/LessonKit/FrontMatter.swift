/// Reads the `---` front matter at the top of a lesson file.
enum FrontMatter {
    struct Result {
        var meta: LessonMeta
        /// Index of the first line after the front matter.
        var bodyStart: Int
    }

    /// `fallbackID` and `fallbackOrder` come from the file name, used when the front matter lacks them.
    static func parse(lines: [String], path: String, fallbackID: String, fallbackOrder: [Int], labs: LabCatalog,
                      report: (Int, String) -> Void) -> Result {
        var meta = LessonMeta(id: fallbackID, title: fallbackID, order: fallbackOrder)
        guard lines.first?.trimmingSpaces == "---" else {
            report(1, "missing front matter: the file must start with '---', then id, title and order, then '---'")
            return Result(meta: meta, bodyStart: 0)
        }
        var seen: Set<String> = []
        var k = 1
        while k < lines.count, lines[k].trimmingSpaces != "---" {
            let line = lines[k].trimmingSpaces
            let n = k + 1
            k += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                report(n, "front matter: expected 'key: value', got '\(line)'")
                continue
            }
            let key = line[..<colon].trimmingSpaces.lowercased()
            var value = line[line.index(after: colon)...].trimmingSpaces
            if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]).trimmingSpaces }
            seen.insert(key)
            switch key {
            case "id":
                if isValidID(value) { meta.id = value }
                else { report(n, "front matter: id '\(value)' must be letters, digits and '-'") }
            case "title":
                if value.isEmpty { report(n, "front matter: empty title") } else { meta.title = value }
            case "order":
                if let order = parseOrder(value) { meta.order = order }
                else { report(n, "front matter: order '\(value)' must be numbers separated by dots, e.g. 3.1") }
            case "lab":
                if let lab = labs.lab(named: value) { meta.lab = lab }
                else { report(n, "unknown lab '\(value)' (known: \(labs.known))") }
            default:
                report(n, "front matter: unknown key '\(key)' (known: id, title, order, lab)")
            }
        }
        if k >= lines.count {
            report(1, "front matter is not closed: add a line '---' after it")
            return Result(meta: meta, bodyStart: lines.count)
        }
        for key in ["id", "title", "order"] where !seen.contains(key) {
            report(1, "front matter: missing '\(key):'")
        }
        return Result(meta: meta, bodyStart: k + 1)
    }

    static func isValidID(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }
    }

    static func parseOrder(_ s: String) -> [Int]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        return !parts.isEmpty && numbers.count == parts.count && numbers.allSatisfy { $0 >= 0 } ? numbers : nil
    }
}
