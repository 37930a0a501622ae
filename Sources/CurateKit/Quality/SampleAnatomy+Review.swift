/// The REVIEW layout (`FORMATS.md`, section 4): the REVIEW marker and the request, the CODE
/// marker and the code before the change, then a FINDING block and the fix as a unified diff
/// whose removed and context lines are the code the prompt shows.
///
/// The code is hunk context, not a compilable unit, so it is not handed to the compiler; the
/// diff is checked against the prompt's code instead, which a rewrite must keep intact.
extension SampleAnatomy {
    mutating func parseReview(_ sample: Sample, language: CodeLanguage) {
        let markers = ReviewMarkers(language: language)
        let comment = language.lineComment
        let lines = sample.prompt.nonEmptyEdgeLines
        check(lines.first?.trimmed == markers.review, "review_marker", "the prompt does not start with '\(markers.review)'")
        let codeMarker = lines.firstIndex { $0.trimmed == markers.code }
        check(codeMarker != nil, "code_marker", "no '\(markers.code)' line in the prompt")
        let request = lines[(lines.first?.trimmed == markers.review ? 1 : 0)..<(codeMarker ?? lines.count)]
            .filter { $0.hasPrefix(comment) }.map { $0.dropFirst(comment.count).trimmed }.joined(separator: " ").trimmed
        check(!request.isEmpty, "review_request", "the REVIEW section asks nothing")
        let code = codeMarker.map { Array(lines[($0 + 1)...]) } ?? []
        let codeLines = code.filter { !$0.hasPrefix(markers.file) && !$0.hasPrefix(markers.lines) }
        check(codeLines.contains { !$0.trimmed.isEmpty }, "review_code", "the CODE section is empty")

        let text = sample.completion.trimmed
        check(text.hasPrefix(markers.findingOpen), "finding_marker", "the completion does not start with '\(markers.findingOpen)'")
        guard text.hasPrefix(markers.findingOpen) else { return }
        let inner = text.dropFirst(markers.findingOpen.count)
        let close = inner.range(of: "\n" + markers.findingClose)
        check(close != nil, "finding_closed", "the FINDING block is not closed by '\(markers.findingClose)' on its own line")
        guard let close else { return }
        let finding = inner[..<close.lowerBound].trimmed
        check(!finding.isEmpty, "finding_text", "the FINDING block is empty")
        if !finding.isEmpty { prose.append(Prose(role: .explanation, text: finding)) }
        // A changelog line ("Fix crash in X") names the fix; a finding also says what was
        // wrong. One line alone is sent to be rewritten in a reviewer's voice.
        let words = finding.split(whereSeparator: \.isWhitespace).count
        check(words >= Self.findingMinWords, "finding_explains",
              "the FINDING has \(words) words, fewer than \(Self.findingMinWords): a summary line without the explanation")
        // Only leading blank lines go: a last context line may be a single space.
        let diffText = String(inner[close.upperBound...].drop { $0 == "\n" })
        guard let patch = try? PatchFile(text: diffText, name: "completion"), !patch.files.isEmpty,
              patch.files.allSatisfy({ !$0.hunks.isEmpty }) else {
            check(false, "fix_diff", "no well-formed unified diff follows the FINDING block")
            return
        }
        check(true, "fix_diff", "")
        let missing = patch.files.flatMap(\.hunks).filter { !Self.contains(codeLines, block: $0.oldSide) }
        check(missing.isEmpty, "fix_matches_code",
              "\(missing.count) hunk(s) of the fix remove or keep lines that the CODE section does not show")
        // A hunk whose added lines equal its removed ones changes nothing; redaction makes one
        // when a patch changes only an address that becomes the same placeholder on both sides.
        let idle = patch.files.flatMap(\.hunks).filter { $0.addedLines == $0.removedLines }
        check(idle.isEmpty, "fix_changes", "\(idle.count) hunk(s) of the fix add back exactly the lines they remove")
    }

    /// Words a finding needs to say what was wrong as well as what changed.
    static let findingMinWords = 12

    /// Whether `block` occurs in `lines` as consecutive lines (trailing whitespace ignored).
    static func contains(_ lines: [String], block: [String]) -> Bool {
        // Blank lines at the ends of a hunk may be trimmed away with the prompt's last line.
        var wanted = block.map(\.trimmedEnd)[...]
        while wanted.first?.isEmpty == true { wanted.removeFirst() }
        while wanted.last?.isEmpty == true { wanted.removeLast() }
        let wantedLines = Array(wanted)
        let haystack = lines.map(\.trimmedEnd)
        guard !wantedLines.isEmpty else { return true }
        guard haystack.count >= wantedLines.count else { return false }
        return (0...(haystack.count - wantedLines.count)).contains { start in
            wantedLines.indices.allSatisfy { haystack[start + $0] == wantedLines[$0] }
        }
    }
}

extension String {
    /// Without trailing whitespace.
    var trimmedEnd: String {
        var view = Substring(self)
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
