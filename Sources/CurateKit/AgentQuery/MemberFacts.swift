/// What the function does with each member it uses, joined with what the definition declares
/// about that member: one `Fact` per member, in order of first use.
struct MemberFacts: Sendable, RandomAccessCollection {
    struct Fact: Sendable, Hashable {
        var member: String
        var isCall: Bool
        /// The declaration's first line, trimmed, without an opening brace.
        var declaration: String
        /// The comment above the declaration, or after it on its line.
        var comment: String?
        /// For a member function: whether it is declared `const`; nil when overloaded.
        var isConstFunction: Bool?
        /// How the function's text uses a data member (all uses combined).
        var effect: MemberUse.Effect
        /// True when this use can change the object, false when it cannot, nil when unknown.
        var change: Bool?

        var displayName: String { isCall ? "\(member)()" : member }

        /// The verb for this use and the words after the member's name.
        var usePhrase: (verb: String, suffix: String) {
            if isCall { return ("calls", "") }
            switch effect {
            case .read: return ("reads", "")
            case .write: return ("assigns", "")
            case .argument: return ("passes", " to a call")
            case .indexed: return ("indexes", "")
            case .reached: return ("reaches into", "")
            case .addressTaken, .unclear: return ("uses", "")
            }
        }

        /// The answer's lines about this member.
        func describe(in candidate: QueryCandidate) -> [String] {
            let access = candidate.object.map { "\($0)." } ?? ""
            var head: String
            if isCall {
                let constness = isConstFunction.map { $0 ? "a const member function" : "a member function that is not const" }
                    ?? "an overloaded member function"
                head = "- \(access)\(member)(), \(constness), declared `\(declaration)`"
            } else {
                let verb = switch effect {
                case .read: "that it only reads"
                case .write: "that it assigns"
                case .argument: "that it passes to a call"
                case .indexed: "that it indexes"
                case .reached: "whose own members it uses"
                case .addressTaken: "whose address it takes"
                case .unclear: "that it uses"
                }
                head = "- \(access)\(member), a data member \(verb), declared `\(declaration)`"
            }
            guard let comment else { return [head] }
            let sentence = comment.prefix(1).uppercased() + comment.dropFirst()
            return [head + ". " + sentence + (sentence.hasSuffix(".") ? "" : ".")]
        }
    }

    var facts: [Fact]
    var definitionHasMutable: Bool

    /// "calls A() and B(), reads c and passes d to a call": uses grouped by verb, in order.
    var usesSentence: String {
        var verbs = [String]()
        var groups = [String: (names: [String], suffix: String)]()
        for fact in facts {
            let (verb, suffix) = fact.usePhrase
            if groups[verb] == nil { verbs.append(verb); groups[verb] = ([], suffix) }
            groups[verb]!.names.append(fact.displayName)
        }
        return Wrap.list(verbs.map { "\($0) " + Wrap.list(groups[$0]!.names) + groups[$0]!.suffix })
    }

    var startIndex: Int { facts.startIndex }
    var endIndex: Int { facts.endIndex }
    subscript(position: Int) -> Fact { facts[position] }

    init(_ candidate: QueryCandidate, definitionSource: String) {
        let lines = definitionSource.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var order = [String]()
        var uses = [String: [MemberUse]]()
        for use in candidate.uses {
            if uses[use.member] == nil { order.append(use.member) }
            uses[use.member, default: []].append(use)
        }
        facts = order.compactMap { name -> Fact? in
            guard let tag = candidate.memberTags[name], tag.line <= lines.count, let seen = uses[name] else { return nil }
            let isCall = seen.contains(where: \.isCall)
            let (declaration, trailing) = Self.declaration(lines[tag.line - 1])
            let comment = trailing ?? Self.commentAbove(lines, line: tag.line)
            var isConstFunction: Bool?
            if isCall, !candidate.overloaded.contains(name) {
                isConstFunction = (tag.signature ?? "").trimmed.hasSuffix("const")
            }
            let effects = Set(seen.filter { !$0.isCall }.map(\.effect))
            // The strongest use decides: an assignment, then anything that may change it, then a read.
            let effect: MemberUse.Effect = effects.contains(.write) ? .write
                : effects.count == 1 ? effects.first! : effects.subtracting([.read]).count == 1 ? effects.subtracting([.read]).first!
                : effects.isEmpty ? .read : .unclear
            var change: Bool?
            if isCall {
                change = isConstFunction.map { !$0 }
                if seen.contains(where: { !$0.isCall }) { change = nil }
            } else {
                change = effect == .write ? true : effect == .read ? false : nil
            }
            return Fact(member: name, isCall: isCall, declaration: declaration, comment: comment,
                        isConstFunction: isConstFunction, effect: effect, change: change)
        }
        let definitionCode = CxxText.code(candidate.definitionText)
        definitionHasMutable = CxxText.mentions("mutable", in: definitionCode)
    }

    /// A declaration line without its indentation, its opening brace or its trailing comment
    /// (returned apart).
    static func declaration(_ line: String) -> (String, String?) {
        // The comment starts where the blanked code has spaces and the line has `//`.
        let code = Array(CxxText.code(line).utf8)
        let bytes = Array(line.utf8)
        var text = line
        var comment: String?
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "/"), code[index] == UInt8(ascii: " ") {
                comment = String(decoding: bytes[(index + 2)...], as: UTF8.self).trimmed
                text = String(decoding: bytes[..<index], as: UTF8.self)
                break
            }
            index += 1
        }
        text = text.trimmed
        if text.hasSuffix("{") { text = String(text.dropLast()).trimmed }
        return (text, comment?.isEmpty == false ? comment : nil)
    }

    /// The `//` comment lines right above `line` (1-based), joined.
    static func commentAbove(_ lines: [String], line: Int) -> String? {
        var collected = [String]()
        var index = line - 2
        while index >= 0 {
            let text = lines[index].trimmed
            guard text.hasPrefix("//") else { break }
            collected.insert(String(text.drop { $0 == "/" }).trimmed, at: 0)
            index -= 1
        }
        let joined = collected.filter { !$0.isEmpty }.joined(separator: " ")
        return joined.isEmpty ? nil : joined
    }
}

/// Line wrapping for the comments and blocks the samples are written in.
enum Wrap {
    static let width = 72

    /// Words of `text` in lines of at most `width` characters; later lines start with `continuation`.
    static func lines(_ text: String, continuation: String = "") -> String {
        var out = [String]()
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                out.append(current)
                current = continuation + word
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { out.append(current) }
        return out.joined(separator: "\n")
    }

    /// A `// ` comment wrapped onto further `// ` lines.
    static func comment(_ text: String) -> String {
        lines(text, continuation: "// ")
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
