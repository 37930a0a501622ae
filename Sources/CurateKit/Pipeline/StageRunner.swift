import Foundation

/// How one stage run is carried out.
public struct RunOptions: Sendable {
    public var partition: Partition
    /// Tasks run at once; output bytes do not depend on it.
    public var threads: Int
    /// Files or folders that replace the pipeline's sources (an ad-hoc run).
    public var explicitPaths: [URL]?
    /// Redo every task even when its key is unchanged.
    public var force: Bool
    /// Run only this step of each stage (one step of a cluster job); nil runs them all.
    public var step: String?

    public init(partition: Partition = .all, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                explicitPaths: [URL]? = nil, force: Bool = false, step: String? = nil) {
        self.partition = partition
        self.threads = max(1, threads)
        self.explicitPaths = explicitPaths
        self.force = force
        self.step = step
    }
}

/// A later step cannot start: some tasks of an earlier one belong to other partitions and are
/// not done yet.
public struct StepIncomplete: Error, CustomStringConvertible {
    public var domain: String
    public var stage: String
    public var step: String
    public var missing: [Int]

    public var description: String {
        "\(domain)/\(stage): step '\(step)' still lacks tasks \(missing.prefix(10).map(String.init).joined(separator: ", "))"
            + (missing.count > 10 ? " and \(missing.count - 10) more" : "")
            + " (other partitions run them); run them first, then this partition again"
    }
}

/// Runs one stage for one domain: step after step, it plans the tasks, skips those whose key is
/// unchanged and whose files are intact, runs the rest on threads, commits each task's files
/// together, writes its completion record and folds the record into the catalog.
///
/// A task's key digests the stage's name and version, its settings, the step, the task's
/// number among the step's tasks and every input's id and content digest. Since a task's
/// files depend only on its key, a rerun after a crash (or on another machine, or with other
/// thread counts) produces identical files.
public final class StageRunner: @unchecked Sendable {
    public let layout: OutputLayout
    /// The catalog records are folded into; nil when another process will fold them
    /// (`curate catalog merge`), as the tasks of a cluster job do.
    public let catalog: Catalog?
    /// Read-only view of the catalog's cache for runs that do not write the catalog.
    let cacheSource: (any StageCache)?
    public let progress: ProgressReporter

    public init(outputRoot: URL, catalog: Catalog?, progress: ProgressReporter, cache: (any StageCache)? = nil) {
        self.layout = OutputLayout(root: outputRoot)
        self.catalog = catalog
        self.cacheSource = cache ?? catalog
        self.progress = progress
    }

    public var outputRoot: URL { layout.root }

    public func run(_ stage: any Stage, settings: StageSettings, domain: DomainSettings,
                    options: RunOptions = RunOptions()) throws -> StageSummary {
        try runOpened(stage, settings: settings, domain: domain, options: options)
    }

    private func runOpened<S: Stage>(_ stage: S, settings: StageSettings, domain: DomainSettings,
                                     options: RunOptions) throws -> StageSummary {
        let clock = Date()
        let folder = layout.stage(S.name, domain: domain.name)
        let records = TaskRecordStore(layout: layout, stage: S.name, domain: domain.name)
        try FileManager.default.createDirectory(at: records.folder, withIntermediateDirectories: true)
        AtomicFile.removeAbandonedTemporaries(in: folder)
        AtomicFile.removeAbandonedTemporaries(in: records.folder)

        let context = StageContext(domain: domain, explicitPaths: options.explicitPaths, outputRoot: layout.root,
                                   cache: cacheSource, threads: options.threads, parts: settings.parts, progress: progress)
        let runID = try catalog?.startRun(domain: domain.name, stage: S.name, version: S.version,
                                          settingsDigest: settings.digest, partition: options.partition.description)
        var summary = StageSummary(domain: domain.name, stage: S.name)
        do {
            let steps = stage.steps
            for (position, step) in steps.enumerated() where options.step == nil || options.step == step.name {
                let run = StepRun(stage: S.self, step: step, settings: settings, context: context, folder: folder,
                                  records: records, runID: runID, runner: self)
                let tasks = try step.tasks(context)
                try run.removeTasks(from: tasks.count)
                let mine = tasks.filter { options.partition.owns(part: $0.index) }
                let label = "\(domain.name)/\(S.name)" + (steps.count > 1 ? " \(step.name)" : "")
                progress.start(label, total: mine.reduce(0) { $0 + $1.inputs.count })
                // One task alone may use every thread; several share them.
                var taskContext = context
                taskContext.threads = max(1, options.threads / max(1, min(options.threads, mine.count)))
                let outcomes = try WorkerPool.map(mine.count, threads: options.threads) { index in
                    try run.perform(mine[index], of: tasks.count, context: taskContext, force: options.force)
                }
                progress.finish()
                for outcome in outcomes { summary.add(outcome, firstStep: position == 0) }
                if position < steps.count - 1, options.step == nil, options.partition != .all {
                    let missing = tasks.filter { !run.isDone($0, of: tasks.count) }.map(\.index)
                    guard missing.isEmpty else {
                        throw StepIncomplete(domain: domain.name, stage: S.name, step: step.name, missing: missing)
                    }
                }
            }
        } catch {
            summary.seconds = Date().timeIntervalSince(clock)
            if let runID { try? catalog?.finishRun(runID, summary: summary, status: "failed") }
            throw error
        }
        summary.seconds = Date().timeIntervalSince(clock)
        summary.rejections.sort()
        summary.rejections = Array(summary.rejections.prefix(8))
        if let runID { try catalog?.finishRun(runID, summary: summary, status: "done") }
        return summary
    }
}

/// What one task contributed to the summary.
struct TaskOutcome {
    var record: TaskRecord
    var reused: Bool
    var rejections: [String]
}

extension StageSummary {
    mutating func add(_ outcome: TaskOutcome, firstStep: Bool) {
        if firstStep { inputs += outcome.record.inputs }
        samples += outcome.record.samples
        rejected += outcome.record.rejected
        skipped += outcome.record.skipped
        pending += outcome.record.pending
        tasks += 1
        if outcome.reused { reusedTasks += 1 }
        rejections += outcome.rejections
    }
}

/// The runner-level settings of one stage in one domain.
public struct StageSettings: Sendable, Hashable {
    /// Digest of the stage's TOML section: task keys change when it does.
    public var digest: String
    /// How many parts a sample stage's output is split into (at most one per input).
    public var parts: Int

    public init(digest: String, parts: Int) {
        self.digest = digest
        self.parts = parts
    }
}
