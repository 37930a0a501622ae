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

    /// Runs every stage (or only those named in `only`) of every domain.
    public func run(only: Set<String>? = nil, options: RunOptions) throws -> [StageSummary] {
        let unknown = (only ?? []).subtracting(StageRegistry.standard.names)
        guard unknown.isEmpty else {
            throw ConfigError.invalid(file: "<command line>", key: "stage", line: nil,
                                      reason: "no stage named \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")); stages: \(StageRegistry.standard.names.joined(separator: ", "))")
        }
        var summaries = [StageSummary]()
        for config in configs {
            for configured in config.stages where only?.contains(configured.name) ?? true {
                summaries.append(try runner.run(configured.stage, settings: configured.settings,
                                                domain: config.domain, options: options))
            }
        }
        return summaries
    }
}
