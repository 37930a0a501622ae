/// Binary records as base64 lines, so intermediate files of raw bytes (token ids, pieces that
/// may hold any byte) travel through `ZstdJSONLWriter` and `ZstdJSONLReader`, whose lines end
/// at a newline, without a second zstd format.
enum Base64Bytes {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// `bytes` in base64 with `=` padding.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(word >> 18)]); out.append(alphabet[Int(word >> 12 & 63)])
            out.append(alphabet[Int(word >> 6 & 63)]); out.append(alphabet[Int(word & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let word = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out.append(alphabet[Int(word >> 18)]); out.append(alphabet[Int(word >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(word >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return out
    }

    /// The bytes of base64 `text` (a slice of a line); nil when it is not padded base64.
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var index = text.startIndex
        while index < text.endIndex {
            let a = values[Int(text[index])], b = values[Int(text[index + 1])]
            let c3 = text[index + 2], c4 = text[index + 3]
            guard a != 0xFF, b != 0xFF else { return nil }
            let last = index + 4 == text.endIndex
            let c = c3 == UInt8(ascii: "=") && last && c4 == UInt8(ascii: "=") ? 0 : values[Int(c3)]
            let d = c4 == UInt8(ascii: "=") && last ? 0 : values[Int(c4)]
            guard c != 0xFF, d != 0xFF else { return nil }
            let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
            out.append(UInt8(word >> 16))
            if !(last && c3 == UInt8(ascii: "=")) { out.append(UInt8(word >> 8 & 0xFF)) }
            if !(last && c4 == UInt8(ascii: "=")) { out.append(UInt8(word & 0xFF)) }
            index += 4
        }
        return out
    }
}
