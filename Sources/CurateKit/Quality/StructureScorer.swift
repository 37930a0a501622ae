/// Judges whether a sample has its kind's markers, in order and well formed (`FORMATS.md`):
/// the share of structural checks the sample passes.
///
/// The checks themselves are made while `SampleAnatomy` finds the sample's parts, so that what
/// this scorer calls malformed is exactly what the other scorers could not find.
struct StructureScorer: Sendable {
    func score(_ anatomy: SampleAnatomy) -> ScoreResult {
        ScoreResult(checks: anatomy.checks)
    }
}
