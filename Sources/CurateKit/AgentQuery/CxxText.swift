/// C++ source with comments, string and character literals blanked out: every character of
/// them becomes a space (newlines stay), so offsets and line numbers still match the source
/// while a name mentioned only in a comment or a string is no longer seen as used.
enum CxxText {
    static func code(_ source: String) -> String {
        var output = [UInt8]()
        let bytes = Array(source.utf8)
        output.reserveCapacity(bytes.count)
        var index = 0
        func blank(_ byte: UInt8) { output.append(byte == UInt8(ascii: "\n") ? byte : UInt8(ascii: " ")) }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == UInt8(ascii: "/"), next == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { blank(bytes[index]); index += 1 }
            } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                blank(byte); blank(next); index += 2
                while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")) {
                    blank(bytes[index]); index += 1
                }
                for _ in 0..<2 where index < bytes.count { blank(bytes[index]); index += 1 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                // A digit separator (1'000) is not a character literal.
                if byte == UInt8(ascii: "'"), index > 0, isHexDigit(bytes[index - 1]) {
                    output.append(byte); index += 1; continue
                }
                output.append(byte); index += 1
                while index < bytes.count, bytes[index] != byte, bytes[index] != UInt8(ascii: "\n") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { blank(bytes[index]); index += 1 }
                    blank(bytes[index]); index += 1
                }
                if index < bytes.count, bytes[index] == byte { output.append(byte); index += 1 }
            } else {
                output.append(byte); index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// Whether `byte` can be part of an identifier.
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// Whether `name` occurs in `code` as a whole identifier.
    static func mentions(_ name: String, in code: String) -> Bool {
        let haystack = Array(code.utf8)
        let needle = Array(name.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == needle[0], Array(haystack[start..<(start + needle.count)]) == needle {
                let before = start > 0 ? haystack[start - 1] : 0
                let after = start + needle.count < haystack.count ? haystack[start + needle.count] : 0
                if !isWordByte(before), !isWordByte(after) { return true }
            }
            start += 1
        }
        return false
    }
}
