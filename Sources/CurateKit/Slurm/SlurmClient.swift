import Foundation

/// The Slurm commands curate uses — sbatch, squeue, scancel, scontrol — run through
/// `ProcessRunner` with the caller's environment, so `SLURM_CONF` and the user's Slurm
/// settings reach them.
public struct SlurmClient: Sendable {
    /// Where the commands run (relative paths in their arguments resolve here).
    let directory: URL
    let timeLimit: Double

    public init(directory: URL, timeLimit: Double = 120) {
        self.directory = directory
        self.timeLimit = timeLimit
    }

    /// A Slurm command that failed.
    public struct Failure: Error, CustomStringConvertible {
        public var command: String
        public var output: String
        public var description: String { "\(command) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))" }
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner(tool).run(arguments, in: directory, environment: ProcessInfo.processInfo.environment,
                                    timeLimit: timeLimit)
    }

    private func checked(_ tool: String, _ arguments: [String]) throws -> String {
        let result = try run(tool, arguments)
        guard result.succeeded else { throw Failure(command: ([tool] + arguments).joined(separator: " "), output: result.text) }
        return result.text
    }

    /// Submits a batch script, its array indices shifted by `offset` (the script's argument),
    /// and returns the job's id (`sbatch --parsable`).
    func submit(script: URL, arguments: [String], offset: Int) throws -> String {
        let text = try checked("sbatch", ["--parsable"] + arguments + [script.path, "\(offset)"])
        // --parsable prints `id` or `id;cluster` on the last line; warnings may come before.
        guard let line = text.split(separator: "\n").last,
              let id = line.split(separator: ";").first, id.allSatisfy(\.isNumber), !id.isEmpty else {
            throw Failure(command: "sbatch \(script.path)", output: "no job id in its output: \(text)")
        }
        return String(id)
    }

    /// The cluster's largest array size: array indices run from 0 to one less than it.
    func maxArraySize() throws -> Int {
        let text = try checked("scontrol", ["show", "config"])
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count == 2, fields[0] == "MaxArraySize", let size = Int(fields[1]) { return size }
        }
        return 1001
    }

    /// One queued array task (or a whole array's pending remainder, expanded).
    struct QueuedTask: Hashable {
        var job: String
        var index: Int
        /// PENDING, RUNNING, COMPLETING, …
        var state: String
        /// Why a pending task waits (`Dependency`, `DependencyNeverSatisfied`, …).
        var reason: String
    }

    /// The queued tasks of the given array jobs: pending and running, not finished ones.
    func queue(jobs: [String]) throws -> [QueuedTask] {
        guard !jobs.isEmpty else { return [] }
        // -r: one line per array task, even for the pending ones Slurm keeps as one record.
        // The whole queue, filtered here: `squeue -j` fails once a job has left the queue.
        let wanted = Set(jobs)
        let text = try checked("squeue", ["-h", "-r", "-o", "%F|%K|%T|%r"])
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, wanted.contains(fields[0]), let index = Int(fields[1]) else { return nil }
            return QueuedTask(job: fields[0], index: index, state: fields[2], reason: fields[3])
        }
    }

    /// Cancels whole jobs (every task of each array).
    func cancel(jobs: [String]) throws {
        guard !jobs.isEmpty else { return }
        _ = try checked("scancel", jobs)
    }
}
