import Foundation

/// Sentences made fit for an answer that stands on its own next to one listing: overload
/// numbering ("1) ", "2,4) Same as (1,3)") and version notes go, and sentences that point at
/// material the sample does not carry ("the following syntax", "A second example shows",
/// "see below") are left out.
enum AnswerProse {
    /// The sentence cleaned, or nil when it must not be used.
    /// `introducesListing`: the sentence stands right before the listing, so "The following
    /// example …" refers to the code the answer comes with and may stay (as "The example …").
    static func clean(_ sentence: String, introducesListing: Bool = false) -> String? {
        var text = sentence.trimmingCharacters(in: .whitespaces)
        text = replace(overloadNumber, in: text, with: "")
        // "Example 3, change the default …": the numbering of the book's examples.
        let numbered = replace(exampleNumber, in: text, with: "")
        if numbered != text, let first = numbered.first {
            text = first.uppercased() + numbered.dropFirst()
        }
        // "… of arg 4) A set of overloads …": a numbered item glued on without a full stop
        // ends the sentence there.
        if let glued = innerOverloadNumber.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let range = Range(glued.range, in: text) {
            text = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces) + "."
        }
        // A sentence cut short by a formula the text could not carry ("If rep_ is …, ").
        guard !text.isEmpty, !text.hasSuffix(","), !text.hasSuffix(";") else { return nil }
        if matches(versionNote, text) || matches(overloadReference, text) || matches(pageControls, text)
            || matches(fieldLine, text) { return nil }
        if text.hasSuffix(":") {
            // A lead-in to the listing ("The following example installs foo:") reads as a
            // statement about it; one that announces a list or table does not.
            guard introducesListing, !matches(bareLeadIn, text) else { return nil }
            text = String(text.dropLast()) + "."
        }
        if introducesListing {
            text = replace(followingCode, in: text, with: "$1 $2")
            text = replace(followingAlone, in: text, with: "this code")
        }
        if matches(absentMaterial, text) { return nil }
        text = text.replacingOccurrences(of: "  ", with: " ")
        if text.hasSuffix(" .") { text = String(text.dropLast(2)) + "." }
        // A sentence cut short where the page went on in a list or a listing ("…, or",
        // "… would contain:", "… a file that calls").
        if matches(danglingEnd, text) { return nil }
        guard text.split(separator: " ").count >= 3 else { return nil }
        // A caption or heading-like line ("returns true if …") still closes as a sentence.
        if let last = text.last, !".!?)\"'`".contains(last) { text += "." }
        return text
    }

    /// Whether a sentence leans on something before it (a pronoun or a conjunction first):
    /// fine inside an answer, not as its first line.
    static func needsContext(_ sentence: String) -> Bool {
        let first = sentence.prefix { $0.isLetter }.lowercased()
        // "Next, we …", "Finally, …": a step in a sequence the answer does not show.
        if sentence.dropFirst(first.count).hasPrefix(","), sequenceWords.contains(first) { return true }
        return leaningWords.contains(first)
    }

    private static let sequenceWords: Set<String> = [
        "next", "finally", "now", "first", "second", "third", "again", "still", "lastly", "afterwards", "later",
    ]

    /// A capital, a digit, or a name (`std::move`, `CMAKE_BUILD_TYPE`, `$PATH`) first; not a
    /// lower-case fragment left over from a sentence cut at a formula ("is also accepted").
    static func startsLikeASentence(_ sentence: String) -> Bool {
        guard let first = sentence.first else { return false }
        if first.isUppercase || first.isNumber || "\"'`‘“$<_".contains(first) { return true }
        // A leading dash is an option (`--verbose`); one inside a word is prose ("side-by-side").
        let word = sentence.prefix { $0 != " " }
        return word.first == "-" || word.contains { ":_()$.<>".contains($0) }
    }

    private static let leaningWords: Set<String> = [
        "it", "its", "this", "these", "they", "their", "them", "that", "those", "and", "but", "or", "so", "also",
        "however", "then", "thus", "here", "such", "both", "otherwise", "instead", "likewise", "similarly",
        "alternatively", "additionally", "furthermore", "moreover", "hence", "therefore", "he", "she", "we",
        "where", "which", "because", "whereas",
    ]

    // MARK: patterns

    /// "1) ", "2,4) ", "(3) ", "5-7) ", "a) " at the start of a sentence.
    private static let overloadNumber = try! NSRegularExpression(pattern: #"^(\(?\d+(\s*[,\-–]\s*\d+)*\)|[a-h]\))\s*"#)
    /// A last word that cannot end a sentence.
    private static let danglingEnd = try! NSRegularExpression(
        pattern: #"(?i)\b(or|and|the|a|an|to|of|by|with|for|from|on|at|as|that|which|would|whose|contain|contains|calls|than)[:.]?$"#)
    private static let exampleNumber = try! NSRegularExpression(pattern: #"^(Example|Listing) \d+[a-z]?\s*[,:.]\s*"#)
    private static let innerOverloadNumber = try! NSRegularExpression(pattern: #"\s\d+(\s*[,\-–]\s*\d+)*\)\s+(?=[A-Z])"#)
    /// "Same as (1)", "overload (2)", "(1,3)" inside the sentence: meaningless without the synopsis.
    private static let overloadReference = try! NSRegularExpression(
        pattern: #"(?i)^same as\b|\boverloads? \(?\d|\(\d+(\s*[,\-–]\s*\d+)*\)|\b(equivalent to|same as) \(?\d+(\s*[,\-–]\s*\d+)*\)"#)
    /// Leftovers of interactive pages: "TODO 3: Click to show/hide answer".
    private static let pageControls = try! NSRegularExpression(pattern: #"(?i)click to (show|hide)|show/hide|^TODO \d"#)
    /// A reference page's field list rendered as text ("Mandatory : NO", "Default : -"): a
    /// label, a spaced colon and a short value; says nothing on its own.
    private static let fieldLine = try! NSRegularExpression(pattern: #"^[A-Z][A-Za-z ]{0,24}\s:\s\S{0,16}\.?$"#)
    private static let versionNote = try! NSRegularExpression(
        pattern: #"(?i)^(new|changed|added) in version\b|^deprecated since\b|^(since|until) (c\+\+|version)"#)
    /// Lead-ins that only announce a list, table, or signature.
    private static let bareLeadIn = try! NSRegularExpression(
        pattern: #"(?i)(for example|for instance|as follows|like this|like so|such as|e\.g\.|syntax|signature|form|forms|options?|arguments?|keywords?|variables?|values?|are|is|include|includes|following):$"#)
    private static let followingCode = try! NSRegularExpression(
        pattern: #"(?i)\b(the|a) following (example|code|program|snippet|listing|commands?|script|call|lines?)\b"#)
    private static let followingAlone = try! NSRegularExpression(pattern: #"(?i)\bthe following\b(?= (will|is|does|would|works?|shows?|prints?|matches|sets|creates)\b)"#)
    private static let absentMaterial = try! NSRegularExpression(
        pattern: #"(?i)\bthe following\b|\bas follows\b|\b(shown|see|listed|described|given|explained|defined) (below|above)\b|\bbelow\b|\bthe above\b|\babove (example|code|program|table|list)\b|\b(a|the) (second|third|next|previous|last|first|later|other) (example|listing|program|snippet)\b|\banother example\b|\bin this example\b|\bthe table\b|\bsee also\b|\bsee the\b|\bfigure \d"#)

    private static func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func replace(_ pattern: NSRegularExpression, in text: String, with template: String) -> String {
        pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
