/// The two token streams decontamination compares, as 64-bit hashes.
///
/// - Words: runs of letters and digits, lower-cased; punctuation, whitespace and comment
///   markers separate them (the normalisation of the n-gram literature), so reflowed prose
///   and reformatted code give the same words.
/// - Code: comments and preprocessor lines dropped, every identifier that is not a keyword or a
///   common standard-library name replaced by one placeholder, literals kept, punctuation one
///   token per character. A copy with its variables renamed, its braces moved or its comments
///   rewritten gives the same stream. Names reached through `::`, `.` or `->` (`std::vector`,
///   `v.push_back`) are kept too: those belong to a library, not to the copy's author.
enum ContaminationTokens {
    static func words(_ text: String, into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        var copy = text
        copy.makeContiguousUTF8()
        copy.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                while index < count, !isWordByte(bytes[index]) { index += 1 }
                guard index < count else { break }
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                while index < count, isWordByte(bytes[index]) {
                    hash = (hash ^ UInt64(lowered(bytes[index]))) &* 0x0000_0100_0000_01B3
                    index += 1
                }
                result.append(hash)
            }
        }
    }

    /// Code tokens, split into top-level units: a unit ends where a `}` or `;` closes it at
    /// brace depth 0 (a function, a class, a statement outside any function). `units` holds
    /// the end offset (in `result`) of each unit.
    static func code(_ text: String, hashComments: Bool, into result: inout [UInt64], units: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        units.removeAll(keepingCapacity: true)
        var copy = text
        copy.makeContiguousUTF8()
        copy.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            let count = bytes.count
            var depth = 0
            var lineStart = true
            // The last two punctuation tokens, 0 after any other token: is the next name qualified?
            var last: UInt8 = 0, beforeLast: UInt8 = 0
            func byte(_ offset: Int) -> UInt8 { offset < count ? bytes[offset] : 0 }
            while index < count {
                let current = bytes[index]
                if current == 10 { lineStart = true; index += 1; continue }
                if current == 32 || current == 9 || current == 13 || current == 12 || current == 11 { index += 1; continue }
                let atLineStart = lineStart
                lineStart = false
                if hashComments, current == UInt8(ascii: "#") {
                    while index < count, bytes[index] != 10 { index += 1 }
                    continue
                }
                if !hashComments, current == UInt8(ascii: "#"), atLineStart {
                    // A preprocessor line, continued with backslashes.
                    while index < count, bytes[index] != 10 || bytes[index - 1] == UInt8(ascii: "\\") { index += 1 }
                    continue
                }
                if !hashComments, current == UInt8(ascii: "/"), byte(index + 1) == UInt8(ascii: "/") {
                    while index < count, bytes[index] != 10 { index += 1 }
                    continue
                }
                if !hashComments, current == UInt8(ascii: "/"), byte(index + 1) == UInt8(ascii: "*") {
                    index += 2
                    while index < count, !(bytes[index] == UInt8(ascii: "*") && byte(index + 1) == UInt8(ascii: "/")) { index += 1 }
                    index += 2
                    continue
                }
                if isIdentifierStart(current) {
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                    let start = index
                    while index < count, isIdentifierByte(bytes[index]) {
                        hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
                        index += 1
                    }
                    let qualified = last == UInt8(ascii: ".") || (last == UInt8(ascii: ":") && beforeLast == UInt8(ascii: ":"))
                        || (last == UInt8(ascii: ">") && beforeLast == UInt8(ascii: "-"))
                    let keep = qualified || CodeVocabulary.kept(hash, length: index - start, hashComments: hashComments)
                    result.append(keep ? hash : CodeVocabulary.placeholder)
                    last = 0; beforeLast = 0
                    continue
                }
                if isDigit(current) {
                    var hash: UInt64 = 0x84222325_cbf29ce4
                    while index < count, isIdentifierByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "'") {
                        hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
                        index += 1
                    }
                    result.append(hash)
                    last = 0; beforeLast = 0
                    continue
                }
                if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    var hash: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(current)
                    index += 1
                    while index < count, bytes[index] != current, bytes[index] != 10 {
                        if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                        if index < count { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 }
                        index += 1
                    }
                    index += 1
                    result.append(hash)
                    last = 0; beforeLast = 0
                    continue
                }
                result.append(0x5bd1_e995_0000_0000 | UInt64(current))
                beforeLast = last
                last = current
                index += 1
                if current == UInt8(ascii: "{") { depth += 1 }
                if current == UInt8(ascii: "}") {
                    depth = max(0, depth - 1)
                    if depth == 0 { units.append(result.count) }
                }
                if current == UInt8(ascii: ";"), depth == 0 { units.append(result.count) }
            }
        }
        if units.last != result.count { units.append(result.count) }
    }

    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
    @inline(__always) static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isIdentifierStart(_ byte: UInt8) -> Bool {
        byte == 0x5F || byte >= 0x80 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
    @inline(__always) static func isIdentifierByte(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
}
