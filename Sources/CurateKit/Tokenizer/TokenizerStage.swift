import Foundation

/// Trains a domain's tokenizer on its curated samples and writes
/// `out/<domain>/tokenizer/tokenizer.json` (and `training.json`, the figures of the run).
///
/// The stage needs every sample at once, so it has a single input: the upstream stage's
/// folder, whose combined digest makes the runner retrain only when the data changed. A share
/// of samples, chosen by their id digest so the choice is stable, is held out of training and
/// only measured (bytes per token). The stage returns no samples: its product is the
/// tokenizer file, written atomically beside the (empty) part files, and its figures.
public struct TokenizerStage: Stage {
    public static let name = "tokenizer"
    public static let version = "1"

    /// Upstream stages tried in order when `upstream` is not set: the last curated one present.
    public static let upstreamPreference = ["rewrite", "dedup", "quality", "textbooks", "traces"]

    public let settings: BPETrainingSettings
    /// The stage whose samples are trained on; nil picks from `upstreamPreference`.
    public let upstream: String?
    /// Per mille of samples held out for measurement.
    public let heldOutPerMille: Int
    public static let defaultHeldOutPerMille = 50
    public let threads: Int

    public init(section: ConfigTable, domain: DomainSettings) throws {
        let defaultPattern: String
        switch domain.language {
        case .cpp: defaultPattern = "cpp"
        case .cmake: defaultPattern = "cmake"
        case .shell: defaultPattern = "shell"
        }
        let patternName = try section.string("pattern", default: defaultPattern)
        guard let pattern = PreTokenizerPattern.named(patternName) else {
            throw ConfigError.invalid(file: section.file, key: section.qualified("pattern"), line: section.line(of: "pattern"),
                                      reason: "expected one of " + PreTokenizerPattern.all.map(\.name).joined(separator: ", "))
        }
        settings = BPETrainingSettings(
            vocabularySize: try section.int("vocab_size", default: 16_000, range: 512...1_000_000),
            minimumFrequency: try section.int("min_frequency", default: 2, range: 1...1_000_000),
            pattern: pattern,
            specialTokens: try section.strings("special_tokens", default: SpecialTokens.defaults))
        upstream = try section.string("upstream")
        heldOutPerMille = try section.int("held_out_per_mille", default: Self.defaultHeldOutPerMille, range: 0...500)
        threads = try section.int("threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...256)
        try section.rejectUnknownKeys()
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        if let paths = context.explicitPaths {
            // One tokenizer from one body of samples: several inputs would overwrite each other.
            guard paths.count == 1 else {
                throw InputRejected("the tokenizer stage trains on one folder of sample parts; \(paths.count) paths were given")
            }
            return [StageInput(id: context.displayPath(paths[0]), url: paths[0])]
        }
        let candidates = upstream.map { [$0] } ?? Self.upstreamPreference
        for stage in candidates where !context.upstreamParts(of: stage).isEmpty {
            let folder = context.outputRoot.appendingPathComponent(context.domain.name).appendingPathComponent(stage)
            return [StageInput(id: stage, url: folder)]
        }
        return []
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let parts = input.url.lastPathComponent.hasSuffix(PartFiles.suffix) ? [input.url] : PartFiles.list(in: input.url)
        guard !parts.isEmpty else { throw InputRejected("\(input.id): no part files to train on") }
        let counter = PieceCounter(pattern: settings.pattern, addedTokens: settings.specialTokens, threads: threads)
        var heldOut = [String]()
        var batch = [String]()
        var trained = 0
        for part in parts {
            try ZstdJSONLReader(url: part).forEach(Sample.self) { sample in
                if Self.isHeldOut(sample.id, perMille: heldOutPerMille) {
                    heldOut.append(sample.trainingText)
                } else {
                    batch.append(sample.trainingText)
                    trained += 1
                    if batch.count == 4096 { counter.add(batch); batch.removeAll(keepingCapacity: true) }
                }
            }
        }
        counter.add(batch)
        let tokenizer = try BPETrainer.train(counter, settings)
        let folder = context.outputRoot.appendingPathComponent(context.domain.name).appendingPathComponent(Self.name)
        try AtomicFile.write(Data(TokenizerFile.json(tokenizer).utf8), to: folder.appendingPathComponent("tokenizer.json"))
        let report = TrainingReport(tokenizer: tokenizer, upstream: input.id, trainingSamples: trained,
                                    trainingBytes: counter.bytesSeen, heldOut: heldOut)
        try AtomicFile.write(try report.json(), to: folder.appendingPathComponent("training.json"))
        return StageOutput()
    }

    /// Whether a sample is held out: the first 8 hex digits of its id, modulo 1000.
    public static func isHeldOut(_ id: String, perMille: Int) -> Bool {
        guard perMille > 0, let value = UInt64(id.prefix(8), radix: 16) else { return false }
        return Int(value % 1000) < perMille
    }
}

/// The special tokens of every domain: the sample markers of FORMATS.md and end-of-text.
public enum SpecialTokens {
    public static let defaults = [
        "<|endoftext|>",
        "// QUESTION:",
        "/* ANSWER:",
        "/* REASONING:",
        "// ====== DEBUGGER SNAPSHOT ======",
        "// ====== TASK ======",
        "// ====== SOURCE ======",
        "// <-- BOOM",
        "__AGENT_QUERY__",
    ]
}

/// Figures of one training run, written beside the tokenizer as `training.json`.
public struct TrainingReport: Codable, Sendable {
    public var upstream: String
    public var vocabularySize: Int
    public var merges: Int
    public var trainingSamples: Int
    public var trainingBytes: Int
    public var heldOutSamples: Int
    public var heldOutBytes: Int
    public var heldOutTokens: Int

    public init(tokenizer: Tokenizer, upstream: String, trainingSamples: Int, trainingBytes: Int, heldOut: [String]) {
        self.upstream = upstream
        vocabularySize = tokenizer.model.vocabularySize
        merges = tokenizer.model.merges.count
        self.trainingSamples = trainingSamples
        self.trainingBytes = trainingBytes
        heldOutSamples = heldOut.count
        var encoder = tokenizer.makeEncoder()
        var tokens = 0, bytes = 0
        var ids = [UInt32]()
        for text in heldOut {
            ids.removeAll(keepingCapacity: true)
            encoder.encode(text, into: &ids)
            tokens += ids.count
            bytes += text.utf8.count
        }
        heldOutBytes = bytes
        heldOutTokens = tokens
    }

    /// Bytes per token on the held-out samples (0 when none were held out).
    public var heldOutBytesPerToken: Double { heldOutTokens == 0 ? 0 : Double(heldOutBytes) / Double(heldOutTokens) }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
