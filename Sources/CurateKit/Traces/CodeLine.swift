import Foundation

/// What one line of C++ says about its variables, read from the text alone: enough to tell
/// which names a faulting line uses, indexes with, dereferences, divides by or assigns to.
enum CodeLine {
    static let keywords: Set<String> = [
        "if", "else", "for", "while", "do", "return", "switch", "case", "break", "continue", "new", "delete",
        "const", "auto", "int", "long", "short", "char", "bool", "float", "double", "void", "unsigned", "signed",
        "size_t", "std", "static_cast", "dynamic_cast", "reinterpret_cast", "const_cast", "sizeof", "nullptr",
        "true", "false", "struct", "class", "this", "static", "inline", "template", "typename", "operator",
    ]

    /// The code without a trailing `//` comment or string literals (their text is not names).
    static func code(_ line: String) -> String {
        var result = ""
        var quote: Character?
        var previous: Character = " "
        for character in line {
            if let open = quote {
                if character == open && previous != "\\" { quote = nil }
                previous = character
                continue
            }
            if character == "\"" || character == "'" { quote = character; result.append("0"); previous = character; continue }
            if character == "/" && previous == "/" { result.removeLast(); break }
            result.append(character)
            previous = character
        }
        return result
    }

    /// The variable a line declares without a value, when its type is one that then holds
    /// garbage (a number, a `bool`, a pointer, or an array of them): `bool found;`,
    /// `int weights[8];`, `double* last;`. Class types construct themselves and are left out.
    static func declaredWithoutValue(_ line: String) -> String? {
        let pattern = "^\\s*(?:(?:unsigned|signed|long|short)\\s+)*"
            + "(?:bool|char|short|int|long|float|double|(?:std::)?size_t|(?:std::)?u?int(?:8|16|32|64)_t|unsigned|signed)"
            + "\\s*\\**\\s+\\**\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\[[^\\]]*\\])?\\s*;\\s*$"
        let text = code(line)
        guard let match = text.range(of: pattern, options: .regularExpression) else { return nil }
        let declaration = String(text[match])
        guard let name = declaration.range(of: "[A-Za-z_][A-Za-z0-9_]*(?=\\s*(\\[[^\\]]*\\])?\\s*;)", options: .regularExpression) else { return nil }
        return String(declaration[name])
    }

    /// Names the line uses as variables, in order of first use: not keywords, not called
    /// functions, not members after `.`/`->`, not types in template arguments or before `::`.
    static func variables(_ line: String) -> [String] {
        let text = Array(code(line).replacingOccurrences(of: "<[A-Za-z_:][A-Za-z0-9_:<>, ]*\\**>", with: "", options: .regularExpression))
        var result = [String]()
        var index = 0
        while index < text.count {
            let character = text[index]
            guard character.isLetter || character == "_" else { index += 1; continue }
            var end = index
            while end < text.count, text[end].isLetter || text[end].isNumber || text[end] == "_" { end += 1 }
            let name = String(text[index..<end])
            let before = index > 0 ? String(text[max(0, index - 2)..<index]) : ""
            var after = end
            while after < text.count, text[after] == " " { after += 1 }
            let next: Character? = after < text.count ? text[after] : nil
            let isMember = before.hasSuffix(".") || before.hasSuffix("->") || before.hasSuffix("::")
            let isCall = next == "("
            let isScope = next == ":" && after + 1 < text.count && text[after + 1] == ":"
            if !keywords.contains(name), !isMember, !isCall, !isScope, !result.contains(name) { result.append(name) }
            index = end
        }
        return result
    }

    /// `connection.retries` for `connection` in `if (connection.retries > 3)`: the variable
    /// with the members the line reads of it.
    static func memberPath(of name: String, in line: String) -> String {
        let text = code(line)
        let pattern = "\\b\(NSRegularExpression.escapedPattern(for: name))((?:(?:\\.|->)[A-Za-z_][A-Za-z0-9_]*)*)"
        guard let range = text.range(of: pattern, options: .regularExpression) else { return name }
        let path = String(text[range])
        // A trailing member that is called is a method, not data.
        if let after = text[range.upperBound...].first(where: { $0 != " " }), after == "(",
           let cut = path.range(of: "(\\.|->)[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) {
            return String(path[..<cut.lowerBound])
        }
        return path
    }

    /// The indices of the line's subscripts that are a plain name (`i` in `a[i]`, `a[i + 1]`);
    /// an index that is itself an expression of other arrays (`seen[scores[i]]`) names none.
    static func subscriptVariables(_ line: String) -> [String] {
        let text = code(line)
        var result = [String]()
        var depth = 0
        var inner = ""
        for character in text {
            if character == "[" { depth += 1; if depth == 1 { inner = "" } else { inner.append(character) }; continue }
            if character == "]" {
                depth -= 1
                if depth == 0, !inner.contains("["), !inner.contains("("), variables(inner).count == 1 {
                    result += variables(inner).filter { !result.contains($0) }
                } else if depth > 0 { inner.append(character) }
                continue
            }
            if depth > 0 { inner.append(character) }
        }
        return result
    }

    /// Names the line reads through: `p->x`, `*p`, `p[i]`, and the operand of `delete`/`free`.
    static func dereferenced(_ line: String) -> [String] {
        let text = code(line)
        var result = [String]()
        let patterns = ["\\b([A-Za-z_][A-Za-z0-9_]*)\\s*->", "\\*\\s*([A-Za-z_][A-Za-z0-9_]*)\\b", "\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\[",
                        "\\bdelete(?:\\s*\\[\\])?\\s+([A-Za-z_][A-Za-z0-9_.]*)", "\\bfree\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_.>-]*)\\s*\\)"]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let name = String(text[range])
                if !keywords.contains(name), !result.contains(name) { result.append(name) }
            }
        }
        return result
    }

    /// The expression the line assigns to (`stats.processed` in `stats.processed += 1;`,
    /// `line` in `char* line = new char[32];`), when it assigns.
    static func assignedTarget(_ line: String) -> String? {
        let text = code(line).trimmingCharacters(in: .whitespaces)
        let pattern = "^(?:[A-Za-z_][A-Za-z0-9_:<>]*[\\s\\*&]+)?([A-Za-z_][A-Za-z0-9_]*(?:(?:\\.|->)[A-Za-z_][A-Za-z0-9_]*|\\[[^\\]]*\\])*)\\s*(?:\\+\\+|--|[-+*/%&|^]?=(?!=))"
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        let target = String(text[range])
        return keywords.contains(target) ? nil : target
    }

    /// Identifiers right after a `/` or `%` operator (not `//`).
    static func divisors(_ line: String) -> [String] {
        let code = Array(code(line))
        var result = [String]()
        for (index, character) in code.enumerated() where character == "/" || character == "%" {
            if index + 1 < code.count, code[index + 1] == "=" || code[index + 1] == "/" { continue }
            let rest = code[(index + 1)...].drop { $0 == " " || $0 == "(" }
            var name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ">" || $0 == "-" })
            while let last = name.last, !(last.isLetter || last.isNumber || last == "_") { name.removeLast() }
            if name.contains("-"), !name.contains("->") { name = String(name.prefix { $0 != "-" }) }
            if let first = name.first, !first.isNumber, name.last != "(" { result.append(name) }
        }
        return result
    }

    /// Where `name` got its value before `line` in `lines` (1-based, searched back to `first`):
    /// the last line that declares or assigns it, with its number.
    static func origin(of name: String, in lines: [String], before line: Int, from first: Int) -> (line: Int, text: String)? {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        let pattern = "(?:^|[^.>A-Za-z0-9_])\(escaped)\\s*(?:=(?!=)|[-+*/%]=|\\{|\\(|\\+\\+|--)|(?:\\+\\+|--)\\s*\(escaped)\\b"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        var number = line - 1
        while number >= max(1, first) {
            let text = code(lines[number - 1])
            let isCall = text.range(of: "\\b\(escaped)\\s*\\(", options: .regularExpression) != nil
                && text.range(of: "^\\s*[A-Za-z_][A-Za-z0-9_:<>]*[\\s\\*&]+\(escaped)\\s*\\(", options: .regularExpression) == nil
            if !isCall, regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                return (number, lines[number - 1].trimmingCharacters(in: .whitespaces))
            }
            number -= 1
        }
        return nil
    }
}
