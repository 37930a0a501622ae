import Foundation

/// The intermediate files of the `shards` stage's steps, relative to its folder
/// (`out/<domain>/shards/`, see `OutputLayout`), and the records they hold.
///
/// ```
/// tokens/range-RRRRR/part-NNNNN.jsonl.zst  tokenize step: part N's documents whose shuffle key is in range R, in shard order
/// tokens/figures-NNNNN.json                tokenize step: part N's tokens and phase-2 histogram
/// shuffled/range-RRRRR.jsonl.zst           shuffle step: every document of range R, in shard order
/// phase1/, phase2/                         write step: the shards and their manifests
/// ```
///
/// Ranges cut the shuffle keys into `tasks` contiguous runs, so reading the ranges in order
/// gives every document in shard order (`ShardDocument.before`).
enum ShardFiles {
    static func tokens(range: Int, part: Int) -> String { "tokens/range-" + PartFiles.number(range) + "/" + PartFiles.name(part) }
    static func figures(_ part: Int) -> String { "tokens/figures-" + PartFiles.number(part) + ".json" }
    static func shuffled(_ range: Int) -> String { "shuffled/range-" + PartFiles.number(range) + PartFiles.suffix }

    /// The range of `key` among `ranges` equal runs of the key space.
    static func range(of key: UInt64, ranges: Int) -> Int { Int(key.multipliedFullWidth(by: UInt64(ranges)).high) }

    /// The step inputs for `count` files named by `name`, in the stage's folder.
    static func inputs(_ count: Int, _ context: StageContext, _ name: (Int) -> String) -> [StageInput] {
        context.intermediateInputs(of: ShardsStage.name, count, name)
    }
}

/// What one upstream part holds, for the phase-2 threshold and the manifests' token shares.
struct PartTokens: Codable, Sendable {
    var part: String
    var tokens: Int
    var histogram: ScoreHistogram
}
