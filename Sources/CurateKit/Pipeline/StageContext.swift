import Foundation

/// What a stage sees while it runs.
public struct StageContext: Sendable {
    public var domain: DomainSettings
    /// Files or folders given on the command line instead of the pipeline's sources.
    public var explicitPaths: [URL]?
    /// Where everything the pipeline makes lives.
    public var layout: OutputLayout
    /// The cache (the catalog's, seen through the running task), when the run has one.
    public var cache: (any StageCache)?
    /// Threads a task that works on one big input may use; its output must not depend on it.
    public var threads: Int
    /// Threads of the whole run, for work a task does once for all of a stage's tasks while
    /// the others wait for it (`threads` is a task's share).
    public var runThreads: Int
    /// Output parts a sample stage writes (`[runner] parts`; at most one per input).
    public var parts: Int
    /// The run's progress display, for a stage that reports more than items done (requests to
    /// a model server, for example) through `ProgressReporter.note`.
    public var progress: ProgressReporter?

    public init(domain: DomainSettings, explicitPaths: [URL]? = nil, outputRoot: URL, cache: (any StageCache)? = nil,
                threads: Int = 1, parts: Int = 8, progress: ProgressReporter? = nil) {
        self.domain = domain
        self.explicitPaths = explicitPaths
        self.layout = OutputLayout(root: outputRoot)
        self.cache = cache
        self.threads = max(1, threads)
        self.runThreads = max(1, threads)
        self.parts = max(1, parts)
        self.progress = progress
    }

    /// The run's output root (`out/`).
    public var outputRoot: URL { layout.root }

    /// The part files a stage reads: the explicit paths when given (a folder stands for its
    /// parts), else the parts the named upstream stages wrote for this domain, in order.
    public func upstreamParts(_ stages: [String]) -> [URL] {
        guard let explicitPaths else { return stages.flatMap { layout.parts(of: $0, domain: domain.name) } }
        return explicitPaths.flatMap { url -> [URL] in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            return isFolder.boolValue ? PartFiles.list(in: url) : [url]
        }
    }

    /// One input per upstream part file (see `upstreamParts`).
    public func partInputs(upstream stages: [String]) -> [StageInput] {
        upstreamParts(stages).map { StageInput(id: displayPath($0), url: $0) }
    }

    /// A path as recorded in samples and the catalog: relative to the output root for what the
    /// pipeline made (so a moved `out/` is still recognised), relative to the domain root for
    /// sources, absolute otherwise.
    /// Step inputs for `count` intermediate files of `stage` (in its folder), named by `name`:
    /// what a reduce step reads from the map step before it.
    func intermediateInputs(of stage: String, _ count: Int, _ name: (Int) -> String) -> [StageInput] {
        let folder = layout.stage(stage, domain: domain.name)
        return (0..<count).map { index in
            let url = folder.appendingPathComponent(name(index))
            return StageInput(id: displayPath(url), url: url)
        }
    }

    public func displayPath(_ url: URL) -> String {
        if let inside = layout.relativePath(url) { return inside }
        return OutputLayout.path(url, relativeTo: domain.root) ?? url.standardizedFileURL.path
    }
}
