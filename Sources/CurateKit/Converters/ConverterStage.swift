import Foundation

/// Trains the domain's space converters: one from its tokenizer to each target domain's,
/// `out/<domain>/converters/<target>.safetensors`, with `<target>.json` holding the figures of
/// the run (coverage, and exactness and table share on held-out samples).
///
/// One step, `train`, with one task per target. A task's inputs are both tokenizers and the
/// sample parts of both domains (the stage their tokenizers were trained from), so a converter
/// is retrained when either side changes. Runs after the tokenizer stage; `curate run` runs
/// each stage for every domain before the next stage, so every target's tokenizer exists.
///
/// ```toml
/// [converters]
/// to = ["shell", "debug"]          # default: every other domain with a tokenizer
/// upstream = "rewrite"             # default: as the tokenizer stage picks
/// texts = ["corpora/shared.txt"]   # extra text both tokenizers read (relative to the root)
/// max_bytes_per_domain = 16777216  # sample bytes read from each domain
/// held_out_per_mille = 50          # samples kept out of counting and converted as a check
/// ```
public struct ConverterStage: Stage, Step {
    public static let name = "converters"
    public static let version = "1"

    /// Target domains; nil means every other domain with a tokenizer.
    public let targets: [String]?
    /// The stage whose samples are read in each domain; nil picks as the tokenizer stage does.
    public let upstream: String?
    /// Extra text files (relative to the domain root) both tokenizers read.
    public let texts: [String]
    /// Bytes of samples read from each domain for counting, at most.
    public let maxBytesPerDomain: Int
    /// Per mille of samples (by id digest) kept out of counting and used to check conversion.
    public let heldOutPerMille: Int

    public init(section: ConfigTable, domain: DomainSettings) throws {
        targets = try section.strings("to")
        upstream = try section.string("upstream")
        texts = try section.strings("texts", default: [])
        maxBytesPerDomain = try section.int("max_bytes_per_domain", default: 16 << 20, range: 1024...(1 << 40))
        heldOutPerMille = try section.int("held_out_per_mille", default: TokenizerStage.defaultHeldOutPerMille, range: 0...500)
        try section.rejectUnknownKeys()
    }

    public var steps: [any Step] { [self] }
    public var name: String { "train" }

    /// The target domains of this run: the configured ones, or every other domain whose
    /// tokenizer exists, sorted.
    func targetDomains(_ context: StageContext) throws -> [String] {
        let layout = context.layout
        if let targets {
            for target in targets where !FileManager.default.fileExists(atPath: layout.tokenizer(domain: target).path) {
                throw InputRejected("\(context.domain.name): converters.to names \(target), which has no tokenizer at "
                                    + "\(context.displayPath(layout.tokenizer(domain: target))); run its tokenizer stage first")
            }
            return targets.filter { $0 != context.domain.name }
        }
        return layout.domains.filter {
            $0 != context.domain.name && FileManager.default.fileExists(atPath: layout.tokenizer(domain: $0).path)
        }
    }

    /// The sample parts a domain's text comes from: the explicit paths, the `upstream` stage's,
    /// or those of the first stage of the tokenizer stage's preference that has parts.
    func parts(of domain: String, _ context: StageContext) -> [StageInput] {
        if context.explicitPaths != nil { return context.partInputs(upstream: []) }
        for stage in upstream.map({ [$0] }) ?? TokenizerStage.upstreamPreference {
            let parts = context.layout.parts(of: stage, domain: domain)
            if !parts.isEmpty { return parts.map { StageInput(id: context.displayPath($0), url: $0) } }
        }
        return []
    }

    func textURL(_ path: String, _ context: StageContext) -> URL {
        URL(fileURLWithPath: path, relativeTo: context.domain.root).standardizedFileURL
    }

    public func tasks(_ context: StageContext) throws -> [StepTask] {
        let source = context.layout.tokenizer(domain: context.domain.name)
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw InputRejected("\(context.domain.name): no tokenizer at \(context.displayPath(source)); run the tokenizer stage first")
        }
        let texts = self.texts.map { StageInput(id: $0, url: textURL($0, context)) }
        let sourceParts = parts(of: context.domain.name, context)
        return try targetDomains(context).enumerated().map { index, target in
            let tokenizer = context.layout.tokenizer(domain: target)
            let targetParts = context.explicitPaths == nil ? parts(of: target, context) : []
            return StepTask(index: index, inputs: [StageInput(id: context.displayPath(source), url: source),
                                                   StageInput(id: context.displayPath(tokenizer), url: tokenizer)]
                            + sourceParts + targetParts + texts)
        }
    }

    public func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let domain = context.domain.name
        let targets = try targetDomains(context)
        guard task.index < targets.count, task.inputs.count > 1,
              task.inputs[1].url.standardizedFileURL == context.layout.tokenizer(domain: targets[task.index]).standardizedFileURL else {
            throw InputRejected("\(domain): the domains with tokenizers changed while the converters stage ran; run it again")
        }
        let target = targets[task.index]
        let a = try ConverterTraining.Side.load(domain: domain, url: context.layout.tokenizer(domain: domain))
        let b = try ConverterTraining.Side.load(domain: target, url: context.layout.tokenizer(domain: target))
        var text = ConverterText(maxBytesPerDomain: maxBytesPerDomain, heldOutPerMille: heldOutPerMille)
        let sourceParts = parts(of: domain, context).map(\.url)
        try text.add(parts: sourceParts)
        if context.explicitPaths == nil { try text.add(parts: parts(of: target, context).map(\.url)) }
        for path in texts { try text.add(file: textURL(path, context), id: path) }

        let converter = try ConverterTraining.train(from: a, to: b, documents: text.training, threads: context.threads)
        let report = try ConverterReport.measure(converter, source: a.tokenizer, target: b.tokenizer,
                                                 trainingDocuments: text.training.count, heldOut: text.heldOut)
        try AtomicFile.write(try converter.safetensors(), to: try output.url("\(target).safetensors"))
        try AtomicFile.write(try JSONCoding.document.encode(report), to: try output.url("\(target).json"))
        return TaskReport(inputs: try task.inputs.map { InputRecord(uri: $0.id, digest: try output.digest(of: $0)) })
    }
}

/// The text a converter is counted on and checked with: samples of both domains, each domain
/// capped in bytes, a stable share of them held out by id digest; plus extra text files.
struct ConverterText {
    let maxBytesPerDomain: Int
    let heldOutPerMille: Int
    var training: [String] = []
    var heldOut: [(id: String, text: String)] = []

    mutating func add(parts: [URL]) throws {
        var bytes = 0, heldOutBytes = 0
        try SampleParts.forEach(in: parts) { sample in
            let text = sample.trainingText
            if TokenizerStage.isHeldOut(sample.id, perMille: heldOutPerMille) {
                // Held-out text is only converted and compared, so a tenth of the budget is plenty.
                if heldOutBytes < maxBytesPerDomain / 10 { heldOut.append((sample.id, text)); heldOutBytes += text.utf8.count }
            } else if bytes < maxBytesPerDomain {
                training.append(text)
                bytes += text.utf8.count
            }
        }
    }

    mutating func add(file: URL, id: String) throws {
        let data: Data
        do { data = try Data(contentsOf: file) } catch { throw InputRejected("\(id): cannot read converter text: \(error.localizedDescription)") }
        training.append(String(decoding: data, as: UTF8.self))
    }
}
