import Foundation

/// What one run of one stage for one domain did; the rows of the final summary table.
public struct StageSummary: Sendable, Codable {
    public var domain: String
    public var stage: String
    public var inputs = 0
    public var samples = 0
    /// Rejected inputs plus rejected places inside inputs.
    public var rejected = 0
    public var skipped = 0
    /// Places left for a later run (a model server that did not answer).
    public var pending = 0
    /// Tasks of the run, and how many of them were reused as they were.
    public var tasks = 0
    public var reusedTasks = 0
    public var seconds = 0.0
    /// The first few rejection reasons, for the summary (the catalog has them all).
    public var rejections: [String] = []

    public init(domain: String, stage: String) {
        self.domain = domain
        self.stage = stage
    }

    /// A fixed-width table: one row per stage run, then rejection reasons if any.
    public static func table(_ rows: [StageSummary]) -> String {
        let header = ["domain", "stage", "inputs", "samples", "rejected", "skipped", "pending", "tasks (reused)", "seconds"]
        let cells = rows.map { row in
            [row.domain, row.stage, "\(row.inputs)", "\(row.samples)", "\(row.rejected)", "\(row.skipped)", "\(row.pending)",
             "\(row.tasks) (\(row.reusedTasks))", String(format: "%.2f", row.seconds)]
        }
        var lines = [TextTable.render(header: header, rows: cells, leftColumns: 2)]
        let reasons = rows.flatMap { row in row.rejections.map { "  \(row.domain)/\(row.stage): \($0)" } }
        if !reasons.isEmpty {
            lines.append("")
            lines.append("rejected (first of each run; `curate catalog rejected` lists all):")
            lines += reasons
        }
        return lines.joined(separator: "\n")
    }
}
