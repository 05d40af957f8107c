import ArgumentParser
import LabKit
import LessonKit
import MLCore
import Testing
@testable import lectern

/// `lectern train mlp|gd|word2vec`: every option named like a lab setting is checked by that lab's schema, so
/// the command line refuses what lessons and the dashboard refuse, as `--name: <the schema's reason>`.
@Suite struct TrainOptionTests {
    /// One option that is a lab setting: a value the schema accepts and values it refuses.
    struct SchemaOption: CustomTestStringConvertible, Sendable {
        let lab: Lab
        let key: String
        let accepted: [String]
        let refused: [String]
        init(_ lab: Lab, _ key: String, accepts accepted: [String], refuses refused: [String]) {
            self.lab = lab; self.key = key; self.accepted = accepted; self.refused = refused
        }
        var testDescription: String { "\(lab) --\(key)" }
    }

    static let schemaOptions: [SchemaOption] = [
        SchemaOption(.mlp, "epochs", accepts: ["1", "1000"], refuses: ["5000", "0", "1001"]),
        SchemaOption(.mlp, "batch-size", accepts: ["1", "32", "8192"], refuses: ["0", "8193"]),
        SchemaOption(.mlp, "lr", accepts: ["0.01", "100"], refuses: ["0", "101", "inf", "nan"]),
        SchemaOption(.mlp, "hidden", accepts: ["128,64", " 32 , 16 ", "4096", "1,1,1,1,1,1,1,1"],
                     refuses: ["2000,2000", "5000", "1,1,1,1,1,1,1,1,1", "64,,64", "64,", "a,b", "0"]),
        SchemaOption(.mlp, "optimizer", accepts: ["adam", "sgd"], refuses: ["rmsprop", "Adam"]),
        SchemaOption(.mlp, "seed", accepts: ["0", "2147483647"], refuses: ["2147483648", "18446744073709551615"]),
        SchemaOption(.mlp, "train-size", accepts: ["200", "60000", "all"], refuses: ["0", "60001", "some"]),
        SchemaOption(.mlp, "weight-decay", accepts: ["0", "0.001", "1"], refuses: ["1.5", "inf"]),
        SchemaOption(.mlp, "patience", accepts: ["5", "1000", "off"], refuses: ["0", "1001", "never"]),
        SchemaOption(.gd, "alpha", accepts: ["0.2", "100"], refuses: ["101", "0", "inf"]),
        SchemaOption(.gd, "iterations", accepts: ["1", "100000"], refuses: ["0", "100001"]),
        SchemaOption(.gd, "every", accepts: ["500", "100000"], refuses: ["0", "100001"]),
        SchemaOption(.gd, "momentum", accepts: ["0", "0.9", "0.999"], refuses: ["1", "-0.1", "nan"]),
        SchemaOption(.mlp, "test-shift", accepts: ["0", "2", "3"], refuses: ["4", "-4", "1.5"]),
        SchemaOption(.mlp, "attack", accepts: ["none", "random", "fgsm"], refuses: ["pgd", "FGSM"]),
        SchemaOption(.mlp, "epsilon", accepts: ["0", "0.125", "1"], refuses: ["1.5", "-0.1", "inf"]),
        SchemaOption(.word2vec, "dim", accepts: ["2", "1000"], refuses: ["1", "1001"]),
        SchemaOption(.word2vec, "window", accepts: ["1", "20"], refuses: ["0", "21"]),
        SchemaOption(.word2vec, "negative", accepts: ["1", "50"], refuses: ["0", "51"]),
        SchemaOption(.word2vec, "min-count", accepts: ["1", "1000"], refuses: ["0", "1001"]),
        SchemaOption(.word2vec, "sample", accepts: ["0", "0.00001", "0.999"], refuses: ["1", "2"]),
        SchemaOption(.word2vec, "epochs", accepts: ["1", "100"], refuses: ["0", "101"]),
        SchemaOption(.word2vec, "alpha", accepts: ["0.05", "100"], refuses: ["0", "100.5"]),
        SchemaOption(.word2vec, "seed", accepts: ["0", "2147483647"], refuses: ["2147483648"]),
    ]

    /// Options named like a setting of their lab that deliberately do not go through its schema (see the
    /// commands' doc comments): each is tested below on its own.
    static let notThroughSchema: [Lab: Set<String>] = [
        .mlp: ["data"],
        .word2vec: ["corpus", "cbow"],
        .gd: [],
    ]

    static func command(_ lab: Lab) -> any ParsableCommand.Type {
        switch lab {
        case .mlp: return TrainMLP.self
        case .gd: return TrainGD.self
        default: return TrainWord2Vec.self
        }
    }

    /// Parses `lectern train <lab> <arguments>` as the executable does (validation included).
    static func parse(_ lab: Lab, _ arguments: [String]) throws -> ParsableCommand {
        try LecternCommand.parseAsRoot(["train", lab.rawValue] + arguments)
    }

    /// The message and exit code `lectern train <lab> <arguments>` fails with, or nil when it parses.
    static func refusal(_ lab: Lab, _ arguments: [String]) -> (message: String, exitCode: Int32)? {
        do {
            _ = try parse(lab, arguments)
            return nil
        } catch {
            return (LecternCommand.message(for: error), LecternCommand.exitCode(for: error).rawValue)
        }
    }

    @Test(arguments: schemaOptions)
    func acceptsWhatTheSchemaAccepts(_ option: SchemaOption) throws {
        let schema = LabRegistry.schema(option.lab)
        for value in option.accepted {
            #expect(schema.problem(option.key, value) == nil, "the schema itself accepts \(value)")
            let failure = Self.refusal(option.lab, ["--\(option.key)", value])
            #expect(failure == nil, "--\(option.key) \(value): \(failure?.message ?? "")")
        }
    }

    @Test(arguments: schemaOptions)
    func refusesWithTheSchemasReason(_ option: SchemaOption) throws {
        let schema = LabRegistry.schema(option.lab)
        for value in option.refused {
            let reason = try #require(schema.problem(option.key, value), "the schema itself refuses \(value)")
            // `--key=value` so that a value like "-1" or "" is never read as another option.
            let failure = try #require(Self.refusal(option.lab, ["--\(option.key)=\(value)"]), "--\(option.key) \(value) passed")
            #expect(failure.message == "--\(option.key): \(reason)")
            #expect(failure.exitCode == ExitCode.validationFailure.rawValue)
        }
    }

    /// Every option of `train <lab>` named like one of the lab's settings is either tested above as going
    /// through the schema or listed as a deliberate exception: a new such option cannot slip past unchecked.
    @Test(arguments: [Lab.mlp, .gd, .word2vec])
    func everyOptionNamedLikeASettingIsAccountedFor(_ lab: Lab) throws {
        let help = LecternCommand.helpMessage(for: Self.command(lab), columns: 400)
        let regex = /--([a-z][a-z0-9-]*)/
        let names = Set(help.matches(of: regex).map { String($0.1) })
        let keys = Set(LabRegistry.schema(lab).settings.map(\.key))
        let tested = Set(Self.schemaOptions.filter { $0.lab == lab }.map(\.key))
        let exceptions = try #require(Self.notThroughSchema[lab])
        #expect(names.intersection(keys) == tested.union(exceptions))
        #expect(tested.isDisjoint(with: exceptions))
        #expect(tested.isSubset(of: names), "every tested option exists")
    }

    @Test func valuesReachTheConfig() throws {
        let mlp = try #require(try Self.parse(.mlp, ["--hidden", " 32 , 16 ", "--optimizer", "sgd", "--train-size", "all",
                                                    "--patience", "off", "--epochs", "3", "--lr", "0.05"]) as? TrainMLP)
        let c = try mlp.config()
        #expect(c.hidden == [32, 16])
        #expect(c.optimizer == .sgd(momentum: 0))
        #expect(c.trainSize == nil && c.patience == nil)
        #expect(c.epochs == 3 && c.learningRate == 0.05)
        let limited = try #require(try Self.parse(.mlp, ["--train-size", "200", "--patience", "5"]) as? TrainMLP).config()
        #expect(limited.trainSize == 200 && limited.patience == 5)
        let defaults = try #require(try Self.parse(.mlp, []) as? TrainMLP).config()
        #expect(defaults == MLPConfig())

        let w2v = try #require(try Self.parse(.word2vec, ["--dim", "16", "--window", "2", "--min-count", "1", "--sample", "0",
                                                          "--alpha", "0.05", "--seed", "7"]) as? TrainWord2Vec).config()
        #expect(w2v.dimension == 16 && w2v.window == 2 && w2v.minCount == 1 && w2v.sample == 0)
        #expect(w2v.alpha == 0.05 && w2v.seed == 7)

        let gd = try #require(try Self.parse(.gd, ["--alpha", "0.2", "--iterations", "5", "--every", "2"]) as? TrainGD)
        #expect(gd.alpha == 0.2 && gd.iterations == 5 && gd.every == 2)
    }

    // MARK: - The options that keep a wider meaning or their own check

    /// `--hidden ""` is no hidden layer (softmax regression), which the lab's `hidden` (1…8 layers) refuses.
    @Test func emptyHiddenIsNoHiddenLayer() throws {
        #expect(LabRegistry.schema(.mlp).problem("hidden", "") != nil)
        for empty in ["", " "] {
            let c = try #require(try Self.parse(.mlp, ["--hidden", empty]) as? TrainMLP).config()
            #expect(c.hidden == [])
        }
    }

    /// `--data` takes the lab's two names or a directory of IDX files, read (and refused) when loading.
    @Test func dataAlsoTakesADirectory() throws {
        for value in ["mnist", "digits", "/some/folder/of/idx/files"] {
            #expect(Self.refusal(.mlp, ["--data", value]) == nil)
        }
        #expect(LabRegistry.schema(.mlp).problem("data", "/some/folder/of/idx/files") != nil)
    }

    /// `--corpus` is a text file, not one of the lab's corpus names; a missing file is found when loading.
    @Test func corpusIsAPath() throws {
        #expect(Self.refusal(.word2vec, ["--corpus", "/some/corpus.txt"]) == nil)
        #expect(LabRegistry.schema(.word2vec).problem("corpus", "/some/corpus.txt") != nil)
        #expect(Self.refusal(.word2vec, ["--cbow"]) == nil)
    }

    /// Options with no lab setting keep their own checks and messages.
    @Test func commandLineOnlyOptionsKeepTheirChecks() throws {
        let cases: [(Lab, [String], String)] = [
            (.mlp, ["--threads=0"], "--threads must be 1…64; got 0"),
            (.mlp, ["--threads=65"], "--threads must be 1…64; got 65"),
            (.mlp, ["--optimizer", "sgd", "--momentum", "1"], "momentum must be in [0, 1), got 1.0"),
            (.gd, ["--tolerance=-1"], "--tolerance must be a finite number ≥ 0"),
            (.word2vec, ["--threads=0"], "threads must be 1…64, got 0"),
            (.word2vec, ["--min-alpha", "0.5"], "min_alpha must be in [0, alpha], got 0.5"),
            (.word2vec, ["--max-vocab=0"], "max vocabulary must be at least 1, got 0"),
        ]
        for (lab, arguments, message) in cases {
            let failure = try #require(Self.refusal(lab, arguments), "\(lab) \(arguments) passed")
            #expect(failure.message == message)
            #expect(failure.exitCode == ExitCode.validationFailure.rawValue)
        }
        #expect(Self.refusal(.mlp, ["--threads", "4", "--save", "/tmp/model.json", "--momentum", "0.9"]) == nil)
        #expect(Self.refusal(.gd, ["--bias", "--tolerance", "0"]) == nil)
        #expect(Self.refusal(.word2vec, ["--threads", "4", "--per-pair", "--eval", "--max-vocab", "10"]) == nil)
    }

    /// The schema's check comes first, so a value the lab refuses is never described in other words.
    @Test func aValueTheLabRefusesIsToldInTheSchemasWords() throws {
        // Before: "epochs must be 1…10000, got 20000" (MLPConfig) and "window must be 1…100" (Word2VecConfig).
        #expect(Self.refusal(.mlp, ["--epochs", "20000"])?.message == "--epochs: must be 1…1000")
        #expect(Self.refusal(.word2vec, ["--window", "200"])?.message == "--window: must be 1…20")
        #expect(Self.refusal(.mlp, ["--lr", "0"])?.message == "--lr: must be greater than 0")
    }
}
