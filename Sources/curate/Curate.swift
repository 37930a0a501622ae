import ArgumentParser
import CurateKit

/// The `curate` command: each subcommand parses its arguments and calls CurateKit.
@main
struct Curate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Curate training data for small domain code models.",
        discussion: """
            Exit status: 0 when everything ran and nothing was rejected, 3 when the run completed \
            but set some inputs aside (see `curate catalog rejected`), 1 on failure or, with \
            --strict, on any rejection.
            """,
        subcommands: [
            RunCommand.self,
            ValidateCommand.self,
            CatalogCommand.self,
            TextbooksCommand.self,
            TracesCommand.self,
            TokenizerCommand.self,
            ConverterCommand.self,
            InspectCommand.self,
            ReportCommand.self,
            RewriteCommand.self,
            SlurmCommand.self,
        ]
    )
}
