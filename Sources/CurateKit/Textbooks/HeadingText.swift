import Foundation

/// Headings made fit to quote in a question: no section numbers ("3.2.5.2 Conditional
/// Constructs"), version notes ("New in version 3.19."), facet or status marks ("(since
/// C++11)", "(explanation)"), site suffixes ("- cppreference.com"), or Title Case.
enum HeadingText {
    /// The heading without numbering and marks; empty when nothing is left.
    static func clean(_ heading: String) -> String {
        var text = heading.replacingOccurrences(of: "¶", with: "").trimmingCharacters(in: .whitespaces)
        for suffix in [" - cppreference.com", " — CMake Documentation"] {
            if let range = text.range(of: suffix) { text = String(text[..<range.lowerBound]) }
        }
        text = versionNote.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        text = numbering.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        text = marks.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        // A trailing dash is a separator ("Title —"), but `operator--` keeps its own.
        text = trailingDash.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        return text.split(separator: " ").joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " :."))
    }

    /// "3.2.5.2 ", "10.12: ", "A.1 ", "Appendix B. ", "Chapter 4: ", "Section 2 ", "Step 10: ".
    private static let numbering = try! NSRegularExpression(
        pattern: #"^((Chapter|Section|Appendix|Part|Step|Lesson)\s+[0-9A-Z]+[.:]?\s+|[0-9A-Z]?\d*(\.\d+)+[.:]?\s+|\d+[.:]?\s+(?=[A-Z]))"#)
    private static let trailingDash = try! NSRegularExpression(pattern: #"\s+[-—–]+\s*$"#)
    private static let versionNote = try! NSRegularExpression(
        pattern: #"(?i)\b(new|changed|added) in version [0-9.]+[.:]?\s*|\bdeprecated since [0-9.]+[.:]?\s*"#)
    private static let marks = try! NSRegularExpression(
        pattern: #"\s*\((since|until|deprecated|removed|C\+\+|TS|explanation|syntax|notes?|optional|experimental)[^)]*\)"#)

    /// Headings that are a page's furniture, not a topic: member lists, inherited members,
    /// "Defined in header", references and defect reports.
    static func isFurniture(_ heading: String) -> Bool {
        let lowered = heading.lowercased()
        return furniturePrefixes.contains { lowered.hasPrefix($0) }
    }

    private static let furniturePrefixes = [
        "inherited from", "member functions", "member types", "member objects", "non-member functions",
        "defined in header", "see also", "references", "defect reports", "external links", "helper classes",
        "deduction guides", "return value", "parameters", "exceptions", "complexity", "type requirements",
    ]

    /// The heading as a noun phrase inside a sentence: Title Case words lowered
    /// ("Deferring Calls" → "deferring calls") while names keep their case ("CMake",
    /// "std::vector", "FetchContent", "PATH").
    static func topic(_ heading: String) -> String {
        let words = heading.split(separator: " ").map(String.init)
        let capitalised = words.filter { isPlainCapitalised($0) }.count
        // Names (`iOS`, `CMake`, `PATH`) say nothing about the heading's case: only plain
        // words are weighed ("Cross Compiling for iOS, tvOS, or watchOS" is Title Case).
        let longWords = words.filter { $0.count > 3 && (isPlainCapitalised($0) || $0.allSatisfy { !$0.isUppercase }) }.count
        let titleCase = words.count >= 2 && capitalised >= 2 && capitalised * 2 >= longWords
        var result = [String]()
        for (index, word) in words.enumerated() {
            // "A sample find module": an opening article is a plain word too.
            let article = index == 0 && words.count > 1 && ["A", "An", "The"].contains(word)
            if article || (isPlainCapitalised(word) && (index == 0 || titleCase)) { result.append(word.lowercased()) } else { result.append(word) }
        }
        return result.joined(separator: " ")
    }

    /// `Word`: one capital then lower-case letters only (not `CMake`, `C++`, `PATH`, `I`).
    private static func isPlainCapitalised(_ word: String) -> Bool {
        let core = word.trimmingCharacters(in: CharacterSet(charactersIn: "?.,:;!"))
        guard core.count >= 2, let first = core.first, first.isUppercase, first.isASCII else { return false }
        return core.dropFirst().allSatisfy { $0.isLowercase || $0 == "-" || $0 == "'" }
    }
}
