#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MLCore
import Synchronization

/// Keeps a `CourseProgress` in `progress.json` so that it survives restarts, crashes and kill -9.
///
/// - Where: `$LECTERN_STATE_DIR`, else `$XDG_STATE_HOME/lectern` (when absolute), else `$HOME/.local/state/lectern`.
/// - Saving writes `progress.json.tmp-<pid>-<random>` in the same directory, fsyncs it, renames it over
///   `progress.json` and fsyncs the directory: whenever the process dies, `progress.json` is either the old
///   or the new complete file. A temp file left by a killed process is never read; the next successful save
///   removes temp files whose process is gone (or that are over an hour old), and `reset()` removes them all.
/// - Loading never loses a file: one that is not JSON, has the wrong shape or an unknown version is renamed
///   to `progress.json.corrupt-YYYYMMDD-HHMMSS` (or `.unknown-version-…`) and the notice says where; one that
///   cannot be read, or cannot be moved aside, is left alone and saving is turned off for this session.
/// - `noSave` (for `--no-save`): load reads as usual but renames nothing; save and reset write nothing.
public final class ProgressStore: Sendable {
    public static let fileName = "progress.json"
    static let tempPrefix = fileName + ".tmp-"
    static let asidePrefixes = [fileName + ".corrupt-", fileName + ".unknown-version-"]

    /// The folder that holds `progress.json`.
    public let directory: String
    /// Read but never write (`--no-save`).
    public let noSave: Bool
    private let now: @Sendable () -> Date
    /// Why saving is off for this session, once a load found a file it must not overwrite.
    private let disabled = Mutex<String?>(nil)

    /// The full path of `progress.json`.
    public var path: String { (directory as NSString).appendingPathComponent(Self.fileName) }

    /// Why `save` writes nothing, or nil when it writes.
    public var savingDisabledReason: String? {
        noSave ? "saving is off (--no-save)" : disabled.withLock { $0 }
    }

    /// A store in `directory`; `now` dates the names of moved-aside files.
    public init(directory: String, noSave: Bool = false, now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        self.noSave = noSave
        self.now = now
    }

    /// A store in the folder the environment names (see `directory(environment:)`).
    public convenience init(environment: [String: String], noSave: Bool = false) throws(ProgressStoreError) {
        guard let dir = Self.directory(environment: environment) else {
            throw ProgressStoreError(action: "find where to keep progress", path: "",
                                     reason: "none of LECTERN_STATE_DIR, XDG_STATE_HOME (absolute) or HOME is set")
        }
        self.init(directory: dir, noSave: noSave)
    }

    /// `$LECTERN_STATE_DIR`, else `$XDG_STATE_HOME/lectern` if absolute, else `$HOME/.local/state/lectern`; nil if none is set.
    public static func directory(environment env: [String: String],
                                 currentDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        if let dir = env["LECTERN_STATE_DIR"], !dir.isEmpty {
            let expanded = (dir as NSString).expandingTildeInPath
            let absolute = expanded.hasPrefix("/") ? expanded : (currentDirectory as NSString).appendingPathComponent(expanded)
            return (absolute as NSString).standardizingPath
        }
        if let xdg = env["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("lectern")
        }
        if let home = env["HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent(".local/state/lectern")
        }
        return nil
    }

    // MARK: Loading

    /// What `load()` found: the progress to start from and, when something needs saying, one line for the student.
    public struct LoadResult: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            /// No `progress.json`: a fresh start.
            case noFile
            case loaded
            /// Not JSON or the wrong shape; moved to this path (nil: left in place).
            case corrupt(movedTo: String?)
            /// A format version this code does not know; moved to this path (nil: left in place).
            case unknownVersion(Int, movedTo: String?)
            /// Could not be read (permissions, a directory, …): left alone, saving off.
            case unreadable
        }

        public var progress: CourseProgress
        public var outcome: Outcome
        public var notice: String?
    }

    /// Reads `progress.json`; never throws and never loses a file (see the type's summary).
    public func load() -> LoadResult {
        let data: Data
        switch Self.readFile(path) {
        case .missing:
            return LoadResult(progress: CourseProgress(), outcome: .noFile, notice: nil)
        case .failed(let reason):
            disable("\(path) could not be read")
            let tail = noSave ? "it was left untouched." : "it was left untouched and progress will not be saved this session."
            return LoadResult(progress: CourseProgress(), outcome: .unreadable,
                              notice: "Could not read your saved progress at \(path) (\(reason)); \(tail)")
        case .data(let d):
            data = d
        }
        let version: Int
        do {
            guard let v = try JSONDecoder().decode(VersionProbe.self, from: data).version else {
                return setAside("corrupt", problem: "has no \"version\" field", outcome: { .corrupt(movedTo: $0) })
            }
            version = v
        } catch {
            return setAside("corrupt", problem: Self.describe(error), outcome: { .corrupt(movedTo: $0) })
        }
        guard version == CourseProgress.currentVersion else {
            return setAside("unknown-version",
                            problem: "has format version \(version), which this lectern (format \(CourseProgress.currentVersion)) cannot read",
                            outcome: { .unknownVersion(version, movedTo: $0) })
        }
        do {
            return LoadResult(progress: try CourseProgress.decoded(from: data), outcome: .loaded, notice: nil)
        } catch {
            return setAside("corrupt", problem: Self.describe(error), outcome: { .corrupt(movedTo: $0) })
        }
    }

    private struct VersionProbe: Decodable { var version: Int? }

    /// Renames the unusable file to `progress.json.<kind>-<timestamp>` and says so; in noSave mode only says so.
    private func setAside(_ kind: String, problem: String, outcome: (String?) -> LoadResult.Outcome) -> LoadResult {
        if noSave {
            return LoadResult(progress: CourseProgress(), outcome: outcome(nil),
                              notice: "Your saved progress at \(path) \(problem); it was left as is (saving is off) and you start afresh.")
        }
        let target = asideName(kind)
        guard rename(path, target) == 0 else {
            let reason = Self.errnoText()
            disable("\(path) could not be moved aside")
            return LoadResult(progress: CourseProgress(), outcome: outcome(nil),
                              notice: "Your saved progress at \(path) \(problem) and could not be moved aside (\(reason)); "
                                  + "it was left untouched and progress will not be saved this session.")
        }
        FileIO.syncDirectory(directory)
        return LoadResult(progress: CourseProgress(), outcome: outcome(target),
                          notice: "Your saved progress \(problem), so it was moved to \(target) and you start afresh.")
    }

    /// `progress.json.<kind>-YYYYMMDD-HHMMSS` (local time), with `-2`, `-3`, … if that name is taken.
    private func asideName(_ kind: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = "\(path).\(kind)-\(formatter.string(from: now()))"
        var candidate = base
        var n = 1
        while access(candidate, F_OK) == 0 {
            n += 1
            candidate = "\(base)-\(n)"
        }
        return candidate
    }

    private func disable(_ reason: String) { disabled.withLock { $0 = reason } }

    /// One short phrase for why the bytes are not a `CourseProgress`, e.g. "is not valid JSON".
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "cannot be decoded (\(error))" }
        func place(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .dataCorrupted(let c) where c.codingPath.isEmpty:
            return "is not valid JSON"
        case .dataCorrupted(let c):
            return "has the wrong shape (\(place(c.codingPath)): \(c.debugDescription))"
        case .typeMismatch(let type, let c):
            return "has the wrong shape (\(place(c.codingPath)): expected \(jsonName(type)))"
        case .valueNotFound(let type, let c):
            return "has the wrong shape (\(place(c.codingPath)): null where \(jsonName(type)) was expected)"
        case .keyNotFound(let key, let c):
            return "has the wrong shape (missing \"\(place(c.codingPath + [key]))\")"
        @unknown default:
            return "has the wrong shape (\(e))"
        }
    }

    /// A Swift type as the JSON value it stands for: "an object", "a list", "a string", …
    private static func jsonName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") || name.hasPrefix("Set") { return "a list" }
        switch name {
        case "String": return "a string"
        case "Int": return "an integer"
        case "Bool": return "true or false"
        case "Double", "Float": return "a number"
        default: return name
        }
    }

    // MARK: Saving

    /// Atomically replaces `progress.json` with `progress`; returns false, writing nothing, when saving is off.
    @discardableResult
    public func save(_ progress: CourseProgress) throws(ProgressStoreError) -> Bool {
        guard savingDisabledReason == nil else { return false }
        let data: Data
        do { data = try progress.encoded() } catch {
            throw ProgressStoreError(action: "encode progress for", path: path, reason: "\(error)")
        }
        try Self.makeDirectory(directory)
        let temp = Self.tempPrefix + "\(getpid())-" + String(UInt64.random(in: 0 ... .max), radix: 16)
        do {
            try FileIO.writeAtomically([UInt8](data), to: path, temporaryName: temp, permissions: 0o600, syncDirectory: true)
        } catch {
            throw ProgressStoreError(action: "save", path: path, reason: error.message)
        }
        for stray in temporaryFiles(onlyAbandoned: true) { unlink(stray) }
        return true
    }

    /// Removes `progress.json` and every temp file; returns the paths removed. Moved-aside files are kept.
    @discardableResult
    public func reset() throws(ProgressStoreError) -> [String] {
        if noSave {
            throw ProgressStoreError(action: "remove", path: path, reason: "saving is off (--no-save), so nothing is removed")
        }
        var removed: [String] = []
        for file in [path] + temporaryFiles(onlyAbandoned: false) {
            if unlink(file) == 0 {
                removed.append(file)
            } else if errno != ENOENT {
                throw ProgressStoreError(action: "remove", path: file, reason: Self.errnoText())
            }
        }
        if !removed.isEmpty { FileIO.syncDirectory(directory) }
        disabled.withLock { $0 = nil }
        return removed
    }

    /// Files an earlier load moved aside (`progress.json.corrupt-…`, `.unknown-version-…`), oldest name first.
    public func movedAsideFiles() -> [String] {
        entries().filter { name in Self.asidePrefixes.contains { name.hasPrefix($0) } }
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Temp files of interrupted saves; `onlyAbandoned`: just those whose process is gone or that are over an hour old.
    func temporaryFiles(onlyAbandoned: Bool) -> [String] {
        entries().filter { $0.hasPrefix(Self.tempPrefix) }
            .map { (directory as NSString).appendingPathComponent($0) }
            .filter { !onlyAbandoned || Self.isAbandoned($0) }
    }

    private func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// A temp file is abandoned when the pid in its name is not a running process, or it is over an hour old.
    private static func isAbandoned(_ temp: String) -> Bool {
        let name = (temp as NSString).lastPathComponent.dropFirst(tempPrefix.count)
        guard let pid = pid_t(name.prefix { $0 != "-" }) else { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        var info = stat()
        guard stat(temp, &info) == 0 else { return false }
        #if canImport(Darwin)
        let modified = info.st_mtimespec.tv_sec
        #else
        let modified = info.st_mtim.tv_sec
        #endif
        return time(nil) - modified > 3600
    }

    // MARK: POSIX helpers

    private enum ReadOutcome { case missing, failed(String), data(Data) }

    private static func readFile(_ path: String) -> ReadOutcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .missing : .failed(errnoText()) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return .failed("it is a directory") }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { data.append(contentsOf: chunk[0 ..< n]) }
            else if n == 0 { return .data(data) }
            else if errno != EINTR { return .failed(errnoText()) }
        }
    }

    /// Creates `dir` and any missing parents with mode 0700; existing folders keep their mode.
    private static func makeDirectory(_ dir: String) throws(ProgressStoreError) {
        func isDirectory(_ p: String) -> Bool {
            var info = stat()
            return stat(p, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        }
        var prefix = dir.hasPrefix("/") ? "" : "."
        for part in dir.split(separator: "/") {
            prefix += "/" + part
            if isDirectory(prefix) { continue }
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw ProgressStoreError(action: "create directory", path: prefix, reason: errnoText())
            }
            guard isDirectory(prefix) else {
                throw ProgressStoreError(action: "create directory", path: prefix, reason: "a file of that name is in the way")
            }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Saving or removing progress failed; says what, where and why.
public struct ProgressStoreError: Error, CustomStringConvertible, Equatable {
    public var action: String
    public var path: String
    public var reason: String
    public var description: String { path.isEmpty ? "cannot \(action): \(reason)" : "cannot \(action) \(path): \(reason)" }
}
