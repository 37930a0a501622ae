/// A pre-tokenizer pattern: the regex string written into `tokenizer.json`, and the settings
/// of the hand-written matcher (`PieceSplitter`) that splits text exactly as that regex does
/// under Oniguruma.
///
/// Two base families are supported: GPT-2's (`'s|'t|…| ?\p{L}+| ?\p{N}+|…`) and the GPT-4
/// style one of cl100k and Llama 3 (`(?i:'s|…)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|…`). A
/// domain variant puts one alternative in front of the base: an optional space and then one
/// of a list of operators, longest first, so `::` or `${` stay one piece.
public struct PreTokenizerPattern: Sendable, Hashable {
    public enum Base: String, Sendable, Hashable {
        case gpt2, gpt4
    }

    /// An operator kept as one piece.
    enum Operator: Sendable, Hashable {
        case literal([UInt8])
        /// `$` then an ASCII identifier (`$HOME`, `$_x1`): a shell variable.
        case shellVariable
    }

    /// Short name used in pipeline files (`gpt4`, `cpp`, `cmake`, `shell`, `gpt2`).
    public let name: String
    public let base: Base
    let operators: [Operator]

    /// The exact regex string the matcher implements.
    public var regex: String {
        let alternatives = operators.map { op -> String in
            switch op {
            case .literal(let bytes): return Self.escape(String(decoding: bytes, as: UTF8.self))
            case .shellVariable: return "\\$[A-Za-z_][A-Za-z0-9_]*"
            }
        }
        let prefix = alternatives.isEmpty ? "" : " ?(?:" + alternatives.joined(separator: "|") + ")|"
        return prefix + Self.baseRegex(base)
    }

    init(name: String, base: Base, operators: [Operator] = []) {
        self.name = name
        self.base = base
        // Longest first: under ordered alternation the first literal that matches must be the longest.
        self.operators = operators.enumerated().sorted { lhs, rhs in
            let (l, r) = (Self.length(lhs.element), Self.length(rhs.element))
            return l != r ? l > r : lhs.offset < rhs.offset
        }.map(\.element)
    }

    private static func length(_ op: Operator) -> Int {
        if case .literal(let bytes) = op { return bytes.count }
        return 0
    }

    static func literals(_ list: [String]) -> [Operator] { list.map { .literal(Array($0.utf8)) } }

    public static let gpt2 = PreTokenizerPattern(name: "gpt2", base: .gpt2)
    public static let gpt4 = PreTokenizerPattern(name: "gpt4", base: .gpt4)
    /// C++: scope, member access, shifts, comparisons and template brackets as units.
    public static let cpp = PreTokenizerPattern(name: "cpp", base: .gpt4, operators: literals(
        ["<=>", "<<=", ">>=", "::", "->", "<<", ">>", "<=", ">=", "<", ">"]))
    /// CMake: variable references `${`, `$ENV{`, generator expressions `$<` and their closers.
    public static let cmake = PreTokenizerPattern(name: "cmake", base: .gpt4, operators: literals(
        ["$ENV{", "${", "$<", "}", ">"]))
    /// Shell: variables, expansions, `&&`, `||` and the usual redirection `2>&1`.
    public static let shell = PreTokenizerPattern(name: "shell", base: .gpt4, operators: literals(
        ["2>&1", "&&", "||", "${", "$(", "}"]) + [.shellVariable])

    /// The patterns a pipeline can name.
    public static let all: [PreTokenizerPattern] = [gpt4, cpp, cmake, shell, gpt2]

    public static func named(_ name: String) -> PreTokenizerPattern? {
        all.first { $0.name == name }
    }

    /// The pattern a regex string stands for, if it is one the matcher implements: one of the
    /// named patterns, or a spelling of the GPT-4 base that Oniguruma treats the same
    /// (tiktoken's newer string with possessive quantifiers).
    public static func recognizing(_ regex: String) -> PreTokenizerPattern? {
        if let found = all.first(where: { $0.regex == regex }) { return found }
        if equivalentGPT4Spellings.contains(regex) { return gpt4 }
        return nil
    }

    static func baseRegex(_ base: Base) -> String {
        switch base {
        case .gpt2:
            return #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        case .gpt4:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        }
    }

    /// Spellings that split identically to the GPT-4 base: a possessive `?+`/`++` changes nothing
    /// where the class excludes what follows, and `\s*[\r\n]` ends where `\s*[\r\n]+` does.
    static let equivalentGPT4Spellings: Set<String> = [
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#,
    ]

    private static func escape(_ literal: String) -> String {
        var out = ""
        for ch in literal {
            if "\\^$.|?*+()[]{}".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
