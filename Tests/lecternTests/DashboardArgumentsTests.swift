import Testing
@testable import lectern

/// `--corpus` goes to the dashboard only when no subcommand is named; a subcommand keeps its own `--corpus`.
@Suite struct DashboardArgumentsTests {
    let subcommands: Set<String> = ["tokenize", "train", "help"]

    @Test func withoutASubcommandCorpusIsTheDashboards() {
        #expect(DashboardArguments.rewritten(["--corpus", "poems-zh"], subcommands: subcommands) == ["--dashboard-corpus", "poems-zh"])
        #expect(DashboardArguments.rewritten(["--lang", "zh", "--corpus=a.txt", "--no-save"], subcommands: subcommands)
                == ["--lang", "zh", "--dashboard-corpus=a.txt", "--no-save"])
        // A root option's value that happens to be a subcommand's name is still a value.
        #expect(DashboardArguments.rewritten(["--lesson", "train", "--corpus", "x"], subcommands: subcommands)
                == ["--lesson", "train", "--dashboard-corpus", "x"])
    }

    @Test func aSubcommandKeepsItsOwnCorpus() {
        for args in [["tokenize", "--corpus", "classics-zh", "床"], ["--assets", "a", "train", "lm", "--corpus", "x"], ["help", "tokenize"]] {
            #expect(DashboardArguments.rewritten(args, subcommands: subcommands) == args)
        }
        #expect(DashboardArguments.subcommandNames.isSuperset(of: ["tokenize", "train", "bench", "sample", "help"]))
    }
}
