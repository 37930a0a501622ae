/// What a C++ snippet looks like from outside, read without a compiler: the standard headers it
/// includes and whether it can share a translation unit with other snippets and still get the
/// verdict it would get alone (`CxxBatchChecker`).
///
/// In a batch each snippet sits in its own namespace after the batch's `#include` lines, so a
/// snippet can share one only when nothing in it behaves differently inside a namespace or
/// reaches past it: preprocessor lines other than leading `#include <...>` (a macro would leak
/// into later snippets), `extern` (language linkage ignores namespaces), `namespace std`,
/// explicit specializations (`template<>` must sit in the namespace of the template),
/// replacement `operator new`/`delete` (global only), names qualified from the global
/// namespace (`::f`), a `main` not declared `int main` (only the global `main` has rules),
/// line splices (one would join a snippet to the batch's own lines) and anything named
/// `curate_` (the batch's own names). Such a snippet is checked alone, and so is one that
/// declares a name the C headers it sees also use (`topLevelNames`).
struct CxxSnippetShape: Sendable, Hashable {
    /// The headers of its `#include <...>` lines, in order.
    var includes: [String] = []
    /// Indexes of those lines; a batch blanks them (it includes the headers once, at its top).
    var includeLines: Set<Int> = []
    /// The headers of the `#include <...>` lines before any other line of code or of the
    /// preprocessor: what a precompiled header may stand in front of without changing what
    /// any line sees, even in a snippet that cannot share a batch.
    var leadingIncludes: [String] = []
    /// Whether it may be checked in a batch; see the type's comment.
    var batchable = true
    /// Names it may declare outside any braces (the word before `(`, `=`, `;`, `[`, `{`, `,`
    /// or `:`, or after `struct`, `class`, `enum`, `union`), a superset. Alone, such a name
    /// meets the headers' global names (the C library's `read`, `index`, `time`) and may
    /// clash with them; in a namespace it hides them (`HeaderClosure.globalNames`).
    var topLevelNames: Set<String> = []

    init(_ snippet: String) {
        var seenCode = false
        var leading = true
        for (index, raw) in snippet.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmed
            if line.isEmpty || line.hasPrefix("//") { continue }
            guard line.hasPrefix("#") else {
                seenCode = true
                leading = false
                continue
            }
            // Includes after code would be hoisted above it, so they must come first.
            guard !seenCode, let header = Self.includedHeader(line) else {
                batchable = false
                leading = false
                continue
            }
            if leading { leadingIncludes.append(header) }
            includes.append(header)
            includeLines.insert(index)
        }
        if batchable { batchable = !Self.reachesPastNamespace(snippet) }
        if batchable { topLevelNames = Self.topLevelNames(CxxTokens.words(snippet)) }
    }

    static func topLevelNames(_ words: [String]) -> Set<String> {
        var names = Set<String>()
        forEachOutsideBrackets(words) { index in
            let word = words[index]
            let next = index + 1 < words.count ? words[index + 1] : ""
            let previous = index > 0 ? words[index - 1] : ""
            if ["(", "=", ";", "[", "{", ",", ":"].contains(next) || ["struct", "class", "enum", "union"].contains(previous) {
                names.insert(word)
            }
        }
        return names
    }

    /// The identifiers outside all braces and parentheses, keywords left out.
    static func wordsOutsideBrackets(_ words: [String]) -> Set<String> {
        var found = Set<String>()
        forEachOutsideBrackets(words) { found.insert(words[$0]) }
        return found
    }

    private static func forEachOutsideBrackets(_ words: [String], _ body: (Int) -> Void) {
        var depth = 0
        for (index, word) in words.enumerated() {
            switch word {
            case "{", "(": depth += 1
            case "}", ")": depth = max(0, depth - 1)
            default:
                guard depth == 0, let first = word.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                      !keywords.contains(word), word != "literal" else { continue }
                body(index)
            }
        }
    }

    static let keywords: Set<String> = [
        "alignas", "alignof", "asm", "auto", "bool", "break", "case", "catch", "char", "char8_t", "char16_t", "char32_t",
        "class", "concept", "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
        "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
        "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
        "mutable", "namespace", "new", "noexcept", "nullptr", "operator", "private", "protected", "public", "register",
        "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast",
        "struct", "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
        "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while",
    ]

    /// `h` of a line `#include <h>` (a trailing `//` comment allowed), else nil.
    static func includedHeader(_ line: String) -> String? {
        var rest = Substring(line.dropFirst()).drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("include") else { return nil }
        rest = rest.dropFirst("include".count).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
        let header = rest[rest.index(after: rest.startIndex)..<close]
        let tail = rest[rest.index(after: close)...].trimmed
        guard !header.isEmpty, tail.isEmpty || tail.hasPrefix("//"),
              header.allSatisfy({ $0.isLetter || $0.isNumber || "_./+-".contains($0) }) else { return nil }
        return String(header)
    }

    /// Words after which `::` starts a name qualified from the global namespace.
    static let beforeGlobalQualification: Set<String> = ["return", "case", "new", "delete", "throw", "else", "do", "sizeof", "typename",
                                        "co_return", "co_yield", "co_await", "const", "volatile", "static", "inline",
                                        "constexpr", "virtual", "friend", "using", "typedef", "decltype", "alignof",
                                        "noexcept", "struct", "class", "union", "enum", "auto", "public", "private",
                                        "protected", "template", "literal"]

    /// True when the snippet uses something whose meaning changes inside a namespace, or that
    /// could reach the batch's own text (see the type's comment).
    static func reachesPastNamespace(_ snippet: String) -> Bool {
        if snippet.contains("\\\n") || snippet.contains("curate_") { return true }
        let words = CxxTokens.words(snippet)
        for (index, word) in words.enumerated() {
            let next = index + 1 < words.count ? words[index + 1] : ""
            let previous = index > 0 ? words[index - 1] : ""
            switch word {
            case "extern", "asm", "__asm__", "_Pragma": return true
            case "namespace" where next == "std": return true
            case "operator" where next == "new" || next == "delete": return true
            case "template" where next == "<" && index + 2 < words.count && words[index + 2] == ">": return true
            case "main" where next == "(" && previous != "int": return true
            case "::" where previous != ">" && (!(previous.first.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false)
                                                || beforeGlobalQualification.contains(previous)):
                return true
            default: continue
            }
        }
        return false
    }
}

/// A rough C++ tokenizer, enough for `CxxSnippetShape`: identifiers and numbers, `::`, and
/// every other character on its own; comments and string or character literals are skipped.
enum CxxTokens {
    static func words(_ text: String) -> [String] {
        var words = [String]()
        let characters = Array(text.unicodeScalars)
        var index = 0
        func isWord(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
        while index < characters.count {
            let c = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            if c == "/" && next == "/" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
            } else if c == "/" && next == "*" {
                index += 2
                while index + 1 < characters.count, !(characters[index] == "*" && characters[index + 1] == "/") { index += 1 }
                index += 2
            } else if c == "\"" || c == "'" {
                // A quote after a word character is a digit separator (1'000), not a literal.
                if c == "'", let last = words.last?.unicodeScalars.last, isWord(last), index > 0, isWord(characters[index - 1]) {
                    index += 1
                    continue
                }
                index += 1
                while index < characters.count, characters[index] != c, characters[index] != "\n" {
                    index += characters[index] == "\\" ? 2 : 1
                }
                index += 1
                words.append("literal")
            } else if isWord(c) {
                let start = index
                while index < characters.count, isWord(characters[index]) { index += 1 }
                words.append(String(String.UnicodeScalarView(characters[start..<index])))
            } else if c == ":" && next == ":" {
                words.append("::")
                index += 2
            } else {
                if !c.properties.isWhitespace { words.append(String(c)) }
                index += 1
            }
        }
        return words
    }
}
