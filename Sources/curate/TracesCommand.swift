import ArgumentParser
import CurateKit
import Foundation

/// `curate traces`: record raw traces for trace cases, or run the traces stage on case folders.
struct TracesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traces",
        abstract: "Record debugger and sanitizer traces, and turn them into DEBUGGER SNAPSHOT samples.",
        subcommands: [Run.self, Record.self],
        defaultSubcommand: Run.self
    )

    /// `curate traces CASE_DIR… --domain debug --out DIR`: run the traces stage on case folders.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn the traces of case folders into DEBUGGER SNAPSHOT samples (the traces stage).")

        @Argument(help: "Case folders, or folders of case folders; none means the pipeline file's cases.")
        var cases: [String] = []

        @Option(help: "The domain whose pipeline settings apply.")
        var domain: String = "debug"

        @Option(help: "The output root (samples go to <out>/<domain>/traces/).")
        var out: String = "out"

        @Option(help: "The folder of pipeline files.")
        var pipelines: String = "pipelines"

        func run() throws {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let (config, configured) = try PipelineConfig.adHocStage(
                named: TracesStage.name, domain: domain, pipelines: URL(fileURLWithPath: pipelines), root: root)
            let domainSettings = config?.domain ?? DomainSettings(name: domain, language: .cpp, root: root)
            let output = URL(fileURLWithPath: out)
            let runner = StageRunner(outputRoot: output, catalog: try Catalog(outputRoot: output), progress: .automatic())
            let paths = cases.isEmpty ? nil : cases.map { URL(fileURLWithPath: $0) }
            let summary = try runner.run(configured.stage, settings: configured.settings, domain: domainSettings,
                                         options: RunOptions(explicitPaths: paths))
            print(StageSummary.table([summary]))
            for rejection in summary.rejections { print("rejected: \(rejection)") }
        }
    }

    /// `curate traces record`: compile and run every case under its tools.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile each case with g++ and clang and save gdb, sanitizer and valgrind traces.")

        @Option(help: "A folder of case folders, or one case folder (repeatable).")
        var cases: [String] = ["corpora/traces"]

        @Option(help: "Where recorded cases go (one folder per case).")
        var out: String = "out/traces-raw"

        @Option(help: "Cases recorded at once.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Seconds a build or run may take.")
        var timeLimit: Double = 60

        func run() throws {
            let folders = try TraceCase.caseFolders(in: cases.map { URL(fileURLWithPath: $0) })
            let recorder = TraceRecorder(options: .init(output: URL(fileURLWithPath: out), timeLimit: timeLimit, jobs: jobs))
            var failed = 0
            for recorded in recorder.record(cases: folders) {
                print("\(recorded.caseName): \(recorded.traces.joined(separator: " "))")
                for problem in recorded.problems {
                    failed += 1
                    print("  problem: \(problem)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
