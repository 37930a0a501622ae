/// A token matched in raw text before pre-tokenization (`added_tokens` of `tokenizer.json`),
/// such as the sample markers `// QUESTION:` and `<|endoftext|>`.
public struct AddedToken: Sendable, Hashable {
    public var id: UInt32
    public var content: String
    /// Special tokens are markers rather than text; Hugging Face can skip them when decoding.
    public var special: Bool

    public init(id: UInt32, content: String, special: Bool = true) {
        self.id = id
        self.content = content
        self.special = special
    }
}

/// Finds added tokens in text: the leftmost match, and the longest one there, as Hugging
/// Face's `AddedVocabulary` does with its leftmost-longest Aho-Corasick automaton.
struct AddedTokenMatcher: Sendable {
    private let tokens: [(bytes: [UInt8], id: UInt32)]
    /// Which tokens start with each byte, longest first.
    private let byFirstByte: [[Int]]

    init(_ added: [AddedToken]) {
        let tokens = added.map { (bytes: Array($0.content.utf8), id: $0.id) }.filter { !$0.bytes.isEmpty }
        var byFirstByte = [[Int]](repeating: [], count: 256)
        for (index, token) in tokens.enumerated() { byFirstByte[Int(token.bytes[0])].append(index) }
        for b in 0..<256 { byFirstByte[b].sort { tokens[$0].bytes.count > tokens[$1].bytes.count } }
        self.tokens = tokens
        self.byFirstByte = byFirstByte
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// A stretch of text between added tokens, or an added token's id.
    enum Segment {
        case text(Range<Int>)
        case token(UInt32)
    }

    /// Calls `body` with each stretch of text and each added token, in order.
    @inline(__always)
    func split(_ t: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
        var segmentStart = 0
        var i = 0
        let n = t.count
        if !tokens.isEmpty {
            while i < n {
                let candidates = byFirstByte[Int(t[i])]
                var matched: Int?
                for index in candidates {
                    let bytes = tokens[index].bytes
                    guard i + bytes.count <= n else { continue }
                    var equal = true
                    for k in 1..<bytes.count where t[i + k] != bytes[k] { equal = false; break }
                    if equal { matched = index; break }
                }
                if let index = matched {
                    if segmentStart < i { body(.text(segmentStart..<i)) }
                    body(.token(tokens[index].id))
                    i += tokens[index].bytes.count
                    segmentStart = i
                } else {
                    i += 1
                }
            }
        }
        if segmentStart < n { body(.text(segmentStart..<n)) }
    }
}
