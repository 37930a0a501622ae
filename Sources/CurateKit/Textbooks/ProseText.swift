import Foundation

/// Sentence splitting and word wrapping for questions and answers.
enum ProseText {
    /// Abbreviations after which a full stop does not end a sentence.
    private static let abbreviations: Set<String> = ["e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "resp.", "Fig.", "No.", "Dr.", "Mr.", "Ms."]

    /// Splits prose into sentences at `.`, `?` or `!` followed by a space and a capital, a
    /// digit, a quote or an opening bracket.
    static func sentences(_ text: String) -> [String] {
        var result = [String]()
        var current = ""
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        for (index, word) in words.enumerated() {
            if !current.isEmpty { current += " " }
            current += word
            guard let last = word.last, last == "." || last == "?" || last == "!" else { continue }
            // "(e.g. x)" and "i.e.," hold an abbreviation too.
            if abbreviations.contains(String(word.drop { $0 == "(" || $0 == "[" })) { continue }
            if index + 1 < words.count {
                guard let next = words[index + 1].first,
                      next.isUppercase || next.isNumber || next == "\"" || next == "(" || next == "`" else { continue }
            }
            result.append(current)
            current = ""
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Greedy word wrap: lines of at most `width` characters (a longer word gets a line of its
    /// own), each starting with `prefix` (counted in the width) and later ones with `continuation`.
    static func wrap(_ text: String, width: Int, prefix: String = "", continuation: String = "") -> [String] {
        var lines = [String]()
        var line = prefix
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = continuation
                lineHasWord = false
            }
            if lineHasWord { line += " " }
            line += word
            lineHasWord = true
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `Text` → `text` for an ordinary capitalised word; names such as `CMake`, `C++` or
    /// `std::` are left alone.
    static func lowercasingFirstWord(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count >= 2, characters[0].isUppercase, characters[0].isASCII,
              characters[1].isLowercase else { return text }
        let firstWord = text.prefix { $0 != " " }
        if firstWord.dropFirst().contains(where: { $0.isUppercase || $0 == ":" || $0 == "_" }) { return text }
        return characters[0].lowercased() + String(characters.dropFirst())
    }
}
