/// The words a header may declare in the global namespace (`HeaderClosure.globalNames`), read
/// from its bytes in one pass.
///
/// It finds what `CxxSnippetShape.wordsOutsideBrackets(CxxTokens.words(code))` finds in the
/// header's code (line splices joined, preprocessor lines left out), but a batch check reads
/// every file of every header its snippets include, a few hundred files and megabytes of
/// text, and the general tokenizer spends most of a batched run's own time there. Headers are
/// ASCII outside their comments; a byte of 0x80 or more counts as a letter.
enum HeaderWords {
    static func outsideBrackets(_ bytes: [UInt8]) -> Set<String> {
        let code = withoutPreprocessorLines(bytes)
        var found = Set<String>()
        var depth = 0
        var index = 0
        let count = code.count
        // Whether the last token was a word ending in a word byte (for digit separators).
        var lastWasWord = false
        @inline(__always) func isWord(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || byte >= 0x80 || (byte >= 0x30 && byte <= 0x39)
                || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a)
        }
        while index < count {
            let byte = code[index]
            let next = index + 1 < count ? code[index + 1] : UInt8(ascii: " ")
            if byte == UInt8(ascii: "/") && next == UInt8(ascii: "/") {
                while index < count, code[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                index += 2
                while index + 1 < count, !(code[index] == UInt8(ascii: "*") && code[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                if byte == UInt8(ascii: "'"), lastWasWord, index > 0, isWord(code[index - 1]) {
                    index += 1
                    continue
                }
                index += 1
                while index < count, code[index] != byte, code[index] != UInt8(ascii: "\n") {
                    index += code[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
                lastWasWord = false
            } else if isWord(byte) {
                let start = index
                while index < count, isWord(code[index]) { index += 1 }
                lastWasWord = true
                // A word counts when it starts with a letter or `_`, outside all brackets.
                let first = code[start]
                guard depth == 0, !(first >= 0x30 && first <= 0x39) else { continue }
                let word = String(decoding: code[start..<index], as: UTF8.self)
                if !CxxSnippetShape.keywords.contains(word) && word != "literal" { found.insert(word) }
            } else if byte == UInt8(ascii: ":") && next == UInt8(ascii: ":") {
                index += 2
                lastWasWord = false
            } else {
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "("): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: ")"): depth = max(0, depth - 1)
                default: break
                }
                if !isSpace(byte) { lastWasWord = false }
                index += 1
            }
        }
        return found
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0d)
    }

    /// The text with every `\`-newline made a space and every line whose first non-blank
    /// character is `#` left out (lines joined by newlines).
    static func withoutPreprocessorLines(_ bytes: [UInt8]) -> [UInt8] {
        var joined = [UInt8]()
        joined.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                joined.append(UInt8(ascii: " "))
                index += 2
            } else {
                joined.append(bytes[index])
                index += 1
            }
        }
        var kept = [UInt8]()
        kept.reserveCapacity(joined.count)
        var first = true
        for line in joined.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.first(where: { !isSpace($0) }) == UInt8(ascii: "#") { continue }
            if !first { kept.append(UInt8(ascii: "\n")) }
            kept.append(contentsOf: line)
            first = false
        }
        return kept
    }
}
