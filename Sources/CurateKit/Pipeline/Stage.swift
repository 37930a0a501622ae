import Foundation

/// A step of the pipeline: a deterministic function of its inputs, its settings and its version.
///
/// A stage only turns one input into samples. The `StageRunner` owns everything around that:
/// partitioning, digests and skipping, progress, timing, atomic part files and catalog rows.
public protocol Stage: Sendable {
    /// Name used in output paths (`out/<domain>/<name>/`), the catalog and the CLI.
    static var name: String { get }
    /// Bumped whenever the same input and settings would give different output.
    static var version: String { get }

    /// Reads this stage's section of a pipeline file (an empty table when the section is
    /// absent) and rejects keys it does not know (`ConfigTable.rejectUnknownKeys`).
    init(section: ConfigTable, domain: DomainSettings) throws

    /// The inputs of this run, in any order. `context.explicitPaths`, when set, replaces the
    /// sources named in the pipeline file (an ad-hoc run on files given on the command line).
    func inputs(_ context: StageContext) throws -> [StageInput]

    /// Turns one input into samples. Throwing rejects the whole input, with the error's
    /// description as the reason; a problem with one part of an input goes in `rejections`.
    func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput
}

/// Settings every stage of a domain shares, from the top of `pipelines/<domain>.toml`.
public struct DomainSettings: Sendable, Hashable {
    /// The domain's name: `cpp`, `cmake`, `shell`, `debug`, ...
    public var name: String
    /// The language of the domain's code, which decides comment syntax in samples.
    public var language: CodeLanguage
    /// The folder that relative paths in the pipeline file are resolved against.
    public var root: URL

    public init(name: String, language: CodeLanguage, root: URL) {
        self.name = name
        self.language = language
        self.root = root
    }
}

/// What a stage sees while it runs.
public struct StageContext: Sendable {
    public var domain: DomainSettings
    /// Files or folders given on the command line instead of the pipeline's sources.
    public var explicitPaths: [URL]?
    /// The run's output root (`out/`): a stage reads upstream parts from `<out>/<domain>/<stage>/`.
    public var outputRoot: URL
    /// The catalog's cache, when the run has a catalog.
    public var cache: (any StageCache)?
    /// Threads a stage that works on one big input may use; its output must not depend on it.
    public var threads: Int
    /// The run's progress display, for a stage that reports more than items done (requests to
    /// a model server, for example) through `ProgressReporter.note`.
    public var progress: ProgressReporter?

    public init(domain: DomainSettings, explicitPaths: [URL]? = nil, outputRoot: URL, cache: (any StageCache)? = nil,
                threads: Int = 1, progress: ProgressReporter? = nil) {
        self.domain = domain
        self.explicitPaths = explicitPaths
        self.outputRoot = outputRoot
        self.cache = cache
        self.threads = max(1, threads)
        self.progress = progress
    }

    /// One input per part file: the explicit paths when given (a folder stands for its parts),
    /// else the parts the named upstream stages wrote for this domain.
    public func partInputs(upstream stages: [String]) -> [StageInput] {
        let files: [URL]
        if let explicitPaths {
            files = explicitPaths.flatMap { url -> [URL] in
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
                return isFolder.boolValue ? PartFiles.list(in: url) : [url]
            }
        } else {
            files = stages.flatMap { upstreamParts(of: $0) }
        }
        return files.map { StageInput(id: displayPath($0), url: $0) }
    }

    /// The part files an upstream stage wrote for this domain, in order.
    public func upstreamParts(of stage: String) -> [URL] {
        PartFiles.list(in: outputRoot.appendingPathComponent(domain.name).appendingPathComponent(stage))
    }

    /// A path as recorded in samples and the catalog: relative to the domain root when inside it.
    public func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let root = domain.root.standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// One unit of work: a file or a folder (a trace case, an upstream part).
public struct StageInput: Sendable, Hashable {
    /// Stable key that orders inputs and assigns them to parts: the display path.
    public var id: String
    public var url: URL
    /// Other files or folders the output depends on (a tokenizer a shard stage encodes with):
    /// their digests join the input's, so a change to them redoes the input.
    public var dependencies: [URL]

    public init(id: String, url: URL, dependencies: [URL] = []) {
        self.id = id
        self.url = url
        self.dependencies = dependencies
    }
}

/// What one input gave.
public struct StageOutput: Sendable {
    public var samples: [Sample]
    /// Parts of the input that were bad (a broken section, an unreadable entry), with reasons.
    public var rejections: [Finding]
    /// Parts of the input that were fine but gave nothing (a section without code), with reasons.
    public var skipped: [Finding]
    /// Facts about samples worth querying later (a quality reason, a dedup cluster), stored in
    /// the catalog's `sample_notes` table.
    public var notes: [SampleNote]
    /// Samples neither passed on nor dropped because work they need could not be done now (a
    /// model server that did not answer): recorded as findings of kind `pending`, and the part
    /// holding them is redone on the next run instead of being reused.
    public var pending: [Finding]

    public init(samples: [Sample] = [], rejections: [Finding] = [], skipped: [Finding] = [], notes: [SampleNote] = [],
                pending: [Finding] = []) {
        self.samples = samples
        self.rejections = rejections
        self.skipped = skipped
        self.notes = notes
        self.pending = pending
    }
}

/// A fact about one sample: `key` names what it is (`reason`, `cluster`, ...), `value` says it.
public struct SampleNote: Sendable, Hashable, Codable {
    public var sampleID: String
    public var key: String
    public var value: String

    public init(sampleID: String, key: String, value: String) {
        self.sampleID = sampleID
        self.key = key
        self.value = value
    }
}

/// A persistent key-value cache kept in the catalog (`cache` table), for results that are
/// costly to recompute: a compiler's verdict on a snippet, a model's answer to a request.
public protocol StageCache: Sendable {
    func value(namespace: String, key: String) throws -> String?
    func store(namespace: String, key: String, value: String) throws
}

/// A place inside an input and what was found there.
public struct Finding: Sendable, Hashable, Codable {
    public var locator: String
    public var reason: String

    public init(locator: String, reason: String) {
        self.locator = locator
        self.reason = reason
    }
}

/// An input refused as a whole, with a reason a user can act on.
public struct InputRejected: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The language of a domain's code, and with it how comments are written in samples.
public enum CodeLanguage: String, Sendable, Hashable, CaseIterable, Codable {
    case cpp, cmake, shell

    /// Prefix for a one-line comment.
    public var lineComment: String {
        switch self {
        case .cpp: return "//"
        case .cmake, .shell: return "#"
        }
    }
}
