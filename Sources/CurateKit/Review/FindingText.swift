import Foundation

/// The finding of a review sample: a patch's description as a reviewer would say it, without
/// what only matters to a packager (URLs, bug numbers, sign-offs, cherry-pick notes, e-mail
/// addresses), wrapped to short lines; and the judgement whether it says what was wrong at all.
struct FindingText: Sendable {
    /// The cleaned text: paragraphs of wrapped lines, separated by an empty line.
    var text: String
    var wordCount: Int

    init(header: PatchHeader, width: Int = 76) {
        var paragraphs = [[String]]()
        var current = [String]()
        func close() {
            if !current.isEmpty { paragraphs.append(current) }
            current = []
        }
        let summary = Self.clean(header.summary)
        if !summary.isEmpty { current.append(summary.hasSuffix(".") || summary.hasSuffix(":") ? summary : summary + ".") }
        close()
        for line in header.details {
            if line.trimmed.isEmpty { close(); continue }
            if Self.isTrailer(line) {
                // "Spotted by oss-fuzz at:" followed by a link alone on the next line.
                if line.split(separator: " ").contains(where: { Self.isURL($0) }), let last = current.last, last.hasSuffix(":") {
                    current[current.count - 1] = Self.withoutLinkPointer(last)
                }
                continue
            }
            let cleaned = Self.clean(line)
            if !cleaned.isEmpty { current.append(cleaned) }
        }
        close()
        // A mail's closing paragraph ("Regards, Ann") is no part of the finding.
        let closings = ["regards", "best regards", "kind regards", "cheers", "thanks", "thank you", "greetings"]
        paragraphs.removeAll { paragraph in
            let first = paragraph.first?.lowercased() ?? ""
            return paragraph.count <= 2 && closings.contains { first.hasPrefix($0) } && paragraph.joined(separator: " ").count < 60
        }
        // "[Adapted for 7.0: …]", "[ bwh: Backported …]": a maintainer's note on the backport.
        paragraphs.removeAll { paragraph in
            paragraph.first?.hasPrefix("[") == true && paragraph.last?.hasSuffix("]") == true
        }
        // A body that repeats the summary as its first line says it once.
        if paragraphs.count > 1, let first = paragraphs.first?.joined(separator: " "),
           paragraphs[1].joined(separator: " ").hasPrefix(first.hasSuffix(".") ? String(first.dropLast()) : first) {
            paragraphs.removeFirst()
        }
        let wrapped = paragraphs.map { Self.wrap($0.joined(separator: " "), width: width) }
        text = wrapped.joined(separator: "\n\n")
            .replacingOccurrences(of: "*/", with: "* /")
        wordCount = text.split(whereSeparator: { $0.isWhitespace }).count
    }

    /// Why the text is not a finding, or nil when it is one: too short, or a packaging note
    /// ("Fix build", "Disable test", "Backport upstream commit") that says nothing about what
    /// was wrong with the code.
    func noiseReason(minWords: Int) -> String? {
        if wordCount < minWords {
            return "the description has \(wordCount) words, fewer than \(minWords): '\(text.prefix(80))'"
        }
        let lower = text.lowercased()
        // Short texts that only name a packaging action: a long one explains itself.
        if wordCount < 14, let phrase = Self.packagingPhrases.first(where: { lower.hasPrefix($0) }) {
            return "the description is a packaging note ('\(phrase)…'), not a finding: '\(text.prefix(80))'"
        }
        // A refactoring says so: there is nothing wrong to find in the code before it.
        if let phrase = ["no functional change", "no functional changes", "no behaviour change", "no behavior change",
                         "non-functional change", "should be no functional", "any functional change"].first(where: { lower.contains($0) }) {
            return "the description says the change is a refactoring ('\(phrase)'), not a fix"
        }
        if Self.referenceOnly(lower) {
            return "the description only points elsewhere (an upstream commit or bug), not a finding: '\(text.prefix(80))'"
        }
        return nil
    }

    static let packagingPhrases = [
        "fix build", "fix ftbfs", "ftbfs", "build with", "build fix", "fix compilation", "fix compile",
        "compile with", "fix the build", "allow build", "allow to build", "disable", "don't build", "do not build",
        "skip test", "skip the test", "install", "use system", "use the system", "use debian", "link with",
        "link against", "add soname", "soname", "set soname", "hardening", "spelling", "fix spelling", "fix typo",
        "typo", "cross build", "cross-build", "reproducible", "make build reproducible", "remove rpath", "no rpath",
        "update version", "bump version", "debian", "add missing include", "include missing", "add missing header",
        "missing include", "backport", "cherry-pick", "cherry pick", "import upstream", "upstream patch",
        "upstream fix", "patch from upstream", "port to", "update to", "relax test", "increase test timeout",
        "increase timeout", "mark test", "ignore test",
    ]

    /// Texts like "Upstream commit 1a2b3c." or "Fix CVE-2023-1234." with nothing else said.
    static func referenceOnly(_ lower: String) -> Bool {
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" }).map(String.init)
        let filler: Set<String> = ["fix", "fixes", "for", "upstream", "commit", "from", "the", "of", "bug", "issue",
                                   "cve", "patch", "backport", "backported", "cherry-picked", "cherry-pick", "pr",
                                   "pull", "request", "see", "and", "applied", "merged", "a", "to", "security"]
        return !words.isEmpty && words.allSatisfy { word in
            filler.contains(word) || word.hasPrefix("cve-") || word.allSatisfy(\.isNumber)
                || (word.count >= 7 && word.allSatisfy(\.isHexDigit))
        }
    }

    /// Trailers and notes that carry no explanation: sign-offs, ids, cherry-pick lines.
    static func isTrailer(_ line: String) -> Bool {
        let text = line.trimmed
        let lower = text.lowercased()
        if PatchHeader.field(text) != nil { return true }
        let prefixes = ["(cherry picked from", "cherry picked from", "cherry-picked from", "change-id:", "piperorigin-revid:",
                        "copybara_integrate_review", "git-svn-id:", "reviewed-on:", "fixes #", "closes #", "fixes: #",
                        "closes: #", "fixes: ", "bug: ", "pr-url:", "upstream-commit:", "see also:", "gbp-pq:",
                        "origin:", "forwarded:", "last-update:", "signed-off-by", "backported from", "backport of",
                        "refs #", "ref #", "issue #", "pick of", "thanks to", "patch by", "author:", "backported by",
                        "backported to debian", "follow-up for", "follow-up to", "followup for", "this reverts commit",
                        "originally reported", "reported-and-tested", "hi,", "hello,", "mime-version", "content-type"]
        if prefixes.contains(where: { lower.hasPrefix($0) }) { return true }
        if PatchHeader.isMboxSeparator(text) { return true }
        // ChangeLog entries: a dated author line, and "* file.c (function): ..." bullets.
        if text.count >= 10, text.prefix(10).enumerated().allSatisfy({ index, char in
            [4, 7].contains(index) ? char == "-" : char.isNumber }) { return true }
        if text.hasPrefix("* "), let word = text.dropFirst(2).split(separator: " ").first,
           word.contains("/") || word.contains(".") { return true }
        // A line that is only a link, a bare bug reference or a commit id.
        let words = text.split(separator: " ")
        if words.count <= 3, words.contains(where: { isURL($0) || $0.hasPrefix("#") || $0.hasPrefix("LP:") }) { return true }
        if words.count == 1, let word = words.first, word.count >= 7, word.allSatisfy(\.isHexDigit) { return true }
        return false
    }

    /// A line without links, e-mail addresses and stray markup.
    static func clean(_ line: String) -> String {
        var words = [Substring]()
        var removedLink = false
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if isURL(word) { removedLink = true; continue }
            if word.hasPrefix("<"), word.hasSuffix(">"), word.contains("@") { continue }
            if word.contains("@"), word.contains("."), !word.contains("("), word.first?.isLetter == true,
               word.split(separator: "@").count == 2 { continue }
            words.append(word)
        }
        // Bug references: "#488", "(#25239)", with a "Fix"/"Closes" before them.
        while let last = words.indices.last, let reference = words.indices.first(where: { isBugReference(words[$0]) }) {
            let trailing = words[reference].last.map { ".,;".contains($0) } == true && reference == last ? "." : ""
            words.remove(at: reference)
            if reference > 0, ["fix", "fixes", "fixed", "closes", "close", "see", "bug", "issue"]
                .contains(words[reference - 1].lowercased().trimmingCharacters(in: .init(charactersIn: "(:"))) {
                words.remove(at: reference - 1)
            }
            if !trailing.isEmpty, let end = words.indices.last, !words[end].hasSuffix(".") { words[end] += "." }
        }
        var text = words.joined(separator: " ")
        // Brackets left empty by a removed link: "(see )", "[]".
        for empty in ["(see )", "(see: )", "( )", "(see)"] {
            text = text.replacingOccurrences(of: empty, with: "")
        }
        for suffix in [" See", " See:", " see:", " see"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
        }
        // "Spotted by oss-fuzz at: <link>" keeps its sentence, not the pointer to the link.
        if removedLink { text = withoutLinkPointer(text) }
        return text.trimmed
    }

    /// A line that pointed at a removed link, ended as a sentence: "found at:" becomes "found.".
    static func withoutLinkPointer(_ line: String) -> String {
        var text = line
        for suffix in [" at:", " here:", " in:", " at", ":"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            return text + "."
        }
        return text
    }

    /// `#488`, `(#25239)`, `#25239,`: an issue number with nothing else in the word.
    static func isBugReference(_ word: Substring) -> Bool {
        let stripped = word.trimmingCharacters(in: .init(charactersIn: "()[],.;:"))
        return stripped.count > 1 && stripped.hasPrefix("#") && stripped.dropFirst().allSatisfy(\.isNumber)
    }

    static func isURL(_ word: Substring) -> Bool {
        let stripped = word.trimmingCharacters(in: .init(charactersIn: "<>()[],.;'\""))
        return stripped.hasPrefix("http://") || stripped.hasPrefix("https://") || stripped.hasPrefix("ftp://")
            || stripped.hasPrefix("git://") || stripped.hasPrefix("www.")
    }

    /// Words joined into lines of at most `width` characters (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> String {
        var lines = [String]()
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= width { line += " " + word } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
