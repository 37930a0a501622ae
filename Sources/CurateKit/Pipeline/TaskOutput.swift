import Foundation

/// Where a running task writes its files: a private staging folder inside the stage's folder.
///
/// Paths are relative to the stage's folder (`part-00003.jsonl.zst`, `phase1/manifest.json`,
/// `signatures/part-00003.bin`). When the task returns, the runner moves every file staged
/// here to its place, so a task's files appear together, replacing the previous ones, and a
/// task that fails or is killed changes nothing. Files under `scratch` are thrown away.
public final class TaskOutput: @unchecked Sendable {
    /// The staging folder.
    let staging: URL
    /// Digests of the task's inputs, computed once for its key (or why one could not be read).
    let inputDigests: [String: Result<String, Error>]

    /// The run's progress display: a task that can tell how far it is calls `advance`.
    let progress: ProgressReporter?
    private let lock = NSLock()
    private var advancedCount = 0

    init(folder: URL, inputDigests: [String: Result<String, Error>], progress: ProgressReporter?) throws {
        staging = folder
        self.inputDigests = inputDigests
        self.progress = progress
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// The staged location of the task's file `path`, its folder created.
    public func url(_ path: String) throws -> URL {
        let url = staging.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// The staged location of the task's folder `path`, created.
    public func folder(_ path: String) throws -> URL {
        let url = staging.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A writer of samples into the task's file `path` (a part).
    public func sampleWriter(_ path: String) throws -> ZstdJSONLWriter {
        try ZstdJSONLWriter(url: try url(path))
    }

    /// Space for files the task needs only while it runs (spilled buckets, sorted runs).
    public var scratch: URL {
        get throws {
            try folder(Self.scratchName)
        }
    }

    /// The digest of one of the task's inputs, or the error that kept it from being read.
    public func digest(of input: StageInput) throws -> String {
        guard let digest = inputDigests[input.id] else { return try InputDigest.of(input) }
        return try digest.get()
    }

    private var detailsWriter: ZstdJSONLWriter?
    /// Samples recorded with `record(samples:notes:)`.
    private(set) var recordedSamples = 0

    /// The catalog rows of samples the task wrote, and their notes, kept in a file as they come
    /// rather than in memory until the task ends: they join the task's details when it does.
    func record(samples: [SampleRow], notes: [SampleNote]) throws {
        guard !samples.isEmpty || !notes.isEmpty else { return }
        try lock.withLock {
            if detailsWriter == nil { detailsWriter = try ZstdJSONLWriter(url: staging.appendingPathComponent(Self.detailsName)) }
            try detailsWriter!.write(TaskDetails(inputs: [], samples: samples, notes: notes, cache: []))
            recordedSamples += samples.count
        }
    }

    /// The file of recorded details, complete; nil when nothing was recorded.
    func finishRecordedDetails() throws -> URL? {
        try lock.withLock {
            guard let writer = detailsWriter else { return nil }
            try writer.close()
            detailsWriter = nil
            return staging.appendingPathComponent(Self.detailsName)
        }
    }

    /// One more of the task's inputs is done.
    public func advance() {
        lock.withLock { advancedCount += 1 }
        progress?.advance()
    }

    /// Inputs reported done so far; the runner counts the rest when the task ends.
    var advanced: Int { lock.withLock { advancedCount } }

    static let scratchName = ".scratch"
    /// Hidden, so not one of the task's files.
    static let detailsName = ".details" + PartFiles.suffix

    /// The staged files, relative to the staging folder, sorted; hidden names are left out.
    func stagedFiles() throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: staging, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var files = [String]()
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            if let relative = OutputLayout.path(url, relativeTo: staging) { files.append(relative) }
        }
        return files.sorted()
    }
}
