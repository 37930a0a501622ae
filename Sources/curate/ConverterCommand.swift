import ArgumentParser
import CurateKit
import Foundation

/// `curate converter`: use the space converters the converters stage trained.
struct ConverterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "converter",
        abstract: "Convert token ids and embeddings between two domains' tokenizers.",
        subcommands: [Train.self, Apply.self, Embeddings.self, FitEmbeddings.self]
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

    struct FitEmbeddings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fit-embeddings",
            abstract: "Fit a linear map from one model's embeddings to another's on the converter's aligned tokens; report held-out cosine.")

        @Option(name: .long, help: "The domain of the source model.")
        var from: String

        @Option(name: .long, help: "The domain of the target model.")
        var to: String

        @Option(name: .long, help: "Safetensors file with the source embeddings (F32, [vocab, dim]).")
        var source: String

        @Option(name: .long, help: "The source tensor, when the file has several.")
        var sourceTensor: String?

        @Option(name: .long, help: "Safetensors file with the target embeddings (F32, [vocab, dim]).")
        var target: String

        @Option(name: .long, help: "The target tensor, when the file has several.")
        var targetTensor: String?

        @Option(name: .long, help: "least-squares (any widths) or procrustes (equal widths, a rotation).")
        var method: String = "least-squares"

        @Option(name: .long, help: "Per mille of source tokens held out of the fit and measured.")
        var heldOutPerMille: Int = 100

        @Option(name: .long, help: "Where to write the map (safetensors, tensor `map`).")
        var output: String

        @Option(name: .long, help: "The output folder the pipeline wrote.")
        var out: String = "out"

        func validate() throws {
            guard EmbeddingFit.Method(rawValue: method) != nil else { throw ValidationError("--method is least-squares or procrustes") }
            guard (0...900).contains(heldOutPerMille) else { throw ValidationError("--held-out-per-mille is 0...900") }
        }

        func run() throws {
            print(try ConverterTools.fitEmbeddings(
                outputRoot: TokenizerCommand.url(out), from: from, to: to, source: TokenizerCommand.url(source),
                sourceTensor: sourceTensor, target: TokenizerCommand.url(target), targetTensor: targetTensor,
                method: EmbeddingFit.Method(rawValue: method)!, heldOutPerMille: heldOutPerMille, output: TokenizerCommand.url(output)))
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
