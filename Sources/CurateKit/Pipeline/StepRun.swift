import Foundation

/// One step of one stage being run: the keys, reuse checks, staging, commits and records of
/// its tasks.
struct StepRun<S: Stage>: Sendable {
    let stage: S.Type
    let step: any Step
    let settings: StageSettings
    let context: StageContext
    /// The stage's folder: task files are relative to it.
    let folder: URL
    let records: TaskRecordStore
    let runID: Int64?
    let runner: StageRunner

    var domain: String { context.domain.name }

    /// The key of a task given its inputs' digests.
    func key(_ task: StepTask, of count: Int, digests: [String: Result<String, Error>]) -> String {
        Digest.combine([S.name, S.version, settings.digest, domain, context.domain.language.rawValue,
                        context.domain.redaction.digest, step.name, "\(task.index)/\(count)"] + task.inputs.map { input in
            switch digests[input.id]! {
            case let .success(digest): return "\(input.id) \(digest)"
            case let .failure(error): return "\(input.id) unreadable: \(error)"
            }
        })
    }

    func digests(_ task: StepTask) -> [String: Result<String, Error>] {
        var digests = [String: Result<String, Error>]()
        for input in task.inputs { digests[input.id] = Result { try InputDigest.of(input) } }
        return digests
    }

    /// True when the task's record matches its current key and its files are intact.
    func isDone(_ task: StepTask, of count: Int) -> Bool {
        guard let (record, _) = records.record(step: step.name, task: task.index) else { return false }
        return record.key == key(task, of: count, digests: digests(task)) && record.artifactsIntact(in: folder)
    }

    /// Reuses the task when its record allows, else runs it and commits what it wrote.
    func perform(_ task: StepTask, of count: Int, context: StageContext, force: Bool) throws -> TaskOutcome {
        let digests = digests(task)
        let key = key(task, of: count, digests: digests)
        let previous = records.record(step: step.name, task: task.index)
        if !force, let previous, previous.record.key == key, previous.record.artifactsIntact(in: folder) {
            try foldIfNeeded(previous.record, digest: previous.digest)
            runner.progress.advance(by: task.inputs.count)
            return TaskOutcome(record: previous.record, reused: true, rejections: [])
        }

        let staging = folder.appendingPathComponent(".task-\(step.name)-\(PartFiles.number(task.index))\(AtomicFile.temporarySuffix)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let output = try TaskOutput(folder: staging, inputDigests: digests, progress: runner.progress)
        let cache = TaskCache(shared: context.cache, writesShared: runner.catalog != nil)
        var taskContext = context
        taskContext.cache = cache
        let report = try step.run(task, taskContext, output)
        let artifacts = try commit(output, replacing: previous?.record)
        let recorded = try output.finishRecordedDetails()
        runner.progress.advance(by: max(0, task.inputs.count - output.advanced))

        let record = TaskRecord(stage: S.name, step: step.name, task: task.index,
                                key: report.pending > 0 ? "pending " + key : key, artifacts: artifacts,
                                inputs: report.inputs.count, samples: report.samples.count + output.recordedSamples,
                                rejected: report.rejected, skipped: report.skipped, pending: report.pending)
        let details = TaskDetails(inputs: report.inputs, samples: report.samples, notes: report.notes, cache: cache.entries)
        let digest = try records.write(record, details, chunks: recorded)
        try runner.catalog?.fold(record, digest: digest, domain: domain, runID: runID) { body in
            try body(details)
            if let recorded { try ZstdJSONLReader(url: recorded).forEach(TaskDetails.self, body) }
        }
        let reasons = report.inputs.compactMap { input in input.failure.map { "\(input.uri): \($0)" } }
            + report.inputs.flatMap { input in input.rejections.map { "\(input.uri) \($0.locator): \($0.reason)" } }
        return TaskOutcome(record: record, reused: false, rejections: reasons)
    }

    /// Moves the staged files into the stage's folder (each rename atomic), removes the files
    /// of the task's previous run that this run did not write, and returns what is now there.
    private func commit(_ output: TaskOutput, replacing previous: TaskRecord?) throws -> [TaskRecord.Artifact] {
        let files = try output.stagedFiles()
        var artifacts = [TaskRecord.Artifact]()
        var folders = Set<URL>()
        for path in files {
            let staged = output.staging.appendingPathComponent(path)
            let target = folder.appendingPathComponent(path)
            let parent = target.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            let size = (try FileManager.default.attributesOfItem(atPath: staged.path)[.size] as? Int) ?? 0
            artifacts.append(.init(path: path, sha256: try Digest.sha256Hex(fileAt: staged), bytes: size))
            guard rename(staged.path, target.path) == 0 else {
                throw IOError.system("cannot move into place as \(target.path)", staged.path, errno)
            }
            folders.insert(parent)
        }
        for old in previous?.artifacts ?? [] where !files.contains(old.path) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(old.path))
        }
        for parent in folders { AtomicFile.syncFolder(parent) }
        return artifacts
    }

    /// Folds a reused task's record into the catalog when the catalog has not seen it (the
    /// task ran in another process, or the catalog was rebuilt).
    private func foldIfNeeded(_ record: TaskRecord, digest: String) throws {
        guard let catalog = runner.catalog,
              try catalog.foldedRecord(domain: domain, stage: S.name, step: step.name, task: record.task) != digest else { return }
        try catalog.fold(record, digest: digest, domain: domain, runID: runID) { body in
            try records.forEachDetails(step: step.name, task: record.task, body)
        }
    }

    /// Removes tasks numbered `count` and above, with their files: the step now has fewer.
    func removeTasks(from count: Int) throws {
        for (name, task) in records.all() where name == step.name && task >= count {
            for artifact in records.record(step: name, task: task)?.record.artifacts ?? [] {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(artifact.path))
            }
            records.remove(step: name, task: task)
            try runner.catalog?.forgetTask(domain: domain, stage: S.name, step: name, task: task)
        }
    }
}
