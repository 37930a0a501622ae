import Foundation

/// The steps a cluster run submits, in the order they must run: every step of every selected
/// stage, in registry order, each for every selected domain that configures the stage.
///
/// One array job runs one step for all its domains: array index `k` is partition `k % tasks`
/// of domain `domains[k / tasks]`. A stage runs for every domain before the next stage starts,
/// as in a local run, since a stage may read what an earlier one made for other domains.
public struct SlurmPlan: Sendable {
    public struct PlannedStep: Sendable, Hashable {
        public var stage: String
        public var step: String
        public var domains: [String]

        /// Names the step in jobs.json, logs and scripts: `quality.parts`.
        public var key: String { "\(stage).\(step)" }
    }

    public let configs: [PipelineConfig]
    public let steps: [PlannedStep]

    /// The steps of `configs` (each a domain), limited to the stages in `only` when given.
    public init(configs: [PipelineConfig], only: Set<String>? = nil) throws {
        let unknown = (only ?? []).subtracting(StageRegistry.standard.names)
        guard unknown.isEmpty else {
            throw ConfigError.invalid(file: "<command line>", key: "stages", line: nil,
                                      reason: "no stage named \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")); stages: \(StageRegistry.standard.names.joined(separator: ", "))")
        }
        self.configs = configs
        var steps = [PlannedStep]()
        for name in StageRegistry.standard.names where only?.contains(name) ?? true {
            let configured = configs.compactMap { config in config.stages.first { $0.name == name }.map { (config, $0) } }
            guard let first = configured.first else { continue }
            for step in first.1.stage.steps {
                steps.append(PlannedStep(stage: name, step: step.name, domains: configured.map { $0.0.domain.name }))
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
