import Foundation

/// A domain tokenizer as the shard writer sees it: `tokenizer.json` read once, `<|endoftext|>`
/// as the end-of-document id, and the file's SHA-256 for the manifest.
public struct DomainShardTokenizer: ShardTokenizer {
    public let tokenizer: Tokenizer
    public let endOfDocumentID: UInt32
    public let digest: String

    /// The end-of-document token every domain tokenizer carries (`SpecialTokens.defaults`).
    public static let endOfDocument = "<|endoftext|>"

    public static func load(_ url: URL) throws -> any ShardTokenizer {
        let data = try Data(contentsOf: url)
        let tokenizer = try TokenizerFile.parse(data, file: url.path)
        guard let end = tokenizer.addedTokens.first(where: { $0.content == endOfDocument }) else {
            throw InputRejected("\(url.path): no \(endOfDocument) token to end documents with")
        }
        return DomainShardTokenizer(tokenizer: tokenizer, endOfDocumentID: end.id, digest: Digest.sha256Hex(data))
    }

    public func encode(_ text: String) -> [UInt32] { tokenizer.encode(text) }
    public func decode(_ ids: [UInt32]) -> String { tokenizer.decodeText(ids) }
    public var vocabularySize: Int { max(tokenizer.model.tokens.count, Int(tokenizer.addedTokens.map(\.id).max() ?? 0) + 1) }
}
