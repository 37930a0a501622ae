import Foundation

/// What a question about one listing can be built from.
struct QuestionMaterial {
    /// The book's own question (a FAQ entry, an exercise, a heading that asks), kept as written.
    var asked: String?
    /// What the page documents, as the question names it ("std::clamp", "string()",
    /// "the FindPython3 module"), when the page documents a named thing.
    var subject: String?
    /// The page's topic as a noun phrase ("conditional constructs", "bit field").
    var topic: String
    /// What the documented thing does, as a verb phrase in the base form ("check if a
    /// predicate holds for all elements in a range"), from the prose's first telling sentence.
    var task: String?
    /// Names the listing uses besides the subject ("std::partial_sum and std::ostream_iterator").
    var others: String?
    /// The same names one by one.
    var otherNames: [String] = []
    /// The listing's single short line, quoted in questions about one-liners.
    var oneLiner: String?
    var showsOutput = false
    /// The listing's comments point out a mistake.
    var warns = false
    /// The shell function the listing defines, and the first sentence of its comment.
    var function: String?
    var summary: String?
}

/// Writes the question for a listing in one of several forms a developer would use (how,
/// what for, when, what does this line do), chosen by the listing's content so that forms
/// spread evenly over a corpus; a question already asked in the book is never asked again.
struct QuestionWriter {
    var language: CodeLanguage

    var languageName: String {
        switch language {
        case .cpp: return "C++"
        case .cmake: return "CMake"
        case .shell: return "bash"
        }
    }

    /// The question for the listing, or nil when every form it allows was already asked in
    /// this book (`asked` holds the book's questions so far and is updated).
    func question(_ material: QuestionMaterial, seed: UInt64, asked used: inout Set<String>) -> String? {
        if let own = material.asked {
            return used.insert(own).inserted ? own : nil
        }
        let candidates = forms(material)
        // A one-liner is best asked about directly: its direct forms come first.
        let preferred = material.oneLiner != nil && language != .cpp ? min(4, candidates.count) : candidates.count
        for group in [Array(candidates[..<preferred]), Array(candidates[preferred...])] where !group.isEmpty {
            let start = Int(seed % UInt64(group.count))
            for offset in 0..<group.count {
                let text = group[(start + offset) % group.count]
                if used.insert(text).inserted { return text }
            }
        }
        return nil
    }

    /// Every question the material supports, one per form.
    func forms(_ m: QuestionMaterial) -> [String] {
        let lang = languageName
        var out = [String]()
        if let function = m.function {
            return functionForms(function, summary: m.summary)
        }
        if let line = m.oneLiner, language != .cpp {
            out.append("What does `\(line)` do?")
            switch language {
            case .shell:
                out.append("What happens when bash runs `\(line)`?")
                out.append("Explain the bash command `\(line)`.")
                out.append("When would I write `\(line)` in a script?")
            default:
                out.append("What is the effect of `\(line)` in a CMake project?")
                out.append("Explain the CMake line `\(line)`.")
                out.append("When would I write `\(line)` in a CMakeLists.txt?")
            }
        }
        // "std::begin and std::cbegin" are several: the verbs agree with them.
        let several = m.subject?.contains(" and ") ?? false
        if let subject = m.subject, let task = m.task {
            out.append("How do I \(task) with \(subject)?")
            out.append("How can \(subject) be used to \(task)?")
            out.append("I need to \(task). How \(several ? "do" : "does") \(subject) do it, and what does the code look like?")
        }
        // A task without its subject is asked only when the page names none: many pages share a
        // description ("Removes specified elements from the container"), and the subject is
        // what tells their questions apart.
        if let task = m.task, m.subject == nil {
            out.append("How can I \(task) in \(lang)?")
            out.append("What is the \(lang) way to \(task)? Show it in code.")
        }
        if let subject = m.subject {
            if let others = m.others {
                out.append("Write a short \(lang) example that uses \(subject) together with \(others).")
                out.append("How do \(PairBuilder.listed([subject] + m.otherNames)) work together? Show an example.")
                out.append("Show how \(subject) \(several ? "combine" : "combines") with \(others) in practice.")
            }
            if m.showsOutput {
                out.append("What does a program using \(subject) print? Show it with its output.")
                out.append("What output should I expect from code that uses \(subject)? Show the program.")
            }
            if m.warns {
                out.append("What can go wrong when using \(subject)? Show an example that points it out.")
                out.append("Which mistakes \(several ? "do" : "does") \(subject) invite, and what does correct use look like?")
            }
            out.append("Why would I use \(subject)? Show it in a typical \(language == .cpp ? "program" : "snippet").")
            out.append("What \(several ? "are" : "is") \(subject) for, and what does a typical use look like?")
            out.append("Give an example of \(subject) in a complete \(lang) \(language == .cpp ? "program" : "snippet").")
            out.append("How do I use \(subject) correctly? Show a short example.")
            out.append("Could you walk me through a use of \(subject)?")
            out.append(several ? "When are \(subject) the right tools? Show them in use." : "When is \(subject) the right tool? Show it in use.")
            switch language {
            case .cpp: out.append("Show a small, complete program that uses \(subject).")
            case .cmake: out.append("Show a CMake snippet that uses \(subject).")
            case .shell: out.append("Show a bash snippet that uses \(subject).")
            }
        } else if !m.topic.isEmpty {
            if m.warns {
                out.append("What goes wrong with \(m.topic) in \(lang)? Show an example that points it out.")
                out.append("Which mistakes are easy to make with \(m.topic)? Show them in \(lang) code.")
            }
            out.append("How \(Self.isPlural(m.topic) ? "are" : "is") \(m.topic) written in \(lang)? Show an example.")
            out.append("Can you show \(m.topic) in a short \(lang) example?")
            out.append("What should I know about \(m.topic)? Illustrate it with code.")
            out.append("Give me a working \(lang) example of \(m.topic).")
            out.append("What does \(m.topic) look like in practice? Show a short \(lang) example.")
            out.append("Explain \(m.topic) with a short \(lang) example.")
            out.append("I'm new to \(m.topic) in \(lang). Could you show a small example?")
            out.append("Show \(m.topic) in \(lang) and explain what the code does.")
            if let others = m.others {
                out.append("What does \(m.topic) look like in \(lang) code that uses \(others)?")
                out.append("Show \(m.topic) in a \(lang) example built on \(others).")
            }
        }
        return out
    }

    /// Questions that ask for a script's function, described by its comment's first sentence.
    func functionForms(_ name: String, summary: String?) -> [String] {
        guard let summary, let clause = Self.clause(summary) else {
            return ["Write a bash function `\(name)` and explain what it does.",
                    "How could a bash function named `\(name)` be written? Explain the code.",
                    "Show an implementation of the shell function `\(name)` with a short explanation.",
                    "What might a bash function called `\(name)` look like, and how does it work?"]
        }
        return ["Write a bash function `\(name)` \(clause).",
                "How would I write a shell function `\(name)` \(clause)?",
                "Implement `\(name)` in bash: a function \(clause).",
                "I need a bash function \(clause). How could `\(name)` be written?"]
    }

    /// "Appends X to Y." → "that appends X to Y"; "Append X." → "to append X"; nil when the
    /// sentence does not open with a verb or is too long to quote.
    static func clause(_ sentence: String) -> String? {
        let text = sentence.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        guard text.count <= 140, !text.contains("?") else { return nil }
        let word = String(text.prefix { $0.isLetter })
        let lowered = word.lowercased()
        guard let base = baseForm(lowered) else { return nil }
        let rest = lowered + text.dropFirst(word.count)
        return lowered == base ? "to \(rest)" : "that \(rest)"
    }

    /// Whether a topic reads as plural ("global replacements", "bit fields"), so the verb agrees.
    static func isPlural(_ topic: String) -> Bool {
        let last = topic.split(separator: " ").last.map { $0.lowercased() } ?? ""
        guard last.count > 3, last.hasSuffix("s") else { return false }
        return !["ss", "us", "is", "ics"].contains { last.hasSuffix($0) } && !["alias", "bias", "canvas", "atlas"].contains(last)
    }

    // MARK: task phrases

    /// The verb phrase of a descriptive sentence in base form ("Checks if p holds." → "check if
    /// p holds"), or nil when the sentence does not start with a known verb or is too long.
    static func task(from sentence: String) -> String? {
        var text = sentence.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        guard !text.contains(":"), !text.contains("?") else { return nil }
        if text.count > 90 {
            // The first clause of a long description ("Searches the environment list …, for a
            // string that …") still says what the thing does.
            let cuts = [", ", " and ", " (", "; "].compactMap { text.range(of: $0)?.lowerBound }
                .filter { text[..<$0].split(separator: " ").count >= 4 }
            guard let cut = cuts.min(), text.distance(from: text.startIndex, to: cut) <= 90 else { return nil }
            text = String(text[..<cut])
        }
        let firstWord = String(text.prefix { $0.isLetter }).lowercased()
        guard let base = baseForm(firstWord) else { return nil }
        text = base + text.dropFirst(firstWord.count)
        // "(since C++11)" and the like are notes, not part of the task.
        if let paren = text.range(of: " (") , text[paren.lowerBound...].contains(")"),
           text.hasSuffix(")") { text = String(text[..<paren.lowerBound]) }
        guard text.split(separator: " ").count >= 3 else { return nil }
        return text
    }

    /// The base form of a doc verb given as third person (`returns`) or imperative (`return`).
    static func baseForm(_ word: String) -> String? {
        if docVerbs.contains(word) { return word }
        if word.hasSuffix("ies"), docVerbs.contains(String(word.dropLast(3)) + "y") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("es"), docVerbs.contains(String(word.dropLast(2))) { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), docVerbs.contains(String(word.dropLast())) { return String(word.dropLast()) }
        return nil
    }

    /// Verbs reference pages open a description with.
    static let docVerbs: Set<String> = [
        "return", "check", "convert", "construct", "create", "compute", "compare", "copy", "erase", "insert",
        "remove", "replace", "swap", "set", "get", "add", "append", "prepend", "find", "search", "sort", "test",
        "determine", "obtain", "read", "write", "assign", "destroy", "access", "provide", "define", "specify",
        "execute", "run", "call", "generate", "install", "link", "include", "load", "mark", "store", "transform",
        "apply", "exchange", "extract", "fill", "merge", "move", "reverse", "rotate", "shuffle", "split", "join",
        "count", "reserve", "resize", "clear", "emplace", "push", "pop", "release", "reset", "lock", "unlock",
        "wait", "notify", "start", "stop", "block", "register", "format", "parse", "print", "output", "initialize",
        "initialise", "allocate", "deallocate", "declare", "enable", "disable", "build", "configure", "produce",
        "retrieve", "evaluate", "invoke", "acquire", "attempt", "advance", "decrement", "increment", "select",
        "partition", "fetch", "manage", "wrap", "cast", "deduce", "locate", "match", "tokenize", "make", "change",
        "modify", "update", "open", "close", "flush", "discard", "skip", "ignore", "report", "raise", "throw",
        "terminate", "abort", "exit", "save", "restore", "export", "import", "expand", "substitute", "quote",
        "escape", "redirect", "pipe", "send", "receive", "signal", "schedule", "sleep", "yield", "detach", "bind",
        "unbind", "map", "filter", "reduce", "accumulate", "multiply", "divide", "subtract", "round", "truncate",
        "shift", "scan", "query", "verify", "validate", "ensure", "enforce", "collect", "compile", "package",
        "download", "populate", "assemble", "extend", "force", "prevent", "limit", "restrict", "clamp",
    ]
}
