import ArgumentParser
import CurateKit
import Foundation

/// `curate converter`: use the space converters the converters stage trained.
struct ConverterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "converter",
        abstract: "Convert token ids and embeddings between two domains' tokenizers.",
        subcommands: [Train.self, Apply.self, Embeddings.self]
    )

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a converter between two tokenizer.json files on text files and sample parts (the converters stage does this per domain).")

        @Argument(help: "Files or folders of text both tokenizers read.")
        var inputs: [String]

        @Option(name: .long, help: "The tokenizer.json whose ids are converted.")
        var fromTokenizer: String

        @Option(name: .long, help: "The tokenizer.json whose ids are produced.")
        var toTokenizer: String

        @Option(name: .long, help: "Names recorded for the two sides.")
        var fromName = "from"

        @Option(name: .long)
        var toName = "to"

        @Option(name: .long, help: "Where to write the converter (safetensors).")
        var output: String

        @Option(name: .long, help: "Threads counting overlaps; the result does not depend on it.")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        func run() throws {
            print(try ConverterTools.train(source: TokenizerCommand.url(fromTokenizer), fromName: fromName,
                                           target: TokenizerCommand.url(toTokenizer), toName: toName,
                                           texts: inputs.map(TokenizerCommand.url), output: TokenizerCommand.url(output),
                                           threads: threads))
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read lines of token ids of one domain on standard input; print the other domain's ids for the same text.")

        @Option(name: .long, help: "The domain whose ids are read.")
        var from: String

        @Option(name: .long, help: "The domain whose ids are printed.")
        var to: String

        @Option(name: .long, help: "The output folder the pipeline wrote.")
        var out: String = "out"

        func run() throws {
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            print(try ConverterTools.apply(outputRoot: TokenizerCommand.url(out), from: from, to: to, input: input))
        }
    }

    struct Embeddings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build embeddings for the target domain's tokens from a [vocab, dim] matrix of the source domain's.")

        @Option(name: .long, help: "The domain of the given embeddings.")
        var from: String

        @Option(name: .long, help: "The domain to build embeddings for.")
        var to: String

        @Option(name: .long, help: "A safetensors file with the source embeddings (F32, [vocab, dim]).")
        var embeddings: String

        @Option(name: .long, help: "The tensor to read when the file has several; also the name written.")
        var tensor: String?

        @Option(name: .long, help: "Where to write the target embeddings (safetensors).")
        var output: String

        @Option(name: .long, help: "The output folder the pipeline wrote.")
        var out: String = "out"

        func run() throws {
            print(try ConverterTools.embeddings(outputRoot: TokenizerCommand.url(out), from: from, to: to,
                                                embeddings: TokenizerCommand.url(embeddings), tensor: tensor,
                                                output: TokenizerCommand.url(output)))
        }
    }
}

/// `curate inspect converter FILE`: coverage, ambiguous tokens, conversion on some text.
struct InspectConverterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "converter",
        abstract: "Coverage of a space converter's table, its most ambiguous tokens, conversion share and speed on some text.")

    @Argument(help: "The converter (out/<from>/converters/<to>.safetensors).")
    var file: String

    @Option(name: .long, help: "Text files or sample parts to convert and time (repeatable).")
    var text: [String] = []

    @Option(name: .long, help: "The output folder holding both domains' tokenizers.")
    var out: String = "out"

    @Option(name: .long, help: "The source tokenizer.json, instead of the one in the output folder.")
    var fromTokenizer: String?

    @Option(name: .long, help: "The target tokenizer.json, instead of the one in the output folder.")
    var toTokenizer: String?

    func run() throws {
        print(try ConverterTools.inspect(file: TokenizerCommand.url(file), outputRoot: TokenizerCommand.url(out),
                                         texts: text.map(TokenizerCommand.url),
                                         sourceTokenizer: fromTokenizer.map(TokenizerCommand.url),
                                         targetTokenizer: toTokenizer.map(TokenizerCommand.url)))
    }
}
