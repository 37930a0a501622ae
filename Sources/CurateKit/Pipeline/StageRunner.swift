import Foundation

/// How one stage run is carried out.
public struct RunOptions: Sendable {
    public var partition: Partition
    /// Parts processed at once; output bytes do not depend on it.
    public var threads: Int
    /// Files or folders that replace the pipeline's sources (an ad-hoc run).
    public var explicitPaths: [URL]?
    /// Rebuild every part even when its key is unchanged.
    public var force: Bool

    public init(partition: Partition = .all, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                explicitPaths: [URL]? = nil, force: Bool = false) {
        self.partition = partition
        self.threads = max(1, threads)
        self.explicitPaths = explicitPaths
        self.force = force
    }
}

/// Runs one stage for one domain: lists and digests the inputs, splits them into parts, skips
/// parts whose key is unchanged, processes the rest on threads, writes each part atomically and
/// records it in the catalog in one transaction.
///
/// A part's key digests the stage's name and version, its settings, the part count and every
/// input's id and content digest. Since a part's bytes depend only on its key, a rerun after a
/// crash (or on another machine, or with other thread counts) produces identical files.
public final class StageRunner: @unchecked Sendable {
    public let outputRoot: URL
    public let catalog: Catalog
    public let progress: ProgressReporter

    public init(outputRoot: URL, catalog: Catalog, progress: ProgressReporter) {
        self.outputRoot = outputRoot
        self.catalog = catalog
        self.progress = progress
    }

    public func run(_ stage: any Stage, settings: StageSettings, domain: DomainSettings,
                    options: RunOptions = RunOptions()) throws -> StageSummary {
        try runOpened(stage, settings: settings, domain: domain, options: options)
    }

    private func runOpened<S: Stage>(_ stage: S, settings: StageSettings, domain: DomainSettings,
                                     options: RunOptions) throws -> StageSummary {
        let clock = Date()
        let name = S.name
        let context = StageContext(domain: domain, explicitPaths: options.explicitPaths, outputRoot: outputRoot, cache: catalog,
                                   threads: options.threads, progress: progress)
        let folder = outputRoot.appendingPathComponent(domain.name).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        AtomicFile.removeAbandonedTemporaries(in: folder)

        var byID = [String: StageInput]()
        for input in try stage.inputs(context) { byID[input.id] = input }
        let inputs = byID.values.sorted { $0.id < $1.id }
        let partCount = max(1, min(settings.parts, inputs.count))
        var parts = [[StageInput]](repeating: [], count: partCount)
        for input in inputs { parts[PartAssignment.part(of: input.id, among: partCount)].append(input) }
        try removeStaleParts(in: folder, domain: domain.name, stage: name, from: partCount)

        let mine = (0..<partCount).filter { options.partition.owns(part: $0) }
        let runID = try catalog.startRun(domain: domain.name, stage: name, version: S.version,
                                         settingsDigest: settings.digest, partition: options.partition.description)
        var summary = StageSummary(domain: domain.name, stage: name)
        summary.parts = mine.count
        progress.start("\(domain.name)/\(name)", total: mine.reduce(0) { $0 + parts[$1].count })

        let lock = NSLock()
        var next = 0
        var failure: Error?
        let worker = { [self] in
            while true {
                let index: Int? = lock.withLock {
                    guard failure == nil, next < mine.count else { return nil }
                    defer { next += 1 }
                    return mine[next]
                }
                guard let part = index else { return }
                do {
                    let outcome = try runPart(stage, part: part, of: partCount, inputs: parts[part], folder: folder,
                                              context: context, settings: settings, runID: runID, force: options.force)
                    lock.withLock { summary.add(outcome) }
                } catch {
                    lock.withLock { failure = failure ?? error }
                }
            }
        }
        let threads = min(options.threads, max(1, mine.count))
        if threads == 1 {
            worker()
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in worker() }
        }
        progress.finish()
        summary.seconds = Date().timeIntervalSince(clock)
        if let failure {
            try? catalog.finishRun(runID, summary: summary, status: "failed")
            throw failure
        }
        summary.rejections.sort()
        summary.rejections = Array(summary.rejections.prefix(8))
        try catalog.finishRun(runID, summary: summary, status: "done")
        return summary
    }

    /// What one part contributed to the summary.
    struct PartOutcome {
        var inputs: Int
        var samples: Int
        var rejected: Int
        var skipped: Int
        var reused: Bool
        var rejections: [String]
    }

    private func runPart<S: Stage>(_ stage: S, part: Int, of partCount: Int, inputs: [StageInput], folder: URL,
                                   context: StageContext, settings: StageSettings, runID: Int64, force: Bool) throws -> PartOutcome {
        let target = folder.appendingPathComponent(PartFiles.name(part))
        var digests = [String: Result<String, Error>]()
        for input in inputs { digests[input.id] = Result { try InputDigest.of(input) } }
        let key = Digest.combine([S.name, S.version, settings.digest, context.domain.name, context.domain.language.rawValue,
                                  "\(part)/\(partCount)"] + inputs.map { input in
            switch digests[input.id]! {
            case let .success(digest): return "\(input.id) \(digest)"
            case let .failure(error): return "\(input.id) unreadable: \(error)"
            }
        })
        if !force, let previous = try catalog.reusablePart(domain: context.domain.name, stage: S.name, part: part, key: key),
           (try? Digest.sha256Hex(fileAt: target)) == previous.digest {
            progress.advance(by: inputs.count)
            let counts = previous.counts
            return PartOutcome(inputs: counts.inputs, samples: counts.samples, rejected: counts.rejected,
                               skipped: counts.skipped, reused: true, rejections: [])
        }

        let writer = try ZstdJSONLWriter(url: target)
        var records = [InputRecord]()
        var samples = [Sample]()
        var notes = [SampleNote]()
        for input in inputs {
            var record = InputRecord(uri: input.id, digest: nil, failure: nil, samples: 0, rejections: [], skipped: [], pending: [])
            do {
                record.digest = try digests[input.id]!.get()
                let output = try stage.process(input, context)
                for sample in output.samples { try writer.write(sample) }
                record.samples = output.samples.count
                record.rejections = output.rejections
                record.skipped = output.skipped
                record.pending = output.pending
                samples += output.samples
                notes += output.notes
            } catch {
                record.failure = "\(error)"
            }
            records.append(record)
            progress.advance()
        }
        try writer.close()
        // A part with pending samples is unfinished work: its recorded key never matches, so
        // the next run redoes it.
        let pending = records.contains { !$0.pending.isEmpty }
        let partRecord = PartRecord(domain: context.domain.name, stage: S.name, part: part, key: pending ? "pending " + key : key,
                                    path: context.displayPath(target), digest: try Digest.sha256Hex(fileAt: target),
                                    inputs: records, samples: samples, notes: notes)
        try catalog.record(partRecord, runID: runID)
        let reasons = records.compactMap { record in record.failure.map { "\(record.uri): \($0)" } }
            + records.flatMap { record in record.rejections.map { "\(record.uri) \($0.locator): \($0.reason)" } }
        return PartOutcome(inputs: inputs.count, samples: samples.count, rejected: partRecord.rejectedCount,
                           skipped: partRecord.skippedCount, reused: false, rejections: reasons)
    }

    /// Parts numbered `partCount` and above belong to an earlier run with more parts.
    private func removeStaleParts(in folder: URL, domain: String, stage: String, from partCount: Int) throws {
        for url in PartFiles.list(in: folder) {
            let digits = url.lastPathComponent.dropFirst("part-".count).prefix { $0.isNumber }
            if let index = Int(digits), index >= partCount { try? FileManager.default.removeItem(at: url) }
        }
        try catalog.forgetParts(domain: domain, stage: stage, from: partCount)
    }
}

extension StageSummary {
    mutating func add(_ outcome: StageRunner.PartOutcome) {
        inputs += outcome.inputs
        samples += outcome.samples
        rejected += outcome.rejected
        skipped += outcome.skipped
        if outcome.reused { reusedParts += 1 }
        rejections += outcome.rejections
    }
}

/// The runner-level settings of one stage in one domain.
public struct StageSettings: Sendable, Hashable {
    /// Digest of the stage's TOML section: part keys change when it does.
    public var digest: String
    /// How many parts the stage's output is split into (at most one per input).
    public var parts: Int

    public init(digest: String, parts: Int) {
        self.digest = digest
        self.parts = parts
    }
}
