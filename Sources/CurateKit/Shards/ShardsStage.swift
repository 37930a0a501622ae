import Foundation

/// The shards stage: every kept sample of a domain, rendered as its training text, tokenized
/// with the domain's tokenizer, closed by end-of-document, shuffled, split, put in a phase and
/// written as Megatron indexed datasets with a manifest per phase.
///
/// Output: `out/<domain>/shards/phase1|phase2/<domain>-<split>-NNNNN.bin/.idx` and
/// `manifest.json` beside them. Phase 2 takes the best eligible samples up to its share of the
/// tokens (the curriculum's last 6% by default); phase 1 has the rest.
///
/// No step holds a domain's samples (see `ShardFiles` for the files between steps):
///
/// 1. `tokenize` (a task per upstream part): the part's documents, tokenized and placed, by
///    shuffle-key range (`ShardTokenizeStep`).
/// 2. `shuffle` (`tasks` tasks, one per key range): the range's documents of every part,
///    merged into shard order (`ShuffleMergeStep`).
/// 3. `write` (one task): the shards and manifests, from the ranges in order (`ShardWriteStep`).
///
/// Documents are in shard order (shuffle key, then id) whatever the parts and tasks, so the
/// shards and manifests are the same bytes for any number of either.
public struct ShardsStage: Stage {
    public static let name = "shards"
    /// 2: the same shards, now made by three steps (tokenize, shuffle, write).
    public static let version = "2"

    public let settings: ShardSettings
    let loadTokenizer: @Sendable (URL) throws -> any ShardTokenizer

    public init(section: ConfigTable, domain: DomainSettings) throws {
        try self.init(settings: ShardSettings(section: section), loadTokenizer: ShardTokenizerFile.load)
    }

    init(settings: ShardSettings, loadTokenizer: @escaping @Sendable (URL) throws -> any ShardTokenizer) {
        self.settings = settings
        self.loadTokenizer = loadTokenizer
    }

    public var steps: [any Step] { [ShardTokenizeStep(stage: self), ShuffleMergeStep(stage: self), ShardWriteStep(stage: self)] }

    func tokenizerURL(_ context: StageContext) -> URL {
        if let path = settings.tokenizer { return URL(fileURLWithPath: path, relativeTo: context.domain.root).standardizedFileURL }
        return context.layout.tokenizer(domain: context.domain.name)
    }

    /// The upstream parts and the tokenizer they are encoded with.
    func upstreamInputs(_ context: StageContext) throws -> (parts: [StageInput], tokenizer: StageInput) {
        let parts = context.partInputs(upstream: [settings.upstream])
        guard !parts.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to shard; run the \(settings.upstream) stage first")
        }
        let tokenizer = tokenizerURL(context)
        guard FileManager.default.fileExists(atPath: tokenizer.path) else {
            throw InputRejected("\(context.domain.name): no tokenizer at \(context.displayPath(tokenizer)); run the tokenizer stage first")
        }
        return (parts, StageInput(id: context.displayPath(tokenizer), url: tokenizer))
    }

    /// The sample's score if it may go to phase 2 (its band, stage and score qualify), else nil.
    func phase2Score(_ sample: Sample) -> Double? {
        guard settings.phase2Share > 0 else { return nil }
        if !settings.phase2Bands.isEmpty {
            guard let band = sample.band, settings.phase2Bands.contains(band.rawValue) else { return nil }
        }
        if !settings.phase2Stages.isEmpty, !sample.lineage.contains(where: { settings.phase2Stages.contains($0.stage) }) { return nil }
        let score = sample.scores["quality"] ?? (sample.scores.isEmpty ? 0 : sample.scores.values.reduce(0, +) / Double(sample.scores.count))
        return score >= settings.phase2MinScore ? score : nil
    }
}

/// Tokens per quality-score bin, to find the score above which the best samples fill phase 2.
struct ScoreHistogram: Codable, Sendable {
    static let bins = 1000
    var tokens = [Int](repeating: 0, count: bins)

    static func bin(of score: Double) -> Int { min(bins - 1, max(0, Int(score * Double(bins)))) }

    mutating func add(_ score: Double, tokens count: Int) { tokens[Self.bin(of: score)] += count }

    mutating func merge(_ other: ScoreHistogram) {
        for index in 0..<Self.bins { tokens[index] += other.tokens[index] }
    }

    /// The lowest bin such that the eligible tokens from it upwards stay within `share` of
    /// `total`; `bins` (nothing qualifies) when even the top bin is too large.
    func threshold(forShare share: Double, of total: Int) -> Int {
        let budget = Int((share * Double(total)).rounded(.down))
        var taken = 0
        var threshold = Self.bins
        for index in stride(from: Self.bins - 1, through: 0, by: -1) {
            guard taken + tokens[index] <= budget else { break }
            taken += tokens[index]
            threshold = index
        }
        return threshold
    }
}

/// The `--data-path` blend of a phase: train shards weighted by their share of tokens.
enum ShardBlend {
    static func make(weight: Double, shards: [ShardManifest.Shard], folder: String) -> ShardManifest.Blend {
        let train = shards.filter { $0.split == .train && !$0.packed }
        let total = Double(max(1, train.reduce(0) { $0 + $1.tokens }))
        let path = train.map { String(format: "%.6f", weight * Double($0.tokens) / total) + " \(folder)/\($0.prefix)" }
        return ShardManifest.Blend(weight: weight, dataPath: path.joined(separator: " "))
    }
}

/// Loads a domain tokenizer file for the shard writer.
enum ShardTokenizerFile {
    @Sendable static func load(_ url: URL) throws -> any ShardTokenizer {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw InputRejected("no tokenizer at \(url.path): train it first (make tokenizer)")
        }
        return try DomainShardTokenizer.load(url)
    }
}
