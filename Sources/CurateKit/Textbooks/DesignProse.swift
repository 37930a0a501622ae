import Foundation

/// What design writing says around its code, read from its wording: whether a sentence gives a
/// reason (a cost, a risk, a rule, a preference), whether the text before a listing presents
/// it as the better form of the code before it, and which alternative a choice is made against.
enum DesignProse {
    /// A sentence that argues: because, so that, avoid, prefer, cheaper, error-prone …
    static func reasons(_ sentence: String) -> Bool {
        matches(reasoning, sentence)
    }

    /// Text between two listings that presents the second as the better form of the first
    /// ("It is better to write it like this:", "Preferred:", "Instead, use …").
    static func introducesBetter(_ text: String) -> Bool {
        matches(better, text) && !matches(notBetter, text)
    }

    /// Text before a listing that presents it as the form to avoid ("Avoid:", "Don't write …",
    /// "This is bad:").
    static func introducesWorse(_ text: String) -> Bool {
        matches(worse, text)
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

    private static let reasoning = try! NSRegularExpression(pattern: #"(?i)\b(because|since|so that|in order to|the reason|reasons?|otherwise|instead|rather than|prefer\w*|avoid\w*|should(n't)?|must|never|always|better|worse|faster|slower|cheaper|expensive|efficien\w*|overhead|costs?|costly|safer|unsafe|safety|dangerous|bugs?|error-prone|readab\w*|maintainab\w*|portab\w*|trade-?offs?|advantages?|disadvantages?|benefits?|drawbacks?|downsides?|problems?|pitfalls?|mistakes?|ensures?|guarantees?|prevents?|simpler|simplif\w*|clearer|confus\w*|surpris\w*|recommend\w*|encourag\w*|discourag\w*|unnecessary|wasteful|bloat\w*|performance|allocat\w*|copies|copying|leaks?|undefined behaviou?r|thread-safe|requires?|cannot|can't|impossible|intended|designed|the point|the goal|the idea|that way|this way|which means|this means|forces?|makes? it (easy|easier|hard|harder|clear|clearer|possible|impossible)|easy to|hard to|easier|harder|matters?|important|lets|allows?|enables?|helps?|needs? to)\b"#)
    private static let better = try! NSRegularExpression(pattern: #"(?i)\b(better|prefer(red|able)?|instead|rather|should (be written|write|look|use)|recommended|correct(ly)? (way|form|version|code)|the fix|fixed|improved|good|cleaner|simpler|do this|write it|like this|as follows|is equivalent)\b"#)
    private static let notBetter = try! NSRegularExpression(pattern: #"(?i)\b(not (better|preferred|good)|instead of this:?$|avoid:?$)"#)
    private static let worse = try! NSRegularExpression(pattern: #"(?i)(^avoid\b|\b(don't|do not|never) (write|do|use)\b|\bbad\b|\bwrong\b|\bpoor\b|\bdiscouraged\b|\bproblematic\b|\binstead of (this|writing)\b|\bnot like this\b|\berror-prone\b|\bunnecessar(y|ily)\b|\bsurprising\b|\bbroken\b)"#)
    private static let crossReference = try! NSRegularExpression(pattern: #"(?i)(?:[,;]\s*|\s*\()(?:see|refer to|as described in|described in)\s[^()]*?(?:\)|(?=[.?!]*$))[.?!]*$"#)
    private static let alternativePattern = try! NSRegularExpression(
        pattern: #"(?i)\b(?:instead of|rather than|in preference to|in favou?r of|preferred (?:over|to)|prefer \S+ (?:over|to)|better than|unlike)\s+(?:the |a |an |using |plain |raw )?([#\w:<>~+*&\[\]-]+(?:\(\))?)"#)

    private static func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
