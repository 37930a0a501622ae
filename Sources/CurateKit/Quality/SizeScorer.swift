/// Judges whether the prompt and completion lengths (in characters) lie within the domain's
/// bounds; outside them the score falls with the distance, so a sample just over a bound
/// loses less than one ten times over it.
struct SizeScorer: Sendable {
    struct Settings: Sendable, Hashable {
        var promptMin = 16
        var promptMax = 6_000
        var completionMin = 32
        var completionMax = 16_000

        init() {}

        init(section: ConfigTable) throws {
            promptMin = try section.int("prompt_min", default: promptMin, range: 0...Int.max)
            promptMax = try section.int("prompt_max", default: promptMax, range: 1...Int.max)
            completionMin = try section.int("completion_min", default: completionMin, range: 0...Int.max)
            completionMax = try section.int("completion_max", default: completionMax, range: 1...Int.max)
            try section.rejectUnknownKeys()
            if promptMin > promptMax {
                throw ConfigError.invalid(file: section.file, key: section.qualified("prompt_min"),
                                          line: section.line(of: "prompt_min"), reason: "is larger than prompt_max")
            }
            if completionMin > completionMax {
                throw ConfigError.invalid(file: section.file, key: section.qualified("completion_min"),
                                          line: section.line(of: "completion_min"), reason: "is larger than completion_max")
            }
        }
    }

    var settings = Settings()

    func score(_ sample: Sample) -> ScoreResult {
        var parts = [(score: Double, reason: String?)]()
        parts.append(judge("prompt", sample.prompt.count, settings.promptMin, settings.promptMax))
        // A snapshot without a known fix is prompt-only by design (FORMATS.md section 2).
        let promptOnly = sample.kind == .snapshot && sample.completion.trimmed.isEmpty
        if !promptOnly {
            parts.append(judge("completion", sample.completion.count, settings.completionMin, settings.completionMax))
        }
        return ScoreResult(score: parts.map(\.score).reduce(0, +) / Double(parts.count),
                           reasons: parts.compactMap(\.reason))
    }

    private func judge(_ part: String, _ length: Int, _ low: Int, _ high: Int) -> (Double, String?) {
        if length < low {
            return (Double(length) / Double(low), "size.\(part)_too_short: \(length) characters, fewer than \(low)")
        }
        if length > high {
            return (Double(high) / Double(length), "size.\(part)_too_long: \(length) characters, more than \(high)")
        }
        return (1, nil)
    }
}
