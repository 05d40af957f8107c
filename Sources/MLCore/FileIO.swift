import Foundation

/// Whole-file reads and atomic writes (temporary file in the same folder, fsync, rename), with errors
/// that name the file: a reader never sees half a file, and a failed write leaves the old one intact.
/// The one place Lectern writes a file that must survive a crash (model files, vectors, progress).
public enum FileIO {

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    public static func readAll(_ path: String) throws(DataError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DataError(path: path, message: "cannot open: \(errnoText())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DataError(path: path, message: "cannot read: \(errnoText())") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw DataError(path: path, message: "is a directory, not a file") }
        var out = [UInt8]()
        out.reserveCapacity(Int(st.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataError(path: path, message: "cannot read: \(errnoText())")
            }
            if got == 0 { break }
            out.append(contentsOf: chunk[0 ..< got])
        }
        return out
    }

    /// Writes `bytes` to a temporary file next to `path` (named `temporaryName`, by default a hidden
    /// `.NAME.tmp-PID-RANDOM`), syncs it and renames it over `path`; `syncDirectory` also syncs the folder, so
    /// that the rename itself survives a power cut. On failure the temporary file is removed and `path` is
    /// left as it was.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, temporaryName: String? = nil,
                                       permissions: mode_t = 0o666, syncDirectory: Bool = false) throws(DataError) {
        var directory = (path as NSString).deletingLastPathComponent
        if directory.isEmpty { directory = "." }
        let name = (path as NSString).lastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(
            temporaryName ?? ".\(name).tmp-\(getpid())-\(String(UInt32.random(in: 0 ... .max), radix: 36))")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            throw DataError(path: path, message: "cannot create a temporary file in \(directory): \(errnoText())")
        }
        var fdOpen = true
        var done = false
        defer {
            if fdOpen { close(fd) }
            if !done { unlink(temporary) }
        }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let wrote = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write: \(errnoText())"
                    return
                }
                if wrote == 0 {  // no progress and no error: stop rather than spin
                    failure = "cannot write: \(String(cString: strerror(EIO)))"
                    return
                }
                offset += wrote
            }
        }
        if let failure { throw DataError(path: path, message: failure) }
        if fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP {
            throw DataError(path: path, message: "cannot write: \(errnoText())")
        }
        fdOpen = false
        if close(fd) != 0 { throw DataError(path: path, message: "cannot write: \(errnoText())") }
        if rename(temporary, path) != 0 { throw DataError(path: path, message: "cannot replace the file: \(errnoText())") }
        done = true
        if syncDirectory { Self.syncDirectory(directory) }
    }

    /// Makes a rename or unlink in `dir` durable; file systems that cannot sync a directory are ignored.
    public static func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
