/// What the shard writer needs of a tokenizer: text to ids and back, the vocabulary size that
/// picks the token dtype, the end-of-document id, and a digest for the manifest.
public protocol ShardTokenizer: Sendable {
    func encode(_ text: String) -> [UInt32]
    func decode(_ ids: [UInt32]) -> String
    var vocabularySize: Int { get }
    var endOfDocumentID: UInt32 { get }
    /// SHA-256 of the tokenizer file, so a manifest names exactly what encoded its shards.
    var digest: String { get }
}
