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
    /// Keep only C++ listings that define `main` and mark no line `// error`: whole, well-formed
    /// programs, as reference examples are, rather than fragments that need context.
    var wholePrograms = false
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
            let refusals = section.listings.map(refusal(of:))
            for (listing, reason) in zip(section.listings, refusals) {
                if let reason {
                    output.skipped.append(Finding(locator: document.locatorPrefix + listing.locator, reason: reason))
                }
            }
            guard refusals.contains(where: { $0 == nil }) else { continue }
            let owner = owners[index]
            var prose = sections[owner].prose
            if owner != index { prose += section.prose }
            let question = question(for: owner, in: sections, document: document)
            let answer = answerLines(prose, question: question)
            let source = SampleSource(uri: uri, locator: locator, title: book.metadata.title ?? document.metadata.title,
                                      licence: book.metadata.licence ?? document.metadata.licence)
            for (number, listing) in section.listings.enumerated() where refusals[number] == nil {
                // A later listing is answered first by the text that introduces it.
                var answer = answer
                if number > 0 {
                    let start = section.listings[number - 1].paragraphsBefore
                    let introduction = Array(section.paragraphs[start..<listing.paragraphsBefore])
                    if !introduction.isEmpty {
                        answer = answerLines(introduction + prose.filter { !introduction.contains($0) },
                                             question: Question(text: question.text, usedOpening: nil))
                    }
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
        if settings.wholePrograms, language == .cpp {
            if !Self.definesMain(listing.code) { return "listing is a fragment without main (whole_programs is set)" }
            // Reference pages mark the lines that must not compile; such a program is not a model.
            if listing.code.contains("// error") || listing.code.contains("// Error") {
                return "listing shows ill-formed code (// error) (whole_programs is set)"
            }
        }
        return nil
    }

    /// Whether C++ code defines `main` (`int main(`, `auto main(` …), by a plain scan.
    static func definesMain(_ code: String) -> Bool {
        code.contains("int main(") || code.contains("int main (") || code.contains("auto main(")
    }

    // MARK: questions

    /// Headings that say "here is code" rather than what the code is about.
    static let genericHeadings: Set<String> = [
        "example", "examples", "example code", "code example", "code examples", "sample", "samples", "usage",
        "example usage", "usage example", "demo", "code", "listing", "possible output", "output",
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
        let text = heading.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :."))
        return genericHeadings.contains(text) || text.hasPrefix("example ") || text.hasPrefix("examples ")
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
        var topic = ProseText.lowercasingFirstWord(heading.trimmingCharacters(in: CharacterSet(charactersIn: ".:")))
        if Self.facetHeadings.contains(lowered), let parent = section.parent, sections[parent].level > 0 {
            let subject = ProseText.lowercasingFirstWord(sections[parent].heading)
            topic = "\(subject) (\(lowered))"
        }
        if let opening = section.paragraphs.lazy.flatMap(ProseText.sentences).first(where: Self.isStatement),
           opening.count <= 200, Self.isWholeSentence(opening) {
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

    /// Headings that name an aspect of the section above rather than a topic of their own.
    static let facetHeadings: Set<String> = [
        "syntax", "explanation", "notes", "description", "overview", "details", "remarks", "definition",
        "semantics", "discussion", "background", "implementation", "possible implementation",
    ]

    /// A sentence that can open a question: starts with a capital or a digit and ends with
    /// a full stop, question or exclamation mark (not a fragment cut off by a formula).
    static func isWholeSentence(_ sentence: String) -> Bool {
        guard let first = sentence.first, first.isUppercase || first.isNumber,
              let last = sentence.last else { return false }
        return last == "." || last == "?" || last == "!"
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
        var lines = [String]()
        var heldBack: String?
        // Sentences are split paragraph by paragraph and only until the block is full: a long
        // page costs no more than its first few sentences.
        outer: for paragraph in prose {
            for sentence in ProseText.sentences(paragraph) where Self.isStatement(sentence) {
                if lines.isEmpty, heldBack == nil, let opening = question.usedOpening, sentence == opening {
                    heldBack = sentence
                    continue
                }
                let wrapped = ProseText.wrap(sentence, width: settings.answerWidth)
                if lines.count + wrapped.count > settings.maxAnswerLines {
                    if lines.isEmpty { lines = truncated(wrapped) }
                    break outer
                }
                lines += wrapped
            }
        }
        if lines.isEmpty, let heldBack {
            let wrapped = ProseText.wrap(heldBack, width: settings.answerWidth)
            lines = wrapped.count > settings.maxAnswerLines ? truncated(wrapped) : wrapped
        }
        return lines.map(sanitised)
    }

    private func truncated(_ wrapped: [String]) -> [String] {
        var lines = Array(wrapped.prefix(settings.maxAnswerLines))
        lines[lines.count - 1] += " ..."
        return lines
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
