import Foundation

/// The knobs of pair building, from the `[textbooks]` section of a pipeline file.
struct PairSettings: Sendable, Hashable {
    /// Most lines in the `ANSWER` block.
    var maxAnswerLines = 8
    /// Width of answer lines: short, as in `FORMATS.md`.
    var answerWidth = 48
    /// Width of the wrapped `QUESTION` comment lines.
    var questionWidth = 60
    /// Listings shorter than this are not worth a pair.
    var minCodeLines = 1
    /// Listings longer than this are skipped: a whole program file, not an example.
    var maxCodeLines = 400
}

/// Turns the sections of a book into QUESTION/ANSWER samples (`FORMATS.md`, section 1).
///
/// One pair per code listing in the domain's language. The question is the section's own
/// when it asks one (a heading ending in `?`, an exercise, a FAQ entry, a DocBook question);
/// an API page's title (`std::vector::push_back`) becomes "What does … do and how is it
/// used?"; otherwise the section's opening sentence and heading make it. The answer is the
/// first sentences of the section's prose, wrapped short. A listing under a generic heading
/// ("Example") belongs to the section above it, as on reference pages.
struct PairBuilder {
    var settings: PairSettings
    var domain: String
    var language: CodeLanguage
    var uri: String

    static let lineage = [LineageStep(stage: TextbooksStage.name, version: TextbooksStage.version)]

    func build(_ book: Book) -> StageOutput {
        var output = StageOutput(rejections: book.rejections)
        for document in book.documents {
            build(document, book: book, into: &output)
        }
        return output
    }

    private func build(_ document: BookDocument, book: Book, into output: inout StageOutput) {
        let sections = document.sections
        let owners = sections.indices.map { sections[$0].listings.isEmpty ? $0 : owner(of: $0, in: sections) }
        let speaksForListings = Set(sections.indices.filter { !sections[$0].listings.isEmpty }.map { owners[$0] })
        for (index, section) in sections.enumerated() {
            let locator = document.locatorPrefix + section.locator
            guard !section.listings.isEmpty else {
                if !speaksForListings.contains(index), section.level > 0 || !section.prose.isEmpty {
                    output.skipped.append(Finding(locator: locator, reason: "section has no code listing"))
                }
                continue
            }
            let owner = owners[index]
            var prose = sections[owner].prose
            if owner != index { prose += section.prose }
            let question = question(for: owner, in: sections, document: document)
            let answer = answerLines(prose, question: question)
            let source = SampleSource(uri: uri, locator: locator, title: book.metadata.title ?? document.metadata.title,
                                      licence: book.metadata.licence ?? document.metadata.licence)
            for listing in section.listings {
                if let reason = refusal(of: listing) {
                    output.skipped.append(Finding(locator: document.locatorPrefix + listing.locator, reason: reason))
                    continue
                }
                guard !answer.isEmpty else {
                    output.skipped.append(Finding(locator: locator, reason: "section has no prose to answer from"))
                    continue
                }
                output.samples.append(Sample(domain: domain, kind: .qa, prompt: prompt(question.text),
                                             completion: completion(answer, code: listing.code),
                                             source: source, lineage: Self.lineage))
            }
        }
    }

    // MARK: listings

    /// Why a listing gives no pair, or nil when it does.
    func refusal(of listing: CodeListing) -> String? {
        guard let found = listing.language else { return "listing's language not recognised" }
        if found == "console" { return "listing is a console transcript, not \(language.rawValue) code" }
        if found != language.rawValue { return "listing is \(found), not \(language.rawValue)" }
        let lines = listing.code.split(separator: "\n", omittingEmptySubsequences: false).count
        if lines < settings.minCodeLines { return "listing has \(lines) lines, fewer than min_code_lines \(settings.minCodeLines)" }
        if lines > settings.maxCodeLines { return "listing has \(lines) lines, more than max_code_lines \(settings.maxCodeLines)" }
        return nil
    }

    // MARK: questions

    /// Headings that say "here is code" rather than what the code is about.
    static let genericHeadings: Set<String> = [
        "example", "examples", "example code", "code example", "code examples", "sample", "samples", "usage",
        "example usage", "usage example", "demo", "code", "listing", "possible output", "output", "synopsis",
    ]

    /// Headings of a section whose subsections are questions as written.
    static let questionGroupHeadings: Set<String> = [
        "faq", "faqs", "frequently asked questions", "questions", "exercises", "problems", "questions and answers",
        "review questions", "q&a",
    ]

    static let questionPrefixes = ["exercise", "question", "q:", "q.", "faq", "problem", "task"]

    /// The section whose heading and prose speak for a listing in `index`.
    func owner(of index: Int, in sections: [BookSection]) -> Int {
        var current = index
        while let parent = sections[current].parent, Self.isGeneric(sections[current].heading),
              sections[parent].level > 0 || !sections[parent].prose.isEmpty {
            current = parent
        }
        return current
    }

    static func isGeneric(_ heading: String) -> Bool {
        genericHeadings.contains(heading.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :.")))
    }

    struct Question { var text: String; var usedOpening: String? }

    func question(for index: Int, in sections: [BookSection], document: BookDocument) -> Question {
        let section = sections[index]
        var heading = section.heading.trimmingCharacters(in: .whitespaces)
        if heading.isEmpty { heading = document.metadata.title ?? "this code" }
        let lowered = heading.lowercased()
        let parentHeading = section.parent.map { sections[$0].heading.lowercased().trimmingCharacters(in: .whitespaces) } ?? ""
        if section.isExplicitQuestion || heading.hasSuffix("?")
            || Self.questionPrefixes.contains(where: { lowered.hasPrefix($0) })
            || Self.questionGroupHeadings.contains(parentHeading) {
            return Question(text: heading, usedOpening: nil)
        }
        if let names = Self.apiNames(heading) {
            let text = names.count == 1
                ? "What does \(names[0]) do and how is it used?"
                : "What do \(names.joined(separator: ", ")) do and how are they used?"
            return Question(text: text, usedOpening: nil)
        }
        let topic = ProseText.lowercasingFirstWord(heading.trimmingCharacters(in: CharacterSet(charactersIn: ".:")))
        if let opening = section.prose.lazy.flatMap(ProseText.sentences).first(where: Self.isStatement),
           opening.count <= 200 {
            return Question(text: "\(opening) Explain \(topic) and show it in code.", usedOpening: opening)
        }
        return Question(text: "Explain \(topic) and show it in code.", usedOpening: nil)
    }

    /// The API names a reference page is titled with (`std::vector::push_back`,
    /// `std::begin, std::cbegin`), or nil when the heading is prose.
    static func apiNames(_ heading: String) -> [String]? {
        var text = heading
        for mark in ["(since C++", "(until C++", "(C++", "(deprecated", "(removed"] {
            if let range = text.range(of: mark) { text = String(text[..<range.lowerBound]) }
        }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        for name in names {
            guard !name.contains(" ") || name.hasPrefix("operator") else { return nil }
            let looksLikeCode = name.contains("::") || name.contains("_") || name.hasSuffix("()")
                || name.contains("<") || name.hasPrefix("#")
            guard looksLikeCode else { return nil }
        }
        return names
    }

    /// A sentence worth quoting: several words, not a lead-in to a listing ("Output:").
    static func isStatement(_ sentence: String) -> Bool {
        !sentence.hasSuffix(":") && sentence.split(separator: " ").count >= 3
    }

    // MARK: answers

    /// The first statements of the prose, one per line group, wrapped to `answerWidth`, at
    /// most `maxAnswerLines` lines. The opening sentence already quoted in the question is not
    /// repeated unless nothing else is left.
    func answerLines(_ prose: [String], question: Question) -> [String] {
        var statements = prose.flatMap(ProseText.sentences).filter(Self.isStatement)
        if let opening = question.usedOpening, statements.count > 1, statements.first == opening {
            statements.removeFirst()
        }
        var lines = [String]()
        for sentence in statements {
            let wrapped = ProseText.wrap(sentence, width: settings.answerWidth)
            if lines.count + wrapped.count > settings.maxAnswerLines {
                if lines.isEmpty {
                    lines = Array(wrapped.prefix(settings.maxAnswerLines))
                    lines[lines.count - 1] += " ..."
                }
                break
            }
            lines += wrapped
        }
        return lines.map(sanitised)
    }

    /// Keeps an answer line from closing its comment block early.
    func sanitised(_ line: String) -> String {
        switch language {
        case .cpp: return line.replacingOccurrences(of: "*/", with: "* /")
        case .cmake: return line.replacingOccurrences(of: "]]", with: "] ]")
        case .shell: return line == "ANSWER" ? "ANSWER." : line
        }
    }

    // MARK: shapes

    /// `// QUESTION: …` (or `# QUESTION: …`), wrapped onto further comment lines.
    func prompt(_ question: String) -> String {
        let comment = language.lineComment
        return ProseText.wrap(question, width: settings.questionWidth, prefix: "\(comment) QUESTION: ",
                              continuation: "\(comment) ").joined(separator: "\n")
    }

    /// The answer block in the language's comment syntax, then the code verbatim: C++
    /// `/* ANSWER: … */`, CMake's bracket comment `#[[ ANSWER: … ]]`, and for shell a no-op
    /// here-document `: <<'ANSWER' … ANSWER`, which the shell reads and discards.
    func completion(_ answer: [String], code: String) -> String {
        let body = answer.joined(separator: "\n")
        switch language {
        case .cpp: return "/* ANSWER:\n\(body)\n*/\n\(code)"
        case .cmake: return "#[[ ANSWER:\n\(body)\n]]\n\(code)"
        case .shell: return ": <<'ANSWER'\n\(body)\nANSWER\n\(code)"
        }
    }
}
