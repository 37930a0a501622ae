import Foundation

/// Trains a domain's tokenizer on its curated samples: `out/<domain>/tokenizer/tokenizer.json`,
/// and `training.json` with the figures of the run.
///
/// One step, `train`, with one task over every upstream part (their digests make the key, so
/// the tokenizer is retrained only when the data changed). A share of samples, chosen by their
/// id digest so the choice is stable, is held out of training and only measured (bytes per
/// token).
public struct TokenizerStage: Stage, Step {
    public static let name = "tokenizer"
    public static let version = "2"

    /// Upstream stages tried in order when `upstream` is not set: the last curated one present.
    public static let upstreamPreference = ["rewrite", "decontaminate", "dedup", "quality", "textbooks", "traces"]

    public let settings: BPETrainingSettings
    /// The stage whose samples are trained on; nil picks from `upstreamPreference`.
    public let upstream: String?
    /// Per mille of samples held out for measurement.
    public let heldOutPerMille: Int
    public static let defaultHeldOutPerMille = 50

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
        try section.rejectUnknownKeys()
    }

    public var steps: [any Step] { [self] }
    public var name: String { "train" }

    /// One task over the upstream parts: the explicit ones, the `upstream` stage's, or the
    /// first stage of `upstreamPreference` that has parts.
    public func tasks(_ context: StageContext) throws -> [StepTask] {
        let candidates = upstream.map { [$0] } ?? Self.upstreamPreference
        let inputs = context.explicitPaths != nil ? context.partInputs(upstream: [])
            : candidates.lazy.map { context.partInputs(upstream: [$0]) }.first { !$0.isEmpty } ?? []
        guard !inputs.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to train a tokenizer on; run the \(upstream ?? "curation") stage first")
        }
        return [StepTask(index: 0, inputs: inputs)]
    }

    public func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let training = try TokenizerTraining.train(files: task.inputs.map(\.url), settings: settings,
                                                   heldOutPerMille: heldOutPerMille, threads: context.threads)
        try AtomicFile.write(Data(TokenizerFile.json(training.tokenizer).utf8), to: try output.url("tokenizer.json"))
        let report = TrainingReport(tokenizer: training.tokenizer, upstream: task.inputs.map(\.id), heldOutPerMille: heldOutPerMille,
                                    trainingSamples: training.samples, trainingBytes: training.bytes, heldOut: training.heldOut)
        try AtomicFile.write(try JSONCoding.document.encode(report), to: try output.url("training.json"))
        return TaskReport(inputs: try task.inputs.map { InputRecord(uri: $0.id, digest: try output.digest(of: $0)) })
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

    public init(tokenizer: Tokenizer, upstream: [String], heldOutPerMille: Int, trainingSamples: Int, trainingBytes: Int,
                heldOut: [String]) {
        self.upstream = upstream
        self.heldOutPerMille = heldOutPerMille
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
}
