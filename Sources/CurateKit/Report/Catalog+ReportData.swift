import Foundation
import GRDB

/// The numbers behind the HTML report, read from the catalog.
extension Catalog {
    func samplesPerStageAndBand() throws -> [SVGChart.Bar] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT domain || '/' || stage || COALESCE(' · ' || band, '') AS label, band, COUNT(*) AS n FROM samples
                GROUP BY domain, stage, band ORDER BY domain, stage, band
                """).map { row in
                    let band = (row["band"] as String?).flatMap(Sample.Band.init(rawValue:))
                    return SVGChart.Bar(label: row["label"], value: Double(row["n"] as Int), colour: ReportColours.band(band))
                }
        }
    }

    /// Rejections grouped by reason, with sample ids and digests in the reason made generic so
    /// that "duplicate of 3f2a…" and "duplicate of 9c1b…" count as one reason.
    func rejectionsByReason(limit: Int = 15) throws -> [SVGChart.Bar] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT stage, reason FROM findings WHERE kind = 'rejected'")
                .map { (stage: $0["stage"] as String, reason: $0["reason"] as String) }
        }
        var counts = [String: Int]()
        for row in rows { counts["\(row.stage): \(Self.generic(row.reason))", default: 0] += 1 }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map {
            SVGChart.Bar(label: $0.key, value: Double($0.value), colour: ReportColours.rejection)
        }
    }

    /// A reason with decimals shown as `N` and the rest cut at the first long
    /// hexadecimal word (an id or digest), shown as `…`.
    static func generic(_ reason: String) -> String {
        var words = [Substring]()
        for word in reason.split(separator: " ") {
            let core = word.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:()"))
            if core.count >= 12, core.allSatisfy(\.isHexDigit) {
                words.append("…")
                break
            }
            words.append(core.contains(".") && Double(core) != nil ? Substring(word.replacingOccurrences(of: core, with: "N")) : word)
        }
        return words.joined(separator: " ")
    }

    /// Every recorded score of one name (e.g. `quality`), over all samples that have it.
    func scores(named name: String) throws -> [Double] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT scores FROM samples WHERE scores IS NOT NULL AND stage = 'quality'").compactMap { text in
                (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?[name] as? Double
            }
        }
    }

    /// Score names that occur in the catalog, sorted.
    func scoreNames() throws -> [String] {
        try read { db in
            var names = Set<String>()
            for text in try String.fetchAll(db, sql: "SELECT scores FROM samples WHERE scores IS NOT NULL LIMIT 2000") {
                if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] { names.formUnion(object.keys) }
            }
            return names.sorted()
        }
    }

    /// Sample sizes (prompt plus completion bytes) of the samples a stage wrote.
    func sampleSizes(stage: String) throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT prompt_bytes + completion_bytes FROM samples WHERE stage = ? AND prompt_bytes IS NOT NULL",
                             arguments: [stage])
        }
    }

    func stagesWithSamples() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT stage FROM samples ORDER BY stage") }
    }

    /// Sizes of the near-duplicate clusters recorded as `cluster` notes.
    func clusterSizes() throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM sample_notes WHERE key = 'cluster' GROUP BY domain, value")
        }
    }
}
