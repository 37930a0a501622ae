import Foundation

/// The `[rewrite]` section of a pipeline file: where the model server is, how it is asked, how
/// its answers are judged.
///
/// ```toml
/// [rewrite]
/// upstream = "dedup"                       # stage whose parts are read
/// endpoint = "http://127.0.0.1:8080/v1"    # OpenAI-compatible base URL; absent: samples stay pending
/// model = "qwen2.5-coder-1.5b-instruct"
/// api_key_env = "CURATE_REWRITE_KEY"       # name of an environment variable holding the key
/// temperature = 0.2
/// top_p = 0.95
/// max_tokens = 1024
/// seed = 0                                 # asked of the server so that answers repeat
/// concurrency = 4                          # requests in flight
/// timeout = 120                            # seconds per request
/// retries = 4                              # further attempts after a failed one
/// backoff = 0.5                            # seconds before the first retry; doubles, with jitter
/// prompts = "pipelines/prompts"            # folder of <kind>-rewrite.<version>.txt templates
/// prompt_version = "v1"
/// min_length_ratio = 0.5                   # rewrite length / original length must lie in
/// max_length_ratio = 3.0                   #   min...max
/// topic_overlap = 0.5                      # share of the question's words a QA rewrite keeps
/// [rewrite.quality]                        # same keys as [quality]: how a rewrite is scored
/// ```
///
/// Without `[rewrite.quality]` a rewrite is judged by the pipeline file's own `[quality]`
/// section, exactly as the quality stage judged the samples it banded.
struct RewriteSettings: Sendable, Hashable {
    var upstream = "dedup"
    var endpoint: URL?
    var model = "default"
    var apiKeyVariable: String?
    var parameters = RewriteParameters()
    var concurrency = 4
    var timeout = 120.0
    var retries = 4
    var backoff = 0.5
    var prompts: URL
    var promptVersion = "v1"
    var lengthRatio = 0.5...3.0
    var topicOverlap = 0.5
    var quality = QualitySettings()

    init(prompts: URL) {
        self.prompts = prompts
    }

    init(section: ConfigTable, root: URL) throws {
        func invalid(_ key: String, _ reason: String) -> ConfigError {
            ConfigError.invalid(file: section.file, key: section.qualified(key), line: section.line(of: key), reason: reason)
        }
        upstream = try section.string("upstream", default: upstream)
        if let text = try section.string("endpoint") {
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw invalid("endpoint", "'\(text)' is not an http(s) URL such as http://127.0.0.1:8080/v1")
            }
            endpoint = url
        }
        model = try section.string("model", default: model)
        apiKeyVariable = try section.string("api_key_env")
        parameters.temperature = try section.double("temperature", default: parameters.temperature)
        parameters.topP = try section.double("top_p", default: parameters.topP)
        parameters.maxTokens = try section.int("max_tokens", default: parameters.maxTokens, range: 1...1_000_000)
        parameters.seed = try section.int("seed", default: parameters.seed, range: 0...Int(Int32.max))
        concurrency = try section.int("concurrency", default: concurrency, range: 1...1024)
        timeout = try section.double("timeout", default: timeout)
        retries = try section.int("retries", default: retries, range: 0...20)
        backoff = try section.double("backoff", default: backoff)
        prompts = URL(fileURLWithPath: try section.string("prompts", default: "pipelines/prompts"), relativeTo: root).standardizedFileURL
        promptVersion = try section.string("prompt_version", default: promptVersion)
        let low = try section.double("min_length_ratio", default: lengthRatio.lowerBound)
        let high = try section.double("max_length_ratio", default: lengthRatio.upperBound)
        guard low > 0, low <= high else { throw invalid("min_length_ratio", "must be positive and at most max_length_ratio") }
        lengthRatio = low...high
        topicOverlap = try section.double("topic_overlap", default: topicOverlap)
        quality = try Self.qualitySettings(section)
        try section.rejectUnknownKeys()

        guard (0...2).contains(parameters.temperature) else { throw invalid("temperature", "must lie in 0...2") }
        guard parameters.topP > 0, parameters.topP <= 1 else { throw invalid("top_p", "must lie in (0, 1]") }
        guard timeout > 0 else { throw invalid("timeout", "must be positive (seconds)") }
        guard backoff >= 0 else { throw invalid("backoff", "must not be negative (seconds)") }
        guard (0...1).contains(topicOverlap) else { throw invalid("topic_overlap", "must lie in 0...1") }
        guard !promptVersion.isEmpty, !promptVersion.contains("/") else { throw invalid("prompt_version", "must be a plain name such as v1") }
    }
}

extension RewriteSettings {
    /// `[rewrite.quality]` when present, else the file's `[quality]` section, else defaults.
    static func qualitySettings(_ section: ConfigTable) throws -> QualitySettings {
        if section.contains("quality") { return try QualitySettings(section: section.table("quality")) }
        // A stage is handed only its own section; the file's text (kept for line numbers) gives
        // the quality stage's.
        let file = try ConfigTable.parse(section.lines.joined(separator: "\n"), file: section.file)
        return file.contains(QualityStage.name) ? try QualitySettings(section: file.table(QualityStage.name)) : QualitySettings()
    }
}

/// The sampling parameters sent with every request; they are part of the cache key and of the
/// lineage of every kept rewrite.
struct RewriteParameters: Sendable, Hashable, Codable {
    var temperature = 0.2
    var topP = 0.95
    var maxTokens = 1024
    var seed = 0

    /// The parameters as lineage detail: short decimal text, the same on every machine.
    var detail: [String: String] {
        ["temperature": formatted(temperature), "top_p": formatted(topP), "max_tokens": "\(maxTokens)", "seed": "\(seed)"]
    }
}
