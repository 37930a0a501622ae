/// Turns a model's answer into a sample and decides whether it may replace the original: the
/// answer must be complete, have its kind's markers, score in band `high` with the quality
/// stage's validators, keep a length near the original's and, for a QA pair, keep its topic.
struct RewriteCheck: Sendable {
    var language: CodeLanguage
    var lengthRatio: ClosedRange<Double>
    var topicOverlap: Double
    var validator: any RewriteValidator

    /// The kept rewrite, or every reason it was refused.
    enum Verdict: Sendable {
        case kept(Sample, RewriteAssessment)
        case refused([String])
    }

    func judge(_ answer: ChatAnswer, original: Sample, cache: (any StageCache)?) throws -> Verdict {
        if answer.finishReason == "length" {
            return .refused(["rewrite.truncated: the answer stopped at max_tokens (finish_reason \"length\")"])
        }
        let text = Self.unfenced(answer.content)
        guard !text.isEmpty else { return .refused(["rewrite.empty: the model answered with no text"]) }
        guard let parts = split(text, kind: original.kind) else {
            return .refused(["rewrite.shape: the answer has no \(completionOpeners(original.kind).joined(separator: " or ")) line after the prompt"])
        }
        let (prompt, completion) = parts
        let rewrite = Sample(domain: original.domain, kind: original.kind, prompt: prompt, completion: completion,
                             source: original.source, scores: original.scores, band: original.band, lineage: original.lineage)
        var reasons = [String]()
        let ratio = Double(rewrite.trainingText.utf8.count) / Double(max(1, original.trainingText.utf8.count))
        if !lengthRatio.contains(ratio) {
            reasons.append("rewrite.length: \(formatted(ratio)) times the original's length, outside \(formatted(lengthRatio.lowerBound))...\(formatted(lengthRatio.upperBound))")
        }
        if original.kind == .qa {
            let overlap = Self.topicOverlap(original: original.prompt, rewrite: rewrite.prompt)
            if overlap < topicOverlap {
                reasons.append("rewrite.topic: the question keeps \(formatted(overlap)) of the original's words, below \(formatted(topicOverlap))")
            }
        }
        if original.kind == .review, !Self.keepsReviewCode(original: original, rewrite: rewrite, language: language) {
            reasons.append("rewrite.review_code: the code or the fix changed; only the finding may be rewritten")
        }
        if rewrite.id == original.id { reasons.append("rewrite.unchanged: the answer repeats the original") }
        let assessment = try validator.assess(rewrite, cache: cache)
        if assessment.band != .high {
            let quality = formatted(assessment.scores["quality"] ?? 0)
            reasons.append("rewrite.quality: \(quality) is in band \(assessment.band.rawValue), not high"
                + (assessment.reasons.isEmpty ? "" : " (" + assessment.reasons.joined(separator: "; ") + ")"))
        }
        return reasons.isEmpty ? .kept(rewrite, assessment) : .refused(reasons)
    }

    /// The lines that begin a completion of `kind` in this language.
    func completionOpeners(_ kind: Sample.Kind) -> [String] {
        switch kind {
        case .qa: return language == .cpp ? ["/* ANSWER:"] : ["#[[ ANSWER:", ": <<'ANSWER'"]
        case .snapshot, .agentQuery: return ["/* REASONING:"]
        case .review: return [ReviewMarkers(language: language).findingOpen]
        case .route, .relay: return ["ROUTE(\""]
        case .text: return []
        }
    }

    /// Splits an answer into prompt and completion at the first line that opens the completion.
    /// A snapshot may be prompt-only (no fix known) and text has no completion.
    func split(_ text: String, kind: Sample.Kind) -> (String, String)? {
        let openers = completionOpeners(kind)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let index = lines.firstIndex(where: { line in openers.contains { line.trimmed.hasPrefix($0) } }), index > 0 {
            return (lines[..<index].joined(separator: "\n").trimmed, lines[index...].joined(separator: "\n").trimmed)
        }
        return kind == .text || kind == .snapshot ? (text, "") : nil
    }

    /// The answer without a Markdown code fence around it: small models add one however they
    /// are asked.
    static func unfenced(_ content: String) -> String {
        var lines = content.trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasPrefix("```"), let last = lines.last, last.trimmed == "```", lines.count >= 2 {
            lines = Array(lines.dropFirst().dropLast())
        }
        return lines.joined(separator: "\n").trimmed
    }

    /// A review's rewrite may only reword the finding: the prompt and the diff after the
    /// FINDING block must stay as they were.
    static func keepsReviewCode(original: Sample, rewrite: Sample, language: CodeLanguage) -> Bool {
        let close = "\n" + ReviewMarkers(language: language).findingClose
        func diff(_ completion: String) -> String? {
            completion.range(of: close).map { String(completion[$0.upperBound...]).trimmed }
        }
        return original.prompt.trimmed == rewrite.prompt.trimmed && diff(original.completion) != nil
            && diff(original.completion) == diff(rewrite.completion)
    }

    /// The share of the original question's words (letters and digits, three or more, lower
    /// case) that the rewritten question still uses.
    static func topicOverlap(original: String, rewrite: String) -> Double {
        let before = words(original)
        guard !before.isEmpty else { return 1 }
        return Double(before.intersection(words(rewrite)).count) / Double(before.count)
    }

    static func words(_ text: String) -> Set<String> {
        let ignored: Set<String> = ["question", "the", "and", "for", "how", "what", "why", "does", "with", "that", "this",
                                    "can", "you", "are", "its", "into", "when", "from", "than", "not"]
        var result = Set<String>()
        var word = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || (0x30...0x39).contains(scalar.value) || scalar == "_" {
                word.unicodeScalars.append(scalar)
            } else {
                if word.count >= 3, !ignored.contains(word) { result.insert(word) }
                word = ""
            }
        }
        if word.count >= 3, !ignored.contains(word) { result.insert(word) }
        return result
    }
}
