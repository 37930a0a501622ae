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
        for name in StageRegistry.standard.names where only?.contains(name) ?? true {
            for config in configs {
                for configured in config.stages where configured.name == name {
                    summaries.append(try runner.run(configured.stage, settings: configured.settings,
                                                    domain: config.domain, options: options))
                }
            }
        }
        return summaries
    }
}
