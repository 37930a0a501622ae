import Foundation

/// The shards stage: every kept sample of a domain, rendered as its training text, tokenized
/// with the domain's tokenizer, closed by end-of-document, shuffled, split, put in a phase and
/// written as Megatron indexed datasets with a manifest per phase.
///
/// Output: `out/<domain>/shards/phase1|phase2/<domain>-<split>-NNNNN.bin/.idx` and
/// `manifest.json` beside them. Phase 2 takes the best eligible samples up to its share of the
/// tokens (the curriculum's last 6% by default); phase 1 has the rest.
public struct ShardsStage: Stage {
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

    func tokenizerURL(_ context: StageContext) -> URL {
        if let path = settings.tokenizer { return URL(fileURLWithPath: path, relativeTo: context.domain.root).standardizedFileURL }
        return context.outputRoot.appendingPathComponent("\(context.domain.name)/tokenizer/tokenizer.json")
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let folder = context.explicitPaths?.first
            ?? context.outputRoot.appendingPathComponent(context.domain.name).appendingPathComponent(settings.upstream)
        return [StageInput(id: context.displayPath(folder), url: folder, dependencies: [tokenizerURL(context)])]
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let parts = PartFiles.list(in: input.url)
        guard !parts.isEmpty else {
            throw InputRejected("no sample parts in \(input.id): run the \(settings.upstream) stage first")
        }
        let tokenizerURL = tokenizerURL(context)
        let tokenizer = try loadTokenizer(tokenizerURL)
        let shardsFolder = context.outputRoot.appendingPathComponent(context.domain.name).appendingPathComponent(Self.name)
        let scratch = shardsFolder.appendingPathComponent(".scratch.tmp-\(getpid())")
        try? FileManager.default.removeItem(at: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let spilled = try spill(parts: parts, tokenizer: tokenizer, into: scratch, threads: context.threads)
        let threshold = spilled.histogram.threshold(forShare: settings.phase2Share, of: spilled.tokens)
        let dtype = TokenDType.forVocabulary(size: tokenizer.vocabularySize)

        var writers = [Phase: [Split: ShardSetWriter]]()
        var staging = [Phase: URL]()
        for phase in Phase.allCases {
            let folder = shardsFolder.appendingPathComponent(".\(phase.name).tmp-\(getpid())")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            staging[phase] = folder
            for split in Split.allCases {
                writers[phase, default: [:]][split] = ShardSetWriter(folder: folder, domain: context.domain.name, split: split, dtype: dtype,
                                                                   maxBytes: settings.maxShardBytes, packLength: settings.packLength)
            }
        }
        for bucket in 0..<spilled.buckets {
            for document in try ShuffleBuckets.read(bucket: bucket, in: scratch) {
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
            try AtomicFile.write(try ShardManifest.encoder().encode(manifest), to: staging[phase]!.appendingPathComponent("manifest.json"))
            let final = shardsFolder.appendingPathComponent(phase.name)
            try? FileManager.default.removeItem(at: final)
            try FileManager.default.moveItem(at: staging[phase]!, to: final)
        }
        return StageOutput()
    }

    /// Pass one: tokenizes every sample and spills it into shuffle buckets, one spiller per
    /// upstream part, parts on all cores; counts the tokens and phase-2 scores on the way.
    private func spill(parts: [URL], tokenizer: any ShardTokenizer, into scratch: URL, threads: Int) throws
        -> (buckets: Int, tokens: Int, histogram: ScoreHistogram) {
        let bytes = parts.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1.path)[.size] as? Int) ?? 0) }
        // zstd JSON text expands about 5x and tokens take about as many bytes as the text:
        // aim at ~16 MiB of tokens per bucket, so memory stays flat as the corpus grows.
        let bucketCount = max(1, min(4096, bytes * 6 / (16 << 20)))
        let lock = NSLock()
        var tokens = 0
        var histogram = ScoreHistogram()
        var failure: Error?
        var buckets = 1
        var next = 0
        DispatchQueue.concurrentPerform(iterations: min(threads, parts.count)) { _ in
            while let index = lock.withLock({ () -> Int? in
                guard failure == nil, next < parts.count else { return nil }
                defer { next += 1 }
                return next
            }) {
                do {
                    let spiller = try ShuffleBuckets(folder: scratch, count: bucketCount, writer: "part\(index)")
                    var localTokens = 0
                    var localHistogram = ScoreHistogram()
                    let encode = tokenizer.makeEncoder()
                    try ZstdJSONLReader(url: parts[index]).forEach(Sample.self) { sample in
                        let ids = encode(sample.trainingText) + [tokenizer.endOfDocumentID]
                        let score = phase2Score(sample)
                        localTokens += ids.count
                        if let score { localHistogram.add(score, tokens: ids.count) }
                        try spiller.add(ShardDocument(
                            key: DocumentPlacement.shuffleKey(of: sample.id, seed: settings.seed), id: sample.id,
                            split: DocumentPlacement.split(of: sample.id, valid: settings.validShare, test: settings.testShare),
                            phase2Score: score, tokens: ids))
                    }
                    try spiller.close()
                    lock.withLock {
                        tokens += localTokens
                        histogram.merge(localHistogram)
                        buckets = spiller.count
                    }
                } catch {
                    lock.withLock { failure = failure ?? error }
                }
            }
        }
        if let failure { throw failure }
        return (buckets, tokens, histogram)
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
