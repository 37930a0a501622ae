import Foundation

/// Runs the configured stages of one or more domains in registry order and collects the
/// summaries.
public struct Pipeline {
    public var configs: [PipelineConfig]
    public var runner: StageRunner

    public init(configs: [PipelineConfig], runner: StageRunner) {
        self.configs = configs
        self.runner = runner
    }

    /// Runs every stage (or only those named in `only`) of every domain: each stage for every
    /// domain before the next stage, so a stage may read what an earlier stage made for other
    /// domains (the converters read every domain's tokenizer).
    public func run(only: Set<String>? = nil, options: RunOptions) throws -> [StageSummary] {
        let unknown = (only ?? []).subtracting(StageRegistry.standard.names)
        guard unknown.isEmpty else {
            throw ConfigError.invalid(file: "<command line>", key: "stage", line: nil,
                                      reason: "no stage named \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")); stages: \(StageRegistry.standard.names.joined(separator: ", "))")
        }
        var summaries = [StageSummary]()
        let order = StageRegistry.standard.names
        func run(_ name: String, _ config: PipelineConfig) throws {
            for configured in config.stages where configured.name == name {
                summaries.append(try runner.run(configured.stage, settings: configured.settings,
                                                domain: config.domain, options: options))
            }
        }
        // A domain with a stage that reads other domains' outputs (orchestration) runs its
        // stages up to the one it reads after every other domain has run that far, so what it
        // reads exists and is current; the stages after it run for every domain as before.
        var boundary: Int?
        var late = Set<String>()
        for config in configs {
            for configured in config.stages {
                guard let reader = configured.stage as? any ReadsOtherDomains,
                      let index = order.firstIndex(of: reader.readsThrough) else { continue }
                late.insert(config.domain.name)
                boundary = max(boundary ?? index, index)
            }
        }
        let selected = order.filter { only?.contains($0) ?? true }
        guard let boundary else {
            for name in selected { for config in configs { try run(name, config) } }
            return summaries
        }
        let early = selected.filter { order.firstIndex(of: $0)! <= boundary }
        for name in early { for config in configs where !late.contains(config.domain.name) { try run(name, config) } }
        for config in configs where late.contains(config.domain.name) { for name in early { try run(name, config) } }
        for name in selected where order.firstIndex(of: name)! > boundary {
            for config in configs { try run(name, config) }
        }
        return summaries
    }
}

/// A stage that reads what other domains' pipelines made, up to and including the stage
/// `readsThrough` (see `Pipeline.run` for the order this gives).
public protocol ReadsOtherDomains {
    var readsThrough: String { get }
}
