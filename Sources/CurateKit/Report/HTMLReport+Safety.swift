import Foundation

extension HTMLReport {
    /// One table per domain: the samples dropped as contaminated by evaluation item and method,
    /// then the redactions by stage and kind (never the text removed).
    static func safetyTables(catalog: Catalog) throws -> String {
        let contamination = try catalog.contaminationCounts()
        let redactions = try catalog.redactionCounts()
        let domains = Set(contamination.map(\.domain)).union(redactions.map(\.domain)).sorted()
        guard !domains.isEmpty else { return "<p class=\"empty\">no sample was contaminated and nothing was redacted</p>" }
        return domains.map { domain in
            let dropped = contamination.filter { $0.domain == domain }.map {
                "<tr><th>contaminated</th><td>\(HTML.escape($0.item)) (\(HTML.escape($0.method)), overlap up to \(HTML.escape($0.maxOverlap)))</td><td class=\"count\">\($0.samples)</td></tr>"
            }
            let redacted = redactions.filter { $0.domain == domain }.map {
                "<tr><th>redacted</th><td>\(HTML.escape($0.kind)) in \(HTML.escape($0.stage)) (\($0.samples) samples)</td><td class=\"count\">\($0.count)</td></tr>"
            }
            let rows = (dropped.isEmpty ? ["<tr><th>contaminated</th><td class=\"empty\">none</td><td></td></tr>"] : dropped)
                + (redacted.isEmpty ? ["<tr><th>redacted</th><td class=\"empty\">none</td><td></td></tr>"] : redacted)
            return "<h3>\(HTML.escape(domain))</h3>\n<table class=\"findings\">\n\(rows.joined(separator: "\n"))\n</table>"
        }.joined(separator: "\n")
    }
}
