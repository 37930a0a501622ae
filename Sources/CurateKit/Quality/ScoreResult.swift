/// One scorer's verdict on a sample: a score in `0...1` and the reasons it is not 1.
///
/// Reasons read `scorer.check: detail` so that the catalog can group them by the part before
/// the colon ("top reasons per domain") while keeping the measured value for a reader.
struct ScoreResult: Sendable, Hashable, Codable {
    var score: Double
    var reasons: [String]

    init(score: Double, reasons: [String] = []) {
        self.score = min(1, max(0, score))
        self.reasons = reasons
    }

    /// The share of passed checks, with the failed checks' reasons.
    init(checks: [Check]) {
        let passed = checks.filter(\.passed).count
        self.init(score: checks.isEmpty ? 1 : Double(passed) / Double(checks.count),
                  reasons: checks.filter { !$0.passed }.map(\.reason))
    }

    /// A named yes/no test and, when it fails, why.
    struct Check: Sendable, Hashable {
        var passed: Bool
        var reason: String

        init(_ passed: Bool, _ reason: @autoclosure () -> String) {
            self.passed = passed
            self.reason = passed ? "" : reason()
        }
    }
}

/// Formats a measured value for a reason: at most three decimals, no trailing zeros.
func formatted(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
}
