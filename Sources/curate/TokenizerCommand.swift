import ArgumentParser
import CurateKit
import Foundation

/// `curate tokenizer`: train a byte-level BPE tokenizer, encode and decode with one, inspect one.
struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Train, use and inspect byte-level BPE tokenizers (Hugging Face tokenizer.json).",
        subcommands: [Train.self, Encode.self, Decode.self]
    )

    static func url(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train on text files (one document each) and sample parts (*.jsonl.zst).")

        @Argument(help: "Files or folders to train on.")
        var inputs: [String]

        @Option(name: .long, help: "Where to write tokenizer.json.")
        var output: String

        @Option(name: .long, help: "Vocabulary size, special tokens and the 256 bytes included.")
        var vocabSize: Int = 16_000

        @Option(name: .long, help: "Pairs seen fewer times are not merged.")
        var minFrequency: Int = 2

        @Option(name: .long, help: "Pre-tokenizer pattern: gpt4, cpp, cmake, shell or gpt2.")
        var pattern: String = "gpt4"

        @Option(name: .long, help: "A special token (repeatable); replaces the default sample markers.")
        var special: [String] = []

        @Flag(name: .long, help: "No special tokens at all.")
        var noSpecials = false

        @Option(name: .long, help: "Threads counting pieces; the result does not depend on it.")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        func validate() throws {
            guard PreTokenizerPattern.named(pattern) != nil else {
                throw ValidationError("unknown pattern '\(pattern)': use gpt4, cpp, cmake, shell or gpt2")
            }
            guard vocabSize >= 256 else { throw ValidationError("--vocab-size must be at least 256") }
        }

        func run() throws {
            let settings = BPETrainingSettings(
                vocabularySize: vocabSize, minimumFrequency: minFrequency,
                pattern: PreTokenizerPattern.named(pattern)!,
                specialTokens: noSpecials ? [] : (special.isEmpty ? SpecialTokens.defaults : special))
            let start = Date()
            let training = try TokenizerTraining.train(files: TrainingCorpus.files(inputs.map(TokenizerCommand.url)),
                                                       settings: settings, threads: threads)
            try AtomicFile.write(Data(TokenizerFile.json(training.tokenizer).utf8), to: TokenizerCommand.url(output))
            FileHandle.standardError.write(Data(String(
                format: "trained on %d documents, %d bytes: %d tokens, %d merges (%.2f s)\n",
                training.samples, training.bytes, training.tokenizer.model.vocabularySize, training.tokenizer.model.merges.count,
                Date().timeIntervalSince(start)).utf8))
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read text on standard input and print its token ids, separated by spaces.")

        @Option(name: .long, help: "The tokenizer.json to use.")
        var tokenizer: String

        @Flag(name: .long, help: "Read one JSON string a line and print the ids of each on its own line.")
        var jsonl = false

        @Flag(name: .long, help: "Print only the byte and token counts and the encoding time (for benchmarks).")
        var countOnly = false

        func run() throws {
            let loaded = try TokenizerFile.read(TokenizerCommand.url(tokenizer))
            let input = FileHandle.standardInput.readDataToEndOfFile()
            if countOnly {
                let text = String(decoding: input, as: UTF8.self)
                let start = Date()
                let count = loaded.encode(text).count
                let seconds = Date().timeIntervalSince(start)
                print(String(format: "%d bytes %d tokens %.3f s %.2f MB/s", text.utf8.count, count, seconds,
                             Double(text.utf8.count) / seconds / 1e6))
                return
            }
            guard jsonl else {
                print(loaded.encode(bytes: [UInt8](input)).map(String.init).joined(separator: " "))
                return
            }
            var encoder = loaded.makeEncoder()
            for (number, line) in input.split(separator: UInt8(ascii: "\n")).enumerated() {
                guard let text = try? JSONDecoder().decode(String.self, from: Data(line)) else {
                    throw ValidationError("standard input line \(number + 1): not a JSON string")
                }
                print(encoder.encode(text).map(String.init).joined(separator: " "))
            }
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read token ids on standard input and write the bytes they stand for.")

        @Option(name: .long, help: "The tokenizer.json to use.")
        var tokenizer: String

        @Flag(name: .long, help: "Decode each line of ids on its own and print its bytes as hex, one line each.")
        var hexLines = false

        func ids(_ text: Substring, _ loaded: Tokenizer) throws -> [UInt32] {
            try text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "\t" }).map { field in
                guard let id = UInt32(field) else { throw ValidationError("not a token id: '\(field)'") }
                guard loaded.isKnown(id) else { throw ValidationError("token id \(id) is not in \(tokenizer)") }
                return id
            }
        }

        func run() throws {
            let loaded = try TokenizerFile.read(TokenizerCommand.url(tokenizer))
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            guard hexLines else {
                FileHandle.standardOutput.write(Data(loaded.decode(try ids(input[...], loaded))))
                return
            }
            for line in input.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                print(loaded.decode(try ids(line, loaded)).map { String(format: "%02x", $0) }.joined())
            }
        }
    }
}

/// `curate inspect tokenizer`: what a tokenizer holds and how well it compresses some text.
struct InspectTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Vocabulary size, longest tokens, first and last merges, bytes per token on some text.")

    @Argument(help: "The tokenizer.json to inspect.")
    var file: String

    @Option(name: .long, help: "Text files or sample parts to measure bytes per token on (repeatable).")
    var text: [String] = []

    @Option(name: .long, help: "A stage's output folder or part file whose held-out samples (those the tokenizer stage did not train on) are measured (repeatable).")
    var heldOut: [String] = []

    @Option(name: .long, help: "Another tokenizer.json to compare on the same text (repeatable).")
    var compare: [String] = []

    func run() throws {
        let tokenizer = try TokenizerFile.read(TokenizerCommand.url(file))
        let documents = try TokenizerInspection.documents(text: text.map(TokenizerCommand.url), heldOut: heldOut.map(TokenizerCommand.url),
                                                          tokenizerFile: TokenizerCommand.url(file))
        let others = try compare.map { ($0, try TokenizerFile.read(TokenizerCommand.url($0))) }
        print(TokenizerInspection(tokenizer: tokenizer, name: file).report(documents: documents, others: others))
    }
}
