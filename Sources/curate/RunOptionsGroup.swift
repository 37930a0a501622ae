import ArgumentParser
import CurateKit
import Foundation

/// The output folder's run lock, held until the process ends.
nonisolated(unsafe) private var heldRunLock: RunLock?

/// Options every command that runs stages shares.
struct RunOptionsGroup: ParsableArguments {
    @Option(name: .long, help: "Output folder: parts, the catalog and every stage's files.")
    var out: String = "out"

    @Option(name: .long, help: "Folder of the pipeline files (<domain>.toml).")
    var pipelines: String = "pipelines"

    @Option(name: .long, help: "Run only parts p with p % n == i (i/n), e.g. one task of a Slurm array.")
    var partition: String = "0/1"

    @Option(name: .long, help: "Parts processed at once (default: the number of cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Exit with status 1 if any input is rejected.")
    var strict = false

    @Flag(name: .long, help: "Rebuild every part, even those whose inputs and settings are unchanged.")
    var force = false

    @Flag(name: .long, help: "No progress output (the summary is still printed).")
    var quiet = false

    var root: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }
    var outputURL: URL { URL(fileURLWithPath: out, relativeTo: root).standardizedFileURL }
    var pipelinesURL: URL { URL(fileURLWithPath: pipelines, relativeTo: root).standardizedFileURL }

    func validate() throws {
        guard Partition(partition) != nil else {
            throw ValidationError("--partition must be i/n with 0 <= i < n, e.g. 0/4; got '\(partition)'")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func runOptions() -> RunOptions {
        RunOptions(partition: Partition(partition)!, threads: threads, force: force)
    }

    /// The runner for this command, once this process holds the output folder's run lock.
    func makeRunner() throws -> StageRunner {
        heldRunLock = try RunLock(outputRoot: outputURL, partition: Partition(partition)!) { holder in
            let who = holder?.description ?? "another process"
            FileHandle.standardError.write(Data("waiting for \(out)/: another run uses it: \(who)\n".utf8))
        }
        return StageRunner(outputRoot: outputURL, catalog: try Catalog(outputRoot: outputURL),
                           progress: quiet ? ProgressReporter(style: .quiet) : .automatic())
    }

    /// Prints the summary table and ends the process with the status the summaries call for.
    func finish(_ summaries: [StageSummary]) throws -> Never {
        print(StageSummary.table(summaries))
        let code = RunOutcome.exitCode(for: summaries, strict: strict)
        throw ExitCode(code)
    }
}

/// Runs one stage ad hoc on files given on the command line: `curate <stage> FILE… --domain D`.
struct AdHocStageRun {
    static func run(stage: String, paths: [String], domain: String, options: RunOptionsGroup) throws -> Never {
        let adHoc = try AdHocStage(named: stage, domain: domain, pipelines: options.pipelinesURL, root: options.root)
        let urls = paths.map { URL(fileURLWithPath: $0, relativeTo: options.root).standardizedFileURL }
        try options.finish([try adHoc.run(on: urls, runner: options.makeRunner(), options: options.runOptions())])
    }
}
