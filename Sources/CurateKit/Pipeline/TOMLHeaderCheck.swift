/// Finds a table header whose key starts with a character no key can start with (`[?]`,
/// `[[ %x]]`). The TOML parser inside TOMLKit (toml++) asserts on such a header and aborts the
/// whole process, so `ConfigTable.parse` refuses the file first, as a syntax error with its line.
///
/// It reads just enough TOML to tell a header from a `[` inside a value: strings (all four
/// kinds), comments, and the brackets and braces of arrays and inline tables.
enum TOMLHeaderCheck {
    /// The line and column (1-based, column in bytes) of the first such character, or nil.
    static func badHeaderKey(in text: String) -> (line: Int, column: Int)? {
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var index = bytes.startIndex, line = 1, lineStart = index
        var depth = 0
        var atLineStart = true

        func skipBlanks(_ from: Int) -> Int {
            var at = from
            while at < bytes.endIndex, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") { at += 1 }
            return at
        }
        func skipLine() { while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\n") { index += 1 } }

        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
                lineStart = index
                atLineStart = true
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
                continue
            case UInt8(ascii: "#"):
                skipLine()
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString(bytes, at: &index, line: &line, lineStart: &lineStart)
                atLineStart = false
                continue
            case UInt8(ascii: "[") where depth == 0 && atLineStart:
                var key = skipBlanks(index + 1)
                if key < bytes.endIndex, bytes[key] == UInt8(ascii: "[") { key = skipBlanks(key + 1) }
                if key < bytes.endIndex, !canStartKey(bytes[key]) { return (line, key - lineStart + 1) }
                // A header takes its line; what follows it there is the parser's to refuse.
                skipLine()
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                break
            }
            atLineStart = false
            index += 1
        }
        return nil
    }

    /// A bare key character, a quote, or the `]` of an empty header (which the parser refuses
    /// in words of its own).
    static func canStartKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    /// Moves past the string starting at `index`: `"…"` and `"""…"""` with backslash escapes,
    /// `'…'` and `'''…'''` without. A one-line string also ends at the end of its line.
    private static func skipString(_ bytes: ArraySlice<UInt8>, at index: inout Int, line: inout Int, lineStart: inout Int) {
        let quote = bytes[index]
        let escapes = quote == UInt8(ascii: "\"")
        let triple = bytes[index...].starts(with: [quote, quote, quote])
        index += triple ? 3 : 1
        while index < bytes.endIndex {
            let byte = bytes[index]
            if escapes, byte == UInt8(ascii: "\\") {
                index += 1
                if index < bytes.endIndex, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            if byte == UInt8(ascii: "\n") {
                guard triple else { return }
                line += 1
                index += 1
                lineStart = index
                continue
            }
            if byte == quote {
                if !triple {
                    index += 1
                    return
                }
                if bytes[index...].starts(with: [quote, quote, quote]) {
                    // Up to two more quotes may close it too (`""""` ends with a quote inside).
                    index += 3
                    var extra = 0
                    while extra < 2, index < bytes.endIndex, bytes[index] == quote { index += 1; extra += 1 }
                    return
                }
            }
            index += 1
        }
    }
}
