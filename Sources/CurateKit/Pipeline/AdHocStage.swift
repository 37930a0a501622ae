import Foundation

/// One stage set up outside `curate run` (`curate textbooks FILE…`, `curate traces DIR…`,
/// `curate rewrite export`): with the domain's pipeline file when there is one and it has a
/// section for the stage, else with the stage's defaults and the language named like the domain
/// (`cmake`, `shell`) or C++.
public struct AdHocStage {
    public var domain: DomainSettings
    public var configured: PipelineConfig.ConfiguredStage

    public init(named stageName: String, domain name: String, pipelines: URL, root: URL) throws {
        guard let type = StageRegistry.standard.stage(named: stageName) else {
            throw ConfigError.invalid(file: "<command line>", key: "stage", line: nil,
                                      reason: "no stage named '\(stageName)'; stages: \(StageRegistry.standard.names.joined(separator: ", "))")
        }
        let file = pipelines.appendingPathComponent("\(name).toml")
        let config = FileManager.default.fileExists(atPath: file.path) ? try PipelineConfig.load(file, root: root) : nil
        domain = config?.domain ?? DomainSettings(name: name, language: CodeLanguage(rawValue: name) ?? .cpp, root: root)
        if let configured = config?.stages.first(where: { $0.name == stageName }) {
            self.configured = configured
        } else {
            let section = ConfigTable.empty(path: stageName)
            configured = .init(stage: try type.init(section: section, domain: domain),
                               settings: StageSettings(digest: section.digest, parts: config?.parts ?? 8))
        }
    }

    /// The stage as its own type, for commands that call what only that stage offers.
    public static func typed<S: Stage>(_ type: S.Type, domain: String, pipelines: URL, root: URL) throws -> (S, DomainSettings) {
        let adHoc = try AdHocStage(named: S.name, domain: domain, pipelines: pipelines, root: root)
        guard let stage = adHoc.configured.stage as? S else {
            throw ConfigError.invalid(file: "<command line>", key: "stage", line: nil,
                                      reason: "stage '\(S.name)' is registered with another type")
        }
        return (stage, adHoc.domain)
    }

    /// Runs the stage on `paths` instead of the sources its pipeline file names.
    public func run(on paths: [URL], runner: StageRunner, options: RunOptions) throws -> StageSummary {
        var options = options
        options.explicitPaths = paths
        return try runner.run(configured.stage, settings: configured.settings, domain: domain, options: options)
    }
}
