import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGTSTP into flags the main loop polls.
///
/// The handlers only set an atomic flag (never touch curses); the main loop decides what to do,
/// so every exit path goes through one `endwin()`.
final class SignalWatcher: Sendable {
    private let pending = Atomic<UInt64>(0)
    private let queue = DispatchQueue(label: "lectern.signals")
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

    static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP]

    /// Watches `signals` (default: all the dashboard handles); they no longer kill the process.
    init(signals: [Int32] = SignalWatcher.watched) {
        for sig in signals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [self] in
                self.pending.bitwiseOr(UInt64(1) << UInt64(sig), ordering: .sequentiallyConsistent)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns and clears whether `sig` arrived since the last call.
    func take(_ sig: Int32) -> Bool {
        let bit = UInt64(1) << UInt64(sig)
        let old = pending.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue
        return old & bit != 0
    }

    /// Whether any of `signals` arrived (without clearing it).
    func arrived(_ signals: Int32...) -> Bool {
        let bits = pending.load(ordering: .sequentiallyConsistent)
        return signals.contains { bits & (UInt64(1) << UInt64($0)) != 0 }
    }

    /// Stops the whole process as Ctrl-Z would; returns when it is continued (`fg`).
    func suspendProcess() {
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        signal(SIGTSTP, SIG_IGN)
    }
}
