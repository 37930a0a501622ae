import Foundation
import GRDB

/// The questions `curate catalog` answers, each as a rendered text table.
extension Catalog {
    /// Samples per domain, stage, kind and band, with the inputs, rejections and skips beside.
    public func summaryReport() throws -> String {
        try read { db in
            let samples = try Row.fetchAll(db, sql: """
                SELECT domain, stage, kind, COALESCE(band, '-') AS band, COUNT(*) AS n FROM samples
                GROUP BY domain, stage, kind, band ORDER BY domain, stage, kind, band
                """).map { row -> [String] in [row["domain"], row["stage"], row["kind"], row["band"], "\(row["n"] as Int)"] }
            let inputs = try Row.fetchAll(db, sql: """
                SELECT i.domain, i.stage, COUNT(*) AS inputs, SUM(i.status = 'rejected') AS rejected_inputs,
                    (SELECT COUNT(*) FROM findings f WHERE f.domain = i.domain AND f.stage = i.stage AND f.kind = 'rejected') AS rejected,
                    (SELECT COUNT(*) FROM findings f WHERE f.domain = i.domain AND f.stage = i.stage AND f.kind = 'skipped') AS skipped
                FROM inputs i GROUP BY i.domain, i.stage ORDER BY i.domain, i.stage
                """).map { row -> [String] in
                    [row["domain"], row["stage"], "\(row["inputs"] as Int)", "\(row["rejected_inputs"] as Int)",
                     "\(row["rejected"] as Int)", "\(row["skipped"] as Int)"]
                }
            var report = "samples\n" + TextTable.render(header: ["domain", "stage", "kind", "band", "samples"], rows: samples, leftColumns: 4)
                + "\n\ninputs\n" + TextTable.render(header: ["domain", "stage", "inputs", "rejected inputs", "rejected places", "skipped places"],
                                                    rows: inputs, leftColumns: 2)
            let bands = try Catalog.bandRows(db)
            if !bands.isEmpty {
                report += "\n\nquality bands\n" + TextTable.render(header: ["domain", "band", "samples"], rows: bands, leftColumns: 2)
                report += "\n\ntop quality reasons\n" + TextTable.render(header: ["domain", "reason", "samples"],
                                                                          rows: try Catalog.reasonRows(db), leftColumns: 2)
            }
            return report
        }
    }

    /// Band counts per domain, from the quality stage's `band` notes (low samples are not passed
    /// on, so the samples table alone would miss them).
    static func bandRows(_ db: Database) throws -> [[String]] {
        try Row.fetchAll(db, sql: """
            SELECT domain, value AS band, COUNT(*) AS n FROM sample_notes
            WHERE stage = 'quality' AND key = 'band' GROUP BY domain, value ORDER BY domain, value
            """).map { [$0["domain"], $0["band"], "\($0["n"] as Int)"] }
    }

    /// The ten most frequent quality reasons per domain, by the check name before the first ':'.
    static func reasonRows(_ db: Database) throws -> [[String]] {
        try Row.fetchAll(db, sql: """
            SELECT domain, reason, n FROM (
                SELECT domain, substr(value, 1, instr(value || ':', ':') - 1) AS reason, COUNT(*) AS n,
                    ROW_NUMBER() OVER (PARTITION BY domain ORDER BY COUNT(*) DESC,
                                       substr(value, 1, instr(value || ':', ':') - 1)) AS rank
                FROM sample_notes WHERE stage = 'quality' AND key = 'reason' GROUP BY domain, reason)
            WHERE rank <= 10 ORDER BY domain, n DESC, reason
            """).map { [$0["domain"], $0["reason"], "\($0["n"] as Int)"] }
    }

    /// Rejections grouped by reason (with `detail`, one row per rejected place).
    public func rejectedReport(domain: String?, detail: Bool, limit: Int) throws -> String {
        try read { db in
            let filter = domain == nil ? "" : "AND domain = ?"
            let arguments: StatementArguments = domain.map { [$0] } ?? []
            if detail {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT domain, stage, uri, locator, reason FROM findings WHERE kind = 'rejected' \(filter)
                    ORDER BY domain, stage, uri, locator LIMIT \(limit)
                    """, arguments: arguments).map { row -> [String] in
                        [row["domain"], row["stage"], row["uri"], row["locator"], row["reason"]]
                    }
                return TextTable.render(header: ["domain", "stage", "input", "place", "reason"], rows: rows, leftColumns: 5)
            }
            // Ids and digests in reasons are made generic so that one kind of rejection is one row.
            var counts = [[String]: Int]()
            for row in try Row.fetchAll(db, sql: "SELECT domain, stage, reason FROM findings WHERE kind = 'rejected' \(filter)",
                                        arguments: arguments) {
                counts[[row["domain"], row["stage"], Catalog.generic(row["reason"])], default: 0] += 1
            }
            let rows = counts.sorted { ($1.value, $0.key.joined()) < ($0.value, $1.key.joined()) }.prefix(limit).map { key, count in
                [key[0], key[1], String(key[2].prefix(120)), "\(count)"]
            }
            return TextTable.render(header: ["domain", "stage", "reason", "count"], rows: Array(rows), leftColumns: 3)
        }
    }

    /// Skipped places grouped by reason.
    public func skippedReport(domain: String?, limit: Int) throws -> String {
        try read { db in
            let filter = domain == nil ? "" : "AND domain = ?"
            let rows = try Row.fetchAll(db, sql: """
                SELECT domain, stage, reason, COUNT(*) AS n FROM findings WHERE kind = 'skipped' \(filter)
                GROUP BY domain, stage, reason ORDER BY n DESC, domain, stage, reason LIMIT \(limit)
                """, arguments: domain.map { [$0] } ?? []).map { row -> [String] in
                    [row["domain"], row["stage"], String((row["reason"] as String).prefix(120)), "\(row["n"] as Int)"]
                }
            return TextTable.render(header: ["domain", "stage", "reason", "count"], rows: rows, leftColumns: 3)
        }
    }

    /// Where a sample (or every sample whose id starts with `prefix`) came from, and its notes.
    public func sampleReport(idPrefix prefix: String) throws -> String {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, domain, stage, kind, uri, locator, title, licence, band, scores FROM samples
                WHERE id LIKE ? ORDER BY id, domain, stage LIMIT 50
                """, arguments: [prefix + "%"])
            guard !rows.isEmpty else { return "no sample whose id starts with '\(prefix)'" }
            var lines = [String]()
            for row in rows {
                let id: String = row["id"]
                lines.append("sample \(id)")
                for key in ["domain", "stage", "kind", "uri", "locator", "title", "licence", "band", "scores"] {
                    if let value: String = row[key] { lines.append("  \(key.padding(toLength: 8, withPad: " ", startingAt: 0)) \(value)") }
                }
                let notes = try Row.fetchAll(db, sql: "SELECT stage, key, value FROM sample_notes WHERE sample_id = ? ORDER BY stage, key, value",
                                             arguments: [id])
                for note in notes {
                    lines.append("  note     \(note["stage"] as String).\(note["key"] as String): \(note["value"] as String)")
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The most recent stage runs.
    public func runsReport(limit: Int) throws -> String {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, domain, stage, version, partition, status, inputs, samples, rejected, skipped, reused_parts, seconds
                FROM runs ORDER BY id DESC LIMIT \(limit)
                """).map { row -> [String] in
                    func number(_ key: String) -> String { (row[key] as Int?).map(String.init) ?? "-" }
                    return [number("id"), row["domain"], row["stage"], row["version"], row["partition"], row["status"],
                            number("inputs"), number("samples"), number("rejected"), number("skipped"), number("reused_parts"),
                            (row["seconds"] as Double?).map { String(format: "%.2f", $0) } ?? "-"]
                }
            return TextTable.render(header: ["run", "domain", "stage", "version", "partition", "status", "inputs", "samples",
                                             "rejected", "skipped", "reused", "seconds"], rows: rows, leftColumns: 6)
        }
    }
}
