import Foundation
import GRDB

extension Catalog {
    func startRun(domain: String, stage: String, version: String, settingsDigest: String, partition: String) throws -> Int64 {
        try write { db in
            try db.execute(sql: """
                INSERT INTO runs(domain, stage, version, settings_digest, partition, started_at, status)
                VALUES (?, ?, ?, ?, ?, ?, 'running')
                """, arguments: [domain, stage, version, settingsDigest, partition, Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    func finishRun(_ id: Int64, summary: StageSummary, status: String) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE runs SET finished_at = ?, status = ?, inputs = ?, samples = ?, rejected = ?,
                    skipped = ?, pending = ?, reused_parts = ?, seconds = ? WHERE id = ?
                """, arguments: [Date().timeIntervalSince1970, status, summary.inputs, summary.samples,
                                 summary.rejected, summary.skipped, summary.pending, summary.reusedTasks, summary.seconds, id])
        }
    }

    /// The digest of the task record last folded in for this task, if any.
    func foldedRecord(domain: String, stage: String, step: String, task: Int) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT record FROM tasks WHERE domain = ? AND stage = ? AND step = ? AND task = ?",
                                arguments: [domain, stage, step, task])
        }
    }

    /// Replaces everything known of one task by what its record says, in one transaction, so
    /// the catalog never holds half a task.
    func fold(_ record: TaskRecord, digest: String, details: TaskDetails, domain: String, runID: Int64?) throws {
        try fold(record, digest: digest, domain: domain, runID: runID) { try $0(details) }
    }

    /// `fold` with the details in chunks: `chunks` calls its argument with each in turn.
    func fold(_ record: TaskRecord, digest: String, domain: String, runID: Int64?,
              chunks: ((TaskDetails) throws -> Void) throws -> Void) throws {
        try write { db in
            try Catalog.forget(db, domain: domain, stage: record.stage, where: "step = ? AND part = ?", [record.step, record.task])
            try db.execute(sql: """
                INSERT INTO tasks(domain, stage, step, task, key, record, inputs, samples, rejected, skipped, pending, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [domain, record.stage, record.step, record.task, record.key, digest, record.inputs,
                                 record.samples, record.rejected, record.skipped, record.pending, runID])
            let base: [DatabaseValueConvertible?] = [domain, record.stage, record.step, record.task]
            // Cached statements: a task can hold many thousands of rows.
            let insertInput = try db.cachedStatement(sql: """
                INSERT INTO inputs(domain, stage, step, part, uri, digest, status, reason, samples, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertFinding = try db.cachedStatement(sql: """
                INSERT INTO findings(domain, stage, step, part, uri, locator, kind, reason, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertSample = try db.cachedStatement(sql: """
                INSERT INTO samples(id, domain, stage, step, part, kind, uri, locator, title, licence, band, scores,
                    prompt_bytes, completion_bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertNote = try db.cachedStatement(sql: """
                INSERT INTO sample_notes(domain, stage, step, part, sample_id, key, value) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let insertCache = try db.cachedStatement(sql: "INSERT OR REPLACE INTO cache(namespace, key, value) VALUES (?, ?, ?)")
            try chunks { details in
                for input in details.inputs {
                    try insertInput.execute(arguments: StatementArguments(base + [
                        input.uri, input.digest, input.failure == nil ? "ok" : "rejected", input.failure, input.samples, runID]))
                    let findings = (input.failure.map { [("rejected", Finding(locator: "", reason: $0))] } ?? [])
                        + input.rejections.map { ("rejected", $0) } + input.skipped.map { ("skipped", $0) }
                        + input.pending.map { ("pending", $0) }
                    for (kind, finding) in findings {
                        try insertFinding.execute(arguments: StatementArguments(base + [input.uri, finding.locator, kind, finding.reason, runID]))
                    }
                }
                for sample in details.samples {
                    try insertSample.execute(arguments: StatementArguments([sample.id] + base + [
                        sample.kind, sample.uri, sample.locator, sample.title, sample.licence, sample.band, sample.scores,
                        sample.promptBytes, sample.completionBytes]))
                }
                for note in details.notes {
                    try insertNote.execute(arguments: StatementArguments(base + [note.sampleID, note.key, note.value]))
                }
                for entry in details.cache {
                    try insertCache.execute(arguments: [entry.namespace, entry.key, entry.value])
                }
            }
        }
    }

    /// Drops the rows of one task: it no longer exists (the step now has fewer tasks).
    func forgetTask(domain: String, stage: String, step: String, task: Int) throws {
        try write { db in
            try Catalog.forget(db, domain: domain, stage: stage, where: "step = ? AND part = ?", [step, task])
        }
    }

    private static func forget(_ db: Database, domain: String, stage: String, where condition: String, _ values: [DatabaseValueConvertible?]) throws {
        try db.execute(sql: "DELETE FROM tasks WHERE domain = ? AND stage = ? AND "
                           + condition.replacingOccurrences(of: "part = ?", with: "task = ?"),
                       arguments: StatementArguments([domain, stage] as [DatabaseValueConvertible?] + values))
        for table in ["inputs", "samples", "findings", "sample_notes"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE domain = ? AND stage = ? AND \(condition)",
                           arguments: StatementArguments([domain, stage] as [DatabaseValueConvertible?] + values))
        }
    }
}
