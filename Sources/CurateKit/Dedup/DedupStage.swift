import Foundation

/// Drops exact and near duplicates among all of a domain's quality-scored samples.
///
/// Deduplication compares every sample with every other, yet no step holds a domain's samples:
/// the work is split the way MinHash deduplication is split over a cluster, into steps whose
/// tasks each read a share.
///
/// 1. `signatures` (a task per upstream part): each sample's id, score, exact key and MinHash
///    signature (`SignatureStep`).
/// 2. `exact` (`tasks` tasks, each a range of keys): exact groups and the member kept (`ExactStep`).
/// 3. `buckets` (`tasks` tasks, each a range of LSH bands): candidate pairs (`BucketStep`).
/// 4. `clusters` (one task): joins similar pairs, settles groups, and lists each part's
///    group members with the reasons of those dropped (`ClusterStep`).
/// 5. `filter` (a task per upstream part): writes the part's kept samples (`FilterStep`).
///
/// The samples kept, their order (upstream order, part by part) and every rejection and note
/// are those of the in-memory `Deduplicator`, whatever the number of tasks. Removed samples are
/// rejections of the part they came from, naming the sample kept in their place; cluster
/// membership is noted (`cluster`) on every sample of a cluster, kept or not.
public struct DedupStage: Stage {
    public static let name = "dedup"
    /// 2: the samples are the same bytes, now written one part per upstream part.
    /// 3: the same samples; signatures between steps are base64 lines, not hex.
    /// 4: `same_prompt` (on by default): one sample per prompt.
    public static let version = "4"

    let settings: DedupSettings

    public init(section: ConfigTable, domain: DomainSettings) throws {
        settings = try DedupSettings(section: section)
    }

    init(settings: DedupSettings) {
        self.settings = settings
    }

    public var steps: [any Step] {
        [SignatureStep(settings: settings), ExactStep(settings: settings), BucketStep(settings: settings),
         ClusterStep(settings: settings), FilterStep(settings: settings)]
    }
}
