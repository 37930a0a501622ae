import ArgumentParser
import CurateKit

/// The `curate` command: each subcommand parses its arguments and calls CurateKit.
@main
struct Curate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Curate training data for small domain code models.",
        subcommands: [TracesCommand.self]
    )
}
