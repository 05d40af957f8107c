import Foundation

/// Finds Lectern's `Lessons/` and `assets/` folders the same way everywhere.
///
/// Order: an explicit option, the environment variable, the current directory and its parents,
/// the executable's directory and its parents, then `<prefix>/share/lectern` next to an installed binary.
public struct ResourceLocator: Sendable {
    public struct NotFound: Error, CustomStringConvertible {
        public var folder: String
        public var searched: [String]
        public var description: String {
            "cannot find the '\(folder)' folder. Looked in:\n" + searched.map { "  \($0)" }.joined(separator: "\n")
                + "\nPass --\(folder == "Lessons" ? "lessons" : "assets") DIR or set LECTERN_\(folder.uppercased())."
        }
    }

    public var currentDirectory: String
    public var executablePath: String
    public var environment: [String: String]

    public init(currentDirectory: String = FileManager.default.currentDirectoryPath,
                executablePath: String = ResourceLocator.runningExecutable(),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.currentDirectory = currentDirectory
        self.executablePath = executablePath
        self.environment = environment
    }

    /// The path of the running binary: `/proc/self/exe` on Linux (argv[0] is just "lectern" when it was
    /// found through PATH), otherwise argv[0] resolved through PATH.
    public static func runningExecutable() -> String {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return exe }
        if let path = Bundle.main.executablePath { return path }
        let arg0 = CommandLine.arguments.first ?? ""
        guard !arg0.contains("/") else { return arg0 }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = (String(dir) as NSString).appendingPathComponent(arg0)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return arg0
    }

    public func lessons(explicit: String?) throws(NotFound) -> String {
        try find("Lessons", explicit: explicit, variable: "LECTERN_LESSONS")
    }

    public func assets(explicit: String?) throws(NotFound) -> String {
        try find("assets", explicit: explicit, variable: "LECTERN_ASSETS")
    }

    /// The places searched for `folder`, in order.
    public func candidates(_ folder: String, explicit: String?, variable: String) -> [String] {
        var out: [String] = []
        if let explicit { return [absolute(explicit)] }
        if let v = environment[variable], !v.isEmpty { return [absolute(v)] }
        out += ancestors(of: currentDirectory).map { ($0 as NSString).appendingPathComponent(folder) }
        let exe = URL(fileURLWithPath: absolute(executablePath)).resolvingSymlinksInPath().deletingLastPathComponent().path
        out += ancestors(of: exe).map { ($0 as NSString).appendingPathComponent(folder) }
        let prefix = (exe as NSString).deletingLastPathComponent
        out.append(((prefix as NSString).appendingPathComponent("share/lectern") as NSString).appendingPathComponent(folder))
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    private func find(_ folder: String, explicit: String?, variable: String) throws(NotFound) -> String {
        let places = candidates(folder, explicit: explicit, variable: variable)
        var isDir: ObjCBool = false
        for p in places where FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && isDir.boolValue {
            return p
        }
        throw NotFound(folder: folder, searched: places)
    }

    private func absolute(_ p: String) -> String {
        let expanded = (p as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : (currentDirectory as NSString).appendingPathComponent(expanded)
    }

    private func ancestors(of dir: String) -> [String] {
        var out: [String] = []
        var cur = (dir as NSString).standardizingPath
        while true {
            out.append(cur)
            let parent = (cur as NSString).deletingLastPathComponent
            if parent == cur || parent.isEmpty { break }
            cur = parent
        }
        return out
    }
}
