import Foundation

/// Finds the function that encloses a line of C++ source by matching braces, skipping
/// strings, character literals and comments, so the SOURCE block shows the whole function.
struct FunctionLocator {
    /// A function's lines, 1-based and inclusive.
    struct Span: Equatable {
        var first: Int
        var last: Int
    }

    let lines: [String]
    private var blocks: [(open: Int, close: Int, headerStart: Int, isFunction: Bool)] = []

    init(text: String) {
        lines = text.components(separatedBy: "\n")
        blocks = FunctionLocator.scan(lines)
    }

    /// The outermost function body containing `line`, from its header to its closing brace.
    func function(containing line: Int) -> Span? {
        blocks.filter { $0.isFunction && $0.headerStart <= line && line <= $0.close }
            .min { $0.headerStart < $1.headerStart }
            .map { Span(first: $0.headerStart, last: $0.close) }
    }

    /// Lines with braces found: each block's opening and closing line, and where its header
    /// (the text since the previous `;`, `{`, `}` or preprocessor line) starts.
    private static func scan(_ lines: [String]) -> [(Int, Int, Int, Bool)] {
        var result = [(Int, Int, Int, Bool)]()
        var stack = [(open: Int, headerStart: Int, isFunction: Bool)]()
        var header = ""
        var headerStart: Int?
        var inBlockComment = false
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let chars = Array(raw)
            if !inBlockComment, raw.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                header = ""; headerStart = nil
                continue
            }
            var index = 0
            while index < chars.count {
                let c = chars[index]
                let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
                if inBlockComment {
                    if c == "*" && next == "/" { inBlockComment = false; index += 1 }
                    index += 1
                    continue
                }
                if c == "/" && next == "/" { break }
                if c == "/" && next == "*" { inBlockComment = true; index += 2; continue }
                if c == "\"" || c == "'" {
                    index += 1
                    while index < chars.count, chars[index] != c {
                        if chars[index] == "\\" { index += 1 }
                        index += 1
                    }
                    index += 1
                    header.append("x")
                    continue
                }
                switch c {
                case "{":
                    let isFunction = looksLikeFunction(header)
                    stack.append((number, headerStart ?? number, isFunction))
                    header = ""; headerStart = nil
                case "}":
                    if let open = stack.popLast() { result.append((open.open, number, open.headerStart, open.isFunction)) }
                    header = ""; headerStart = nil
                case ";":
                    header = ""; headerStart = nil
                default:
                    if !c.isWhitespace, headerStart == nil { headerStart = number }
                    header.append(c)
                }
                index += 1
            }
            header.append(" ")
        }
        return result
    }

    /// A block is a function body when its header has a parameter list and is not a control
    /// statement, a class, a namespace or an initialiser.
    static func looksLikeFunction(_ header: String) -> Bool {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.contains("("), !text.hasSuffix("=") else { return false }
        let first = text.prefix { $0.isLetter || $0 == "_" }
        if ["if", "for", "while", "switch", "catch", "do", "else", "return", "namespace", "struct", "class", "union", "enum"].contains(String(first)) {
            return false
        }
        return !text.hasSuffix("]") && !text.contains("= [") && !text.hasPrefix("[")
    }
}
