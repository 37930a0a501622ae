import Foundation

/// Writes a Megatron indexed dataset: `<prefix>.bin` holds the tokens of every document back
/// to back with no header; `<prefix>.idx` holds the `MMIDIDX` header and the index.
///
/// `.idx` layout (little-endian), as megatron-core's `IndexedDataset` reads it: 9-byte magic
/// `MMIDIDX\0\0`, u64 version 1, u8 dtype code, u64 sequence count N, u64 document-index count
/// D = documents + 1, int32[N] sequence lengths, int64[N] byte offsets into `.bin`, int64[D]
/// document indices (0 … N). Here every document is one sequence.
///
/// Both files are written under temporary names and renamed by `finish()`, `.idx` last, so a
/// reader that finds an `.idx` finds the whole dataset.
public final class IndexedDatasetWriter {
    public static let magic: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]
    public static let version: UInt64 = 1

    public let prefix: URL
    public let dtype: TokenDType
    private let binTemporary: URL
    private let descriptor: Int32
    private var buffer = [UInt8]()
    private var lengths = [Int32]()
    private var bytesWritten: Int64 = 0
    private var finished = false

    public init(prefix: URL, dtype: TokenDType) throws {
        guard dtype == .uint16 || dtype == .int32 || dtype == .int64 || dtype == .uint8 else {
            throw ShardError.unsupported("token dtype \(dtype.name) (use uint8, uint16, int32 or int64)")
        }
        self.prefix = prefix
        self.dtype = dtype
        try FileManager.default.createDirectory(at: prefix.deletingLastPathComponent(), withIntermediateDirectories: true)
        binTemporary = AtomicFile.temporaryURL(for: prefix.appendingPathExtension("bin"))
        descriptor = open(binTemporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw IOError.system("cannot create", binTemporary.path, errno) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(binTemporary.path)
        }
    }

    /// Documents written so far.
    public var documentCount: Int { lengths.count }
    /// Bytes of `.bin` written so far.
    public var binBytes: Int64 { bytesWritten + Int64(buffer.count) }

    /// Appends one document; every id must fit the dtype.
    public func append(document tokens: [UInt32]) throws {
        guard tokens.count <= Int(Int32.max) else { throw ShardError.unsupported("a document of \(tokens.count) tokens") }
        let limit: UInt64 = dtype == .uint16 ? UInt64(UInt16.max) : dtype == .uint8 ? UInt64(UInt8.max) : UInt64(Int32.max)
        for token in tokens {
            guard UInt64(token) <= limit else { throw ShardError.tokenOutOfRange(token, dtype) }
            switch dtype {
            case .uint8: buffer.append(UInt8(token))
            case .uint16: appendLittleEndian(UInt16(token))
            case .int64: appendLittleEndian(UInt64(token))
            default: appendLittleEndian(UInt32(token))
            }
        }
        lengths.append(Int32(tokens.count))
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes the index and makes both files appear under their final names.
    public func finish() throws {
        try flush()
        finished = true
        try AtomicFile.commit(descriptor: descriptor, temporary: binTemporary, target: prefix.appendingPathExtension("bin"))
        var index = Self.magic
        index.reserveCapacity(34 + lengths.count * 20 + 8)
        Self.append(Self.version, to: &index)
        index.append(dtype.rawValue)
        Self.append(UInt64(lengths.count), to: &index)
        Self.append(UInt64(lengths.count + 1), to: &index)
        for length in lengths { Self.append(UInt32(bitPattern: length), to: &index) }
        var pointer: Int64 = 0
        for length in lengths {
            Self.append(UInt64(bitPattern: pointer), to: &index)
            pointer += Int64(length) * Int64(dtype.size)
        }
        for document in 0...lengths.count { Self.append(UInt64(document), to: &index) }
        try AtomicFile.write(Data(index), to: prefix.appendingPathExtension("idx"))
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: binTemporary.path) }
        bytesWritten += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Self.append(value, to: &buffer)
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// A problem writing or reading token shards, naming the file and what is wrong.
public enum ShardError: Error, CustomStringConvertible, Equatable {
    case unsupported(String)
    case tokenOutOfRange(UInt32, TokenDType)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupported(what): return "unsupported: \(what)"
        case let .tokenOutOfRange(token, dtype): return "token id \(token) does not fit \(dtype.name)"
        case let .malformed(path, reason): return "\(path): \(reason)"
        }
    }
}
