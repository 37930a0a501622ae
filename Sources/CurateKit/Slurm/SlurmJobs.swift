import Foundation

/// What `curate slurm submit` submitted, kept in `out/.slurm/jobs.json` so that `status`,
/// `cancel` and the next `submit` know the jobs: per step, its domains, its number of tasks
/// and the array jobs of its latest submission.
struct SlurmJobs: Codable, Sendable {
    var steps: [SubmittedStep] = []

    struct SubmittedStep: Codable, Sendable {
        var stage: String
        var step: String
        var domains: [String]
        /// Array tasks per domain (`--tasks`).
        var tasks: Int
        /// The array jobs of the latest submission of this step; empty when every partition
        /// was already finished.
        var arrays: [SubmittedArray]
        /// Absent in files written before steps could run twice (see `RunOrder`).
        var afterOthers: Bool?

        var key: String { SlurmJobs.key(stage: stage, step: step, afterOthers: afterOthers ?? false) }
        /// Names the step's finished markers, which are per domain and so never shared between
        /// the two waves of a stage.
        var markerKey: String { SlurmJobs.key(stage: stage, step: step, afterOthers: false) }
    }

    static func key(stage: String, step: String, afterOthers: Bool) -> String {
        "\(stage).\(step)" + (afterOthers ? ".after-others" : "")
    }

    /// One sbatch array: its array index `i` stands for the step's index `offset + i` (arrays
    /// larger than the cluster's MaxArraySize are split).
    struct SubmittedArray: Codable, Sendable {
        var job: String
        var offset: Int
        /// The step's indices this array runs.
        var indices: [Int]
    }

    var jobIDs: [String] { steps.flatMap { $0.arrays.map(\.job) } }

    func step(_ key: String) -> SubmittedStep? { steps.first { $0.key == key } }

    static func url(_ layout: OutputLayout) -> URL { layout.slurm.appendingPathComponent("jobs.json") }

    static func load(_ layout: OutputLayout) throws -> SlurmJobs? {
        let url = url(layout)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONCoding.readDocument(SlurmJobs.self, from: url)
    }

    func save(_ layout: OutputLayout) throws {
        try FileManager.default.createDirectory(at: layout.slurm, withIntermediateDirectories: true)
        try AtomicFile.write(try JSONCoding.document.encode(self), to: Self.url(layout))
    }
}

/// The files a cluster run keeps under `out/.slurm/`.
struct SlurmFiles {
    let layout: OutputLayout

    var scripts: URL { layout.slurm.appendingPathComponent("scripts") }
    var logs: URL { layout.slurm.appendingPathComponent("logs") }

    func script(_ key: String) -> URL { scripts.appendingPathComponent("\(key).sh") }

    /// The log of array task `index` of job `job` (sbatch's `%A_%a`).
    func log(_ key: String, job: String, index: Int) -> URL {
        logs.appendingPathComponent("\(key)-\(job)_\(index).log")
    }

    var logPattern: (String) -> String { { key in logs.appendingPathComponent("\(key)-%A_%a.log").path } }

    /// The file that says a partition of a step finished: written by the array task after
    /// its run succeeded, or by `submit` for a partition it found finished. The number of
    /// tasks is in the name, so files of another split never count.
    func finished(_ key: String, domain: String, partition: Int, of tasks: Int) -> URL {
        layout.slurm.appendingPathComponent("finished").appendingPathComponent(key)
            .appendingPathComponent("\(domain)-\(partition)-of-\(tasks)")
    }

    func isFinished(_ key: String, domain: String, partition: Int, of tasks: Int) -> Bool {
        FileManager.default.fileExists(atPath: finished(key, domain: domain, partition: partition, of: tasks).path)
    }

    func markFinished(_ key: String, domain: String, partition: Int, of tasks: Int, by job: String) throws {
        let url = finished(key, domain: domain, partition: partition, of: tasks)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(Data((job + "\n").utf8), to: url)
    }

    func clearFinished(_ key: String, domain: String, partition: Int, of tasks: Int) {
        try? FileManager.default.removeItem(at: finished(key, domain: domain, partition: partition, of: tasks))
    }

    /// True when some partition of the step finished under a split into `tasks`.
    func anyFinished(_ key: String, of tasks: Int) -> Bool {
        let folder = layout.slurm.appendingPathComponent("finished").appendingPathComponent(key)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.contains { $0.hasSuffix("-of-\(tasks)") }
    }
}
