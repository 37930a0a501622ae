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
    /// Which pairs to write: reference pairs (how do I …) or design pairs (why, when).
    var style = PairStyle.reference
}

/// The kind of pairs the textbooks stage writes, chosen by `[textbooks] style`.
enum PairStyle: String, Sendable, Hashable, CaseIterable {
    /// How-to and what-for questions about each listing (`PairBuilder`).
    case reference
    /// Why/when questions answered with the book's reasoning and code (`DesignPairBuilder`).
    case design
}

/// Turns the sections of a book into QUESTION/ANSWER samples (`FORMATS.md`, section 1).
///
/// One pair per code listing in the domain's language, checked by content as well as by
/// markup (`ListingCheck`): assembly, synopses and output text are refused with a reason;
/// undeclared shell commands and transcripts are recognised. The question is the book's own
/// when it asks one (a heading ending in `?`, an exercise, a FAQ entry, a DocBook question);
/// otherwise `QuestionWriter` builds one from what the page documents and what the listing
/// uses, and no question is asked twice in a book. The answer is the prose nearest the
/// listing (its lead-in, the paragraph after it), then the section's description, cleaned by
/// `AnswerProse`, and a closing line naming what the listing uses. A listing under a generic
/// heading ("Example") belongs to the section above it, as on reference pages; an "Output:"
/// block after a listing is kept as comments after its code.
struct PairBuilder: BookPairBuilding {
    var settings: PairSettings
    var domain: String
    var language: CodeLanguage
    var uri: String

    static let lineage = [LineageStep(stage: TextbooksStage.name, version: TextbooksStage.version)]

    func build(_ document: BookDocument, book: Book, asked: inout Set<String>, into output: inout StageOutput) {
        let sections = document.sections
        let owners = sections.indices.map { sections[$0].listings.isEmpty ? $0 : owner(of: $0, in: sections) }
        let speaksForListings = Set(sections.indices.filter { !sections[$0].listings.isEmpty }.map { owners[$0] })
        let writer = QuestionWriter(language: language)
        for (index, section) in sections.enumerated() {
            let locator = document.locatorPrefix + section.locator
            guard !section.listings.isEmpty else {
                if !speaksForListings.contains(index), section.level > 0 || !section.prose.isEmpty {
                    output.skipped.append(Finding(locator: locator, reason: "section has no code listing"))
                }
                continue
            }
            // A function cut from a script is code whatever its usage messages look like.
            var prepared = section.listings.map { prepare($0, fromScript: section.definesFunction != nil) }
            attachOutputs(&prepared, in: section)
            let owner = owners[index]
            let source = SampleSource(uri: uri, locator: locator, title: book.metadata.title ?? document.metadata.title,
                                      licence: book.metadata.licence ?? document.metadata.licence)
            for (number, listing) in section.listings.enumerated() {
                let ready = prepared[number]
                if ready.consumed { continue }
                if let reason = ready.refusal {
                    output.skipped.append(Finding(locator: document.locatorPrefix + listing.locator, reason: reason))
                    continue
                }
                var facts = ListingFacts(code: ready.code, language: language)
                facts.showsOutput = ready.showsOutput
                let near = nearSentences(number, in: section)
                let material = questionMaterial(owner: owner, section: index, in: sections, document: document,
                                                facts: facts, near: near)
                let answer = answerLines(near + describing(owner: owner, section: index, in: sections),
                                         facts: facts, subject: material.subject)
                guard !answer.isEmpty else {
                    output.skipped.append(Finding(locator: document.locatorPrefix + listing.locator,
                                                  reason: "section has no prose to answer from"))
                    continue
                }
                guard let question = writer.question(material, seed: Self.seed(ready.code), asked: &asked) else {
                    output.skipped.append(Finding(locator: document.locatorPrefix + listing.locator,
                                                  reason: "every question for this listing was already asked in the book"))
                    continue
                }
                output.samples.append(Sample(domain: domain, kind: .qa, prompt: prompt(question),
                                             completion: completion(answer, code: ready.code),
                                             source: source, lineage: Self.lineage))
            }
        }
    }

    // MARK: listings

    private static let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}"]

    /// A listing as it goes into a pair: its code (a transcript turned into a script, output
    /// appended as comments) or the reason it gives none.
    struct PreparedListing {
        var code: String
        var refusal: String?
        /// An output block taken into the listing before it.
        var consumed = false
        var showsOutput = false
    }

    /// Why a listing gives no pair, or nil when it does.
    func refusal(of listing: CodeListing) -> String? { prepare(listing).refusal }

    func prepare(_ listing: CodeListing, fromScript: Bool = false) -> PreparedListing {
        // Zero-width characters pasted into pages (cppreference has U+200B before an #include)
        // are invisible to a reader and break the code for a compiler.
        var code = String(listing.code.unicodeScalars.filter { !Self.invisible.contains($0) })
        let declared = listing.declaredLanguage
        let found: String?
        if language == .shell, declared == nil || declared == "console" || declared == "shell",
           let script = ListingCheck.scriptFromTranscript(code) {
            code = script
            found = "shell"
        } else if let declared {
            found = declared == "text" && language == .cmake && ListingCheck.looksLikeCMake(code) ? "cmake" : declared
        } else if language == .shell, ListingCheck.isShellSynopsis(code) || ListingCheck.looksLikeShell(code) {
            found = "shell"
        } else {
            // Design writing shows fragments more than programs (`CppFragmentCheck`).
            let fragment = settings.style == .design && language == .cpp && CppFragmentCheck.looksLikeCpp(code)
            found = CodeLanguageDetector.detect(code) ?? (fragment ? "cpp" : nil)
        }
        func refused(_ reason: String) -> PreparedListing { PreparedListing(code: code, refusal: reason) }
        guard let found else { return refused("listing's language not recognised") }
        if found == "console" { return refused("listing is a console transcript, not \(language.rawValue) code") }
        if found != language.rawValue { return refused("listing is \(found), not \(language.rawValue)") }
        switch language {
        case .cpp where ListingCheck.isAssembly(code):
            return refused("listing is assembly (compiler output), not cpp")
        case .cpp where ListingCheck.isElidedCpp(code) && settings.style != .design:
            return refused("listing leaves code out (a line of ...), not compilable cpp")
        case .cmake where ListingCheck.isCMakeSynopsis(code):
            return refused("listing is a command synopsis or elided example (<placeholder>, ..., [A|B]), not runnable cmake code")
        case .shell where !fromScript && ListingCheck.isShellSynopsis(code):
            return refused("listing is a usage synopsis ([options], placeholder words, ...), not shell code")
        default:
            break
        }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).count
        if lines < settings.minCodeLines { return refused("listing has \(lines) lines, fewer than min_code_lines \(settings.minCodeLines)") }
        if lines > settings.maxCodeLines { return refused("listing has \(lines) lines, more than max_code_lines \(settings.maxCodeLines)") }
        if settings.wholePrograms, language == .cpp {
            if !Self.definesMain(code) { return refused("listing is a fragment without main (whole_programs is set)") }
            // Reference pages mark the lines that must not compile; such a program is not a model.
            if code.contains("// error") || code.contains("// Error") {
                return refused("listing shows ill-formed code (// error) (whole_programs is set)")
            }
        }
        return PreparedListing(code: code)
    }

    /// An output block ("Output:", "Possible output:" then a plain-text listing) right after a
    /// listing that gives a pair becomes comments after that listing's code.
    func attachOutputs(_ prepared: inout [PreparedListing], in section: BookSection) {
        for number in section.listings.indices.dropLast() where prepared[number].refusal == nil {
            let next = section.listings[number + 1]
            guard next.declaredLanguage == nil || next.declaredLanguage == "text" else { continue }
            let between = section.paragraphs[section.listings[number].paragraphsBefore..<next.paragraphsBefore]
            guard let label = between.last, between.count == 1, Self.isOutputLabel(label) else { continue }
            let comment = language.lineComment
            var lines = next.code.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? comment : "\(comment) \($0)" }
            if lines.count > 24 { lines = Array(lines.prefix(24)) + ["\(comment) ..."] }
            prepared[number].code += "\n\n\(comment) \(label.trimmingCharacters(in: .whitespaces))\n" + lines.joined(separator: "\n")
            prepared[number].showsOutput = true
            prepared[number + 1].consumed = true
        }
    }

    /// "Output:", "Possible output:", "Typical output (abridged):".
    static func isOutputLabel(_ paragraph: String) -> Bool {
        let text = paragraph.trimmingCharacters(in: .whitespaces).lowercased()
        return text.hasSuffix(":") && text.contains("output") && text.split(separator: " ").count <= 5
    }

    /// Whether C++ code defines `main` (`int main(`, `auto main(` …), by a plain scan.
    static func definesMain(_ code: String) -> Bool {
        code.contains("int main(") || code.contains("int main (") || code.contains("auto main(")
    }

    /// A stable number from the code, to choose among question forms.
    static func seed(_ code: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in code.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return hash
    }

    // MARK: questions

    /// Headings that say "here is code" rather than what the code is about.
    static let genericHeadings: Set<String> = [
        "example", "examples", "example code", "code example", "code examples", "sample", "samples", "usage",
        "example usage", "usage example", "demo", "code", "listing", "possible output", "output", "solution",
        "solutions",
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

    /// The material the question for one listing is built from: the book's own question if it
    /// asks one; else what the owning section documents, its topic, the task its prose names,
    /// and what the listing itself uses.
    func questionMaterial(owner: Int, section index: Int, in sections: [BookSection], document: BookDocument,
                          facts: ListingFacts, near: [Sentence]) -> QuestionMaterial {
        let section = sections[index]
        let ownHeading = HeadingText.clean(section.heading)
        let lowered = ownHeading.lowercased()
        let parentHeading = section.parent.map { sections[$0].heading.lowercased().trimmingCharacters(in: .whitespaces) } ?? ""
        let asks = section.isExplicitQuestion || ownHeading.hasSuffix("?")
            || Self.questionPrefixes.contains(where: { lowered.hasPrefix($0) })
            || Self.questionGroupHeadings.contains(parentHeading)
        var material = QuestionMaterial(topic: "")
        if let function = section.definesFunction {
            material.function = function
            material.summary = near.lazy.compactMap { AnswerProse.clean($0.text) }
                .first { !$0.lowercased().hasPrefix("usage") && !$0.contains("`") }
            return material
        }
        if asks, !ownHeading.isEmpty {
            // "Is this Shell Interactive?" reads as "Is this shell interactive?".
            let lowered = HeadingText.topic(ownHeading)
            material.asked = lowered.prefix(1).uppercased() + lowered.dropFirst()
            return material
        }
        var heading = HeadingText.clean(sections[owner].heading)
        var topicSection = owner
        // A facet ("Syntax", "Notes") or a page's furniture speaks of the section above it.
        while Self.facetHeadings.contains(heading.lowercased()) || HeadingText.isFurniture(heading) || heading.isEmpty,
              let parent = sections[topicSection].parent {
            topicSection = parent
            heading = HeadingText.clean(sections[parent].heading)
        }
        if heading.isEmpty { heading = HeadingText.clean(document.metadata.title ?? "") }
        material.topic = HeadingText.topic(heading)
        // The subject is named by the nearest enclosing heading that names one: a listing under
        // "Appending" on the `string` page is about `string()`.
        var subjectNames: [String]?
        var cursor: Int? = owner
        while let current = cursor, subjectNames == nil {
            subjectNames = self.subjectNames(HeadingText.clean(sections[current].heading), facts: facts)
            cursor = sections[current].parent
        }
        if let subjectNames { material.subject = Self.listed(subjectNames.map(display)) }
        let covered = Set((subjectNames ?? []).map(Self.lastComponent))
        // `std::list` is no companion of `std::list::reverse`: it is where the subject lives.
        let scopes = Set((subjectNames ?? []).flatMap(Self.enclosingScopes))
        let others = facts.names.filter { !covered.contains(Self.lastComponent($0)) && !scopes.contains($0) }
            .prefix(2).map(displayUsed)
        if !others.isEmpty {
            material.others = Self.listed(Array(others))
            material.otherNames = Array(others)
        }
        let description = describing(owner: owner, section: index, in: sections)
        material.task = (near + description).lazy.compactMap { QuestionWriter.task(from: $0.text) }.first
        material.oneLiner = facts.oneLiner
        material.showsOutput = facts.showsOutput
        material.warns = facts.warns
        return material
    }

    /// The names a heading documents, restricted to those the listing uses when it uses any:
    /// C++ API names (`std::all_of, std::any_of`); for CMake a command, module, variable or
    /// property page's name.
    func subjectNames(_ heading: String, facts: ListingFacts) -> [String]? {
        switch language {
        case .cpp:
            guard let names = Self.apiNames(heading) else { return nil }
            let used = names.filter { documented in
                let short = Self.lastComponent(documented)
                return facts.names.contains { Self.lastComponent($0) == short }
                    || facts.code.contains(short + "(") || facts.code.contains(short + "<")
            }
            return Array((used.isEmpty ? names : used).prefix(3))
        case .cmake:
            // A reference page is named for what it documents (`command/string.html` is
            // "string", `variable/CMAKE_LANG_FLAGS.html` is "CMAKE_<LANG>_FLAGS"); a guide's
            // heading ("Invocation", "Solution") is a topic, not a name.
            let stem = (uri as NSString).lastPathComponent.replacingOccurrences(of: ".html", with: "")
            let plain = heading.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "")
            guard !heading.isEmpty, !heading.contains(" "), plain == stem else { return nil }
            return [heading]
        case .shell:
            return nil
        }
    }

    /// How a name reads in a question: CMake commands with `()`, pages by their kind.
    func display(_ name: String) -> String {
        guard language == .cmake else { return name }
        let isCommand = name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
        if uri.contains("/command/") || isCommand { return isCommand ? "\(name)()" : name }
        if uri.contains("/module/") { return "the \(name) module" }
        if uri.contains("/variable/") { return "the \(name) variable" }
        if uri.contains("/envvar/") { return "the \(name) environment variable" }
        if uri.contains("/prop_tgt/") { return "the \(name) target property" }
        if uri.contains("/prop_") { return "the \(name) property" }
        if uri.contains("/policy/") { return "policy \(name)" }
        return name
    }

    /// How a name the listing uses reads: CMake's are all commands, written with `()`.
    func displayUsed(_ name: String) -> String {
        language == .cmake ? "\(name)()" : name
    }

    /// The scopes a qualified name sits in: `std::chrono::time_point::max` gives `std::chrono::time_point`,
    /// `std::chrono` and `std`.
    static func enclosingScopes(_ name: String) -> [String] {
        var text = "", depth = 0
        for character in name {
            if character == "<" { depth += 1 } else if character == ">" { depth = max(0, depth - 1) } else if depth == 0 { text.append(character) }
        }
        let parts = text.components(separatedBy: "::")
        return parts.count < 2 ? [] : (1..<parts.count).map { parts[..<$0].joined(separator: "::") }
    }

    static func lastComponent(_ name: String) -> String {
        var text = name
        if let angle = text.firstIndex(of: "<") { text = String(text[..<angle]) }
        if text.hasSuffix("()") { text.removeLast(2) }
        return String(text.split(separator: ":").last ?? Substring(text))
    }

    /// "a", "a and b", "a, b and c".
    static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
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
            guard !name.contains(" ") || isOperatorName(name) else { return nil }
            let looksLikeCode = name.contains("::") || name.contains("_") || name.hasSuffix("()")
                || name.contains("<") || name.hasPrefix("#") || isOperatorName(name)
            guard looksLikeCode else { return nil }
        }
        return names
    }

    /// `operator new`, `operator delete[]`, `operator<<`, `operator""`: an operator function's
    /// name, not prose that starts with the word ("operator overloading").
    static func isOperatorName(_ name: String) -> Bool {
        guard name.hasPrefix("operator") else { return false }
        let rest = name.dropFirst("operator".count).trimmingCharacters(in: .whitespaces)
        let word = rest.prefix { $0.isLetter || $0 == "_" }
        return word.isEmpty ? !rest.isEmpty : ["new", "delete", "co_await"].contains(String(word)) && rest.dropFirst(word.count).allSatisfy { !$0.isLetter }
    }

    /// Headings that name an aspect of the section above rather than a topic of their own.
    static let facetHeadings: Set<String> = [
        "syntax", "explanation", "notes", "description", "overview", "details", "remarks", "definition",
        "semantics", "discussion", "background", "implementation", "possible implementation", "synopsis",
        "signature", "signatures", "usage", "examples", "example",
    ]

    // MARK: answers

    /// A sentence of the prose with where it stands: right before the listing, it may refer
    /// to the listing as "the following example".
    struct Sentence: Equatable {
        var text: String
        var introducesListing = false
        /// From the prose around the listing (not the section's opening description).
        var isNear = false
    }

    /// The prose nearest a listing: the paragraphs between it and the listing before (its
    /// lead-in), then the first paragraph after it unless that leads into the next listing or
    /// labels its output; list items the same way.
    func nearSentences(_ number: Int, in section: BookSection) -> [Sentence] {
        let listing = section.listings[number]
        let next = number + 1 < section.listings.count ? section.listings[number + 1] : nil
        let previous = number > 0 ? section.listings[number - 1] : nil
        var result = [Sentence]()
        // A sentence the page runs through this one-line listing comes first, rejoined.
        let before = listing.paragraphsBefore
        let leadText: String? = before > (previous?.paragraphsBefore ?? 0) ? section.paragraphs[before - 1] : nil
        let afterText: String? = before < (next?.paragraphsBefore ?? section.paragraphs.count) ? section.paragraphs[before] : nil
        let joined = Self.runThrough(lead: leadText, code: listing.code, after: afterText)
        if let joined { result.append(Sentence(text: joined.sentence, isNear: true)) }
        // Paragraphs, then list items (a listing inside a definition list sits among items).
        let blocks = [(section.paragraphs, previous?.paragraphsBefore ?? 0, listing.paragraphsBefore,
                       next?.paragraphsBefore ?? section.paragraphs.count),
                      (section.listItems, previous?.itemsBefore ?? 0, listing.itemsBefore,
                       next?.itemsBefore ?? section.listItems.count)]
        for (texts, from, at, to) in blocks {
            // Of several paragraphs between two listings, the first still speaks of the
            // listing before (it is that one's "after" text); the rest lead in to this one.
            let leadStart = previous != nil && at - from >= 2 ? from + 1 : from
            let lead = Array(texts[max(leadStart, at - 3)..<at])
            for (offset, paragraph) in lead.enumerated() {
                let sentences = ProseText.sentences(paragraph)
                for (position, sentence) in sentences.enumerated() {
                    let last = offset == lead.count - 1 && position == sentences.count - 1
                    result.append(Sentence(text: sentence, introducesListing: last, isNear: true))
                }
            }
            guard at < to else { continue }
            let after = texts[at]
            // The only paragraph between this listing and the next one introduces the next.
            let leadsOn = to == at + 1 && next != nil
            if !leadsOn, !Self.isOutputLabel(after) {
                result += ProseText.sentences(after).map { Sentence(text: $0, isNear: true) }
            }
        }
        // The pieces of the rejoined sentence are not answers of their own.
        if let joined { result.removeAll { $0.text == joined.lead || $0.text == joined.tail } }
        return result
    }

    /// A sentence the page runs through a one-line listing ("… while the command [`ls 2>&1 >
    /// dirlist`] directs only the standard output …"): the lead-in stops without a full stop
    /// and the paragraph after goes on in lower case. Rejoined with the line quoted, from the
    /// lead-in's last clause to the end of the first sentence after (cut at its last comma
    /// when it runs on into the next listing); nil when the prose does not run through.
    static func runThrough(lead: String?, code: String, after: String?) -> (sentence: String, lead: String, tail: String)? {
        let line = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty, !line.contains("\n"), !line.contains("`"), line.count <= 80, let lead, let after,
              let last = lead.trimmingCharacters(in: .whitespaces).last, last.isLetter,
              let first = after.trimmingCharacters(in: .whitespaces).first, first.isLowercase,
              let leadSentence = ProseText.sentences(lead).last, let tailSentence = ProseText.sentences(after).first else { return nil }
        var head = leadSentence
        if let initial = head.first, initial.isLowercase {
            // "directs both …, while the command": the last clause is this listing's.
            guard let comma = head.range(of: ", ", options: .backwards) else { return nil }
            head = String(head[comma.upperBound...])
            head = head.prefix(1).uppercased() + head.dropFirst()
        }
        var tail = tailSentence
        if let end = tail.last, !".!?".contains(end) {
            guard let comma = tail.range(of: ", ", options: .backwards) else { return nil }
            tail = String(tail[..<comma.lowerBound]) + "."
        }
        guard head.split(separator: " ").count >= 2 else { return nil }
        return ("\(head) `\(line)` \(tail)", leadSentence, tailSentence)
    }

    /// The description a listing's owning section gives (and the listing's own section's list
    /// items, when it is a generic "Example" under it), for what the near prose does not say.
    func describing(owner: Int, section index: Int, in sections: [BookSection]) -> [Sentence] {
        var prose: [String]
        if owner == index, let first = sections[index].listings.first {
            // The section's opening: what comes after its first listing is prose about the
            // listings themselves, taken listing by listing as near prose.
            prose = Array(sections[index].paragraphs[..<first.paragraphsBefore]) + sections[index].listItems[..<first.itemsBefore]
        } else {
            prose = sections[owner].prose + sections[index].listItems
        }
        var result = [Sentence]()
        // Sentences are split only until enough are found: a long page costs its first few.
        for paragraph in prose {
            result += ProseText.sentences(paragraph).map { Sentence(text: $0) }
            if result.count >= 24 { break }
        }
        return result
    }

    /// The answer: cleaned sentences without repeats, in the prose's order, never opening with
    /// one that leans on the question; when they do not all fit, those about the listing (its
    /// lead-in, sentences around it naming what it calls or its own identifiers) are kept
    /// before those that only define the page's subject. Then, when room is left, a line naming
    /// what the listing uses that the prose did not mention. Wrapped to `answerWidth`, at most
    /// `maxAnswerLines` lines; empty when the prose gives nothing usable.
    func answerLines(_ sentences: [Sentence], facts: ListingFacts, subject: String?) -> [String] {
        var candidates = [(text: String, wrapped: [String], about: Bool)]()
        var seen = Set<String>()
        let marks = listingMarks(facts, subject: subject)
        for sentence in sentences {
            guard let text = AnswerProse.clean(sentence.text, introducesListing: sentence.introducesListing),
                  seen.insert(text).inserted else { continue }
            // A lead-in ending in a colon introduces the listing; the last of a list's items
            // before it need not.
            let leadIn = sentence.introducesListing && sentence.text.trimmingCharacters(in: .whitespaces).hasSuffix(":")
            // Only the prose around the listing is weighed: the section's opening description
            // names the page's identifiers whichever example follows.
            let about = sentence.isNear && (leadIn || Self.mentions(text, marks))
            candidates.append((text, ProseText.wrap(text, width: settings.answerWidth), about))
        }
        let closing = closingSentence(facts: facts, subject: subject)
        let room = max(settings.maxAnswerLines - (closing.map { ProseText.wrap($0, width: settings.answerWidth).count } ?? 0), 2)
        // About the listing first, then in the prose's order; a sentence that leans on the one
        // before it ("This variable holds …") comes only with that one.
        let order = candidates.indices.sorted { (candidates[$0].about ? 0 : 1, $0) < (candidates[$1].about ? 0 : 1, $1) }
        var chosen = Set<Int>()
        var used = 0
        // The rest of the prose is taken in its order up to the first sentence that does not
        // fit: a later fragment ("7Z - 7zip - (.7z)") does not fill the gap.
        var restIsFull = false
        for index in order {
            let text = candidates[index].text
            let leans = AnswerProse.needsContext(text) || !AnswerProse.startsLikeASentence(text)
            if restIsFull, !candidates[index].about { break }
            if leans, !(index > 0 && chosen.contains(index - 1)) { continue }
            guard used + candidates[index].wrapped.count <= room else {
                if !candidates[index].about { restIsFull = true }
                continue
            }
            chosen.insert(index)
            used += candidates[index].wrapped.count
        }
        var lines = [String]()
        var told = [String]()
        if chosen.isEmpty {
            // One sentence longer than the room: whole when it fits twice the room (a complete
            // long sentence reads better than a cut one), else up to its last clause that fits.
            guard let first = candidates.first(where: { !AnswerProse.needsContext($0.text) && AnswerProse.startsLikeASentence($0.text) }) else { return [] }
            if first.wrapped.count <= 2 * settings.maxAnswerLines {
                lines = first.wrapped
            } else if let clause = leadingClause(first.text, lines: settings.maxAnswerLines) {
                lines = ProseText.wrap(clause, width: settings.answerWidth)
            } else {
                lines = truncated(first.wrapped)
            }
            told = [first.text]
        } else {
            for index in chosen.sorted() {
                lines += candidates[index].wrapped
                told.append(candidates[index].text)
            }
        }
        if let closing {
            let mentioned = told.joined(separator: " ")
            let closingLines = ProseText.wrap(closing, width: settings.answerWidth)
            let tellsMore = facts.names.prefix(3).contains { !mentioned.contains(Self.lastComponent($0)) } || facts.showsOutput
            if tellsMore, lines.count + closingLines.count <= settings.maxAnswerLines { lines += closingLines }
        }
        return lines.map(sanitised)
    }

    /// What shows a sentence speaks of this listing: the names it calls (CMake commands as
    /// `name(`), and its own distinctive identifiers (`BUILD_SHARED_LIBS`, `my_target`,
    /// `MathFunctions`), the page's subject aside: every sentence of the page names that.
    func listingMarks(_ facts: ListingFacts, subject: String?) -> [String] {
        let subjectWords = Set((subject ?? "").split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        var marks = [String]()
        for name in facts.names {
            let short = Self.lastComponent(name)
            guard short.count >= 3, !subjectWords.contains(short) else { continue }
            marks.append(language == .cmake ? short + "(" : short)
        }
        // A one-liner quoted in a sentence ("the command `ls 2>&1 > dirlist` directs …").
        if let line = facts.oneLiner { marks.append(line) }
        var seen = Set(marks)
        for token in facts.code.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) where token.count >= 4 {
            let word = String(token)
            guard let first = word.first, first.isLetter || first == "_", !subjectWords.contains(word) else { continue }
            let inner = word.dropFirst()
            let distinctive = word.contains("_") || inner.contains(where: \.isUppercase) && inner.contains(where: \.isLowercase)
                || word.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
            if distinctive, seen.insert(word).inserted { marks.append(word) }
            if marks.count >= 40 { break }
        }
        return marks
    }

    /// Whether the sentence holds one of the marks as a whole word.
    static func mentions(_ sentence: String, _ marks: [String]) -> Bool {
        for mark in marks {
            var search = sentence.startIndex..<sentence.endIndex
            while let range = sentence.range(of: mark, range: search) {
                let before = range.lowerBound == sentence.startIndex ? nil : sentence[sentence.index(before: range.lowerBound)]
                let after = range.upperBound == sentence.endIndex ? nil : sentence[range.upperBound]
                let boundary: (Character?) -> Bool = { $0.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true }
                if boundary(before), mark.hasSuffix("(") || boundary(after) { return true }
                search = range.upperBound..<sentence.endIndex
            }
        }
        return false
    }

    /// "The example uses std::partial_sum and std::all_of; its output follows the code." from
    /// the listing's own names, or nil when it uses nothing telling.
    func closingSentence(facts: ListingFacts, subject: String?) -> String? {
        let names = facts.names.prefix(3).map(displayUsed)
        var parts = [String]()
        if !names.isEmpty {
            switch language {
            case .cpp: parts.append("The example uses \(Self.listed(names))")
            case .cmake: parts.append("The snippet calls \(Self.listed(names))")
            case .shell: parts.append("The snippet runs \(Self.listed(names.map { "`\($0)`" }))")
            }
        }
        if facts.showsOutput { parts.append(parts.isEmpty ? "The expected output follows the code as comments" : "its output follows the code as comments") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
    }

    /// The longest start of `sentence` that ends at a clause boundary ("; " or ", ") and wraps
    /// to at most `lines` lines, closed with a full stop; nil when no boundary is that early.
    func leadingClause(_ sentence: String, lines: Int) -> String? {
        var best: String?
        for boundary in ["; ", ", "] {
            var search = sentence.startIndex..<sentence.endIndex
            while let range = sentence.range(of: boundary, range: search) {
                let clause = String(sentence[..<range.lowerBound]) + "."
                if ProseText.wrap(clause, width: settings.answerWidth).count <= lines, clause.count > (best?.count ?? 0) {
                    best = clause
                }
                search = range.upperBound..<sentence.endIndex
            }
            if best != nil { return best }
        }
        return best
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
