/// The `[decontaminate]` section of a pipeline file.
///
/// ```toml
/// [decontaminate]
/// upstream = "dedup"                  # the stage whose parts are checked
/// sets = ["evals/cpp-problems.jsonl"] # evaluation sets: JSON Lines, plain files or folders
/// text_fields = ["text"]              # JSON Lines fields that hold an item's text
/// ngram = 13                          # words per word n-gram
/// code_ngram = 20                     # tokens per normalised-code n-gram
/// threshold = 0.5                     # share of an item's n-grams that makes a sample contaminated
/// exact_units = true                  # also drop a sample holding a whole normalised function of an item
/// min_unit_tokens = 24                # ... of at least this many code tokens
/// ```
public struct DecontaminateSettings: Sendable, Hashable {
    public var upstream = "dedup"
    public var sets = [String]()
    public var textFields = ["text"]
    public var ngram = 13
    public var codeNgram = 20
    public var threshold = 0.5
    public var exactUnits = true
    public var minUnitTokens = 24

    public init() {}

    init(section: ConfigTable) throws {
        upstream = try section.string("upstream", default: upstream)
        sets = try section.strings("sets", default: sets)
        textFields = try section.strings("text_fields", default: textFields)
        ngram = try section.int("ngram", default: ngram, range: 1...256)
        codeNgram = try section.int("code_ngram", default: codeNgram, range: 1...256)
        threshold = try section.double("threshold", default: threshold)
        exactUnits = try section.bool("exact_units", default: exactUnits)
        minUnitTokens = try section.int("min_unit_tokens", default: minUnitTokens, range: 1...100_000)
        try section.rejectUnknownKeys()
        guard threshold > 0 && threshold <= 1 else {
            throw ConfigError.outOfRange(file: section.file, key: section.qualified("threshold"),
                                         line: section.line(of: "threshold"), expected: "a share above 0, at most 1")
        }
    }
}
