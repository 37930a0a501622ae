import Dispatch

/// Counts the pre-tokenizer pieces of a stream of texts, in parallel, as the first step of
/// BPE training: after this the corpus is only its distinct pieces and their counts.
///
/// Texts arrive in batches; each batch is cut into one contiguous share per thread and each
/// thread counts into its own table. Counts are sums, so the result does not depend on the
/// number of threads. Added tokens are cut out of the text first and not counted: they are
/// matched whole when encoding, so merges inside them would be wasted.
public final class PieceCounter {
    public let pattern: PreTokenizerPattern
    public let threads: Int
    private let matcher: AddedTokenMatcher
    private var tables: [Shard]
    /// Bytes of text seen so far.
    public private(set) var bytesSeen = 0
    public private(set) var textsSeen = 0

    /// One thread's table; each is touched by one thread at a time.
    private final class Shard: @unchecked Sendable {
        var table = ByteKeyTable(capacity: 1 << 14)
    }

    public init(pattern: PreTokenizerPattern, addedTokens: [String], threads: Int) {
        self.pattern = pattern
        self.threads = max(1, threads)
        self.matcher = AddedTokenMatcher(addedTokens.enumerated().map { AddedToken(id: UInt32($0.offset), content: $0.element) })
        self.tables = (0..<max(1, threads)).map { _ in Shard() }
    }

    /// Counts the pieces of a batch of texts.
    public func add(_ texts: [String]) {
        let shares = min(threads, max(1, texts.count))
        let per = (texts.count + shares - 1) / max(shares, 1)
        let splitter = PieceSplitter(pattern)
        let matcher = self.matcher
        let tables = self.tables
        let body: @Sendable (Int) -> Void = { share in
            let shard = tables[share]
            let lower = share * per, upper = min(texts.count, lower + per)
            guard lower < upper else { return }
            // Work on a local table: mutating it through the class on every piece would pay
            // for a dynamic exclusivity check each time.
            var table = shard.table
            shard.table = ByteKeyTable(capacity: 0)
            for index in lower..<upper {
                var text = texts[index]
                text.withUTF8 { t in
                    matcher.split(t) { segment in
                        guard case .text(let range) = segment else { return }
                        splitter.split(t, range) { piece in
                            table.add(UnsafeBufferPointer(rebasing: t[piece]), 1)
                        }
                    }
                }
            }
            shard.table = table
        }
        if shares == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: shares, execute: body) }
        bytesSeen += texts.reduce(0) { $0 + $1.utf8.count }
        textsSeen += texts.count
    }

    /// The distinct pieces and their counts.
    func merged() -> ByteKeyTable {
        var result = tables[0].table
        for shard in tables.dropFirst() {
            shard.table.forEach { key, count in result.add(key, count) }
        }
        return result
    }
}
