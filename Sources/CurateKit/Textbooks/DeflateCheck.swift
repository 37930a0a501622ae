import CInflate
import Foundation

/// Whether a ZIP entry's deflate stream is whole, checked before the entry is extracted.
///
/// ZIPFoundation's inflate loop on Linux (0.9.20) never returns when an entry's compressed
/// bytes run out before the stream's last block: a damaged EPUB would hang the run. The check
/// inflates the entry's raw bytes with zlib into a scratch buffer and asks for the stream's end.
enum DeflateCheck {
    /// The compressed bytes of the entry `path` in the ZIP file `zip`: the first local header
    /// with that name, then `compressedSize` bytes after its name and extra field; nil when
    /// there is no such header or the bytes run past the file.
    static func compressedBytes(of path: String, compressedSize: UInt64, in zip: [UInt8]) -> ArraySlice<UInt8>? {
        let name = Array(path.utf8)
        guard zip.count >= 30 else { return nil }
        var offset = 0
        while offset + 30 <= zip.count {
            if zip[offset] == 0x50, zip[offset + 1] == 0x4b, zip[offset + 2] == 0x03, zip[offset + 3] == 0x04 {
                let nameLength = Int(zip[offset + 26]) | Int(zip[offset + 27]) << 8
                let extraLength = Int(zip[offset + 28]) | Int(zip[offset + 29]) << 8
                let nameStart = offset + 30
                if nameStart + nameLength <= zip.count, zip[nameStart..<nameStart + nameLength].elementsEqual(name) {
                    let start = nameStart + nameLength + extraLength
                    guard compressedSize <= UInt64(zip.count), start + Int(compressedSize) <= zip.count else { return nil }
                    return zip[start..<start + Int(compressedSize)]
                }
            }
            offset += 1
        }
        return nil
    }

    /// Whether `bytes` hold a raw deflate stream that reaches its end within `limit` bytes of
    /// output.
    static func streamEnds(_ bytes: ArraySlice<UInt8>, limit: UInt64) -> Bool {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { inflateEnd(&stream) }
        var input = Array(bytes)
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(input.count)
            var produced: UInt64 = 0
            while true {
                let status = scratch.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced += UInt64(out.count) - UInt64(stream.avail_out)
                    return status
                }
                // More output than the entry may hold, an error, or no input left before the end.
                guard produced <= limit else { return false }
                if status == Z_STREAM_END { return true }
                guard status == Z_OK else { return false }
                if stream.avail_in == 0, stream.avail_out != 0 { return false }
            }
        }
    }
}
