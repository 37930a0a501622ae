import Foundation

/// Reads a Megatron indexed dataset (see `IndexedDatasetWriter` for the layout), checking the
/// header and that the index agrees with the size of `.bin`.
///
/// The header is checked when the reader is made; the per-sequence fields (lengths, pointers,
/// document indices) are kept as read so `structuralProblems()` can list every bad one, and
/// each access checks the fields it uses: a damaged index or a `.bin` cut short gives an error
/// naming the field and the document, never a read outside the file or an overflow trap.
public struct IndexedDatasetReader {
    public let prefix: URL
    public let version: UInt64
    public let dtype: TokenDType
    public let sequenceLengths: [Int32]
    public let sequencePointers: [Int64]
    public let documentIndices: [Int64]
    private let bin: Data

    public init(prefix: URL) throws {
        self.prefix = prefix
        let indexURL = prefix.appendingPathExtension("idx")
        let path = indexURL.path
        let index: Data
        do {
            index = try Data(contentsOf: indexURL)
            bin = try Data(contentsOf: prefix.appendingPathExtension("bin"), options: .alwaysMapped)
        } catch {
            throw ShardError.malformed(path: prefix.path, reason: "cannot read .idx/.bin: \(error.localizedDescription)")
        }
        var cursor = ByteCursor(index, path: path)
        guard try cursor.bytes(9) == IndexedDatasetWriter.magic else {
            throw ShardError.malformed(path: path, reason: "not a Megatron index (magic is not MMIDIDX)")
        }
        version = try cursor.integer(UInt64.self)
        guard version == 1 else { throw ShardError.malformed(path: path, reason: "index version \(version), expected 1") }
        let code = try cursor.bytes(1)[0]
        guard let dtype = TokenDType(rawValue: code) else { throw ShardError.malformed(path: path, reason: "unknown dtype code \(code)") }
        self.dtype = dtype
        let rawSequences = try cursor.integer(UInt64.self)
        let rawDocuments = try cursor.integer(UInt64.self)
        // Counts are checked against the file before anything is allocated for them: 4 + 8
        // bytes per sequence and 8 per document index must be exactly what follows the header.
        let remaining = UInt64(index.count - cursor.offset)
        let (sequenceBytes, overflowA) = rawSequences.multipliedReportingOverflow(by: 12)
        let (documentBytes, overflowB) = rawDocuments.multipliedReportingOverflow(by: 8)
        let (needed, overflowC) = sequenceBytes.addingReportingOverflow(documentBytes)
        guard !overflowA, !overflowB, !overflowC, needed <= remaining else {
            throw ShardError.malformed(path: path, reason: "header field sequence count (\(rawSequences)) and document index count "
                + "(\(rawDocuments)) need more than the \(remaining) bytes after the header")
        }
        let sequences = Int(rawSequences), documents = Int(rawDocuments)
        sequenceLengths = try (0..<sequences).map { _ in Int32(bitPattern: try cursor.integer(UInt32.self)) }
        sequencePointers = try (0..<sequences).map { _ in Int64(bitPattern: try cursor.integer(UInt64.self)) }
        documentIndices = try (0..<documents).map { _ in Int64(bitPattern: try cursor.integer(UInt64.self)) }
        guard cursor.atEnd else { throw ShardError.malformed(path: path, reason: "\(index.count - cursor.offset) bytes after the index") }
    }

    public var sequenceCount: Int { sequenceLengths.count }
    public var documentCount: Int { max(0, documentIndices.count - 1) }
    /// The sum of the lengths as stored (negative lengths included; `structuralProblems` names them).
    public var tokenCount: Int { sequenceLengths.reduce(0) { $0 + Int($1) } }
    public var binSize: Int { bin.count }

    private var indexPath: String { prefix.appendingPathExtension("idx").path }
    private var binPath: String { prefix.appendingPathExtension("bin").path }

    /// The sequences of document `d`, from `document_indices[d]` and `[d + 1]`, checked to be
    /// an ascending range inside `0...sequenceCount`.
    public func sequences(ofDocument d: Int) throws -> Range<Int> {
        guard d >= 0, d < documentCount else {
            throw ShardError.malformed(path: indexPath, reason: "no document \(d): the shard has \(documentCount)")
        }
        let first = documentIndices[d], end = documentIndices[d + 1]
        guard first >= 0, first <= end, end <= Int64(sequenceCount) else {
            throw ShardError.malformed(path: indexPath, reason: "document \(d): document_indices[\(d)] = \(first) and "
                + "document_indices[\(d + 1)] = \(end) are not an ascending range within 0…\(sequenceCount)")
        }
        return Int(first)..<Int(end)
    }

    /// Where the tokens of sequence `i` (of document `d`) lie in `.bin`: its length must not be
    /// negative, its pointer must be a whole token inside the file, and its end inside the file.
    func byteRange(ofSequence i: Int, document d: Int) throws -> Range<Int> {
        let length = sequenceLengths[i], pointer = sequencePointers[i]
        guard length >= 0 else {
            throw ShardError.malformed(path: indexPath, reason: "document \(d): sequence_lengths[\(i)] is \(length), a negative length")
        }
        guard pointer >= 0 else {
            throw ShardError.malformed(path: indexPath, reason: "document \(d): sequence_pointers[\(i)] is \(pointer), a negative offset")
        }
        // length < 2^31 and size <= 8, so the byte count cannot overflow; the end can.
        let byteCount = Int64(length) * Int64(dtype.size)
        let (end, overflow) = pointer.addingReportingOverflow(byteCount)
        guard !overflow, end <= Int64(bin.count) else {
            throw ShardError.malformed(path: binPath, reason: "document \(d) lies outside the file: sequence_pointers[\(i)] = \(pointer) "
                + "and sequence_lengths[\(i)] = \(length) (\(dtype.name)) reach byte \(overflow ? "past Int64.max" : String(end)), "
                + "the file has \(bin.count) bytes")
        }
        return Int(pointer)..<Int(end)
    }

    /// The tokens of sequence `i` of document `d`.
    func tokens(ofSequence i: Int, document d: Int) throws -> [UInt32] {
        let range = try byteRange(ofSequence: i, document: d)
        let size = dtype.size, dtype = dtype
        return bin.withUnsafeBytes { raw in
            stride(from: range.lowerBound, to: range.upperBound, by: size).map { offset in
                switch dtype {
                case .uint8, .int8: return UInt32(raw[offset])
                case .uint16, .int16: return UInt32(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self).littleEndian)
                case .int64, .float64: return UInt32(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
                default: return raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
                }
            }
        }
    }

    /// The tokens of document `d` (all its sequences).
    public func document(_ d: Int) throws -> [UInt32] {
        try sequences(ofDocument: d).flatMap { try tokens(ofSequence: $0, document: d) }
    }

    /// The number of tokens of document `d`, from the index alone (the `.bin` is not read).
    public func length(ofDocument d: Int) throws -> Int {
        try sequences(ofDocument: d).reduce(0) { total, i in
            guard sequenceLengths[i] >= 0 else {
                throw ShardError.malformed(path: indexPath, reason: "document \(d): sequence_lengths[\(i)] is \(sequenceLengths[i]), a negative length")
            }
            return total + Int(sequenceLengths[i])
        }
    }

    /// Problems with the index itself: pointers that do not follow the lengths, document
    /// indices that do not run from 0 to N, a `.bin` of the wrong size.
    public func structuralProblems() -> [String] {
        var problems = [String]()
        var expected: Int64 = 0
        for i in 0..<sequenceCount {
            if sequenceLengths[i] < 0 { problems.append("sequence_lengths[\(i)] is \(sequenceLengths[i]), a negative length") }
            if sequencePointers[i] != expected { problems.append("sequence \(i) starts at byte \(sequencePointers[i]), expected \(expected)") }
            let (next, overflow) = expected.addingReportingOverflow(Int64(sequenceLengths[i]) * Int64(dtype.size))
            if overflow { problems.append("the lengths up to sequence \(i) add up to more than Int64 can hold"); return problems }
            expected = next
            if problems.count > 10 { break }
        }
        if expected != Int64(bin.count) { problems.append(".bin has \(bin.count) bytes, the index describes \(expected)") }
        if documentIndices.first != 0 { problems.append("document indices do not start at 0") }
        if documentIndices.last != Int64(sequenceCount) { problems.append("document indices do not end at \(sequenceCount)") }
        if zip(documentIndices, documentIndices.dropFirst()).contains(where: { $0 > $1 }) {
            problems.append("document indices are not ascending")
        }
        return problems
    }
}

/// Reads little-endian integers from bytes, failing with the file and offset when they run out.
struct ByteCursor {
    let data: Data
    let path: String
    private(set) var offset = 0

    init(_ data: Data, path: String) {
        self.data = data
        self.path = path
    }

    var atEnd: Bool { offset == data.count }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count <= data.count - offset else {
            throw ShardError.malformed(path: path, reason: "ends at byte \(data.count) inside a field at byte \(offset)")
        }
        defer { offset += count }
        return Array(data[data.startIndex + offset..<data.startIndex + offset + count])
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let raw = try bytes(MemoryLayout<T>.size)
        return raw.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }
}
