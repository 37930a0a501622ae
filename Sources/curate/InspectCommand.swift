import ArgumentParser

/// `curate inspect`: look inside what the pipeline made.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Look inside shards, tokenizers, converters and the catalog.",
        subcommands: [InspectShardCommand.self, InspectSamplesCommand.self, InspectTokenizerCommand.self, InspectConverterCommand.self, CatalogCommand.self]
    )
}
