import Foundation
import GRDB

/// What the catalog keeps of one finished part: its file, its key and what its inputs gave.
struct PartRecord {
    var domain: String
    var stage: String
    var part: Int
    /// Digest of everything the part's content depends on; equal keys mean equal output.
    var key: String
    var path: String
    var digest: String
    var inputs: [InputRecord]
    var samples: [Sample]
    var notes: [SampleNote]

    var rejectedCount: Int { inputs.reduce(0) { $0 + $1.rejections.count + ($1.failure == nil ? 0 : 1) } }
    var skippedCount: Int { inputs.reduce(0) { $0 + $1.skipped.count } }
}

/// One input of a part and its outcome.
struct InputRecord {
    var uri: String
    var digest: String?
    /// Why the whole input was rejected, if it was.
    var failure: String?
    var samples: Int
    var rejections: [Finding]
    var skipped: [Finding]
    /// Places left for a later run (see `StageOutput.pending`).
    var pending: [Finding] = []
}

/// Counts of a part that was reused rather than rebuilt.
struct ReusedPart {
    var inputs: Int
    var samples: Int
    var rejected: Int
    var skipped: Int
}

extension Catalog {
    func startRun(domain: String, stage: String, version: String, settingsDigest: String, partition: String) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs(domain, stage, version, settings_digest, partition, started_at, status)
                VALUES (?, ?, ?, ?, ?, ?, 'running')
                """, arguments: [domain, stage, version, settingsDigest, partition, Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    func finishRun(_ id: Int64, summary: StageSummary, status: String) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE runs SET finished_at = ?, status = ?, inputs = ?, samples = ?, rejected = ?,
                    skipped = ?, reused_parts = ?, seconds = ? WHERE id = ?
                """, arguments: [Date().timeIntervalSince1970, status, summary.inputs, summary.samples,
                                 summary.rejected, summary.skipped, summary.reusedParts, summary.seconds, id])
        }
    }

    /// The recorded part if its key matches, so a rerun can skip it.
    func reusablePart(domain: String, stage: String, part: Int, key: String) throws -> (path: String, digest: String, counts: ReusedPart)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT path, digest, inputs, samples, rejected, skipped FROM parts
                WHERE domain = ? AND stage = ? AND part = ? AND key = ?
                """, arguments: [domain, stage, part, key]) else { return nil }
            return (row["path"], row["digest"],
                    ReusedPart(inputs: row["inputs"], samples: row["samples"], rejected: row["rejected"], skipped: row["skipped"]))
        }
    }

    /// Replaces everything recorded for the part in one transaction, so the catalog never
    /// holds half a part.
    func record(_ record: PartRecord, runID: Int64) throws {
        try pool.write { db in
            try Catalog.forget(db, domain: record.domain, stage: record.stage, where: "part = ?", [record.part])
            try db.execute(sql: """
                INSERT INTO parts(domain, stage, part, key, path, digest, inputs, samples, rejected, skipped, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.domain, record.stage, record.part, record.key, record.path, record.digest,
                                 record.inputs.count, record.samples.count, record.rejectedCount, record.skippedCount, runID])
            let base: [DatabaseValueConvertible?] = [record.domain, record.stage, record.part]
            // Cached statements: a part can hold many thousands of rows.
            let insertInput = try db.cachedStatement(sql: """
                INSERT INTO inputs(domain, stage, part, uri, digest, status, reason, samples, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertFinding = try db.cachedStatement(sql: """
                INSERT INTO findings(domain, stage, part, uri, locator, kind, reason, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertSample = try db.cachedStatement(sql: """
                INSERT INTO samples(id, domain, stage, part, kind, uri, locator, title, licence, band, scores,
                    prompt_bytes, completion_bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertNote = try db.cachedStatement(sql: """
                INSERT INTO sample_notes(domain, stage, part, sample_id, key, value) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for input in record.inputs {
                try insertInput.execute(arguments: StatementArguments(base + [
                    input.uri, input.digest, input.failure == nil ? "ok" : "rejected", input.failure, input.samples, runID]))
                let findings = (input.failure.map { [("rejected", Finding(locator: "", reason: $0))] } ?? [])
                    + input.rejections.map { ("rejected", $0) } + input.skipped.map { ("skipped", $0) }
                    + input.pending.map { ("pending", $0) }
                for (kind, finding) in findings {
                    try insertFinding.execute(arguments: StatementArguments(base + [input.uri, finding.locator, kind, finding.reason, runID]))
                }
            }
            let encoder = JSONLines.makeEncoder()
            for sample in record.samples {
                let scores = sample.scores.isEmpty ? nil : String(decoding: try encoder.encode(sample.scores), as: UTF8.self)
                try insertSample.execute(arguments: StatementArguments([sample.id] + base + [
                    sample.kind.rawValue, sample.source.uri, sample.source.locator, sample.source.title,
                    sample.source.licence, sample.band?.rawValue, scores, sample.prompt.utf8.count, sample.completion.utf8.count]))
            }
            for note in record.notes {
                try insertNote.execute(arguments: StatementArguments(base + [note.sampleID, note.key, note.value]))
            }
        }
    }

    /// Drops the rows of parts numbered `from` and above: the stage now has fewer parts.
    func forgetParts(domain: String, stage: String, from first: Int) throws {
        try pool.write { db in
            try Catalog.forget(db, domain: domain, stage: stage, where: "part >= ?", [first])
        }
    }

    private static func forget(_ db: Database, domain: String, stage: String, where condition: String, _ values: [DatabaseValueConvertible?]) throws {
        for table in ["parts", "inputs", "samples", "findings", "sample_notes"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE domain = ? AND stage = ? AND \(condition)",
                           arguments: StatementArguments([domain, stage] as [DatabaseValueConvertible?] + values))
        }
    }
}
