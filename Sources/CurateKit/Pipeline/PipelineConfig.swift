import Foundation

/// One domain's `pipelines/<domain>.toml`, loaded and validated: top-level keys, the `[runner]`
/// section and one section per stage, each read by its stage so that every unknown key and
/// every wrong type is reported with the file, key and line.
///
/// ```toml
/// domain = "cpp"          # must match the file name
/// language = "cpp"        # cpp | cmake | shell: comment syntax of the samples
/// [runner]
/// parts = 8               # output parts per stage
/// [textbooks]             # one section per stage this domain runs
/// sources = ["corpora/books/cpp"]
/// ```
public struct PipelineConfig: Sendable {
    public var file: URL
    public var domain: DomainSettings
    public var description: String?
    public var parts: Int
    /// The stages this domain runs, in registry order, with their settings.
    public var stages: [ConfiguredStage]
    /// sbatch options for `curate slurm submit` (the `[slurm]` table), when the file has them.
    public var slurm: SlurmSettings?

    public struct ConfiguredStage: Sendable {
        public var stage: any Stage
        public var settings: StageSettings
        public var name: String { type(of: stage).name }
    }

    /// Loads and validates `file`; relative paths in it resolve against `root`.
    public static func load(_ file: URL, root: URL) throws -> PipelineConfig {
        let shown = displayName(file, root: root)
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ConfigError.unreadable(file: shown, reason: "\(error.localizedDescription)")
        }
        return try parse(text, file: shown, root: root, url: file)
    }

    /// Validates TOML text as a pipeline file named `file`.
    public static func parse(_ text: String, file: String, root: URL, url: URL? = nil) throws -> PipelineConfig {
        let top = try ConfigTable.parse(text, file: file)
        guard let name = try top.string("domain") else { throw ConfigError.missing(file: file, key: "domain") }
        let expected = url.map { $0.deletingPathExtension().lastPathComponent }
        if let expected, expected != name {
            throw ConfigError.invalid(file: file, key: "domain", line: top.line(of: "domain"),
                                      reason: "is '\(name)' but the file is named \(expected).toml")
        }
        let languageName = try top.string("language", default: "cpp")
        guard let language = CodeLanguage(rawValue: languageName) else {
            throw ConfigError.invalid(file: file, key: "language", line: top.line(of: "language"),
                                      reason: "'\(languageName)' is not one of \(CodeLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let description = try top.string("description")
        let runner = try top.table("runner")
        let parts = try runner.int("parts", default: 8, range: 1...100_000)
        try runner.rejectUnknownKeys()
        let slurm = top.contains("slurm") ? try SlurmSettings(section: try top.table("slurm")) : nil

        let redaction = try RedactionSettings(section: try top.table("redaction"))
        let domain = DomainSettings(name: name, language: language, root: root, redaction: redaction)
        var stages = [ConfiguredStage]()
        for type in StageRegistry.standard.all where top.contains(type.name) {
            let section = try top.table(type.name)
            let stage = try type.init(section: section, domain: domain)
            try section.rejectUnknownKeys()
            stages.append(ConfiguredStage(stage: stage, settings: StageSettings(digest: section.digest, parts: parts)))
        }
        try top.rejectUnknownKeys()
        return PipelineConfig(file: url ?? URL(fileURLWithPath: file), domain: domain, description: description,
                              parts: parts, stages: stages, slurm: slurm)
    }

    /// Every `*.toml` in `folder`, sorted by name.
    public static func loadAll(in folder: URL, root: URL) throws -> [PipelineConfig] {
        try tomlFiles(in: folder).map { try load(folder.appendingPathComponent($0), root: root) }
    }

    static func displayName(_ file: URL, root: URL) -> String {
        let path = file.standardizedFileURL.path
        let prefix = root.standardizedFileURL.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

extension PipelineConfig {
    /// Every `*.toml` in `folder`, each loaded on its own, so one bad file does not hide the
    /// problems of the others (`curate validate`).
    public static func validateAll(in folder: URL, root: URL) throws -> [(file: String, result: Result<PipelineConfig, Error>)] {
        try tomlFiles(in: folder).map { name in
            (name, Result { try load(folder.appendingPathComponent(name), root: root) })
        }
    }

    static func tomlFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }.sorted()
    }
}
