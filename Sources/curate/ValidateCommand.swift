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
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }.sorted()
        var failed = false
        for name in names {
            do {
                let config = try PipelineConfig.load(folder.appendingPathComponent(name), root: root)
                print("ok     \(pipelines)/\(name): \(config.stages.map(\.name).joined(separator: ", "))")
            } catch {
                failed = true
                print("error  \(error)")
            }
        }
        if failed { throw ExitCode.failure }
    }
}
