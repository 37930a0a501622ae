import Foundation

/// The steps a cluster run submits, in the order they must run: every step of every selected
/// stage, in `RunOrder` (the order of a local run), each for the domains of its wave.
///
/// One array job runs one step for all its domains: array index `k` is partition `k % tasks`
/// of domain `domains[k / tasks]`.
public struct SlurmPlan: Sendable {
    public struct PlannedStep: Sendable, Hashable {
        public var stage: String
        public var step: String
        public var domains: [String]
        /// The step as run by a domain that reads the others, after they ran it (see `RunOrder`).
        public var afterOthers = false

        /// Names the step in jobs.json, logs and scripts: `quality.parts`, or
        /// `quality.parts.after-others` for the second wave of a stage.
        public var key: String { SlurmJobs.key(stage: stage, step: step, afterOthers: afterOthers) }
    }

    public let configs: [PipelineConfig]
    public let steps: [PlannedStep]

    /// The steps of `configs` (each a domain), limited to the stages in `only` when given.
    public init(configs: [PipelineConfig], only: Set<String>? = nil) throws {
        self.configs = configs
        var steps = [PlannedStep]()
        for wave in try RunOrder(configs: configs, only: only).waves {
            guard let first = wave.configs.first?.stages.first(where: { $0.name == wave.stage }) else { continue }
            for step in first.stage.steps {
                steps.append(PlannedStep(stage: wave.stage, step: step.name, domains: wave.configs.map(\.domain.name),
                                         afterOthers: wave.afterOthers))
            }
        }
        self.steps = steps
    }

    /// The configuration of `stage` in `domain`'s pipeline file.
    func configured(stage: String, domain: String) throws -> (PipelineConfig, PipelineConfig.ConfiguredStage) {
        guard let config = configs.first(where: { $0.domain.name == domain }),
              let configured = config.stages.first(where: { $0.name == stage }) else {
            throw ConfigError.invalid(file: "\(domain).toml", key: stage, line: nil, reason: "the domain's pipeline file has no [\(stage)] section")
        }
        return (config, configured)
    }
}

/// Which domain and partition one array index stands for (see `SlurmPlan`).
struct ArraySlot: Hashable {
    var domain: Int
    var partition: Int

    init(index: Int, tasks: Int) {
        domain = index / tasks
        partition = index % tasks
    }

    init(domain: Int, partition: Int) {
        self.domain = domain
        self.partition = partition
    }

    func index(tasks: Int) -> Int { domain * tasks + partition }
}
