/// Finds what makes the TOML parser inside TOMLKit (toml++) assert and abort the whole process
/// instead of reporting an error, so `ConfigTable.parse` refuses the file first, as a syntax
/// error with its line:
/// - a table header whose key starts with a character no key can start with (`[?]`, `[[ %x]]`);
/// - a `}` where an array expects a value (`x = [}`, `x = [1,\n}`).
///
/// It reads just enough TOML to tell a header from a `[` inside a value: strings (all four
/// kinds), comments, and the brackets and braces of arrays and inline tables.
enum TOMLAbortCheck {
    /// The line and column (1-based, column in bytes) of the first such spot and what is wrong there, or nil.
    static func abortingSpot(in text: String) -> (line: Int, column: Int, reason: String)? {
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var index = bytes.startIndex, line = 1, lineStart = index
        // The open arrays and inline tables, innermost last, and whether the innermost array
        // waits for a value (just after its `[` or a `,`).
        var open = [UInt8]()
        var arrayWantsValue = false
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
                arrayWantsValue = false
                continue
            case UInt8(ascii: "[") where open.isEmpty && atLineStart:
                var key = skipBlanks(index + 1)
                if key < bytes.endIndex, bytes[key] == UInt8(ascii: "[") { key = skipBlanks(key + 1) }
                if key < bytes.endIndex, !canStartKey(bytes[key]) {
                    return (line, key - lineStart + 1, "a table header's key must start with a letter, digit, '_', '-' or a quote")
                }
                // A header takes its line; what follows it there is the parser's to refuse.
                skipLine()
                continue
            case UInt8(ascii: "}") where arrayWantsValue && open.last == UInt8(ascii: "["):
                return (line, index - lineStart + 1, "'}' where the array expects a value or ']'")
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(byte)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                _ = open.popLast()
            default:
                break
            }
            arrayWantsValue = (byte == UInt8(ascii: "[") || byte == UInt8(ascii: ",")) && open.last == UInt8(ascii: "[")
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
