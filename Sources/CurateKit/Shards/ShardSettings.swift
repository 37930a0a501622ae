import Foundation

/// The `[shards]` section of a pipeline file.
///
/// ```toml
/// [shards]
/// upstream = "dedup"            # the stage whose samples are sharded
/// tokenizer = "out/cpp/tokenizer/tokenizer.json"   # default: the domain's trained tokenizer
/// max_shard_bytes = 1073741824  # cap on one .bin file
/// seed = 1234                   # the shuffle's seed, recorded in the manifest
/// valid_share = 0.01            # split by document digest: stable when documents are added
/// test_share = 0.01
/// pack_length = 0               # > 0 also writes packed fixed-length sequences
/// blend_weight = 1.0            # this domain's weight in the --data-path blend
/// tasks = 2                     # tasks (shuffle-key ranges) of the shuffle step; the shards do not depend on it
/// buffer_tokens = 16000000      # tokens a tokenize task sorts in memory before it writes a sorted run to scratch
/// [shards.phase2]               # the last share of tokens: the best samples
/// share = 0.06
/// bands = ["high"]
/// stages = []                   # lineage stages a sample must come from (empty: any)
/// min_score = 0.0
/// ```
public struct ShardSettings: Sendable, Hashable {
    public var upstream: String
    public var tokenizer: String?
    public var maxShardBytes: Int
    public var seed: UInt64
    public var validShare: Double
    public var testShare: Double
    public var packLength: Int
    public var blendWeight: Double
    public var phase2Share: Double
    public var phase2Bands: Set<String>
    public var phase2Stages: Set<String>
    public var phase2MinScore: Double
    /// Tasks of the shuffle step. Not in `digest`: the shards and manifests do not depend on it.
    public var tasks: Int
    /// Tokens a tokenize task holds before it spills a sorted run; not in `digest` either.
    public var bufferTokens: Int

    /// A digest of every setting, with sets in sorted order so it is the same in every process
    /// (`Set`'s own order depends on the process's hash seed).
    public var digest: String {
        Digest.combine([upstream, tokenizer ?? "", "\(maxShardBytes)", "\(seed)", "\(validShare)", "\(testShare)",
                        "\(packLength)", "\(blendWeight)", "\(phase2Share)", phase2Bands.sorted().joined(separator: ","),
                        phase2Stages.sorted().joined(separator: ","), "\(phase2MinScore)"])
    }

    public init(section: ConfigTable) throws {
        upstream = try section.string("upstream", default: "dedup")
        tokenizer = try section.string("tokenizer")
        maxShardBytes = try section.int("max_shard_bytes", default: 1 << 30, range: 1024...(1 << 40))
        seed = UInt64(try section.int("seed", default: 1234, range: 0...Int.max))
        validShare = try section.double("valid_share", default: 0.01)
        testShare = try section.double("test_share", default: 0.01)
        packLength = try section.int("pack_length", default: 0, range: 0...(1 << 24))
        blendWeight = try section.double("blend_weight", default: 1.0)
        tasks = try section.int("tasks", default: 2, range: 1...1024)
        bufferTokens = try section.int("buffer_tokens", default: 16_000_000, range: 1...(1 << 40))
        let phase2 = try section.table("phase2")
        phase2Share = try phase2.double("share", default: 0.06)
        phase2Bands = Set(try phase2.strings("bands", default: ["high"]))
        phase2Stages = Set(try phase2.strings("stages", default: []))
        phase2MinScore = try phase2.double("min_score", default: 0)
        try phase2.rejectUnknownKeys()
        for (key, value) in [("valid_share", validShare), ("test_share", testShare), ("phase2.share", phase2Share)]
        where !(0...0.5).contains(value) {
            throw ConfigError.outOfRange(file: section.file, key: section.qualified(key), line: nil, expected: "0...0.5")
        }
    }
}
