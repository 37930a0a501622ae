import Foundation

/// Checks the raw bytes of a document before any parser sees them: empty, binary and
/// non-UTF-8 input is refused with the offset of the first bad byte, so that nothing is
/// silently mis-decoded.
enum BookBytes {
    /// One document may not exceed this size; larger inputs are almost surely not books.
    static let maximumSize = 256 << 20

    static func check(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
        guard !bytes.isEmpty else { throw BookError.empty(file: file) }
        guard bytes.count <= maximumSize else {
            throw BookError.tooLarge(file: file, bytes: UInt64(bytes.count), limit: maximumSize)
        }
        if let offset = firstInvalidUTF8(bytes) {
            if bytes[offset] == 0 { throw BookError.binary(file: file, offset: offset) }
            throw BookError.invalidUTF8(file: file, offset: offset, line: line(at: offset, in: bytes))
        }
    }

    static func check(_ bytes: [UInt8], file: String) throws {
        try bytes.withUnsafeBufferPointer { try check($0, file: file) }
    }

    /// Offset of the first byte that is NUL or not part of a well-formed UTF-8 sequence
    /// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead >= 0x01 && lead < 0x80 { index += 1; continue }
            if lead == 0 { return index }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// 1-based line number of a byte offset.
    static func line(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }
}
