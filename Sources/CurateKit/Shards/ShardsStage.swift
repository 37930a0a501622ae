import Foundation

/// The shards stage: every kept sample of a domain, rendered as its training text, tokenized
/// with the domain's tokenizer, closed by end-of-document, shuffled, split, put in a phase and
/// written as Megatron indexed datasets with a manifest per phase.
///
/// Output: `out/<domain>/shards/phase1|phase2/<domain>-<split>-NNNNN.bin/.idx` and
/// `manifest.json` beside them. Phase 2 takes the best eligible samples up to its share of the
/// tokens (the curriculum's last 6% by default); phase 1 has the rest.
public struct ShardsStage: Stage, Step {
    public static let name = "shards"
    public static let version = "1"

    public let settings: ShardSettings
    let loadTokenizer: @Sendable (URL) throws -> any ShardTokenizer

    public init(section: ConfigTable, domain: DomainSettings) throws {
        try self.init(settings: ShardSettings(section: section), loadTokenizer: ShardTokenizerFile.load)
    }

    init(settings: ShardSettings, loadTokenizer: @escaping @Sendable (URL) throws -> any ShardTokenizer) {
        self.settings = settings
        self.loadTokenizer = loadTokenizer
    }

    public var steps: [any Step] { [self] }
    public var name: String { "write" }

    func tokenizerURL(_ context: StageContext) -> URL {
        if let path = settings.tokenizer { return URL(fileURLWithPath: path, relativeTo: context.domain.root).standardizedFileURL }
        return context.layout.tokenizer(domain: context.domain.name)
    }

    /// One task over every upstream part and the tokenizer they are encoded with.
    public func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = context.partInputs(upstream: [settings.upstream])
        guard !parts.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to shard; run the \(settings.upstream) stage first")
        }
        let tokenizer = tokenizerURL(context)
        guard FileManager.default.fileExists(atPath: tokenizer.path) else {
            throw InputRejected("\(context.domain.name): no tokenizer at \(context.displayPath(tokenizer)); run the tokenizer stage first")
        }
        return [StepTask(index: 0, inputs: parts + [StageInput(id: context.displayPath(tokenizer), url: tokenizer)])]
    }

    public func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let tokenizerURL = tokenizerURL(context)
        let parts = task.inputs.map(\.url).filter { $0 != tokenizerURL }
        let tokenizer = try loadTokenizer(tokenizerURL)
        let spilled = try spill(parts: parts, tokenizer: tokenizer, into: try output.scratch, threads: context.threads)
        let threshold = spilled.histogram.threshold(forShare: settings.phase2Share, of: spilled.tokens)
        let dtype = TokenDType.forVocabulary(size: tokenizer.vocabularySize)

        var writers = [Phase: [Split: ShardSetWriter]]()
        for phase in Phase.allCases {
            let folder = try output.folder(phase.name)
            for split in Split.allCases {
                writers[phase, default: [:]][split] = ShardSetWriter(folder: folder, domain: context.domain.name, split: split, dtype: dtype,
                                                                   maxBytes: settings.maxShardBytes, packLength: settings.packLength)
            }
        }
        for bucket in 0..<spilled.buckets {
            for document in try ShuffleBuckets.read(bucket: bucket, in: try output.scratch) {
                let phase: Phase = document.phase2Score.map { ScoreHistogram.bin(of: $0) >= threshold } == true ? .two : .one
                try writers[phase]![document.split]!.append(document.tokens)
            }
        }

        let tokenizerInfo = ShardManifest.Tokenizer(path: context.displayPath(tokenizerURL), sha256: tokenizer.digest,
                                                    vocabularySize: tokenizer.vocabularySize, endOfDocumentId: tokenizer.endOfDocumentID)
        for phase in Phase.allCases {
            let splitWriters = Split.allCases.map { writers[phase]![$0]! }
            for writer in splitWriters { try writer.finish() }
            let shards = splitWriters.flatMap(\.finished)
            let tokens = splitWriters.reduce(0) { $0 + $1.totals.tokens }
            let manifest = ShardManifest(
                domain: context.domain.name, phase: phase.rawValue, dtype: dtype.name, seed: settings.seed,
                settingsDigest: settings.digest, tokenizer: tokenizerInfo,
                splits: Dictionary(uniqueKeysWithValues: splitWriters.map { ($0.split.rawValue, $0.totals) }),
                tokenShare: spilled.tokens == 0 ? 0 : Double(tokens) / Double(spilled.tokens),
                packLength: settings.packLength, shards: shards,
                blend: ShardBlend.make(weight: settings.blendWeight, shards: shards, folder: "\(context.domain.name)/\(Self.name)/\(phase.name)"))
            try AtomicFile.write(try JSONCoding.document.encode(manifest), to: try output.url("\(phase.name)/manifest.json"))
        }
        return TaskReport(inputs: try task.inputs.map { InputRecord(uri: $0.id, digest: try output.digest(of: $0)) })
    }

    /// Pass one: tokenizes every sample and spills it into shuffle buckets, one spiller per
    /// upstream part, parts on all cores; counts the tokens and phase-2 scores on the way.
    private func spill(parts: [URL], tokenizer: any ShardTokenizer, into scratch: URL, threads: Int) throws
        -> (buckets: Int, tokens: Int, histogram: ScoreHistogram) {
        let bytes = parts.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1.path)[.size] as? Int) ?? 0) }
        // zstd JSON text expands about 5x and tokens take about as many bytes as the text:
        // aim at ~16 MiB of tokens per bucket, so memory stays flat as the corpus grows.
        let bucketCount = max(1, min(4096, bytes * 6 / (16 << 20)))
        let counts = try WorkerPool.map(parts.count, threads: threads) { index -> (tokens: Int, histogram: ScoreHistogram, buckets: Int) in
            let spiller = try ShuffleBuckets(folder: scratch, count: bucketCount, writer: "part\(index)")
            var tokens = 0
            var histogram = ScoreHistogram()
            let encode = tokenizer.makeEncoder()
            try SampleParts.forEach(in: [parts[index]]) { sample in
                let ids = encode(sample.trainingText) + [tokenizer.endOfDocumentID]
                let score = phase2Score(sample)
                tokens += ids.count
                if let score { histogram.add(score, tokens: ids.count) }
                try spiller.add(ShardDocument(
                    key: DocumentPlacement.shuffleKey(of: sample.id, seed: settings.seed), id: sample.id,
                    split: DocumentPlacement.split(of: sample.id, valid: settings.validShare, test: settings.testShare),
                    phase2Score: score, tokens: ids))
            }
            try spiller.close()
            return (tokens, histogram, spiller.count)
        }
        var histogram = ScoreHistogram()
        for count in counts { histogram.merge(count.histogram) }
        return (counts.last?.buckets ?? 1, counts.reduce(0) { $0 + $1.tokens }, histogram)
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
struct ScoreHistogram {
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
