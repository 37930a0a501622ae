/// How a function uses one member of an object: a call or a data access, and whether the
/// access certainly writes, certainly only reads, or cannot be told apart from the text.
struct MemberUse: Sendable, Hashable {
    /// What the text shows a data member's use to be. Only `read` and `write` are certain;
    /// the others may change the member (a reference argument, an element, a member of it).
    enum Effect: Sendable, Hashable { case read, write, argument, indexed, reached, addressTaken, unclear }

    var member: String
    var isCall: Bool
    var effect: Effect
    /// 0-based line inside the function text.
    var line: Int

    /// Every `object.member` and `object->member` in `code` (comments and literals already
    /// blanked by `CxxText.code`). With `object == nil` the uses are bare names of the
    /// enclosing class's members (`members`), as in a member function defined out of line.
    static func find(object: String?, members: Set<String>, in code: String) -> [MemberUse] {
        let bytes = Array(code.utf8)
        var uses = [MemberUse]()
        var index = 0
        var line = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1; index += 1; continue }
            guard CxxText.isWordByte(byte), index == 0 || !CxxText.isWordByte(bytes[index - 1]) else { index += 1; continue }
            var end = index
            while end < bytes.count, CxxText.isWordByte(bytes[end]) { end += 1 }
            let word = String(decoding: bytes[index..<end], as: UTF8.self)
            defer { index = end }
            if let object {
                guard word == object, !precededByAccess(bytes, index) else { continue }
                var cursor = skipSpaces(bytes, end)
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
                    cursor += 1
                } else if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: ">") {
                    cursor += 2
                } else { continue }
                cursor = skipSpaces(bytes, cursor)
                var nameEnd = cursor
                while nameEnd < bytes.count, CxxText.isWordByte(bytes[nameEnd]) { nameEnd += 1 }
                guard nameEnd > cursor else { continue }
                let member = String(decoding: bytes[cursor..<nameEnd], as: UTF8.self)
                uses.append(classify(member, start: index, end: nameEnd, bytes: bytes, line: line))
                end = nameEnd
            } else {
                guard members.contains(word), !precededByAccess(bytes, index) else { continue }
                uses.append(classify(word, start: index, end: end, bytes: bytes, line: line))
            }
        }
        return uses
    }

    /// Decides call or data, and for data whether the text writes it.
    private static func classify(_ member: String, start: Int, end: Int, bytes: [UInt8], line: Int) -> MemberUse {
        let after = skipSpaces(bytes, end)
        let next = after < bytes.count ? bytes[after] : 0
        if next == UInt8(ascii: "(") { return MemberUse(member: member, isCall: true, effect: .unclear, line: line) }
        let rest = String(decoding: bytes[after..<min(bytes.count, after + 3)], as: UTF8.self)
        var before = start - 1
        while before >= 0, bytes[before] == UInt8(ascii: " ") { before -= 1 }
        let prefix = before >= 1 ? String(decoding: bytes[(before - 1)...before], as: UTF8.self) : ""
        let assignments = ["+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--"]
        if prefix == "++" || prefix == "--" || assignments.contains(where: { rest.hasPrefix($0) })
            || (rest.hasPrefix("=") && !rest.hasPrefix("==")) {
            return MemberUse(member: member, isCall: false, effect: .write, line: line)
        }
        // Taking the address, indexing or reaching further in may write through the member.
        let addressTaken = before >= 0 && bytes[before] == UInt8(ascii: "&") && (before == 0 || bytes[before - 1] != UInt8(ascii: "&"))
        let effect: Effect? = addressTaken ? .addressTaken
            : next == UInt8(ascii: "[") ? .indexed
            : next == UInt8(ascii: ".") || rest.hasPrefix("->") ? .reached
            : next == UInt8(ascii: ")") || next == UInt8(ascii: ",") ? .argument
            : nil
        if let effect { return MemberUse(member: member, isCall: false, effect: effect, line: line) }
        return MemberUse(member: member, isCall: false, effect: .read, line: line)
    }

    /// Whether the word at `index` is itself a member (`x.word`, `x->word`) or qualified (`ns::word`).
    private static func precededByAccess(_ bytes: [UInt8], _ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\n") { cursor -= 1 }
        guard cursor >= 0 else { return false }
        if bytes[cursor] == UInt8(ascii: ".") { return true }
        if cursor >= 1, bytes[cursor] == UInt8(ascii: ">"), bytes[cursor - 1] == UInt8(ascii: "-") { return true }
        if cursor >= 1, bytes[cursor] == UInt8(ascii: ":"), bytes[cursor - 1] == UInt8(ascii: ":") { return true }
        return false
    }

    private static func skipSpaces(_ bytes: [UInt8], _ index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t")
            || bytes[cursor] == UInt8(ascii: "\n") || bytes[cursor] == UInt8(ascii: "\r") { cursor += 1 }
        return cursor
    }
}
