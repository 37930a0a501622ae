/// Converts a stream of A token ids into exactly the ids B gives the same text:
/// `convert(ids) == B.encode(A.decodeText(ids))` for every stream.
///
/// Why it is exact: byte-level BPE never merges across B's added tokens or across the pieces
/// of B's pre-tokenizer, so B's ids are the concatenation of B's ids for each piece. The
/// converter finds B's added tokens and pieces on the decoded bytes; the offsets where a B
/// piece starts and ends on an A token boundary are synchronisation points, and a piece that
/// is exactly one A token takes its B ids from the converter's decomposition table (that
/// token's bytes under B's merges). Only the other pieces are merged again, with B's own
/// encoder and its cache. A stream whose bytes are not valid UTF-8 (a token split inside a
/// character) is first repaired as `String(decoding:)` repairs it, which moves offsets, so
/// there only B's encoder is used.
///
/// One converter belongs to one thread: it keeps buffers and B's piece cache between streams.
public struct TokenStreamConverter {
    /// A's bytes of each id, flattened: id `a` is `aBytes[aStart[a]..<aStart[a + 1]]`.
    private let aBytes: [UInt8]
    private let aStart: [Int32]
    /// Whether an A token's bytes are valid UTF-8 on their own; streams of such tokens need no repair.
    private let aValid: [Bool]
    /// B ids of the pieces that are one A token: `tableIDs[tableStart[a]..<tableStart[a + 1]]`,
    /// used when `tableUsable[a]`.
    private let tableIDs: [UInt32]
    private let tableStart: [Int32]
    private let tableUsable: [Bool]
    private let target: Tokenizer
    private let splitter: PieceSplitter
    private var bpe: BPEEncoder
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var tokens: [UInt32] = []
    private var scratch: [UInt8] = []
    public private(set) var statistics = ConversionStatistics()

    /// A converter from `source` to `target` ids through `converter`'s table; the table must
    /// have been trained with these two tokenizers (`LoadedConverter.load` checks the digests).
    public init(source: Tokenizer, target: Tokenizer, converter: SpaceConverter) {
        let size = converter.from.size
        var aBytes = [UInt8](), aStart = [Int32](), aValid = [Bool]()
        aStart.reserveCapacity(size + 1)
        for a in 0..<size {
            aStart.append(Int32(aBytes.count))
            let bytes = source.decode([UInt32(a)])
            aBytes.append(contentsOf: bytes)
            aValid.append(String(validating: bytes, as: UTF8.self) != nil)
        }
        aStart.append(Int32(aBytes.count))
        var tableStart = [Int32](), tableUsable = [Bool]()
        for a in 0..<size {
            tableStart.append(Int32(converter.decompositionOffsets[a]))
            tableUsable.append(converter.exact[a] != 0 && !source.addedTokens.contains { $0.id == UInt32(a) })
        }
        tableStart.append(Int32(converter.decompositionIDs.count))
        self.aBytes = aBytes
        self.aStart = aStart
        self.aValid = aValid
        self.tableIDs = converter.decompositionIDs.map { UInt32($0) }
        self.tableStart = tableStart
        self.tableUsable = tableUsable
        self.target = target
        self.splitter = PieceSplitter(target.pattern)
        self.bpe = BPEEncoder(model: target.model)
    }

    /// B's ids for the text of A's `ids`.
    public mutating func convert(_ ids: [UInt32]) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(ids.count + ids.count / 4 + 4)
        convert(ids, into: &out)
        return out
    }

    /// Appends B's ids for the text of A's `ids` to `out`.
    public mutating func convert(_ ids: [UInt32], into out: inout [UInt32]) {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        var valid = true
        let size = aStart.count - 1
        let aBytes = self.aBytes, aStart = self.aStart, aValid = self.aValid
        aBytes.withUnsafeBufferPointer { source in
            aStart.withUnsafeBufferPointer { offsets in
                aValid.withUnsafeBufferPointer { validAlone in
                    for id in ids where Int(id) < size {
                        let lower = Int(offsets[Int(id)]), upper = Int(offsets[Int(id) + 1])
                        guard lower < upper else { continue }
                        starts.append(bytes.count)
                        tokens.append(id)
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[lower..<upper]))
                        valid = valid && validAlone[Int(id)]
                    }
                }
            }
        }
        starts.append(bytes.count)
        statistics.streams += 1
        statistics.bytes += bytes.count
        if !valid, String(validating: bytes, as: UTF8.self) == nil {
            // Repair as decoding does; A boundaries no longer hold, so no piece comes from the table.
            bytes = Array(String(decoding: bytes, as: UTF8.self).utf8)
            tokens.removeAll(keepingCapacity: true)
            starts = [bytes.count]
            statistics.repairedStreams += 1
        }
        let buffer = bytes
        let matcher = target.matcher
        let addPrefixSpace = target.addPrefixSpace
        buffer.withUnsafeBufferPointer { t in
            var k = 0
            matcher.split(t) { segment in
                switch segment {
                case .token(let id):
                    out.append(id)
                case .text(let range):
                    if addPrefixSpace, t[range.lowerBound] != 0x20 {
                        prefixed(t, range, into: &out)
                    } else {
                        pieces(t, range, &k, into: &out)
                    }
                }
            }
        }
    }

    @inline(__always)
    private mutating func pieces(_ t: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ k: inout Int, into out: inout [UInt32]) {
        let count = tokens.count
        let splitter = self.splitter
        let starts = self.starts, tokens = self.tokens, tableIDs = self.tableIDs, tableStart = self.tableStart
        let tableUsable = self.tableUsable
        var tablePieces = 0, tableBytes = 0, mergedPieces = 0, mergedBytes = 0
        starts.withUnsafeBufferPointer { starts in
            tokens.withUnsafeBufferPointer { tokens in
                tableIDs.withUnsafeBufferPointer { tableIDs in
                    tableStart.withUnsafeBufferPointer { tableStart in
                        tableUsable.withUnsafeBufferPointer { tableUsable in
                            splitter.split(t, range) { piece in
                                while k < count, starts[k] < piece.lowerBound { k += 1 }
                                if k < count, starts[k] == piece.lowerBound, starts[k + 1] == piece.upperBound,
                                   tableUsable[Int(tokens[k])] {
                                    let a = Int(tokens[k])
                                    out.append(contentsOf: UnsafeBufferPointer(rebasing: tableIDs[Int(tableStart[a])..<Int(tableStart[a + 1])]))
                                    tablePieces += 1
                                    tableBytes += piece.count
                                } else {
                                    bpe.encode(UnsafeBufferPointer(rebasing: t[piece]), into: &out)
                                    mergedPieces += 1
                                    mergedBytes += piece.count
                                }
                            }
                        }
                    }
                }
            }
        }
        statistics.tablePieces += tablePieces
        statistics.tableBytes += tableBytes
        statistics.mergedPieces += mergedPieces
        statistics.mergedBytes += mergedBytes
    }

    /// A stretch B sees with a space put in front (`add_prefix_space`): offsets shift by one,
    /// so it is merged by B's encoder alone.
    private mutating func prefixed(_ t: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [UInt32]) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(0x20)
        scratch.append(contentsOf: t[range])
        let copy = scratch
        let splitter = self.splitter
        copy.withUnsafeBufferPointer { s in
            splitter.split(s, 0..<s.count) { piece in
                bpe.encode(UnsafeBufferPointer(rebasing: s[piece]), into: &out)
                statistics.mergedPieces += 1
                statistics.mergedBytes += piece.count
            }
        }
    }
}

/// What a `TokenStreamConverter` has done: how much text its table settled and how much
/// B's merges had to redo.
public struct ConversionStatistics: Sendable, Codable, Hashable {
    public var streams = 0
    public var bytes = 0
    /// Streams whose decoded bytes were not valid UTF-8 and were repaired first.
    public var repairedStreams = 0
    public var tablePieces = 0
    public var tableBytes = 0
    public var mergedPieces = 0
    public var mergedBytes = 0

    public init() {}

    /// Share of the pieces' bytes whose B ids came from the table.
    public var tableShare: Double {
        let total = tableBytes + mergedBytes
        return total == 0 ? 0 : Double(tableBytes) / Double(total)
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum.streams += rhs.streams
        sum.bytes += rhs.bytes
        sum.repairedStreams += rhs.repairedStreams
        sum.tablePieces += rhs.tablePieces
        sum.tableBytes += rhs.tableBytes
        sum.mergedPieces += rhs.mergedPieces
        sum.mergedBytes += rhs.mergedBytes
        return sum
    }
}
