/// The `[quality]` section of a pipeline file: which upstream stages to read, how the scorers
/// are weighted, where the band thresholds lie, and each scorer's own sub-table.
///
/// ```toml
/// [quality]
/// upstream = ["textbooks", "traces"]
/// high = 0.8          # quality >= high: kept as is
/// marginal = 0.5      # marginal <= quality < high: rewritten later; below: dropped with reasons
/// min_structure = 0.6 # below this structure score a sample is low whatever its quality
/// high_structure = 1.0 # high needs at least this structure score (every marker right) ...
/// high_floor = 0.5    # ... and no other scorer below this, so one strong score cannot hide a weak one
/// [quality.weights]
/// structure = 0.35
/// prose = 0.2
/// validity = 0.3
/// size = 0.15
/// [quality.prose]     # ProseScorer.Settings
/// [quality.size]      # SizeScorer.Settings
/// [quality.validity]  # CodeValidityScorer.Settings
/// ```
struct QualitySettings: Sendable, Hashable {
    var upstream = ["textbooks", "traces"]
    var high = 0.8
    var marginal = 0.5
    /// A sample whose parts cannot be found cannot be rewritten either: below this structure
    /// score it is `low` whatever the other scores.
    var minStructure = 0.6
    /// The markers are the instruction (FORMATS.md): a sample kept as is must have them all right.
    var highStructure = 1.0
    /// High also needs every scorer at or above this: a weighted mean alone lets perfect size
    /// and code hide rambling prose.
    var highFloor = 0.5
    /// Weight of each scorer in the overall quality; a scorer with nothing to judge (no code,
    /// no prose) is left out and the others share its weight.
    var weights: [String: Double] = ["structure": 0.35, "prose": 0.2, "validity": 0.3, "size": 0.15]
    var prose = ProseScorer.Settings()
    var size = SizeScorer.Settings()
    var validity = CodeValidityScorer.Settings()

    static let scorers = ["structure", "prose", "validity", "size"]

    init() {}

    init(section: ConfigTable) throws {
        upstream = try section.strings("upstream", default: upstream)
        high = try section.double("high", default: high)
        marginal = try section.double("marginal", default: marginal)
        minStructure = try section.double("min_structure", default: minStructure)
        highStructure = try section.double("high_structure", default: highStructure)
        highFloor = try section.double("high_floor", default: highFloor)
        let weightTable = try section.table("weights")
        for name in Self.scorers {
            let weight = try weightTable.double(name, default: weights[name]!)
            guard weight >= 0 else {
                throw ConfigError.invalid(file: section.file, key: weightTable.qualified(name),
                                          line: weightTable.line(of: name), reason: "must not be negative")
            }
            weights[name] = weight
        }
        try weightTable.rejectUnknownKeys()
        prose = try ProseScorer.Settings(section: section.table("prose"))
        size = try SizeScorer.Settings(section: section.table("size"))
        validity = try CodeValidityScorer.Settings(section: section.table("validity"))
        try section.rejectUnknownKeys()
        guard (0...1).contains(marginal), (0...1).contains(high), marginal <= high else {
            throw ConfigError.invalid(file: section.file, key: section.qualified("marginal"), line: section.line(of: "marginal"),
                                      reason: "thresholds must satisfy 0 <= marginal <= high <= 1 (marginal \(marginal), high \(high))")
        }
    }

    /// The band of a sample from its scores (`quality` and each scorer's; a missing scorer
    /// had nothing to judge and does not count).
    func band(_ scores: [String: Double]) -> Sample.Band {
        let quality = scores["quality"] ?? 0
        let structure = scores["structure"] ?? 1
        if structure < minStructure || quality < marginal { return .low }
        let weakest = Self.scorers.compactMap { scores[$0] }.min() ?? 1
        return quality >= high && structure >= highStructure && weakest >= highFloor ? .high : .marginal
    }
}
