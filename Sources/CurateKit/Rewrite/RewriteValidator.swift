/// Judges a sample the way the quality stage does: scores, a band and the reasons for any
/// shortfall. The rewrite stage asks it twice: for the original (whose reasons go into the
/// prompt) and for the rewrite (which is kept only in band `high`).
protocol RewriteValidator: Sendable {
    func assess(_ sample: Sample, cache: (any StageCache)?) throws -> RewriteAssessment
}

/// A validator's verdict on one sample.
struct RewriteAssessment: Sendable, Hashable {
    var scores: [String: Double]
    var band: Sample.Band
    var reasons: [String]
}

/// The quality stage's own scorers (structure, prose, code validity with the real compilers and
/// linters, size), with the thresholds of `[rewrite.quality]`.
struct QualityRewriteValidator: RewriteValidator {
    let stage: QualityStage

    init(settings: QualitySettings, domain: DomainSettings) {
        stage = QualityStage(settings: settings, domain: domain)
    }

    func assess(_ sample: Sample, cache: (any StageCache)?) throws -> RewriteAssessment {
        let assessment = try stage.assess(sample, cache: cache)
        return RewriteAssessment(scores: assessment.scores, band: assessment.band, reasons: assessment.reasons)
    }
}
