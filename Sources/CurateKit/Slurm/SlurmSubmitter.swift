import Foundation

/// `curate slurm submit`: one `sbatch --array` job per step, each waiting (`afterok`) for the
/// jobs of the step before it, every task running `curate slurm task` for one partition of
/// one domain.
///
/// Only unfinished partitions are submitted: a step whose tasks all have matching records and
/// intact files is skipped; once a step is submitted, every later step is submitted whole,
/// since what it has to do depends on what the earlier one will write (its tasks whose
/// inputs come out unchanged are reused, not redone).
public struct SlurmSubmitter {
    public let plan: SlurmPlan
    public let layout: OutputLayout
    /// The folder the tasks run in: relative paths of the pipeline files resolve against it.
    public let root: URL
    public let pipelines: URL
    /// The `curate` executable the tasks run (it must be visible at this path on every node).
    public let executable: URL
    public let settings: SlurmSettings
    let client: SlurmClient

    public init(plan: SlurmPlan, outputRoot: URL, root: URL, pipelines: URL, executable: URL, settings: SlurmSettings) {
        self.plan = plan
        self.layout = OutputLayout(root: outputRoot)
        self.root = root
        self.pipelines = pipelines
        self.executable = executable
        self.settings = settings
        client = SlurmClient(directory: root)
    }

    /// A submission that cannot go ahead.
    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// What one submit did, per step: the step's key and the array indices submitted.
    public struct Submitted: Sendable {
        public var steps: [(key: String, jobs: [String], indices: [Int], total: Int)] = []
    }

    public func submit(tasks: Int) throws -> Submitted {
        guard tasks >= 1 else { throw Refused(description: "--tasks must be at least 1") }
        let files = SlurmFiles(layout: layout)
        let previous = try SlurmJobs.load(layout) ?? SlurmJobs()
        try settleQueue(previous)

        let maxArray = try client.maxArraySize()
        var jobs = previous
        var after = [String]()
        var submitted = Submitted()
        var upstreamSubmitted = false
        for planned in plan.steps {
            let earlier = previous.step(planned.key)
            let marker = SlurmJobs.key(stage: planned.stage, step: planned.step, afterOthers: false)
            var unfinished = [[Int]](repeating: Array(0..<tasks), count: planned.domains.count)
            if !upstreamSubmitted {
                for (position, domain) in planned.domains.enumerated() {
                    let (config, configured) = try plan.configured(stage: planned.stage, domain: domain)
                    let runner = StageRunner(outputRoot: layout.root, catalog: nil, progress: ProgressReporter(style: .quiet))
                    unfinished[position] = runner.unfinishedPartitions(configured.stage, settings: configured.settings,
                                                                       domain: config.domain, step: planned.step, count: tasks)
                }
            }
            let anyUnfinished = unfinished.contains { !$0.isEmpty }
            if let earlier, earlier.tasks != tasks, anyUnfinished, files.anyFinished(marker, of: earlier.tasks) {
                throw Refused(description: """
                    step \(planned.key) has started with --tasks \(earlier.tasks) and is not finished; \
                    submit again with --tasks \(earlier.tasks) (a step keeps its split until it is done)
                    """)
            }

            var indices = [Int]()
            for (position, domain) in planned.domains.enumerated() {
                let open = Set(unfinished[position])
                for partition in 0..<tasks {
                    if open.contains(partition) {
                        files.clearFinished(marker, domain: domain, partition: partition, of: tasks)
                        indices.append(ArraySlot(domain: position, partition: partition).index(tasks: tasks))
                    } else if !files.isFinished(marker, domain: domain, partition: partition, of: tasks) {
                        try files.markFinished(marker, domain: domain, partition: partition, of: tasks, by: "earlier")
                    }
                }
            }
            var step = SlurmJobs.SubmittedStep(stage: planned.stage, step: planned.step, domains: planned.domains,
                                               tasks: tasks, arrays: [], afterOthers: planned.afterOthers ? true : nil)
            if !indices.isEmpty {
                let script = try writeScript(planned, tasks: tasks, files: files)
                for chunk in Self.chunks(indices, maxArraySize: maxArray) {
                    var arguments = ["--array=\(Self.arraySpec(chunk.indices.map { $0 - chunk.offset }))",
                                     "--job-name=curate-\(planned.key)",
                                     "--output=\(files.logPattern(planned.key))",
                                     "--chdir=\(root.path)",
                                     "--kill-on-invalid-dep=no"]
                    if !after.isEmpty { arguments.append("--dependency=afterok:" + after.joined(separator: ":")) }
                    arguments += settings.sbatchArguments
                    let job = try client.submit(script: script, arguments: arguments, offset: chunk.offset)
                    step.arrays.append(.init(job: job, offset: chunk.offset, indices: chunk.indices))
                    // Record each job as soon as it exists: a failure later still leaves it known.
                    jobs.replace(step)
                    try jobs.save(layout)
                }
                after = step.arrays.map(\.job)
                upstreamSubmitted = true
            }
            jobs.replace(step)
            try jobs.save(layout)
            submitted.steps.append((planned.key, step.arrays.map(\.job), indices, planned.domains.count * tasks))
        }
        return submitted
    }

    /// Refuses while jobs of the previous submission still run or wait to; cancels those that
    /// wait for good (a task before them failed or was cancelled).
    private func settleQueue(_ previous: SlurmJobs) throws {
        let status = try SlurmStatus(jobs: previous, layout: layout, client: client)
        let live = status.steps.filter { $0.count(.running) > 0 || $0.count(.pending) > 0 }
        guard live.isEmpty else {
            throw Refused(description: """
                steps of the previous submission are still running or waiting to (\(live.map(\.key).joined(separator: ", "))); \
                wait for them (curate slurm status) or cancel them (curate slurm cancel), then submit again
                """)
        }
        try client.cancel(jobs: status.queuedJobs)
    }

    /// The batch script of a step: runs `curate slurm task` for the array task's index.
    private func writeScript(_ planned: SlurmPlan.PlannedStep, tasks: Int, files: SlurmFiles) throws -> URL {
        try FileManager.default.createDirectory(at: files.scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: files.logs, withIntermediateDirectories: true)
        let command = [executable.path, "slurm", "task", "--out", layout.root.path, "--pipelines", pipelines.path,
                       "--stage", planned.stage, "--step", planned.step, "--tasks", "\(tasks)",
                       "--domains", planned.domains.joined(separator: ",")].map(Self.shellQuoted).joined(separator: " ")
        let text = """
            #!/bin/sh
            # Step \(planned.key) of a curate run, \(tasks) task(s) per domain; written by `curate slurm submit`.
            # Array index i (plus the offset given as $1) is partition i % \(tasks) of the i / \(tasks)-th domain.
            exec \(command) --index "$(( ${1:-0} + SLURM_ARRAY_TASK_ID ))"

            """
        let url = files.script(planned.key)
        try AtomicFile.write(Data(text.utf8), to: url)
        chmod(url.path, 0o755)
        return url
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Splits sorted indices into arrays whose own indices stay below `maxArraySize`.
    static func chunks(_ indices: [Int], maxArraySize: Int) -> [(offset: Int, indices: [Int])] {
        let size = max(1, maxArraySize)
        var chunks = [(offset: Int, indices: [Int])]()
        for index in indices.sorted() {
            let offset = index / size * size
            if chunks.last?.offset == offset { chunks[chunks.count - 1].indices.append(index) } else { chunks.append((offset, [index])) }
        }
        return chunks
    }

    /// `0-3,7,9-10` for sbatch --array.
    static func arraySpec(_ indices: [Int]) -> String {
        var ranges = [(first: Int, last: Int)]()
        for index in indices.sorted() {
            if let range = ranges.last, index == range.last + 1 { ranges[ranges.count - 1].last = index } else { ranges.append((index, index)) }
        }
        return ranges.map { $0.first == $0.last ? "\($0.first)" : "\($0.first)-\($0.last)" }.joined(separator: ",")
    }
}

extension SlurmJobs {
    mutating func replace(_ step: SubmittedStep) {
        if let position = steps.firstIndex(where: { $0.key == step.key }) { steps[position] = step } else { steps.append(step) }
    }
}
