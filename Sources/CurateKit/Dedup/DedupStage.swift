import Foundation

/// Drops exact and near duplicates among all of a domain's quality-scored samples.
///
/// Deduplication needs every sample at once, so the stage has one input: the whole upstream
/// folder (`out/<domain>/quality/`), which the runner digests as the combination of its parts.
/// Removed samples come back as rejections naming the sample kept in their place; cluster
/// membership is noted (`cluster`) on every sample of a cluster, kept or not.
public struct DedupStage: Stage {
    public static let name = "dedup"
    public static let version = "1"

    let settings: DedupSettings

    public init(section: ConfigTable, domain: DomainSettings) throws {
        settings = try DedupSettings(section: section)
    }

    init(settings: DedupSettings) {
        self.settings = settings
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let folders = context.explicitPaths ?? [
            context.outputRoot.appendingPathComponent(context.domain.name).appendingPathComponent(settings.upstream),
        ]
        return folders.filter { !PartFiles.list(in: $0).isEmpty }
            .map { StageInput(id: context.displayPath($0), url: $0) }
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let parts = PartFiles.list(in: input.url)
        guard !parts.isEmpty else {
            throw InputRejected("\(input.id): no part files (\(PartFiles.suffix)) to deduplicate; run the '\(settings.upstream)' stage first")
        }
        return Deduplicator(settings: settings).run(try JSONLines.samples(inParts: parts))
    }
}
