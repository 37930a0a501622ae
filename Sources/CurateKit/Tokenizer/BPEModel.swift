/// A byte-level BPE model: the token of each id and the ranked merges that build tokens from
/// bytes. Matches the `model` section (`"type": "BPE"`) of a Hugging Face `tokenizer.json`.
///
/// Merges are keyed by pairs of `UInt32` ids; a piece is encoded by repeatedly applying the
/// lowest-ranked merge present, leftmost first, which is the order Hugging Face's `Word`
/// merging and tiktoken both follow.
public struct BPEModel: Sendable {
    /// Token strings as written in `vocab`, by id; nil where an id is unused.
    public private(set) var tokens: [String?]
    /// The bytes each id decodes to (Hugging Face's `ByteLevel` decoder rule: through the
    /// byte alphabet when every character is in it, else the token's own UTF-8).
    private(set) var tokenBytes: [[UInt8]]
    /// The merges in rank order.
    public private(set) var merges: [(UInt32, UInt32)]
    /// Pair key → rank (high half) and resulting id (low half).
    private(set) var mergeTable: PairTable
    /// The id of each single byte, or `UInt32.max` when the vocabulary lacks it.
    private(set) var byteIDs: [UInt32]
    /// Token bytes → id, for byte-level tokens.
    private(set) var idsByBytes: ByteKeyTable
    /// Llama 3's `ignore_merges`: a piece that is a whole token is that token, merges or not.
    public var ignoreMerges: Bool

    public var vocabularySize: Int { tokens.count(where: { $0 != nil }) }

    public enum BuildError: Error, CustomStringConvertible {
        case duplicateID(UInt32, String, String)
        case unknownMergePart(rank: Int, String)
        case mergeResultMissing(rank: Int, String)

        public var description: String {
            switch self {
            case let .duplicateID(id, a, b): return "vocab gives id \(id) to both \(a.debugDescription) and \(b.debugDescription)"
            case let .unknownMergePart(rank, token): return "merge \(rank) uses \(token.debugDescription), which is not in the vocab"
            case let .mergeResultMissing(rank, token): return "merge \(rank) makes \(token.debugDescription), which is not in the vocab"
            }
        }
    }

    /// Builds a model from a vocabulary (token string → id) and merges of token strings.
    public init(vocab: [(String, UInt32)], merges: [(String, String)], ignoreMerges: Bool = false) throws {
        let size = Int((vocab.map(\.1).max() ?? 0)) + (vocab.isEmpty ? 0 : 1)
        var tokens = [String?](repeating: nil, count: size)
        var tokenBytes = [[UInt8]](repeating: [], count: size)
        var ids = [String: UInt32](minimumCapacity: vocab.count)
        var idsByBytes = ByteKeyTable(capacity: vocab.count)
        var byteIDs = [UInt32](repeating: .max, count: 256)
        for (token, id) in vocab {
            if let other = tokens[Int(id)] { throw BuildError.duplicateID(id, other, token) }
            tokens[Int(id)] = token
            ids[token] = id
            if let bytes = ByteLevelAlphabet.decode(token) {
                tokenBytes[Int(id)] = bytes
                idsByBytes.set(bytes, UInt64(id))
                if bytes.count == 1 { byteIDs[Int(bytes[0])] = id }
            } else {
                tokenBytes[Int(id)] = Array(token.utf8)
            }
        }
        var table = PairTable(capacity: merges.count)
        var pairs = [(UInt32, UInt32)]()
        pairs.reserveCapacity(merges.count)
        for (rank, (a, b)) in merges.enumerated() {
            guard let left = ids[a] else { throw BuildError.unknownMergePart(rank: rank, a) }
            guard let right = ids[b] else { throw BuildError.unknownMergePart(rank: rank, b) }
            guard let result = ids[a + b] else { throw BuildError.mergeResultMissing(rank: rank, a + b) }
            pairs.append((left, right))
            // A repeated pair keeps its last rank, as in Hugging Face's map of merges.
            table.set(PairTable.key(left, right), UInt64(rank) << 32 | UInt64(result))
        }
        self.tokens = tokens
        self.tokenBytes = tokenBytes
        self.merges = pairs
        self.mergeTable = table
        self.byteIDs = byteIDs
        self.idsByBytes = idsByBytes
        self.ignoreMerges = ignoreMerges
    }

    /// The id of a token given by its string, if present.
    public func id(of token: String) -> UInt32? {
        if let bytes = ByteLevelAlphabet.decode(token), let id = idsByBytes.value(for: bytes),
           tokens[Int(id)] == token {
            return UInt32(id)
        }
        return tokens.firstIndex { $0 == token }.map(UInt32.init)
    }

    /// The bytes of a token id, empty for an unknown id.
    public func bytes(of id: UInt32) -> [UInt8] {
        Int(id) < tokenBytes.count ? tokenBytes[Int(id)] : []
    }

    /// The merge rank and result of a pair, if the pair is merged.
    @inline(__always)
    func merge(_ a: UInt32, _ b: UInt32) -> (rank: UInt32, id: UInt32)? {
        guard let value = mergeTable.value(PairTable.key(a, b)) else { return nil }
        return (UInt32(truncatingIfNeeded: value >> 32), UInt32(truncatingIfNeeded: value))
    }

    @inline(__always)
    func wholeToken(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        idsByBytes.value(for: bytes).map { UInt32(truncatingIfNeeded: $0) }
    }
}
