import ArgumentParser
import CurateKit
import Foundation

/// `curate slurm`: run the pipeline as Slurm array jobs, one per step, and follow them.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run the pipeline on a Slurm cluster: submit, status, cancel.",
        discussion: """
            Every step becomes one `sbatch --array` job waiting (afterok) for the one before it; each \
            array task runs one partition of the step for one domain. Outputs are identical to a \
            local run. Tasks do not write the catalog: `curate catalog merge` folds their records in \
            once the jobs are done. The output folder must be visible to every node.
            """,
        subcommands: [SlurmSubmitCommand.self, SlurmStatusCommand.self, SlurmCancelCommand.self, SlurmTaskCommand.self]
    )
}

/// Where the run's files are, shared by the slurm subcommands.
struct SlurmPaths: ParsableArguments {
    @Option(name: .long, help: "Output folder (on a file system every node sees).")
    var out: String = "out"

    @Option(name: .long, help: "Folder of the pipeline files (<domain>.toml).")
    var pipelines: String = "pipelines"

    var root: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }
    var outputURL: URL { URL(fileURLWithPath: out, relativeTo: root).standardizedFileURL }
    var pipelinesURL: URL { URL(fileURLWithPath: pipelines, relativeTo: root).standardizedFileURL }
}

struct SlurmSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit the unfinished partitions of every step as chained array jobs.",
        discussion: """
            Submitting again submits only what is not finished (a failed or cancelled task and the \
            steps after it). sbatch options come from the [slurm] table of the pipeline files; \
            the flags below override it.
            """
    )

    @OptionGroup var paths: SlurmPaths

    @Option(name: .long, help: "Only this domain (repeatable).")
    var domain: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Only these stages.")
    var stages: [String] = []

    @Option(name: .long, help: "Array tasks per step and domain.")
    var tasks: Int

    @Option(name: .long, help: "sbatch --partition (a Slurm partition, not a curate one).")
    var slurmPartition: String?

    @Option(name: .long, help: "sbatch --account.")
    var account: String?

    @Option(name: .long, help: "sbatch --time, per array task.")
    var time: String?

    @Option(name: .long, help: "sbatch --mem, per array task.")
    var mem: String?

    @Option(name: .long, help: "sbatch --cpus-per-task; the threads of each task.")
    var cpus: Int?

    func validate() throws {
        guard tasks >= 1 else { throw ValidationError("--tasks must be at least 1") }
        if let cpus, cpus < 1 { throw ValidationError("--cpus must be at least 1") }
    }

    func run() throws {
        var configs = try PipelineConfig.loadAll(in: paths.pipelinesURL, root: paths.root)
        if !domain.isEmpty {
            let missing = Set(domain).subtracting(configs.map { $0.domain.name })
            guard missing.isEmpty else {
                throw ValidationError("no pipeline file for domain(s) \(missing.sorted().joined(separator: ", ")) in \(paths.pipelines)")
            }
            configs = configs.filter { domain.contains($0.domain.name) }
        }
        let plan = try SlurmPlan(configs: configs, only: stages.isEmpty ? nil : Set(stages))
        let settings = try SlurmSettings.common(configs).overridden(by: SlurmSettings(
            partition: slurmPartition, account: account, time: time, memory: mem, cpus: cpus))
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let submitter = SlurmSubmitter(plan: plan, outputRoot: paths.outputURL, root: paths.root,
                                       pipelines: paths.pipelinesURL, executable: executable, settings: settings)
        let submitted = try submitter.submit(tasks: tasks)
        for step in submitted.steps {
            if step.jobs.isEmpty {
                print("\(step.key): finished, nothing to submit")
            } else {
                print("\(step.key): \(step.indices.count) of \(step.total) task(s) in job(s) \(step.jobs.joined(separator: ", "))")
            }
        }
    }
}

struct SlurmStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per step: partitions done, running, pending, blocked, failed; the log of each failed task."
    )

    @OptionGroup var paths: SlurmPaths

    func run() throws {
        print(try SlurmStatus(outputRoot: paths.outputURL, directory: paths.root).report())
    }
}

struct SlurmCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel the submitted jobs still queued or running.")

    @OptionGroup var paths: SlurmPaths

    func run() throws {
        let cancelled = try SlurmStatus.cancel(outputRoot: paths.outputURL, directory: paths.root)
        print(cancelled.isEmpty ? "no job of this run is queued" : "cancelled job(s) \(cancelled.joined(separator: ", "))")
    }
}

/// What each array task runs (the batch scripts `submit` writes call it).
struct SlurmTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run one array task of a submitted step (called by the batch scripts).",
        shouldDisplay: false
    )

    @OptionGroup var paths: SlurmPaths

    @Option(name: .long) var stage: String
    @Option(name: .long) var step: String
    @Option(name: .long) var tasks: Int
    @Option(name: .long, help: "The step's domains, comma-separated, in array order.") var domains: String
    @Option(name: .long, help: "The step's array index.") var index: Int

    func run() throws {
        let configs = try PipelineConfig.loadAll(in: paths.pipelinesURL, root: paths.root)
        let threads = ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"].flatMap(Int.init) ?? 1
        let task = SlurmArrayTask(stage: stage, step: step, tasks: tasks,
                                  domains: domains.split(separator: ",").map(String.init), index: index)
        let summary = try task.run(configs: configs, outputRoot: paths.outputURL, threads: threads)
        // Rejected inputs are results, not a failure of the task: the catalog lists them.
        print(StageSummary.table([summary]))
    }
}
