import Foundation

/// Writes the why/when question of a design pair from the heading its code stands under.
///
/// Design writing names its sections as rules ("Don't use else after a return", "Prefer
/// preincrement", "#include <iostream> is forbidden"), as choices ("Containers vs. ranges"),
/// as questions ("Why not use exceptions?") or as topics ("The isa, cast and dyn_cast
/// templates"). A rule is asked about as a rule ("Why shouldn't I use else after a return?"),
/// a choice as a trade-off, a question as written; a topic as a choice against the
/// alternative its prose names, else as "when, and why". Every kind has a few forms, chosen
/// by the listing so that forms spread over a corpus, for a second listing under one heading.
enum DesignQuestion {
    /// Whether the heading states a rule, a verdict, a choice or a question (rather than a
    /// topic): its text then already says what the reasoning is about.
    static func isRule(_ heading: String) -> Bool {
        let forms = forms(heading: heading, alternative: nil, showsBoth: false)
        let text = DesignProse.plainQuotes(HeadingText.clean(heading).replacingOccurrences(of: "’", with: "'"))
        return !forms.isEmpty && forms != topicForms(phrase(text), alternative: nil)
    }

    /// Every question the heading supports; empty when it names no design topic.
    static func forms(heading: String, alternative: String?, showsBoth: Bool) -> [String] {
        let text = DesignProse.plainQuotes(HeadingText.clean(heading).replacingOccurrences(of: "’", with: "'"))
        guard !text.isEmpty, !isGeneric(text) else { return [] }
        if text.lowercased().hasPrefix("how to "), !text.hasSuffix("?") {
            return ["What is the recommended way to \(phrase(text).split(separator: " ").dropFirst(2).joined(separator: " ")), and why?"]
        }
        if text.hasSuffix("?") {
            // The book's own question; a how-to one is turned to ask for the reasons too.
            let lowered = text.lowercased()
            for (opening, form) in [("how to ", "What is the recommended way to "), ("how do i ", "What is the recommended way to "),
                                    ("how can i ", "What is the recommended way to ")] where lowered.hasPrefix(opening) {
                let rest = text.dropFirst(opening.count).dropLast()
                return [form + rest + ", and why?"]
            }
            return [text]
        }
        let lowered = text.lowercased()
        // Title Case is judged on the whole heading, then the rule's opening words dropped.
        let phrased = phrase(text).split(separator: " ").map(String.init)
        func rest(after prefix: String) -> String {
            phrased.dropFirst(prefix.split(separator: " ").count).joined(separator: " ")
        }
        if let verdict = Self.verdict.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let subject = Range(verdict.range(at: 1), in: text), let verb = Range(verdict.range(at: 2), in: text),
           let adjective = Range(verdict.range(at: 3), in: text) {
            let name = phrase(String(text[subject]))
            return ["Why \(text[verb]) \(name) \(text[adjective].lowercased())?",
                    "What is the reason \(name) \(text[verb]) \(text[adjective].lowercased())?"]
        }
        for prefix in ["don't ", "do not ", "never ", "no "] where lowered.hasPrefix(prefix) {
            let rest = rest(after: prefix)
            if prefix == "no " {
                // "No RTTI" is a rule, "No alias analysis" a limitation: both ask why there is none.
                return ["Why is there no \(rest)?"]
            }
            var out = ["Why shouldn't I \(rest)?", "What goes wrong if I \(rest)?"]
            out.append(showsBoth ? "What should I write instead when I'm tempted to \(rest), and why?"
                                 : "When is it a mistake to \(rest)?")
            return out
        }
        if lowered.hasPrefix("avoid ") {
            let rest = rest(after: "avoid")
            return ["Why should I avoid \(rest)?", "What is the problem with \(rest), and what should I write instead?",
                    "When should I avoid \(rest), and why?"]
        }
        if lowered.hasPrefix("beware ") {
            let rest = lowered.hasPrefix("beware of ") ? rest(after: "beware of") : rest(after: "beware")
            return ["Why should I be careful with \(rest)?", "What can go wrong with \(rest)?"]
        }
        let firstWord = lowered.drop { $0 == "#" }.prefix { $0.isLetter }
        if ruleVerbs.contains(String(firstWord)), text.split(separator: " ").count >= 2 {
            let rule = phrased.joined(separator: " ")
            return ["Why should I \(rule)?", "When should I \(rule), and why?",
                    "What is the reasoning behind the rule to \(rule)?"]
        }
        if let versus = Self.versus.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let left = Range(versus.range(at: 1), in: text), let right = Range(versus.range(at: 2), in: text) {
            let a = phrase(String(text[left])), b = phrase(String(text[right]))
            return ["When should I choose \(a) over \(b), and why?", "What is the trade-off between \(a) and \(b)?"]
        }
        return topicForms(phrase(text), alternative: alternative)
    }

    /// Questions about a topic heading (not a rule): a choice against the alternative the text
    /// names, else why and when in several forms, so that a corpus of topics does not read as
    /// one template.
    static func topicForms(_ topic: String, alternative: String?) -> [String] {
        var out = [String]()
        if let alternative, !topic.lowercased().contains(alternative.lowercased()) {
            out += ["Why use \(topic) instead of \(alternative)?", "When is \(topic) a better choice than \(alternative)?"]
        }
        let words = topic.split(separator: " ")
        if let first = words.first, first.hasSuffix("ing"), !["string", "thing", "ring", "king"].contains(first) {
            // "Using X to do Y" is a rule; "Iterating over X" is a way of doing something.
            if first == "using", words.count >= 2 {
                let rule = "use " + words.dropFirst().joined(separator: " ")
                return out + ["Why should I \(rule)?", "When should I \(rule), and why?"]
            }
            return out + ["What is the recommended way of \(topic), and why?",
                          "How should I go about \(topic), and why that way?",
                          "What should I watch out for when \(topic), and why?"]
        }
        // "When should I use …" fits a thing one can use (`SmallVector`, "nested classes"),
        // not an idea ("design philosophy"): only when the topic names code or a C++ construct.
        let usable = words.contains { DesignProse.looksLikeCode(String($0)) || constructs.contains(String($0)) }
        if usable, !words.contains(where: { $0 == "use" || $0 == "using" || $0 == "usage" }) {
            out += ["When should I use \(topic), and why?", "Why would I reach for \(topic)? Show it in code."]
        }
        out += ["What are the design reasons behind \(topic)?", "What trade-offs come with \(topic)?",
                "What is the reasoning behind \(topic)?", "When does \(topic) pay off, and why?"]
        return out
    }

    /// Headings that say what kind of text follows, not what it is about.
    static func isGeneric(_ heading: String) -> Bool {
        let text = heading.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :."))
        if PairBuilder.isGeneric(text) || PairBuilder.facetHeadings.contains(text) || HeadingText.isFurniture(text) {
            return true
        }
        // A book's title page ("C++ Annotations Version 12.2.0") names no topic.
        return genericHeadings.contains(text) || text.range(of: #"\bversion \d"#, options: .regularExpression) != nil
    }

    static let genericHeadings: Set<String> = [
        "rationale", "design", "design rationale", "design notes", "design issues", "design decisions", "introduction",
        "motivation", "goals", "summary", "overview", "notes", "note", "caveats", "faq", "miscellaneous", "other",
        "general", "basics", "concepts", "future directions", "acknowledgements", "acknowledgments", "history",
        "bibliography", "terminology", "contents", "table of contents", "abstract", "preface", "foreword",
        "conclusion", "conclusions", "appendix", "index", "quick start", "getting started", "tutorial", "reference",
        "interface", "implementation details", "the problem", "the solution", "problem", "solution", "issues",
        "guidelines", "style", "design philosophy", "philosophy", "design goals", "background and motivation",
        "basic code required", "implementation", "examples and rationale", "details", "usage notes", "mechanical source issues", "style issues", "source code formatting", "language and compiler issues",
    ]

    /// Words naming C++ constructs one can choose to use.
    static let constructs: Set<String> = [
        "class", "classes", "template", "templates", "function", "functions", "namespace", "namespaces", "pointer",
        "pointers", "reference", "references", "iterator", "iterators", "container", "containers", "exception",
        "exceptions", "lambda", "lambdas", "macro", "macros", "enum", "enums", "struct", "structs", "union",
        "unions", "constructor", "constructors", "destructor", "destructors", "operator", "operators", "cast",
        "casts", "allocator", "allocators", "stream", "streams", "inheritance", "concept", "concepts", "coroutine",
        "coroutines", "attribute", "attributes", "typedef", "typedefs", "alias", "aliases", "method", "methods",
        "member", "members", "variable", "variables", "static", "inline", "virtual", "const", "constexpr",
        "noexcept", "auto", "decltype", "friend", "friends", "smart", "bit-fields", "arrays", "array", "vectors",
        "vector", "strings", "string", "maps", "map", "sets", "set", "errors", "assertions", "assert",
    ]

    /// Imperative verbs a rule heading opens with ("Use early exits", "Prefer preincrement").
    static let ruleVerbs: Set<String> = [
        "use", "prefer", "provide", "turn", "keep", "restrict", "include", "assert", "write", "name", "make", "treat",
        "declare", "define", "place", "put", "limit", "minimize", "minimise", "mark", "pass", "return", "favor",
        "favour", "choose", "always", "only", "split", "separate", "hide", "isolate", "comment",
        "initialize", "spell", "follow", "consider", "let", "omit", "reserve", "check", "handle", "catch",
        "throw", "store", "avoid", "encapsulate", "qualify", "indent", 
    ]

    /// The heading inside a sentence: Title Case lowered, names kept.
    static func phrase(_ text: String) -> String {
        HeadingText.topic(text.trimmingCharacters(in: CharacterSet(charactersIn: " .:")))
    }

    /// "X is forbidden", "X are discouraged", "X considered harmful".
    private static let verdict = try! NSRegularExpression(
        pattern: #"^(.+?) (is|are) (forbidden|discouraged|deprecated|preferred|required|banned|not allowed|disallowed|optional|evil|harmful|dangerous)$"#,
        options: [.caseInsensitive])
    /// "X vs. Y", "X versus Y", "X or Y" (a choice).
    private static let versus = try! NSRegularExpression(pattern: #"^(.+?) (?:vs\.?|versus) (.+)$"#, options: [.caseInsensitive])
}
