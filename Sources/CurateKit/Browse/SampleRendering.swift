import Foundation

/// Writes a browsed sample for a person: a header naming it, the text exactly as it is trained
/// on, then its scores, band, source and lineage. With `colour`, the structural markers of
/// FORMATS.md are highlighted with ANSI escapes (for `less -R`); without, the text is plain.
public struct SampleRendering: Sendable {
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    /// The markers a trainer's tokenizer treats as special tokens, each with its colour: the
    /// question and answer openers, the snapshot section rules, the faulting-line mark and
    /// the agent's query call.
    static let markers: [(pattern: String, colour: String)] = [
        (#"(//|#) QUESTION:"#, "1;36"),
        (#"(/\*|#\[\[) ANSWER:|: <<'ANSWER'"#, "1;32"),
        (#"/\* REASONING:"#, "1;35"),
        (#"// ====== [A-Z ]+ ======"#, "1;33"),
        (#"// <-- BOOM"#, "1;31"),
        (#"__AGENT_QUERY__"#, "1;34"),
    ]

    private static let expressions: [(NSRegularExpression, String)] = markers.map {
        (try! NSRegularExpression(pattern: $0.pattern), $0.colour)
    }

    public func render(_ browsed: BrowsedSample) -> String {
        let sample = browsed.sample
        var lines = [String]()
        let band = sample.band.map { " · \($0.rawValue)" } ?? ""
        lines.append(styled("━━ \(sample.id) · \(sample.domain) · \(browsed.stage) · \(sample.kind.rawValue)\(band)", "1"))
        lines.append(styled("   \(browsed.part):\(browsed.line)", "2"))
        lines.append(highlighted(sample.trainingText))
        lines.append(styled("──", "2"))
        if !sample.scores.isEmpty {
            let scores = sample.scores.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }
            lines.append("scores   " + scores.joined(separator: "  "))
        }
        lines.append("band     " + (sample.band?.rawValue ?? "-"))
        if !browsed.reasons.isEmpty { lines.append("reasons  " + browsed.reasons.joined(separator: "; ")) }
        lines.append("source   \(sample.source.uri)  \(sample.source.locator)")
        if let title = sample.source.title { lines.append("title    \(title)") }
        if let licence = sample.source.licence { lines.append("licence  \(licence)") }
        let lineage = sample.lineage.map { step -> String in
            let detail = (step.detail ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "\(step.stage) \(step.version)" + (detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))")
        }
        lines.append("lineage  " + (lineage.isEmpty ? "-" : lineage.joined(separator: " → ")))
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// `text` with every marker wrapped in its colour; unchanged without colour.
    func highlighted(_ text: String) -> String {
        guard colour else { return text }
        let whole = text as NSString
        var spans = [(NSRange, String)]()
        for (expression, code) in Self.expressions {
            for match in expression.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
                spans.append((match.range, code))
            }
        }
        spans.sort { $0.0.location < $1.0.location }
        var result = "", position = 0
        for (range, code) in spans where range.location >= position {
            result += whole.substring(with: NSRange(location: position, length: range.location - position))
            result += "\u{1B}[\(code)m" + whole.substring(with: range) + "\u{1B}[0m"
            position = range.location + range.length
        }
        return result + whole.substring(from: position)
    }

    private func styled(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
