import Foundation

/// The completion record of one task: the key it ran under and every file it wrote, with its
/// digest. A task is done exactly when its record exists, its key matches and its files are
/// all there with those digests; the record is written last, so it marks completion on any
/// file system every node of a cluster sees.
struct TaskRecord: Codable, Equatable, Sendable {
    var stage: String
    var step: String
    var task: Int
    /// Everything the task's files depend on; prefixed `pending ` when work was left for a
    /// later run, so the key never matches and the task is redone.
    var key: String
    var artifacts: [Artifact]
    var inputs: Int
    var samples: Int
    var rejected: Int
    var skipped: Int
    var pending: Int

    /// One file a task wrote, relative to its stage's folder.
    struct Artifact: Codable, Equatable, Sendable {
        var path: String
        var sha256: String
        var bytes: Int
    }

    /// True when every file is in place with the recorded size and digest.
    func artifactsIntact(in stageFolder: URL) -> Bool {
        artifacts.allSatisfy { artifact in
            let url = stageFolder.appendingPathComponent(artifact.path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int,
                  size == artifact.bytes else { return false }
            return (try? Digest.sha256Hex(fileAt: url)) == artifact.sha256
        }
    }
}

/// What the catalog learns from one task, kept beside its record so that the catalog can be
/// filled by another process (after a cluster run) or rebuilt from scratch.
struct TaskDetails: Codable, Sendable {
    var inputs: [InputRecord]
    var samples: [SampleRow]
    var notes: [SampleNote]
    var cache: [CacheEntry]
}

/// The records of one stage's tasks: `<stage>/.tasks/<step>-NNNNN.json` and, beside each,
/// `<step>-NNNNN.details.jsonl.zst`.
struct TaskRecordStore: Sendable {
    let folder: URL

    init(layout: OutputLayout, stage: String, domain: String) {
        folder = layout.taskRecords(of: stage, domain: domain)
    }

    func recordURL(step: String, task: Int) -> URL {
        folder.appendingPathComponent("\(step)-\(PartFiles.number(task)).json")
    }

    func detailsURL(step: String, task: Int) -> URL {
        folder.appendingPathComponent("\(step)-\(PartFiles.number(task)).details.jsonl.zst")
    }

    /// The task's record and the digest of its file, or nil when there is none (or it is damaged).
    func record(step: String, task: Int) -> (record: TaskRecord, digest: String)? {
        guard let data = try? Data(contentsOf: recordURL(step: step, task: task)),
              let record = try? JSONDecoder().decode(TaskRecord.self, from: data) else { return nil }
        return (record, Digest.sha256Hex(data))
    }

    /// Calls `body` with each chunk of the task's details, in order. A task's details are lines
    /// of `TaskDetails`, each a share of its rows (a task records its samples as it goes), so
    /// neither writing nor reading them holds them all.
    func forEachDetails(step: String, task: Int, _ body: (TaskDetails) throws -> Void) throws {
        var chunks = 0
        try ZstdJSONLReader(url: detailsURL(step: step, task: task)).forEach(TaskDetails.self) { chunk in
            chunks += 1
            try body(chunk)
        }
        guard chunks > 0 else {
            throw IOError.corrupt(path: detailsURL(step: step, task: task).path, offset: 0, reason: "empty task details")
        }
    }

    /// The task's details, every chunk joined.
    func details(step: String, task: Int) throws -> TaskDetails {
        var details = TaskDetails(inputs: [], samples: [], notes: [], cache: [])
        try forEachDetails(step: step, task: task) { chunk in
            details.inputs += chunk.inputs
            details.samples += chunk.samples
            details.notes += chunk.notes
            details.cache += chunk.cache
        }
        return details
    }

    /// Writes the details (`details`, then the chunks the task recorded as it ran, in the file
    /// `chunks`), then the record; returns the record file's digest.
    func write(_ record: TaskRecord, _ details: TaskDetails, chunks: URL? = nil) throws -> String {
        let writer = try ZstdJSONLWriter(url: detailsURL(step: record.step, task: record.task))
        try writer.write(details)
        if let chunks {
            let reader = try ZstdJSONLReader(url: chunks)
            while let line = try reader.nextLine() { try writer.writeLine(line) }
        }
        try writer.close()
        let data = try JSONCoding.document.encode(record)
        try AtomicFile.write(data, to: recordURL(step: record.step, task: record.task))
        return Digest.sha256Hex(data)
    }

    func remove(step: String, task: Int) {
        try? FileManager.default.removeItem(at: recordURL(step: step, task: task))
        try? FileManager.default.removeItem(at: detailsURL(step: step, task: task))
    }

    /// Every recorded (step, task), sorted.
    func all() -> [(step: String, task: Int)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> (String, Int)? in
            guard name.hasSuffix(".json"), !name.hasPrefix("."), let dash = name.lastIndex(of: "-"),
                  let task = Int(name[name.index(after: dash)...].dropLast(".json".count)) else { return nil }
            return (String(name[..<dash]), task)
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }
}
