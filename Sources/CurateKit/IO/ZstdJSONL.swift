import CZstd
import Foundation

/// Writes JSON Lines compressed as one zstd frame through libzstd's streaming API, atomically:
/// the data goes to a temporary file that `close()` fsyncs and renames onto the target.
public final class ZstdJSONLWriter {
    public let url: URL
    private let temporary: URL
    private let descriptor: Int32
    private let context: OpaquePointer
    private var output: [UInt8]
    private var pending: [UInt8] = []
    private var closed = false

    /// Bytes buffered before they are handed to the compressor.
    private static let chunk = 1 << 17

    public init(url: URL, level: Int32 = 3) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        temporary = AtomicFile.temporaryURL(for: url)
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw IOError.system("cannot create", temporary.path, errno) }
        guard let context = ZSTD_createCCtx() else {
            Foundation.close(descriptor)
            throw IOError.system("cannot allocate a zstd context", url.path, ENOMEM)
        }
        self.context = context
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        // A checksum lets the reader tell a damaged frame from a valid one.
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        pending.reserveCapacity(Self.chunk)
    }

    deinit {
        if !closed {
            Foundation.close(descriptor)
            unlink(temporary.path)
        }
        ZSTD_freeCCtx(context)
    }

    /// Appends one value as a line of JSON with sorted keys.
    public func write<T: Encodable>(_ value: T) throws {
        try writeLine(JSONCoding.lineBytes(value))
    }

    /// Appends `bytes` and a newline; `bytes` must not contain a newline.
    public func writeLine(_ bytes: [UInt8]) throws {
        pending.append(contentsOf: bytes)
        pending.append(0x0a)
        if pending.count >= Self.chunk { try flush(.continue) }
    }

    /// Ends the frame and makes the file appear under its final name.
    public func close() throws {
        guard !closed else { return }
        try flush(.end)
        closed = true
        try AtomicFile.commit(descriptor: descriptor, temporary: temporary, target: url)
    }

    private enum Mode { case `continue`, end }

    private func flush(_ mode: Mode) throws {
        let directive = mode == .end ? ZSTD_e_end : ZSTD_e_continue
        try pending.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while true {
                let remaining = try output.withUnsafeMutableBytes { target -> Int in
                    var out = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                    let result = ZSTD_compressStream2(context, &out, &input, directive)
                    if ZSTD_isError(result) != 0 {
                        throw IOError.corrupt(path: url.path, offset: 0, reason: "zstd: " + String(cString: ZSTD_getErrorName(result)))
                    }
                    try AtomicFile.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: target[..<out.pos]), path: temporary.path)
                    return result
                }
                let consumed = input.pos == input.size
                if mode == .end ? remaining == 0 : consumed { break }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// Reads JSON Lines from a zstd file (one or more frames) with libzstd's streaming API.
/// A truncated or corrupt frame throws `IOError.corrupt` naming the file and byte offset.
public final class ZstdJSONLReader {
    public let url: URL
    private let handle: FileHandle
    private let context: OpaquePointer
    private var compressed = [UInt8]()
    private var compressedPosition = 0
    /// Offset in the file of `compressed[0]`.
    private var compressedOffset = 0
    private var decoded = [UInt8]()
    private var decodedPosition = 0
    /// `decoded` holds no newline between `decodedPosition` and this: a long line is searched
    /// once, not again from its start after every block.
    private var searchedUpTo = 0
    private var frameOpen = false
    /// The last call filled the output buffer, so libzstd may hold more output for no new input.
    private var outputWasFull = false
    private var endOfFile = false
    private var lineNumber = 0
    /// The longest line read; a sample is far smaller, so a longer one is damage, not data.
    public static let defaultMaxLineBytes = 256 << 20
    private let maxLineBytes: Int

    public init(url: URL, maxLineBytes: Int = defaultMaxLineBytes) throws {
        self.url = url
        self.maxLineBytes = maxLineBytes
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw IOError.system("cannot open", url.path, ENOENT)
        }
        guard let context = ZSTD_createDCtx() else { throw IOError.system("cannot allocate a zstd context", url.path, ENOMEM) }
        self.context = context
    }

    deinit {
        try? handle.close()
        ZSTD_freeDCtx(context)
    }

    /// The next line without its newline, or nil at the end of the file.
    public func nextLine() throws -> [UInt8]? {
        while true {
            if let newline = decoded[max(decodedPosition, searchedUpTo)...].firstIndex(of: 0x0a) {
                let line = Array(decoded[decodedPosition..<newline])
                decodedPosition = newline + 1
                searchedUpTo = decodedPosition
                lineNumber += 1
                return line
            }
            searchedUpTo = decoded.count
            // A few kilobytes of zstd can hold gigabytes without a newline.
            guard decoded.count - decodedPosition <= maxLineBytes else {
                throw IOError.badLine(path: url.path, line: lineNumber + 1, reason: "line is longer than \(maxLineBytes) bytes")
            }
            if !(try decodeMore()) {
                guard decodedPosition < decoded.count else { return nil }
                throw IOError.badLine(path: url.path, line: lineNumber + 1, reason: "last line has no newline (file cut short?)")
            }
        }
    }

    /// Decodes each line as `T`; a line that does not decode is an error naming its number.
    public func forEach<T: Decodable>(_ type: T.Type, _ body: (T) throws -> Void) throws {
        let decoder = JSONDecoder()
        while let line = try nextLine() {
            let value: T
            do {
                value = try decoder.decode(T.self, from: Data(line))
            } catch {
                throw IOError.badLine(path: url.path, line: lineNumber, reason: "not a valid \(T.self) record: \(error)")
            }
            try body(value)
        }
    }

    /// Reads every line as `T`.
    public func readAll<T: Decodable>(_ type: T.Type) throws -> [T] {
        var all = [T]()
        try forEach(type) { all.append($0) }
        return all
    }

    /// Decompresses another block into `decoded`; false at a clean end of file.
    private func decodeMore() throws -> Bool {
        if decodedPosition > 0 {
            decoded.removeSubrange(0..<decodedPosition)
            searchedUpTo -= decodedPosition
            decodedPosition = 0
        }
        while true {
            if compressedPosition == compressed.count && !outputWasFull {
                if endOfFile { return try finish() }
                compressedOffset += compressed.count
                compressed = Array(try handle.read(upToCount: ZSTD_DStreamInSize()) ?? Data())
                compressedPosition = 0
                if compressed.isEmpty {
                    endOfFile = true
                    return try finish()
                }
            }
            var produced = 0
            let capacity = ZSTD_DStreamOutSize()
            let start = decoded.count
            decoded.append(contentsOf: repeatElement(0, count: capacity))
            try compressed.withUnsafeBytes { source in
                try decoded.withUnsafeMutableBytes { target in
                    var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: compressedPosition)
                    var out = ZSTD_outBuffer(dst: target.baseAddress! + start, size: capacity, pos: 0)
                    let result = ZSTD_decompressStream(context, &out, &input)
                    if ZSTD_isError(result) != 0 {
                        throw IOError.corrupt(path: url.path, offset: compressedOffset + compressedPosition,
                                              reason: "corrupt zstd data (" + String(cString: ZSTD_getErrorName(result)) + ")")
                    }
                    compressedPosition = input.pos
                    produced = out.pos
                    frameOpen = result != 0
                }
            }
            decoded.removeLast(capacity - produced)
            outputWasFull = produced == capacity
            if produced > 0 { return true }
        }
    }

    private func finish() throws -> Bool {
        if frameOpen {
            throw IOError.corrupt(path: url.path, offset: compressedOffset + compressedPosition,
                                  reason: "zstd frame is truncated (the file ends inside a frame)")
        }
        return false
    }
}
