/// The `[dedup]` section of a pipeline file.
///
/// ```toml
/// [dedup]
/// upstream = "quality"   # the stage whose parts are deduplicated
/// exact = true           # drop samples equal after normalisation (ExactKey)
/// same_prompt = true     # with exact: also samples whose prompt alone is equal (one prompt, one answer)
/// near = true            # drop near duplicates found by MinHash + LSH
/// shingle_size = 5       # words per shingle
/// bands = 14             # LSH bands ...
/// rows = 8               # ... of this many MinHash values each
/// seed = 1               # seeds the hash family; the same seed gives the same clusters
/// min_similarity = 0.7   # estimated Jaccard a candidate pair must reach to be joined
/// near_miss_probes = true # also pair signatures that agree on all rows of a band but one
/// threads = 2            # signature threads; results do not depend on it
/// tasks = 2              # tasks of the exact and buckets steps; results do not depend on it
/// ```
struct DedupSettings: Sendable, Hashable {
    var upstream = "quality"
    var exact = true
    var samePrompt = true
    var near = true
    var shingleSize = 5
    var bands = 14
    var rows = 8
    var seed: UInt64 = 1
    var minSimilarity = 0.7
    var nearMissProbes = true
    var threads = 2
    var tasks = 2

    init() {}

    init(section: ConfigTable) throws {
        upstream = try section.string("upstream", default: upstream)
        exact = try section.bool("exact", default: exact)
        samePrompt = try section.bool("same_prompt", default: samePrompt)
        near = try section.bool("near", default: near)
        shingleSize = try section.int("shingle_size", default: shingleSize, range: 1...64)
        bands = try section.int("bands", default: bands, range: 1...1024)
        rows = try section.int("rows", default: rows, range: 1...64)
        seed = UInt64(try section.int("seed", default: Int(seed), range: 0...Int.max))
        minSimilarity = try section.double("min_similarity", default: minSimilarity)
        nearMissProbes = try section.bool("near_miss_probes", default: nearMissProbes)
        threads = try section.int("threads", default: threads, range: 1...256)
        tasks = try section.int("tasks", default: tasks, range: 1...1024)
        try section.rejectUnknownKeys()
        guard (0...1).contains(minSimilarity) else {
            throw ConfigError.outOfRange(file: section.file, key: section.qualified("min_similarity"),
                                         line: section.line(of: "min_similarity"), expected: "0...1")
        }
    }

    /// The key of a sample's exact group: `ExactKey`, of the prompt alone with `same_prompt`.
    func exactKey(_ sample: Sample) -> String { ExactKey.digest(sample, promptOnly: samePrompt) }

    /// Why a member of an exact group was dropped.
    func exactReason(of kept: String, copy: Bool, cluster: String) -> String {
        samePrompt ? DuplicateReason.samePrompt(of: kept, copy: copy, cluster: cluster)
            : DuplicateReason.exact(of: kept, copy: copy, cluster: cluster)
    }

    var hasher: MinHasher { MinHasher(shingleSize: shingleSize, bands: bands, rows: rows, seed: seed) }

    var clusterer: LSHClusterer {
        LSHClusterer(bands: bands, rows: rows, minSimilarity: minSimilarity, nearMissProbes: nearMissProbes)
    }
}
