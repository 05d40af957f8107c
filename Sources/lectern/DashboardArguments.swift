import ArgumentParser

/// `lectern --corpus X` names the language-model lab's corpus for the dashboard, but `tokenize`, `train lm` and
/// others have a `--corpus` of their own, and ArgumentParser hands an option that a parent declares to the
/// parent even after a subcommand's name (apple/swift-argument-parser#169). So the dashboard's option is declared
/// as the hidden `--dashboard-corpus`, and `--corpus` is renamed to it only when no subcommand is named.
enum DashboardArguments {
    /// The root's options that take a value (so their value is not taken for a subcommand's name).
    static let valued: Set<String> = ["--lessons", "--assets", "--lesson", "--lang", "--chart", "--trace-input", "--corpus", "--dashboard-corpus"]

    static func rewritten(_ arguments: [String], subcommands: Set<String>) -> [String] {
        var k = 0
        while k < arguments.count {
            let a = arguments[k]
            if a == "--" { break }
            if !a.hasPrefix("-") { if subcommands.contains(a) { return arguments }; break }
            k += valued.contains(a) ? 2 : 1
        }
        return arguments.map { a in
            if a == "--corpus" { return "--dashboard-corpus" }
            if a.hasPrefix("--corpus=") { return "--dashboard-corpus=" + a.dropFirst("--corpus=".count) }
            return a
        }
    }

    static var subcommandNames: Set<String> {
        Set(LecternCommand.configuration.subcommands.map { $0._commandName } + ["help"])
    }
}
