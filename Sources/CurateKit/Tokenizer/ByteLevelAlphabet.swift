/// The byte-level alphabet of GPT-2 style BPE: each byte is shown as one printable character,
/// so that every token of `tokenizer.json` is a plain string.
///
/// Printable Latin-1 bytes (`!`…`~`, `¡`…`¬`, `®`…`ÿ`) stand for themselves; the other 68
/// bytes take U+0100 upwards in byte order. This is the mapping Hugging Face's `ByteLevel`
/// pre-tokenizer and decoder use, so token strings agree byte for byte.
enum ByteLevelAlphabet {
    /// The character (as a scalar value) that stands for each byte.
    static let scalarForByte: [UInt32] = {
        var result = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                result[byte] = UInt32(byte)
            } else {
                result[byte] = next
                next += 1
            }
        }
        return result
    }()

    /// The inverse of `scalarForByte`; -1 for scalars outside the alphabet.
    static let byteForScalar: [Int16] = {
        var result = [Int16](repeating: -1, count: 512)
        for (byte, scalar) in scalarForByte.enumerated() { result[Int(scalar)] = Int16(byte) }
        return result
    }()

    /// The token string of some bytes.
    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(Unicode.Scalar(scalarForByte[Int(byte)])!) }
        return String(text)
    }

    /// The bytes a token string stands for, or nil when it has a character outside the alphabet
    /// (an added token such as `<|endoftext|>` written literally is inside it; one with a space is not).
    static func decode(_ token: String) -> [UInt8]? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(token.unicodeScalars.count)
        for scalar in token.unicodeScalars {
            guard scalar.value < 512, case let byte = byteForScalar[Int(scalar.value)], byte >= 0 else { return nil }
            bytes.append(UInt8(byte))
        }
        return bytes
    }
}
