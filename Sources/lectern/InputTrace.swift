import Foundation
import MLCore

/// `--trace-input FILE`: when each key was read and when the screen showing its effect was drawn, and
/// how long each frame took. Kept in memory and written when the dashboard closes, so that tracing
/// does no file I/O inside the loop.
struct InputTrace {
    let path: String?
    private var lines: [String] = []

    init(path: String?) { self.path = path }

    var isOn: Bool { path != nil }

    /// Microseconds on the monotonic clock.
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1_000
    }

    mutating func key(_ name: String, read: UInt64, drawn: UInt64) {
        guard isOn else { return }
        lines.append("key \(read) \(drawn) \(drawn - read) \(name)")
    }

    mutating func frame(started: UInt64, drawn: UInt64) {
        guard isOn else { return }
        lines.append("frame \(started) \(drawn) \(drawn - started)")
    }

    func write() {
        guard let path, !lines.isEmpty else { return }
        let text = "# kind start_us end_us duration_us [key]\n" + lines.joined(separator: "\n") + "\n"
        if let handle = FileHandle(forWritingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        }
    }
}
