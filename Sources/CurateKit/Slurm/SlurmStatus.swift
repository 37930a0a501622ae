import Foundation

/// `curate slurm status`: per submitted step, how many of its partitions are done, running,
/// waiting, blocked or failed, and the log of each failed task.
public struct SlurmStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        case done, running, pending
        /// Waits for a dependency that can never be met: a task before it failed or was
        /// cancelled. Submitting again replaces it.
        case blocked
        /// Left the queue without finishing: failed, cancelled, killed or timed out.
        case failed
    }

    /// One partition of one domain of a step.
    public struct Partition: Sendable {
        public var domain: String
        public var partition: Int
        public var state: State
        /// `job_index`, when it was submitted.
        public var task: String?
        /// The task's log, for a failed one.
        public var log: URL?
    }

    public struct Step: Sendable {
        public var key: String
        public var tasks: Int
        public var partitions: [Partition]

        public func count(_ state: State) -> Int { partitions.filter { $0.state == state }.count }
    }

    public var steps: [Step]

    /// Reads `out/.slurm/` and the queue.
    public init(outputRoot: URL, directory: URL) throws {
        let layout = OutputLayout(root: outputRoot)
        guard let jobs = try SlurmJobs.load(layout) else {
            throw SlurmSubmitter.Refused(description: "nothing submitted to Slurm for \(layout.root.path) (curate slurm submit)")
        }
        try self.init(jobs: jobs, layout: layout, client: SlurmClient(directory: directory))
    }

    init(jobs: SlurmJobs, layout: OutputLayout, client: SlurmClient) throws {
        let files = SlurmFiles(layout: layout)
        let queued = try client.queue(jobs: jobs.jobIDs)
        // The steps are chained: once one has a failed or blocked partition, every task still
        // waiting after it waits for good (Slurm says so only of the next step's tasks).
        var broken = false
        steps = jobs.steps.map { submitted in
            var byIndex = [Int: (job: String, local: Int)]()
            for array in submitted.arrays {
                for index in array.indices { byIndex[index] = (array.job, index - array.offset) }
            }
            var partitions = [Partition]()
            for (position, domain) in submitted.domains.enumerated() {
                for partition in 0..<submitted.tasks {
                    let index = ArraySlot(domain: position, partition: partition).index(tasks: submitted.tasks)
                    let task = byIndex[index]
                    var entry = Partition(domain: domain, partition: partition, state: .pending,
                                          task: task.map { "\($0.job)_\($0.local)" }, log: nil)
                    if files.isFinished(submitted.markerKey, domain: domain, partition: partition, of: submitted.tasks) {
                        entry.state = .done
                    } else if let task, let queue = queued.first(where: { $0.job == task.job && $0.index == task.local }) {
                        if queue.state == "PENDING" {
                            entry.state = broken || queue.reason == "DependencyNeverSatisfied" ? .blocked : .pending
                        } else {
                            entry.state = .running
                        }
                    } else if let task {
                        entry.state = .failed
                        entry.log = files.log(submitted.key, job: task.job, index: task.local)
                    } else if broken {
                        entry.state = .blocked
                    }
                    partitions.append(entry)
                }
            }
            if partitions.contains(where: { $0.state == .failed || $0.state == .blocked }) { broken = true }
            return Step(key: submitted.key, tasks: submitted.tasks, partitions: partitions)
        }
        queuedJobs = Set(queued.map(\.job)).sorted()
    }

    /// The submission's jobs still in the queue.
    var queuedJobs: [String] = []

    /// True when nothing of the submission is running or will run by itself.
    public var isSettled: Bool {
        steps.allSatisfy { $0.count(.running) == 0 && $0.count(.pending) == 0 }
    }

    /// The table and, after it, each failed task with the end of its log.
    public func report(logLines: Int = 10) -> String {
        let rows = steps.map { step in
            [step.key, "\(step.tasks)"] + State.allCases.map { "\(step.count($0))" }
        }
        var text = TextTable.render(header: ["step", "tasks"] + State.allCases.map(\.rawValue), rows: rows, leftColumns: 1)
        for step in steps {
            for partition in step.partitions where partition.state == .failed {
                text += "\nfailed: \(step.key) \(partition.domain) partition \(partition.partition)/\(step.tasks) (job \(partition.task ?? "?"))"
                guard let log = partition.log else { continue }
                let content = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                text += "\n  log \(log.path)" + (content.isEmpty ? " (empty or missing)" : ":")
                for line in content.split(separator: "\n", omittingEmptySubsequences: false).suffix(logLines) where !line.isEmpty {
                    text += "\n    \(line)"
                }
            }
        }
        if steps.contains(where: { $0.count(.blocked) > 0 || $0.count(.failed) > 0 }) {
            text += "\nsubmit again to run the failed partitions and the steps after them"
        }
        return text
    }

    /// Cancels every queued job of the submission; returns the jobs cancelled.
    public static func cancel(outputRoot: URL, directory: URL) throws -> [String] {
        let layout = OutputLayout(root: outputRoot)
        guard let jobs = try SlurmJobs.load(layout) else { return [] }
        let client = SlurmClient(directory: directory)
        let queued = Set(try client.queue(jobs: jobs.jobIDs).map(\.job)).sorted()
        try client.cancel(jobs: queued)
        return queued
    }
}
