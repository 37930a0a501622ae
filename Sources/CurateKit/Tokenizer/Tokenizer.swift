/// A byte-level BPE tokenizer: added tokens split out first, then the pre-tokenizer pattern,
/// then BPE over each piece's bytes. What a Hugging Face `tokenizer.json` of the GPT-2 /
/// Llama 3 family describes, and what `TokenizerFile` reads and writes.
public struct Tokenizer: Sendable {
    public var model: BPEModel
    public var pattern: PreTokenizerPattern
    public var addedTokens: [AddedToken]
    /// `ByteLevel(add_prefix_space: true)` of GPT-2 style files: a space before each stretch
    /// of text that does not start with one.
    public var addPrefixSpace: Bool
    let matcher: AddedTokenMatcher
    /// Added tokens outside the model's vocabulary decode to their content.
    private let addedTokenBytes: [UInt32: [UInt8]]

    public init(model: BPEModel, pattern: PreTokenizerPattern, addedTokens: [AddedToken], addPrefixSpace: Bool = false) {
        self.model = model
        self.pattern = pattern
        self.addedTokens = addedTokens
        self.addPrefixSpace = addPrefixSpace
        self.matcher = AddedTokenMatcher(addedTokens)
        var bytes = [UInt32: [UInt8]]()
        for token in addedTokens where Int(token.id) >= model.tokens.count || model.tokens[Int(token.id)] == nil {
            bytes[token.id] = ByteLevelAlphabet.decode(token.content) ?? Array(token.content.utf8)
        }
        self.addedTokenBytes = bytes
    }

    /// A reusable encoder for one thread; it caches pieces it has seen.
    public func makeEncoder() -> TokenEncoder { TokenEncoder(self) }

    /// The ids of some text.
    public func encode(_ text: String) -> [UInt32] {
        var encoder = makeEncoder()
        return encoder.encode(text)
    }

    /// The ids of some bytes; invalid UTF-8 is first replaced by U+FFFD, as Python's
    /// `bytes.decode("utf-8", "replace")` does, since a tokenizer sees text.
    public func encode(bytes: [UInt8]) -> [UInt32] {
        encode(String(decoding: bytes, as: UTF8.self))
    }

    /// The exact bytes of some ids (special tokens included).
    public func decode(_ ids: [UInt32]) -> [UInt8] {
        var out = [UInt8]()
        for id in ids {
            if let added = addedTokenBytes[id] { out.append(contentsOf: added) } else { out.append(contentsOf: model.bytes(of: id)) }
        }
        return out
    }

    /// Decoded text, with bytes that are not valid UTF-8 replaced by U+FFFD.
    public func decodeText(_ ids: [UInt32]) -> String {
        String(decoding: decode(ids), as: UTF8.self)
    }
}

/// Encodes text with a `Tokenizer`, reusing buffers and a piece cache between calls.
public struct TokenEncoder {
    private let matcher: AddedTokenMatcher
    private let splitter: PieceSplitter
    private let addPrefixSpace: Bool
    private var bpe: BPEEncoder
    private var scratch: [UInt8] = []

    init(_ tokenizer: Tokenizer) {
        matcher = tokenizer.matcher
        splitter = PieceSplitter(tokenizer.pattern)
        addPrefixSpace = tokenizer.addPrefixSpace
        bpe = BPEEncoder(model: tokenizer.model)
    }

    public mutating func encode(_ text: String) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(text.utf8.count / 3 + 4)
        encode(text, into: &out)
        return out
    }

    /// Appends the ids of `text` to `out`.
    public mutating func encode(_ text: String, into out: inout [UInt32]) {
        var text = text
        text.withUTF8 { encode(utf8: $0, into: &out) }
    }

    /// Appends the ids of valid UTF-8.
    mutating func encode(utf8 t: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        matcher.split(t) { segment in
            guard case .text(let range) = segment else {
                if case .token(let id) = segment { out.append(id) }
                return
            }
            if addPrefixSpace, t[range.lowerBound] != 0x20 {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(0x20)
                scratch.append(contentsOf: t[range])
                scratch.withUnsafeBufferPointer { s in pieces(s, 0..<s.count, into: &out) }
            } else {
                pieces(t, range, into: &out)
            }
        }
    }

    @inline(__always)
    private mutating func pieces(_ t: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [UInt32]) {
        splitter.split(t, range) { piece in
            bpe.encode(UnsafeBufferPointer(rebasing: t[piece]), into: &out)
        }
    }
}

extension Tokenizer {
    /// Whether an id is a token of the vocabulary or an added token.
    public func isKnown(_ id: UInt32) -> Bool {
        (Int(id) < model.tokens.count && model.tokens[Int(id)] != nil) || addedTokens.contains { $0.id == id }
    }
}
