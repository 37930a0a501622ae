import ArgumentParser
import CurateKit
import Foundation

/// `curate validate`: loads every pipeline file and reports the first problem in each.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the pipeline files: unknown keys, wrong types, bad values."
    )

    @Option(name: .long, help: "Folder of the pipeline files.")
    var pipelines: String = "pipelines"

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let folder = URL(fileURLWithPath: pipelines, relativeTo: root).standardizedFileURL
        var failed = false
        for (name, result) in try PipelineConfig.validateAll(in: folder, root: root) {
            switch result {
            case let .success(config):
                print("ok     \(pipelines)/\(name): \(config.stages.map(\.name).joined(separator: ", "))")
            case let .failure(error):
                failed = true
                print("error  \(error)")
            }
        }
        if failed { throw ExitCode.failure }
    }
}
