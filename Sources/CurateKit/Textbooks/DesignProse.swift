import Foundation

/// What design writing says around its code, read from its wording: whether a sentence gives a
/// reason (a cost, a risk, a rule, a preference), whether the text before a listing presents
/// it as the better form of the code before it, which alternative a choice is made against,
/// and which sentences lean on material a pair does not carry.
enum DesignProse {
    /// A sentence that argues: because, so that, avoid, prefer, cheaper, error-prone …
    static func reasons(_ sentence: String) -> Bool {
        matches(reasoning, sentence)
    }

    /// Text between two listings that presents the second as the better form of the first:
    /// its last sentence leads in to the listing (ends with a colon) and says so ("It is better
    /// to write it like this:", "Preferred:", "Instead, use a predicate function:").
    static func introducesBetter(_ text: String) -> Bool {
        guard let last = leadIn(text) else { return false }
        return matches(better, last) && !matches(notBetter, last)
    }

    /// The last sentence of a text when it ends with a colon: the words that introduce a listing.
    static func leadIn(_ text: String) -> String? {
        guard let last = ProseText.sentences(text).last?.trimmingCharacters(in: .whitespaces), last.hasSuffix(":") else { return nil }
        return last
    }

    /// A sentence that only makes sense next to material the pair does not carry ("the
    /// example above", "... because", a sentence that continues one cut off before).
    static func pointsAway(_ sentence: String) -> Bool {
        sentence.hasPrefix("...") || sentence.hasPrefix("…") || sentence.lowercased().hasPrefix("see ")
            || matches(elsewhere, sentence)
    }

    /// The name a choice is made against: "DenseMap should be used instead of std::map" gives
    /// `std::map`. Only code-like names count (`::`, `_`, `()`, `<`, inner capitals, acronyms),
    /// so "instead of writing" gives nothing.
    static func alternative(in sentence: String) -> String? {
        let range = NSRange(sentence.startIndex..., in: sentence)
        for found in alternativePattern.matches(in: sentence, range: range) {
            guard let name = Range(found.range(at: 1), in: sentence) else { continue }
            let candidate = String(sentence[name]).trimmingCharacters(in: CharacterSet(charactersIn: ".,;:)"))
            if looksLikeCode(candidate) { return candidate }
        }
        return nil
    }

    /// The sentence without a pointer to another page or section (", see Foo", "(see Bar)"):
    /// the answer does not carry what it points at.
    static func withoutCrossReference(_ sentence: String) -> String {
        let range = NSRange(sentence.startIndex..., in: sentence)
        let cut = crossReference.stringByReplacingMatches(in: sentence, range: range, withTemplate: "")
        guard cut != sentence else { return sentence }
        let trimmed = cut.trimmingCharacters(in: CharacterSet(charactersIn: " ,;"))
        return trimmed.hasSuffix(".") ? trimmed : trimmed + "."
    }

    /// A lead-in whose listing was what it was about to say: "… can simply be implemented
    /// as:", "It is a misconception to think that:".
    static func isCutLeadIn(_ sentence: String) -> Bool {
        let text = sentence.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(":") else {
            // A sentence cut where its listing began has no closing mark ("An expression like").
            guard let last = text.last, !".!?)\"'`;".contains(last) else { return false }
            return danglingWords.contains(text.split(separator: " ").last.map { $0.lowercased() } ?? "")
        }
        let words = text.dropLast().split(separator: " ")
        // A label ("Example of use:", "For instance:") says nothing once its listing follows.
        if words.count <= 4, !reasons(text) { return true }
        return danglingWords.contains(words.last.map { $0.lowercased() } ?? "")
    }

    private static let danglingWords: Set<String> = [
        "that", "as", "like", "by", "with", "to", "of", "the", "a", "an", "is", "are", "be", "was", "were", "e.g.",
        "i.e.", "thus", "using", "via", "statements", "follows", "following", "written", "implemented", "defined",
        "declared", "used", "called", "becomes", "become", "looks", "look", "reads", "read", "this", "these",
    ]

    /// Whether a sentence speaks of what the heading names (its longest word, or a name in it).
    static func mentions(_ sentence: String, _ heading: String) -> Bool {
        let lowered = sentence.lowercased()
        let words = heading.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters).lowercased() }
        let names = words.filter { $0.count >= 4 && !["with", "when", "what", "should", "avoid", "prefer", "using"].contains($0) }
        return names.contains { lowered.contains($0) }
    }

    /// TeX-style quotes (`queue', ``word'') as plain words: a backquote in prose reads as
    /// markup that leaked.
    static func plainQuotes(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        return texQuote.stringByReplacingMatches(in: text, range: range, withTemplate: "$1")
    }

    static func looksLikeCode(_ word: String) -> Bool {
        guard word.count >= 2, word.first?.isLetter == true || word.first == "#" || word.first == "_" else { return false }
        if word.contains("::") || word.contains("_") || word.hasSuffix("()") || word.contains("<") || word.hasPrefix("#") {
            return true
        }
        let letters = word.filter(\.isLetter)
        let upper = letters.filter(\.isUppercase).count
        // `RTTI`, `SmallVector`, `unique_ptr`: not `Instead` or `The`.
        return upper >= 2 || (upper == 1 && !letters.first!.isUppercase)
    }

    // MARK: patterns

    private static let reasoning = try! NSRegularExpression(pattern: #"(?i)\b(because|so that|in order to|the reason|reasons?|otherwise|instead|rather than|prefer\w*|avoid\w*|should(n't)?|never|better|worse|faster|slower|cheaper|expensive|efficien\w*|overhead|costs?|costly|safer|unsafe|dangerous|bugs?|error-prone|readab\w*|maintainab\w*|portab\w*|trade-?offs?|advantages?|disadvantages?|benefits?|drawbacks?|downsides?|problems?|pitfalls?|mistakes?|guarantees?|prevents?|simpler|simplif\w*|clearer|confus\w*|surpris\w*|recommend\w*|encourag\w*|discourag\w*|unnecessary|wasteful|bloat\w*|performance|leaks?|undefined behaviou?r|which means|this means|makes? it (easy|easier|hard|harder|clear|clearer|possible|impossible)|easy to|hard to|easier|harder|worth\w*|the right (tool|choice))\b"#)
    private static let better = try! NSRegularExpression(pattern: #"(?i)\b(better|prefer(red|able)?|instead|rather|should (be written|write|look)|recommended|correct(ly)? (way|form|version|code)|the fix|fixed (version|code)|improved (version|code)|cleaner|simpler)\b"#)
    private static let notBetter = try! NSRegularExpression(pattern: #"(?i)\b(not (better|preferred|good)|instead of this:?$|avoid:?$)"#)
    private static let texQuote = try! NSRegularExpression(pattern: #"``?([^`']+?)''?"#)
    private static let elsewhere = try! NSRegularExpression(pattern: #"(?i)\b(example|code|listing|figure|table|section|program|snippet)s? (above|below)\b|\b(this|that|the previous|previous|the next|next|the earlier|an earlier) (section|chapter)\b|\bprevious example\b|\bin section \d|\bchapters? \d|\bsee section\b|\b(our|the) (previous|earlier) attempt\b|\bas (mentioned|discussed|shown) (before|earlier|above|previously)\b"#)
    private static let crossReference = try! NSRegularExpression(pattern: #"(?i)(?:[,;]\s*|\s*\()(?:see|refer to|as described in|described in)\s[^()]*?(?:\)|(?=[.?!]*$))[.?!]*$"#)
    private static let alternativePattern = try! NSRegularExpression(
        pattern: #"(?i)\b(?:instead of|rather than|in preference to|in favou?r of|preferred (?:over|to)|prefer \S+ (?:over|to)|better than|unlike)\s+(?:the |a |an |using |plain |raw )?([#\w:<>~+*&\[\]-]+(?:\(\))?)"#)

    private static func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
