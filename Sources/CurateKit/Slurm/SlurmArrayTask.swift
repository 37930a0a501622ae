import Foundation

/// One array task of a submitted step (`curate slurm task`): runs partition `index % tasks`
/// of the step for domain `domains[index / tasks]`, without the catalog — its records stay in
/// the stage's `.tasks/` folder for `curate catalog merge` (or the next local run) to fold in,
/// so the SQLite catalog never has writers on several nodes — and then marks the partition
/// finished.
public struct SlurmArrayTask {
    public var stage: String
    public var step: String
    public var tasks: Int
    public var domains: [String]
    public var index: Int

    public init(stage: String, step: String, tasks: Int, domains: [String], index: Int) {
        self.stage = stage
        self.step = step
        self.tasks = tasks
        self.domains = domains
        self.index = index
    }

    public func run(configs: [PipelineConfig], outputRoot: URL, threads: Int) throws -> StageSummary {
        let slot = ArraySlot(index: index, tasks: tasks)
        guard tasks >= 1, index >= 0, slot.domain < domains.count else {
            throw SlurmSubmitter.Refused(description: "array index \(index) is outside \(domains.count) domain(s) × \(tasks) task(s)")
        }
        let domain = domains[slot.domain]
        let plan = try SlurmPlan(configs: configs, only: [stage])
        let (config, configured) = try plan.configured(stage: stage, domain: domain)
        guard configured.stage.steps.contains(where: { $0.name == step }) else {
            throw SlurmSubmitter.Refused(description: "stage \(stage) has no step '\(step)'")
        }
        let runner = StageRunner(outputRoot: outputRoot, catalog: nil, progress: ProgressReporter(style: .quiet))
        let summary = try runner.run(configured.stage, settings: configured.settings, domain: config.domain,
                                     options: RunOptions(partition: Partition(index: slot.partition, count: tasks),
                                                         threads: threads, step: step))
        let job = ProcessInfo.processInfo.environment["SLURM_ARRAY_JOB_ID"].map { "\($0)_\(index)" } ?? "local"
        try SlurmFiles(layout: runner.layout).markFinished("\(stage).\(step)", domain: domain, partition: slot.partition,
                                                           of: tasks, by: job)
        return summary
    }
}
