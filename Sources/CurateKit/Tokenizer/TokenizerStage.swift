import Foundation

/// Trains a domain's tokenizer on its curated samples: `out/<domain>/tokenizer/tokenizer.json`,
/// and `training.json` with the figures of the run.
///
/// No step holds a domain's samples; training is split the way counting is split over a
/// cluster:
///
/// 1. `counts` (a task per upstream part): the part's pieces and their counts, and its
///    held-out texts (`PieceCountStep`).
/// 2. `merge` (`tasks` tasks, each a share of the pieces by hash): summed counts (`CountMergeStep`).
/// 3. `train` (one task): BPE merges over the summed counts, `tokenizer.json` and
///    `training.json` (`BPETrainStep`).
///
/// The tokenizer is the one `TokenizerTraining.train` gives on the same samples, byte for byte,
/// whatever the number of parts and tasks. A share of samples, chosen by their id digest so the
/// choice is stable, is held out of training and only measured (bytes per token).
public struct TokenizerStage: Stage {
    public static let name = "tokenizer"
    /// 3: the same files, now made by three steps (counts, merge, train).
    public static let version = "3"

    /// Upstream stages tried in order when `upstream` is not set: the last curated one present.
    public static let upstreamPreference = ["rewrite", "decontaminate", "dedup", "quality", "textbooks", "traces"]

    public let settings: BPETrainingSettings
    /// The stage whose samples are trained on; nil picks from `upstreamPreference`.
    public let upstream: String?
    /// Per mille of samples held out for measurement.
    public let heldOutPerMille: Int
    public static let defaultHeldOutPerMille = 50
    /// Tasks of the merge step; the tokenizer does not depend on it.
    public let tasks: Int
    /// Distinct pieces the train step holds at most: beyond it, the rarest are left out
    /// (every piece of the lowest counts kept would exceed it), so its memory has a bound
    /// however large the corpus's vocabulary grows. Below it the tokenizer is exact.
    public let maxPieces: Int
    public static let defaultMaxPieces = 8_000_000

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
                                      reason: "\(JSONCoding.quote(patternName)) is not a pattern; expected one of " + PreTokenizerPattern.all.map(\.name).joined(separator: ", "))
        }
        settings = BPETrainingSettings(
            vocabularySize: try section.int("vocab_size", default: 16_000, range: 512...1_000_000),
            minimumFrequency: try section.int("min_frequency", default: 2, range: 1...1_000_000),
            pattern: pattern,
            specialTokens: try section.strings("special_tokens", default: SpecialTokens.defaults))
        upstream = try section.string("upstream")
        heldOutPerMille = try section.int("held_out_per_mille", default: Self.defaultHeldOutPerMille, range: 0...500)
        tasks = try section.int("tasks", default: 2, range: 1...1024)
        maxPieces = try section.int("max_pieces", default: Self.defaultMaxPieces, range: 1...Int.max)
        try section.rejectUnknownKeys()
    }

    public var steps: [any Step] { [PieceCountStep(stage: self), CountMergeStep(stage: self), BPETrainStep(stage: self)] }

    /// The upstream parts: the explicit ones, the `upstream` stage's, or the first stage of
    /// `upstreamPreference` that has parts.
    func upstreamInputs(_ context: StageContext) throws -> [StageInput] {
        let candidates = upstream.map { [$0] } ?? Self.upstreamPreference
        let inputs = context.explicitPaths != nil ? context.partInputs(upstream: [])
            : candidates.lazy.map { context.partInputs(upstream: [$0]) }.first { !$0.isEmpty } ?? []
        guard !inputs.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to train a tokenizer on; run the \(upstream ?? "curation") stage first")
        }
        return inputs
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
        "__AGENT_RESULT__",
        "__AGENT_RESULT_END__",
        "// ====== REQUEST ======",
        "ROUTE(",
    ]
}

/// Figures of one training run, written beside the tokenizer as `training.json`.
public struct TrainingReport: Codable, Sendable {
    /// The parts trained on.
    public var upstream: [String]
    /// Per mille of samples held out (by id digest) and only measured.
    public var heldOutPerMille: Int
    public var vocabularySize: Int
    public var merges: Int
    public var trainingSamples: Int
    public var trainingBytes: Int
    public var heldOutSamples: Int
    public var heldOutBytes: Int
    public var heldOutTokens: Int
    /// Distinct pieces left out of training by `max_pieces` (absent when none were).
    public var piecesLeftOut: Int?

    public init(tokenizer: Tokenizer, upstream: [String], heldOutPerMille: Int, trainingSamples: Int, trainingBytes: Int,
                heldOut: [String]) {
        self.init(tokenizer: tokenizer, upstream: upstream, heldOutPerMille: heldOutPerMille, trainingSamples: trainingSamples,
                  trainingBytes: trainingBytes) { body in heldOut.forEach(body) }
    }

    /// The held-out texts come one at a time from `heldOut`, which calls its argument with each.
    public init(tokenizer: Tokenizer, upstream: [String], heldOutPerMille: Int, trainingSamples: Int, trainingBytes: Int,
                heldOut: ((String) -> Void) throws -> Void) rethrows {
        self.upstream = upstream
        self.heldOutPerMille = heldOutPerMille
        vocabularySize = tokenizer.model.vocabularySize
        merges = tokenizer.model.merges.count
        self.trainingSamples = trainingSamples
        self.trainingBytes = trainingBytes
        var encoder = tokenizer.makeEncoder()
        var samples = 0, tokens = 0, bytes = 0
        var ids = [UInt32]()
        try heldOut { text in
            ids.removeAll(keepingCapacity: true)
            encoder.encode(text, into: &ids)
            samples += 1
            tokens += ids.count
            bytes += text.utf8.count
        }
        heldOutSamples = samples
        heldOutBytes = bytes
        heldOutTokens = tokens
    }

    /// Bytes per token on the held-out samples (0 when none were held out).
    public var heldOutBytesPerToken: Double { heldOutTokens == 0 ? 0 : Double(heldOutBytes) / Double(heldOutTokens) }
}
