import ArgumentParser
import CurateKit
import Foundation

/// `curate rewrite export|import`: the rewrite stage's requests as an OpenAI batch file, for a
/// model run elsewhere (vLLM's batch runner), and its results back into the catalog's cache.
struct RewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",
        abstract: "Export pending rewrite requests as a batch file, or import batch results.",
        subcommands: [Export.self, Import.self]
    )

    struct Locations: ParsableArguments {
        @Option(name: .long, help: "The domain whose rewrite requests these are.")
        var domain: String

        @Option(name: .customLong("output-folder"), help: "The pipeline's output folder: upstream parts and the catalog.")
        var outputFolder: String = "out"

        @Option(name: .long, help: "Folder of the pipeline files (<domain>.toml).")
        var pipelines: String = "pipelines"

        var root: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

        func stageAndContext() throws -> (RewriteStage, StageContext) {
            let pipelinesURL = URL(fileURLWithPath: pipelines, relativeTo: root).standardizedFileURL
            let outputURL = URL(fileURLWithPath: outputFolder, relativeTo: root).standardizedFileURL
            let (stage, domainSettings) = try AdHocStage.typed(RewriteStage.self, domain: domain, pipelines: pipelinesURL, root: root)
            return (stage, StageContext(domain: domainSettings, outputRoot: outputURL, cache: try Catalog(outputRoot: outputURL)))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the pending rewrite requests of a domain as an OpenAI batch file (JSON Lines).")

        @OptionGroup var locations: Locations

        @Option(name: .long, help: "The batch file to write.")
        var out: String

        func run() throws {
            let (stage, context) = try locations.stageAndContext()
            let file = URL(fileURLWithPath: out, relativeTo: locations.root).standardizedFileURL
            let count = try stage.exportBatch(context, to: file)
            print("\(count) pending rewrite requests written to \(out)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a batch results file into the catalog, so the next run uses its answers.")

        @Argument(help: "The batch results file (JSON Lines with custom_id and response.body).")
        var file: String

        @OptionGroup var locations: Locations

        func run() throws {
            let (stage, context) = try locations.stageAndContext()
            let url = URL(fileURLWithPath: file, relativeTo: locations.root).standardizedFileURL
            let result = try stage.importBatch(context, from: url)
            print("\(result.stored) answers stored (\(result.unmatched) not pending for \(locations.domain)), \(result.problems.count) lines refused")
            for problem in result.problems.prefix(20) { print("  \(problem)") }
            if !result.problems.isEmpty { throw ExitCode(3) }
        }
    }
}
