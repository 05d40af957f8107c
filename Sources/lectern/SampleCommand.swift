import ArgumentParser
import Foundation
import MLCore

/// `lectern sample`: a saved language model writes, one token at a time, as it goes.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Continue a prompt with a model saved by `lectern train lm --save`, streaming the text.",
        discussion: """
        Prints the prompt, then each token as it is drawn; a line with the count and the speed goes to stderr. \
        --temperature 0 always takes the most likely token (the same text every time); --top-k keeps the k \
        likeliest, --top-p the fewest whose probabilities reach p.
        """)

    @Option(help: ArgumentHelp("The model file (safetensors).", valueName: "file")) var model: String
    @Option(help: "The text to continue.") var prompt = "\n"
    @Option(help: "Tokens to write.") var tokens = 200
    @Option(help: "Softmax temperature; 0 is greedy.") var temperature: Float = 1
    @Option(help: "Keep only the k likeliest tokens (0: all).") var topK = 0
    @Option(help: "Keep the fewest tokens whose probability reaches p (1: all).") var topP: Float = 1
    @Option(help: "Seed for the draws.") var seed: UInt64 = 1

    func validate() throws {
        guard tokens >= 1 else { throw ValidationError("--tokens must be at least 1; got \(tokens)") }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more; got \(temperature)") }
        guard topK >= 0 else { throw ValidationError("--top-k must be 0 (all) or more; got \(topK)") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1]; got \(topP)") }
        guard !prompt.isEmpty else { throw ValidationError("--prompt must not be empty") }
    }

    func run() throws {
        BLAS.threads = 1
        let file: LMModelFile
        do { file = try LMModelFile(contentsOf: model) } catch { throw LecternError(error.description) }
        let ids: [Int32]
        do { ids = try file.tokenizer.tokenizer.encode(prompt) } catch {
            let corpus = file.metadata["corpus"].map { " (\($0))" } ?? ""
            throw LecternError("--prompt: \(error.description); this model knows only the \(file.tokenizer.kind == "char" ? "characters" : "tokens") of its corpus\(corpus)")
        }
        FileHandle.standardOutput.write(Data(prompt.utf8))
        var pending: [UInt8] = []
        let start = ContinuousClock.now
        var m = file.model
        let written = m.sample(prompt: ids, count: tokens, temperature: temperature, topK: topK, topP: topP, seed: seed) { id in
            // Print each whole character as soon as its last byte arrives (a BPE token may end mid-character).
            pending += file.tokenizer.bytes(of: id)
            let whole = UTF8Prefix.complete(pending)
            if whole > 0 {
                FileHandle.standardOutput.write(Data(pending[..<whole]))
                pending.removeFirst(whole)
            }
            return true
        }
        if !pending.isEmpty { FileHandle.standardOutput.write(Data(String(decoding: pending, as: UTF8.self).utf8)) }
        print("")
        let seconds = (ContinuousClock.now - start).inSeconds
        FileHandle.standardError.write(Data("\(JSONLine([("tokens", .int(written.count)), ("seconds", .number(seconds)), ("tokens_per_second", .number(Double(written.count) / max(seconds, 1e-9)))]))\n".utf8))
    }
}

enum UTF8Prefix {
    /// How many leading bytes of `bytes` form whole UTF-8 characters (a cut-off character at the end is not
    /// counted; an invalid byte counts as one, to be printed as �).
    static func complete(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 1
            if i + length > bytes.count { break }
            i += length
        }
        return i
    }
}
