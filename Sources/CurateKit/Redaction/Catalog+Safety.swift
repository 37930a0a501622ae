import Foundation
import GRDB

/// What the catalog says about redaction and decontamination: the `redacted` notes of every
/// stage (`<kind> <field>:<line>`) and the `contamination` notes of the decontaminate stage
/// (`<set>/<item> (<method> <overlap>)`).
extension Catalog {
    public struct RedactionCount: Sendable, Hashable {
        public var domain: String
        public var stage: String
        public var kind: String
        public var samples: Int
        public var count: Int
    }

    public struct ContaminationCount: Sendable, Hashable {
        public var domain: String
        public var item: String
        public var method: String
        public var samples: Int
        public var maxOverlap: String
    }

    /// Redactions per domain, stage and kind, with the number of samples they touched.
    public func redactionCounts(domain: String? = nil) throws -> [RedactionCount] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT domain, stage, substr(value, 1, instr(value || ' ', ' ') - 1) AS kind,
                    COUNT(DISTINCT sample_id) AS samples, COUNT(*) AS n
                FROM sample_notes WHERE key = 'redacted' AND (? IS NULL OR domain = ?)
                GROUP BY domain, stage, kind ORDER BY domain, stage, n DESC, kind
                """, arguments: [domain, domain]).map {
                RedactionCount(domain: $0["domain"], stage: $0["stage"], kind: $0["kind"], samples: $0["samples"], count: $0["n"])
            }
        }
    }

    /// Samples dropped as contaminated per domain, evaluation item and method.
    public func contaminationCounts(domain: String? = nil) throws -> [ContaminationCount] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT domain, substr(value, 1, instr(value, ' (') - 1) AS item,
                    substr(value, instr(value, ' (') + 2, instr(substr(value, instr(value, ' (') + 2), ' ') - 1) AS method,
                    COUNT(*) AS n, MAX(substr(value, length(value) - 4, 4)) AS overlap
                FROM sample_notes WHERE stage = 'decontaminate' AND key = 'contamination' AND (? IS NULL OR domain = ?)
                GROUP BY domain, item, method ORDER BY domain, n DESC, item
                """, arguments: [domain, domain]).map {
                ContaminationCount(domain: $0["domain"], item: $0["item"], method: $0["method"], samples: $0["n"], maxOverlap: $0["overlap"])
            }
        }
    }

    /// `curate catalog redacted`: what was redacted, per domain, stage and kind.
    public func redactedReport(domain: String?) throws -> String {
        let rows = try redactionCounts(domain: domain).map { [$0.domain, $0.stage, $0.kind, "\($0.samples)", "\($0.count)"] }
        guard !rows.isEmpty else { return "nothing was redacted" }
        return TextTable.render(header: ["domain", "stage", "kind", "samples", "redactions"], rows: rows, leftColumns: 3)
    }

    /// `curate catalog decontaminated`: the samples dropped per domain and evaluation item.
    public func decontaminatedReport(domain: String?, limit: Int) throws -> String {
        let counts = try contaminationCounts(domain: domain)
        guard !counts.isEmpty else { return "no sample was dropped as contaminated" }
        let rows = counts.prefix(limit).map { [$0.domain, $0.item, $0.method, "\($0.samples)", $0.maxOverlap] }
        return TextTable.render(header: ["domain", "evaluation item", "method", "samples", "max overlap"], rows: Array(rows), leftColumns: 3)
    }

    /// The summary's section on both: per domain, samples dropped as contaminated and redactions by kind.
    public func safetySummary() throws -> String {
        var domains = [String: (dropped: Int, redactions: [String: Int])]()
        for count in try contaminationCounts() { domains[count.domain, default: (0, [:])].dropped += count.samples }
        for count in try redactionCounts() { domains[count.domain, default: (0, [:])].redactions[count.kind, default: 0] += count.count }
        guard !domains.isEmpty else { return "" }
        let rows = domains.keys.sorted().map { name -> [String] in
            let entry = domains[name]!
            let kinds = entry.redactions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            return [name, "\(entry.dropped)", kinds.isEmpty ? "-" : kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
        }
        return "\n\ndecontamination and redaction (curate catalog decontaminated | redacted)\n"
            + TextTable.render(header: ["domain", "contaminated samples dropped", "redactions by kind"], rows: rows, leftColumns: 1)
    }
}
