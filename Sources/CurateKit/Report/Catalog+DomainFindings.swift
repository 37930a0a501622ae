import Foundation
import GRDB

/// What each domain set aside, for the report: the most frequent rejection and skip reasons,
/// and how many places wait for a rewrite.
struct DomainFindings {
    var domain: String
    var rejected: [(reason: String, count: Int)]
    var skipped: [(reason: String, count: Int)]
    var pending: Int
}

extension Catalog {
    /// Per domain, the `limit` most frequent rejection and skip reasons (stage-qualified, with ids
    /// made generic as in `rejectionsByReason`) and the count of pending places, by domain name.
    func findingsPerDomain(limit: Int = 5) throws -> [DomainFindings] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT domain, stage, kind, reason FROM findings").map {
                (domain: $0["domain"] as String, stage: $0["stage"] as String, kind: $0["kind"] as String, reason: $0["reason"] as String)
            }
        }
        var counts = [String: [String: [String: Int]]]()
        for row in rows {
            counts[row.domain, default: [:]][row.kind, default: [:]]["\(row.stage): \(Self.generic(row.reason))", default: 0] += 1
        }
        func top(_ reasons: [String: Int]?) -> [(reason: String, count: Int)] {
            (reasons ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { ($0.key, $0.value) }
        }
        return counts.keys.sorted().map { domain in
            let kinds = counts[domain] ?? [:]
            return DomainFindings(domain: domain, rejected: top(kinds["rejected"]), skipped: top(kinds["skipped"]),
                                  pending: (kinds["pending"] ?? [:]).values.reduce(0, +))
        }
    }
}

extension HTMLReport {
    /// One table per domain: top rejection reasons, top skip reasons, pending rewrites.
    static func findingsTables(_ findings: [DomainFindings]) -> String {
        guard !findings.isEmpty else { return "<p class=\"empty\">nothing was rejected, skipped or left pending</p>" }
        return findings.map { entry in
            func rows(_ title: String, _ reasons: [(reason: String, count: Int)]) -> String {
                guard !reasons.isEmpty else { return "<tr><th>\(title)</th><td class=\"empty\">none</td><td></td></tr>" }
                return reasons.enumerated().map { index, row in
                    "<tr><th>\(index == 0 ? title : "")</th><td>\(HTML.escape(row.reason))</td><td class=\"count\">\(row.count)</td></tr>"
                }.joined(separator: "\n")
            }
            return """
                <h3>\(HTML.escape(entry.domain))</h3>
                <table class="findings">
                \(rows("rejected", entry.rejected))
                \(rows("skipped", entry.skipped))
                <tr><th>pending rewrites</th><td></td><td class="count">\(entry.pending)</td></tr>
                </table>
                """
        }.joined(separator: "\n")
    }
}
