/// Whether a hunk shows enough of the code around a change to review it, and the name of the
/// function it sits in.
///
/// Only the debian/ folder is fetched, so the code before a change is what the hunk shows:
/// its context and removed lines. The enclosing function comes from the hunk header, where
/// `diff -p` and git print the nearest line that starts a function; without that, from a line
/// of the hunk itself that opens a function.
enum HunkScope {
    /// The function or class the hunk sits in, or nil when neither the header nor the hunk
    /// names one.
    static func enclosing(_ hunk: PatchHunk) -> String? {
        // The header names the function open where the hunk starts; a function that begins
        // inside the hunk, before the first change, is the one the change is in.
        let beforeChange = hunk.lines.prefix { $0.first != "-" && $0.first != "+" }.map { String($0.dropFirst()) }
        if let inside = beforeChange.last(where: { isFunctionStart($0) }) { return closed(inside.trimmed) }
        let hint = hunk.functionHint.trimmed
        if !hint.isEmpty, isScope(hint) { return closed(hint) }
        return hunk.oldSide.first { isFunctionStart($0) }.map { closed($0.trimmed) }
    }

    /// `diff -p` cuts the hint at 40 characters, and a head inside the hunk may carry its
    /// parameters over several lines: a parameter list left open is shown as `(…)` rather
    /// than ending inside a parameter (`f (const gchar *src,`).
    static func closed(_ hint: String) -> String {
        guard let open = hint.firstIndex(of: "("), !hint[open...].contains(")") else { return hint }
        return hint[..<open] + "(…)"
    }

    /// A header hint that names a function, a class or a namespace (not a stray `}` or a
    /// preprocessor line, which `diff -p` also picks).
    static func isScope(_ text: String) -> Bool {
        if text.hasPrefix("#") || text.hasPrefix("}") || isComment(text) { return false }
        let keywords = ["class ", "struct ", "namespace ", "template", "union ", "enum ", "extern \"C\""]
        if keywords.contains(where: { text.hasPrefix($0) }) { return true }
        return text.contains("(") && text.first.map { $0.isLetter || $0 == "_" || $0 == "~" || $0 == ":" } == true
    }

    /// A comment line, or a line inside a block comment (`// Copyright (C) 2005 …` is no head).
    static func isComment(_ text: String) -> Bool {
        text.hasPrefix("//") || text.hasPrefix("/*") || text.hasPrefix("*")
    }

    /// A line that looks like the head of a function definition: a call-like head that is
    /// not a statement (`if (`, `return f(`) and not a declaration (`;`).
    static func isFunctionStart(_ line: String) -> Bool {
        let text = line.trimmed
        guard let open = text.firstIndex(of: "("), !text.hasSuffix(";"), !text.hasPrefix("#"), !isComment(text) else { return false }
        let head = text[..<open].trimmed
        // Assignments, member calls and expressions are statements, not heads.
        if head.contains(where: { "=\".,!+?".contains($0) }) || head.contains("->") { return false }
        if text.hasSuffix("&&") || text.hasSuffix("||") { return false }
        // A parameter list that goes on over lines ends in a comma: a head only in column 0.
        if text.hasSuffix(","), line.first.map({ $0.isWhitespace }) != false { return false }
        guard let last = head.split(separator: " ").last, !head.isEmpty else { return false }
        let statements: Set<String> = ["if", "for", "while", "switch", "return", "else", "do", "catch", "sizeof", "case",
                                       "assert", "defined", "throw", "new", "delete", "decltype", "static_assert"]
        if statements.contains(String(last)) || statements.contains(String(head.split(separator: " ").first ?? "")) { return false }
        // A head of its own: the line starts in column 0 (C style) or has a return type.
        return line.first.map { !$0.isWhitespace } == true || head.contains(" ") || head.contains("::")
    }

    /// A hunk without a named function that still shows enough of one to review: at least
    /// `minLines` non-blank old lines, most of them indented, with statements among them
    /// (a table of constants or a run of preprocessor lines is not a body).
    static func isBodyWindow(_ hunk: PatchHunk, minLines: Int) -> Bool {
        let lines = hunk.oldSide.filter { !$0.trimmed.isEmpty }
        guard lines.count >= minLines else { return false }
        let indented = lines.filter { $0.first == " " || $0.first == "\t" }.count
        let statements = lines.filter { line in
            let text = line.trimmed
            return text.hasSuffix(";") && (text.contains("(") || text.contains("=")) && !text.hasPrefix("#")
        }.count
        let preprocessor = lines.filter { $0.trimmed.hasPrefix("#") }.count
        return indented * 3 >= lines.count * 2 && statements >= 2 && preprocessor * 3 < lines.count
    }

    /// True when every changed line is an `#include`: the code that needs the header is not shown.
    static func onlyIncludes(_ hunk: PatchHunk) -> Bool {
        let changed = hunk.changedLines.map(\.trimmed).filter { !$0.isEmpty }
        return !changed.isEmpty && changed.allSatisfy { $0.hasPrefix("#include") || $0.hasPrefix("# include") }
    }
}
