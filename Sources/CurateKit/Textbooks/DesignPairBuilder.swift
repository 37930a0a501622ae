import Foundation

/// Turns design writing (coding standards, rationale pages, design notes) into QUESTION/ANSWER
/// pairs whose question asks why or when, and whose answer gives the book's reasoning and its
/// code (`[textbooks] style = "design"`, `FORMATS.md`, "Design pairs").
///
/// Per section, its listings in the domain's language (checked as `PairBuilder` checks them)
/// form units: a listing the text presents as the worse form, followed by one the text between
/// presents as better ("It is better to write it like this:"), is one unit whose answer shows
/// both, the worse as comments under "Avoid:", the better as code under "Prefer:"; any other
/// listing is a unit of its own. The question comes from the heading (`DesignQuestion`, the
/// nearest heading that names a topic); the answer from the section's opening and the text
/// around the unit, and only when at least one sentence argues (`DesignProse.reasons`), so a
/// listing that merely shows syntax gives no design pair.
struct DesignPairBuilder: BookPairBuilding {
    var pairs: PairBuilder

    var settings: PairSettings { pairs.settings }

    /// One pair's worth of code: a lone listing, or a worse form and its better form.
    struct Unit {
        var first: Int
        var last: Int
        var worse: String?
        var code: String
    }

    func build(_ document: BookDocument, book: Book, asked: inout Set<String>, into output: inout StageOutput) {
        let sections = document.sections
        for (index, section) in sections.enumerated() {
            let locator = document.locatorPrefix + section.locator
            guard !section.listings.isEmpty else {
                if section.level > 0 || !section.prose.isEmpty {
                    output.skipped.append(Finding(locator: locator, reason: "section has no code listing"))
                }
                continue
            }
            let prepared = section.listings.map { pairs.prepare($0) }
            for (number, ready) in prepared.enumerated() {
                if let reason = ready.refusal {
                    output.skipped.append(Finding(locator: document.locatorPrefix + section.listings[number].locator, reason: reason))
                }
            }
            let source = SampleSource(uri: pairs.uri, locator: locator, title: book.metadata.title ?? document.metadata.title,
                                      licence: book.metadata.licence ?? document.metadata.licence)
            for unit in units(section, prepared) {
                let at = document.locatorPrefix + section.listings[unit.first].locator
                let sentences = answerSentences(unit, in: section, sections: sections, index: index)
                // A rule's text argues for the rule; a topic's text must argue twice to be more
                // than a description.
                let needed = unit.worse != nil || DesignQuestion.isRule(topicHeading(index, in: sections)) ? 1 : 2
                guard sentences.filter(DesignProse.reasons).count >= needed else {
                    output.skipped.append(Finding(locator: at, reason: "the text around the listing gives too little reasoning (design style)"))
                    continue
                }
                let answer = answerLines(sentences)
                guard !answer.isEmpty else {
                    output.skipped.append(Finding(locator: at, reason: "section has no prose to answer from"))
                    continue
                }
                let heading = HeadingText.clean(topicHeading(index, in: sections))
                let alternative = sentences.lazy.filter { DesignProse.mentions($0, heading) }.compactMap(DesignProse.alternative).first
                guard let question = question(for: index, in: sections, document: document, alternative: alternative,
                                              unit: unit, asked: &asked) else {
                    output.skipped.append(Finding(locator: at, reason: "no heading names a design topic to ask about, or every question for it was already asked"))
                    continue
                }
                output.samples.append(Sample(domain: pairs.domain, kind: .qa, prompt: pairs.prompt(question),
                                             completion: pairs.completion(answer, code: unit.code),
                                             source: source, lineage: PairBuilder.lineage))
            }
        }
    }

    // MARK: units

    /// The section's usable listings grouped into units, in order.
    func units(_ section: BookSection, _ prepared: [PairBuilder.PreparedListing]) -> [Unit] {
        var result = [Unit]()
        var number = 0
        while number < prepared.count {
            guard prepared[number].refusal == nil else {
                number += 1
                continue
            }
            let next = number + 1
            if next < prepared.count, prepared[next].refusal == nil,
               presentsAsBetter(next, after: number, in: section) {
                // A chain of better forms ("better:", "or better yet:") ends at the best.
                var best = next
                while best + 1 < prepared.count, prepared[best + 1].refusal == nil,
                      presentsAsBetter(best + 1, after: best, in: section) {
                    best += 1
                }
                let worse = prepared[number].code
                let comment = pairs.language.lineComment
                let commented = worse.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? comment : "\(comment)   \($0)" }.joined(separator: "\n")
                let code = "\(comment) Avoid:\n\(commented)\n\(comment) Prefer:\n\(prepared[best].code)"
                result.append(Unit(first: number, last: best, worse: worse, code: code))
                number = best + 1
            } else {
                result.append(Unit(first: number, last: number, code: prepared[number].code))
                number += 1
            }
        }
        return result
    }

    /// Whether the text between two listings presents the second as the better form of the
    /// first. Only what the lead-in to the second says counts: a listing introduced as the
    /// form to avoid may be followed by an unrelated one.
    func presentsAsBetter(_ second: Int, after first: Int, in section: BookSection) -> Bool {
        let between = between(first, second, in: section).joined(separator: " ")
        return !between.isEmpty && DesignProse.introducesBetter(between)
    }

    /// The paragraphs and items between two listings of a section.
    func between(_ first: Int, _ second: Int, in section: BookSection) -> [String] {
        let a = section.listings[first], b = section.listings[second]
        return Array(section.paragraphs[a.paragraphsBefore..<b.paragraphsBefore])
            + Array(section.listItems[a.itemsBefore..<b.itemsBefore])
    }

    /// The paragraphs and items before a listing, back to the listing before it.
    func leadIn(_ number: Int, in section: BookSection) -> [String] {
        let listing = section.listings[number]
        let previous = number > 0 ? section.listings[number - 1] : nil
        return Array(section.paragraphs[(previous?.paragraphsBefore ?? 0)..<listing.paragraphsBefore])
            + Array(section.listItems[(previous?.itemsBefore ?? 0)..<listing.itemsBefore])
    }

    // MARK: answers

    /// The sentences an answer may use, in reading order: the section's opening (for a
    /// section under a generic heading, its parent's too), the lead-in to the unit, the text
    /// inside it, and the paragraph after it unless that leads into another listing.
    func answerSentences(_ unit: Unit, in section: BookSection, sections: [BookSection], index: Int) -> [String] {
        var paragraphs = [(text: String, introduces: Bool)]()
        if DesignQuestion.isGeneric(section.heading), let parent = section.parent, sections[parent].listings.isEmpty {
            paragraphs += sections[parent].prose.prefix(3).map { ($0, false) }
        }
        let firstListing = section.listings[0]
        if unit.first > 0 {
            // The section's opening states the rule every one of its listings illustrates.
            paragraphs += section.paragraphs[..<min(firstListing.paragraphsBefore, 3)].map { ($0, false) }
        }
        let lead = leadIn(unit.first, in: section)
        paragraphs += lead.enumerated().map { ($1, $0 == lead.count - 1) }
        for number in unit.first..<unit.last {
            let inside = between(number, number + 1, in: section)
            paragraphs += inside.enumerated().map { ($1, $0 == inside.count - 1) }
        }
        let last = section.listings[unit.last]
        let nextListing = unit.last + 1 < section.listings.count ? section.listings[unit.last + 1] : nil
        let afterEnd = nextListing?.paragraphsBefore ?? section.paragraphs.count
        if last.paragraphsBefore < afterEnd {
            // The paragraph after the unit, unless it is the only one and introduces the next listing.
            let count = afterEnd - last.paragraphsBefore
            let take = nextListing == nil ? min(count, 2) : (count >= 2 ? 1 : 0)
            paragraphs += section.paragraphs[last.paragraphsBefore..<(last.paragraphsBefore + take)].map { ($0, false) }
        }
        var result = [String]()
        var seen = Set<String>()
        for (paragraph, introduces) in paragraphs {
            let sentences = ProseText.sentences(DesignProse.plainQuotes(paragraph))
            for (position, sentence) in sentences.enumerated() {
                let leadsIn = introduces && position == sentences.count - 1
                guard !DesignProse.pointsAway(sentence), !DesignProse.isCutLeadIn(sentence),
                      let clean = AnswerProse.clean(DesignProse.withoutCrossReference(sentence), introducesListing: leadsIn),
                      seen.insert(clean).inserted else { continue }
                result.append(clean)
            }
        }
        return result
    }

    /// The answer: sentences in reading order, never opening with one that leans on what came
    /// before; when they do not all fit in `maxAnswerLines`, the arguing ones are kept first.
    func answerLines(_ sentences: [String]) -> [String] {
        var usable = sentences
        // A sentence starting in lower case is a fragment left by markup the text could not carry.
        usable.removeAll { !AnswerProse.startsLikeASentence($0) }
        while let first = usable.first, AnswerProse.needsContext(first) {
            usable.removeFirst()
        }
        guard !usable.isEmpty else { return [] }
        let wrapped = usable.map { ProseText.wrap($0, width: settings.answerWidth) }
        var keep = Set<Int>()
        var used = 0
        // The opening sentence, then arguing sentences, then the rest, while lines remain.
        let order = [0] + usable.indices.dropFirst().filter { DesignProse.reasons(usable[$0]) }
            + usable.indices.dropFirst().filter { !DesignProse.reasons(usable[$0]) }
        for index in order where used + wrapped[index].count <= settings.maxAnswerLines {
            // A sentence that leans on the one before it needs that one.
            if index > 0, AnswerProse.needsContext(usable[index]), !keep.contains(index - 1) { continue }
            keep.insert(index)
            used += wrapped[index].count
        }
        if keep.isEmpty {
            var lines = Array(wrapped[0].prefix(settings.maxAnswerLines))
            lines[lines.count - 1] += " ..."
            return lines.map(pairs.sanitised)
        }
        return keep.sorted().flatMap { wrapped[$0] }.map(pairs.sanitised)
    }

    // MARK: questions

    /// The nearest heading that names a design topic.
    func topicHeading(_ index: Int, in sections: [BookSection]) -> String {
        var cursor: Int? = index
        while let current = cursor {
            if !DesignQuestion.isGeneric(HeadingText.clean(sections[current].heading)) { return sections[current].heading }
            cursor = sections[current].parent
        }
        return ""
    }

    /// The question from the nearest heading that names a design topic, one not yet asked.
    func question(for index: Int, in sections: [BookSection], document: BookDocument, alternative: String?,
                  unit: Unit, asked: inout Set<String>) -> String? {
        var cursor: Int? = index
        var forms = [String]()
        while let current = cursor, forms.isEmpty {
            forms = DesignQuestion.forms(heading: sections[current].heading, alternative: alternative, showsBoth: unit.worse != nil)
            cursor = sections[current].parent
        }
        if forms.isEmpty, let title = document.metadata.title {
            forms = DesignQuestion.forms(heading: title, alternative: alternative, showsBoth: unit.worse != nil)
        }
        guard !forms.isEmpty else { return nil }
        let start = Int(PairBuilder.seed(unit.code) % UInt64(forms.count))
        // Forms rotate by the listing so that no one form dominates a corpus.
        for position in (0..<forms.count).map({ (start + $0) % forms.count }) {
            if asked.insert(forms[position]).inserted { return forms[position] }
        }
        return nil
    }
}
