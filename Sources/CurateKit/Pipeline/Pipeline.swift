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

    /// Runs every stage (or only those named in `only`) of every domain, in `RunOrder`.
    public func run(only: Set<String>? = nil, options: RunOptions) throws -> [StageSummary] {
        var summaries = [StageSummary]()
        for wave in try RunOrder(configs: configs, only: only).waves {
            for config in wave.configs {
                for configured in config.stages where configured.name == wave.stage {
                    summaries.append(try runner.run(configured.stage, settings: configured.settings,
                                                    domain: config.domain, options: options))
                }
            }
        }
        return summaries
    }
}
