import Foundation

/// `manifest.json` of one domain and phase: what every shard holds, the digest of every file,
/// the tokenizer and settings that made them, and the blend for the trainer's `--data-path`.
public struct ShardManifest: Codable, Sendable, Equatable {
    public struct Shard: Codable, Sendable, Equatable {
        /// The prefix relative to the manifest's folder (`<prefix>.bin`, `<prefix>.idx`).
        public var prefix: String
        public var split: Split
        public var documents: Int
        public var tokens: Int
        public var binBytes: Int
        public var binSha256: String
        public var idxSha256: String
        /// Fixed-length sequences packed from the documents, rather than one per document.
        public var packed: Bool
    }

    public struct Tokenizer: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var vocabularySize: Int
        public var endOfDocumentId: UInt32
    }

    public struct SplitTotals: Codable, Sendable, Equatable {
        public var documents: Int
        public var tokens: Int
    }

    public struct Blend: Codable, Sendable, Equatable {
        public var weight: Double
        /// `weight prefix weight prefix …` over the train shards, weights proportional to tokens.
        public var dataPath: String
    }

    public var domain: String
    public var phase: Int
    public var dtype: String
    public var seed: UInt64
    public var settingsDigest: String
    public var tokenizer: Tokenizer
    public var splits: [String: SplitTotals]
    /// Share of the domain's tokens in this phase.
    public var tokenShare: Double
    public var packLength: Int
    public var shards: [Shard]
    public var blend: Blend

    public static func load(_ url: URL) throws -> ShardManifest {
        try JSONCoding.readDocument(ShardManifest.self, from: url)
    }
}
