import Foundation

/// Names every path under the output root (`out/`), so no other code builds one by hand.
///
/// ```
/// out/catalog.sqlite                              the catalog (see Catalog)
/// out/report.html                                 the HTML report
/// out/.report/                                    what the report computes and keeps (mixed tokenizers)
/// out/traces-raw/<case>/                          recorded debugger and sanitizer traces
/// out/.slurm/                                     a cluster run: jobs, scripts, logs, finished partitions
/// out/<domain>/<stage>/part-NNNNN.jsonl.zst       a sample stage's parts
/// out/<domain>/<stage>/<step>/…                   intermediate files of a stage's steps
/// out/<domain>/<stage>/.tasks/<step>-NNNNN.*      completion records of the stage's tasks
/// out/<domain>/tokenizer/tokenizer.json           the domain tokenizer, and training.json
/// out/<domain>/shards/phase1|phase2/              Megatron shards and manifest.json
/// out/<domain>/converters/<other>.safetensors     space converter to another domain's tokens
/// ```
public struct OutputLayout: Sendable, Hashable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public var catalog: URL { root.appendingPathComponent("catalog.sqlite") }
    public var report: URL { root.appendingPathComponent("report.html") }
    public var rawTraces: URL { root.appendingPathComponent("traces-raw") }
    public var reportCache: URL { root.appendingPathComponent(".report") }

    /// What `curate slurm submit` keeps: the submitted jobs (`jobs.json`), their batch scripts
    /// (`scripts/`), the tasks' logs (`logs/`) and a file per finished partition (`finished/`).
    public var slurm: URL { root.appendingPathComponent(".slurm") }

    /// Everything one domain's stages wrote.
    public func domain(_ domain: String) -> URL { root.appendingPathComponent(domain) }

    /// The folder of one stage of one domain.
    public func stage(_ stage: String, domain: String) -> URL {
        self.domain(domain).appendingPathComponent(stage)
    }

    /// The finished part files of a stage, in order.
    public func parts(of stage: String, domain: String) -> [URL] {
        PartFiles.list(in: self.stage(stage, domain: domain))
    }

    /// Where a stage keeps its tasks' completion records: hidden, so digests of the stage's
    /// folder and listings of its parts never see them.
    public func taskRecords(of stage: String, domain: String) -> URL {
        self.stage(stage, domain: domain).appendingPathComponent(".tasks")
    }

    public func tokenizer(domain: String) -> URL {
        stage("tokenizer", domain: domain).appendingPathComponent("tokenizer.json")
    }

    public func tokenizerTraining(domain: String) -> URL {
        stage("tokenizer", domain: domain).appendingPathComponent("training.json")
    }

    /// The space converter from one domain's tokens to another's, and its report beside it.
    public func converter(from: String, to: String) -> URL {
        stage("converters", domain: from).appendingPathComponent("\(to).safetensors")
    }

    public func converterReport(from: String, to: String) -> URL {
        stage("converters", domain: from).appendingPathComponent("\(to).json")
    }

    /// A curriculum phase's shards (`phase1`, `phase2`).
    public func shardPhase(_ phase: String, domain: String) -> URL {
        stage("shards", domain: domain).appendingPathComponent(phase)
    }

    public func shardManifest(_ phase: String, domain: String) -> URL {
        shardPhase(phase, domain: domain).appendingPathComponent("manifest.json")
    }

    /// The domains that have an output folder, sorted.
    public var domains: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".") && name != rawTraces.lastPathComponent
                && FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }.sorted()
    }

    /// `url` relative to the output root, or nil when it lies outside.
    public func relativePath(_ url: URL) -> String? {
        Self.path(url, relativeTo: root)
    }

    /// A path recorded relative to the output root, made whole again.
    public func url(relative path: String) -> URL {
        root.appendingPathComponent(path)
    }

    /// `url` relative to `folder`, or nil when it lies outside it.
    static func path(_ url: URL, relativeTo folder: URL) -> String? {
        let path = url.standardizedFileURL.path
        let base = folder.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }
}
