import Foundation

/// Reads a Megatron indexed dataset (see `IndexedDatasetWriter` for the layout), checking the
/// header and that the index agrees with the size of `.bin`.
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
        let sequences = Int(try cursor.integer(UInt64.self))
        let documents = Int(try cursor.integer(UInt64.self))
        guard sequences <= index.count, documents <= index.count else {
            throw ShardError.malformed(path: path, reason: "counts larger than the file")
        }
        sequenceLengths = try (0..<sequences).map { _ in Int32(bitPattern: try cursor.integer(UInt32.self)) }
        sequencePointers = try (0..<sequences).map { _ in Int64(bitPattern: try cursor.integer(UInt64.self)) }
        documentIndices = try (0..<documents).map { _ in Int64(bitPattern: try cursor.integer(UInt64.self)) }
        guard cursor.atEnd else { throw ShardError.malformed(path: path, reason: "\(index.count - cursor.offset) bytes after the index") }
    }

    public var sequenceCount: Int { sequenceLengths.count }
    public var documentCount: Int { max(0, documentIndices.count - 1) }
    public var tokenCount: Int { sequenceLengths.reduce(0) { $0 + Int($1) } }
    public var binSize: Int { bin.count }

    /// The tokens of sequence `i`.
    public func sequence(_ i: Int) -> [UInt32] {
        let start = Int(sequencePointers[i])
        let count = Int(sequenceLengths[i])
        return bin.withUnsafeBytes { raw in
            (0..<count).map { k in
                let offset = start + k * dtype.size
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
    public func document(_ d: Int) -> [UInt32] {
        (Int(documentIndices[d])..<Int(documentIndices[d + 1])).flatMap { sequence($0) }
    }

    /// Problems with the index itself: pointers that do not follow the lengths, document
    /// indices that do not run from 0 to N, a `.bin` of the wrong size.
    public func structuralProblems() -> [String] {
        var problems = [String]()
        var expected: Int64 = 0
        for i in 0..<sequenceCount {
            if sequenceLengths[i] < 0 { problems.append("sequence \(i) has negative length") }
            if sequencePointers[i] != expected { problems.append("sequence \(i) starts at byte \(sequencePointers[i]), expected \(expected)") }
            expected += Int64(sequenceLengths[i]) * Int64(dtype.size)
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
        guard offset + count <= data.count else {
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
