import Foundation

/// The sbatch options of a cluster run: the `[slurm]` table of a pipeline file, overridden by
/// flags of `curate slurm submit`. None of them changes what a task writes.
///
/// ```toml
/// [slurm]
/// partition = "cpu"       # sbatch --partition
/// account = "curation"    # sbatch --account
/// time = "02:00:00"       # sbatch --time, per array task
/// memory = "8G"           # sbatch --mem, per array task
/// cpus = 4                # sbatch --cpus-per-task; the task's threads
/// ```
public struct SlurmSettings: Sendable, Hashable, Codable {
    public var partition: String?
    public var account: String?
    public var time: String?
    public var memory: String?
    public var cpus: Int?

    public init(partition: String? = nil, account: String? = nil, time: String? = nil, memory: String? = nil, cpus: Int? = nil) {
        self.partition = partition
        self.account = account
        self.time = time
        self.memory = memory
        self.cpus = cpus
    }

    init(section: ConfigTable) throws {
        partition = try section.string("partition")
        account = try section.string("account")
        time = try section.string("time")
        memory = try section.string("memory")
        cpus = try section.contains("cpus") ? section.int("cpus", default: 1, range: 1...4096) : nil
        try section.rejectUnknownKeys()
    }

    /// These settings with every option `other` sets taking its place.
    public func overridden(by other: SlurmSettings) -> SlurmSettings {
        SlurmSettings(partition: other.partition ?? partition, account: other.account ?? account,
                      time: other.time ?? time, memory: other.memory ?? memory, cpus: other.cpus ?? cpus)
    }

    /// The sbatch arguments these settings stand for.
    var sbatchArguments: [String] {
        var arguments = [String]()
        if let partition { arguments.append("--partition=\(partition)") }
        if let account { arguments.append("--account=\(account)") }
        if let time { arguments.append("--time=\(time)") }
        if let memory { arguments.append("--mem=\(memory)") }
        if let cpus { arguments.append("--cpus-per-task=\(cpus)") }
        return arguments
    }

    /// The one `[slurm]` table of a set of pipeline files: several files may carry it only when
    /// they agree, since one array job runs a step for every domain.
    public static func common(_ configs: [PipelineConfig]) throws -> SlurmSettings {
        let tables = configs.compactMap { config in config.slurm.map { (config.file.lastPathComponent, $0) } }
        guard let first = tables.first else { return SlurmSettings() }
        if let other = tables.first(where: { $0.1 != first.1 }) {
            throw ConfigError.invalid(file: other.0, key: "slurm", line: nil,
                                      reason: "differs from the [slurm] table of \(first.0); one job runs a step for every domain, so the tables must agree (or keep one)")
        }
        return first.1
    }
}
