import ArgumentParser
import CurateKit
import Foundation

/// `curate run`: every stage of every domain (or the ones named), as configured in `pipelines/`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the pipeline for every domain in the pipelines folder."
    )

    @Option(name: .long, help: "Only this domain (repeatable).")
    var domain: [String] = []

    @Option(name: .long, help: "Only this stage (repeatable).")
    var stage: [String] = []

    @OptionGroup var options: RunOptionsGroup

    func run() throws {
        var configs = try PipelineConfig.loadAll(in: options.pipelinesURL, root: options.root)
        if !domain.isEmpty {
            let missing = Set(domain).subtracting(configs.map { $0.domain.name })
            guard missing.isEmpty else {
                throw ValidationError("no pipeline file for domain(s) \(missing.sorted().joined(separator: ", ")) in \(options.pipelines)")
            }
            configs = configs.filter { domain.contains($0.domain.name) }
        }
        let pipeline = Pipeline(configs: configs, runner: try options.makeRunner())
        let summaries = try pipeline.run(only: stage.isEmpty ? nil : Set(stage), options: options.runOptions())
        try options.finish(summaries)
    }
}
