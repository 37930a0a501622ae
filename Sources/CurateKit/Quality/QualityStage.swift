import Foundation

/// Scores every sample of the upstream stages and puts it in a band: `high` and `marginal`
/// samples go on with their `scores` and `band` set; `low` ones are returned as rejections
/// carrying every reason, so the catalog keeps them and why.
///
/// Every sample gets notes: `band` (its band), `reason` (one per failed check, or
/// `all checks passed`) and `validity.adjusted` when a snippet needed headers or wrapping to be
/// judged. Scores are per scorer (`structure`, `prose`, `validity`, `size`) plus the weighted
/// `quality` that decides the band. One input is one upstream part file.
public struct QualityStage: SampleStage {
    public static let name = "quality"
    public static let version = "2"

    let settings: QualitySettings
    let domain: DomainSettings
    /// The code of all of a run's inputs, judged together by the first part scored.
    let verdicts = StageVerdicts()

    public init(section: ConfigTable, domain: DomainSettings) throws {
        settings = try QualitySettings(section: section)
        self.domain = domain
    }

    init(settings: QualitySettings, domain: DomainSettings) {
        self.settings = settings
        self.domain = domain
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        context.partInputs(upstream: settings.upstream)
    }

    /// Samples scored at a time: a part is read and written a chunk at a time, so a task's memory
    /// does not grow with the size of its part.
    static let chunkSize = 2_048
    /// Code pieces judged together while gathering the run's verdicts (`prepareOnce`): enough to
    /// fill batches that share headers, bounded so the gathering does not hold a domain's code.
    static let gatherSize = 65_536

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        var output = StageOutput()
        try process(input, context) { chunk in
            output.samples += chunk.samples
            output.rejections += chunk.rejections
            output.notes += chunk.notes
        }
        return output
    }

    public func process(_ input: StageInput, _ context: StageContext, emit: (StageOutput) throws -> Void) throws {
        let scorer = CodeValidityScorer(settings: settings.validity)
        if scorer.settings.enabled, scorer.settings.batch {
            let inputs = try self.inputs(context)
            try verdicts.prepareOnce(inputs: inputs, cache: context.cache) { store in
                var code = [SampleAnatomy.Code]()
                for input in inputs.sorted(by: { $0.id < $1.id }) {
                    // An input that cannot be read is rejected by its own part, not here.
                    try? SampleParts.forEach(in: [input.url]) { sample in
                        code += SampleAnatomy(sample, language: domain.language).code
                        if code.count >= Self.gatherSize {
                            try scorer.prepare(code, cache: store, threads: context.runThreads)
                            code.removeAll(keepingCapacity: true)
                        }
                    }
                }
                try scorer.prepare(code, cache: store, threads: context.runThreads)
            }
        }
        var chunk = [Sample]()
        func flush() throws {
            try emit(try score(chunk, cache: context.cache, threads: context.threads, prejudged: verdicts))
            chunk.removeAll(keepingCapacity: true)
        }
        try SampleParts.forEach(in: [input.url]) { sample in
            chunk.append(sample)
            if chunk.count >= Self.chunkSize { try flush() }
        }
        if !chunk.isEmpty { try flush() }
    }

    /// Scores and bands `samples` in order; the part of `process` that does not read files.
    /// The code of all of them is judged first (what `prejudged` does not hold), in batches
    /// on `threads` threads.
    func score(_ samples: [Sample], cache: (any StageCache)?, threads: Int = 1, prejudged: StageVerdicts? = nil) throws -> StageOutput {
        let cache: any StageCache = cache.map { VerdictMemo(shared: $0) } ?? VerdictMemo(shared: nil)
        let parts = samples.flatMap { SampleAnatomy($0, language: domain.language).code }
        try CodeValidityScorer(settings: settings.validity).prepare(parts, cache: cache, threads: threads, prejudged: prejudged)
        var output = StageOutput()
        for var sample in samples {
            let assessment = try assess(sample, cache: cache)
            sample.scores.merge(assessment.scores) { _, new in new }
            sample.band = assessment.band
            sample.lineage.append(LineageStep(stage: Self.name, version: Self.version))
            let reasons = assessment.reasons.isEmpty ? ["all checks passed"] : assessment.reasons
            output.notes.append(SampleNote(sampleID: sample.id, key: "band", value: assessment.band.rawValue))
            output.notes += reasons.map { SampleNote(sampleID: sample.id, key: "reason", value: $0) }
            output.notes += assessment.adjustments.map { SampleNote(sampleID: sample.id, key: "validity.adjusted", value: $0) }
            if assessment.band == .low {
                let quality = formatted(assessment.scores["quality"] ?? 0)
                output.rejections.append(Finding(locator: sample.id,
                                                 reason: "low quality \(quality): " + reasons.joined(separator: "; ")))
            } else {
                output.samples.append(sample)
            }
        }
        return output
    }

    /// One sample's verdict.
    struct Assessment: Sendable {
        var scores: [String: Double]
        var band: Sample.Band
        var reasons: [String]
        var adjustments: [String]
    }

    func assess(_ sample: Sample, cache: (any StageCache)?) throws -> Assessment {
        let anatomy = SampleAnatomy(sample, language: domain.language)
        var results = [String: ScoreResult]()
        results["structure"] = StructureScorer().score(anatomy)
        results["prose"] = ProseScorer(settings: settings.prose).score(anatomy)
        var adjustments = [String]()
        if let validity = try CodeValidityScorer(settings: settings.validity).score(anatomy, cache: cache) {
            results["validity"] = validity.result
            adjustments = validity.adjustments
        }
        results["size"] = SizeScorer(settings: settings.size).score(sample)

        var weighted = 0.0
        var totalWeight = 0.0
        var scores = [String: Double]()
        var reasons = [String]()
        for name in QualitySettings.scorers {
            guard let result = results[name] else { continue }
            scores[name] = result.score
            reasons += result.reasons
            let weight = settings.weights[name] ?? 0
            weighted += weight * result.score
            totalWeight += weight
        }
        let quality = totalWeight > 0 ? weighted / totalWeight : 0
        // Rounded so that the band never hangs on the last bit of a floating-point sum.
        scores["quality"] = (quality * 1_000_000).rounded() / 1_000_000
        let structure = scores["structure"] ?? 1
        if structure < settings.minStructure {
            reasons.append("band.structure: structure \(formatted(structure)) below min_structure \(formatted(settings.minStructure))")
        }
        return Assessment(scores: scores, band: settings.band(scores),
                          reasons: reasons, adjustments: adjustments)
    }
}
