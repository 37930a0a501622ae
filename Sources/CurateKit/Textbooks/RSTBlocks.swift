import Foundation

/// The block structure of reStructuredText: walks lines (of the file, or of a directive's or
/// list item's body, dedented) and reports titles, paragraphs, list items and listings to an
/// `RSTSectionBuilder`. See `RSTReader` for what is read and what is left out.
struct RSTBlocks {
    var builder: RSTSectionBuilder
    /// The language `.. highlight::` set for later literal blocks.
    var highlight: String?

    init(builder: RSTSectionBuilder) {
        self.builder = builder
    }

    /// Directives whose body is prose worth reading; for the admonitions the argument is the
    /// body's first words, for the others a title or condition.
    static let admonitions: Set<String> = ["note", "warning", "tip", "important", "hint", "attention", "caution",
                                           "danger", "error"]
    static let containers: Set<String> = ["admonition", "container", "topic", "sidebar", "only", "ifconfig",
                                          "compound", "rst-class", "cssclass"]
    static let listingDirectives: Set<String> = ["code-block", "code", "sourcecode", "parsed-literal"]

    mutating func parse(_ lines: ArraySlice<RSTLine>, topLevel: Bool, inItem: Bool) {
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            if line.isBlank {
                index += 1
                continue
            }
            if line.indent > 0 {
                // A block quote: read for its text at the same level.
                let end = indentedEnd(lines, from: index, minimum: 1)
                parse(dedent(lines[index..<end]), topLevel: false, inItem: inItem)
                index = end
                continue
            }
            if topLevel, let next = title(lines, at: index) {
                index = next
                continue
            }
            if RSTLines.isAdornment(line.text) {
                // A transition, or a table border (`=====  =====`) handled below.
                index += 1
                continue
            }
            if line.text.hasPrefix("..") && (line.text == ".." || line.text.hasPrefix(".. ")) {
                index = explicitMarkup(lines, at: index, inItem: inItem)
                continue
            }
            if let next = table(lines, at: index) {
                index = next
                continue
            }
            if let (offset, _) = listMarker(line.text) {
                let end = indentedEnd(lines, from: index + 1, minimum: offset)
                var body = [RSTLine(text: String(line.text.dropFirst(offset)), number: line.number)]
                body += lines[(index + 1)..<end].map { $0.dedented(offset) }
                parse(body[...], topLevel: false, inItem: true)
                index = end
                continue
            }
            if line.text.hasPrefix(":"), Self.field.firstMatch(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)) != nil {
                // A field list (`:orphan:`, `:Author: …`): metadata, not prose.
                index = indentedEnd(lines, from: index + 1, minimum: 1)
                continue
            }
            if line.text.hasPrefix(">>>") || line.text.hasPrefix("| ") || line.text == "|" {
                // A doctest block or a line block: neither is prose to quote.
                while index < lines.endIndex, !lines[index].isBlank { index += 1 }
                continue
            }
            index = paragraph(lines, at: index, inItem: inItem)
        }
    }

    // MARK: paragraphs and literal blocks

    private mutating func paragraph(_ lines: ArraySlice<RSTLine>, at start: Int, inItem: Bool) -> Int {
        var index = start
        var text = [String]()
        while index < lines.endIndex, !lines[index].isBlank, lines[index].indent == 0 {
            text.append(lines[index].text)
            index += 1
        }
        // One line then an indented block with no blank line between: a definition list item.
        if text.count == 1, index < lines.endIndex, !lines[index].isBlank, lines[index].indent > 0 {
            let end = indentedEnd(lines, from: index, minimum: 1)
            var body = dedent(lines[index..<end])
            if let first = body.indices.first {
                body[first].text = text[0].trimmingCharacters(in: .whitespaces) + ": " + body[first].text
            }
            parse(body, topLevel: false, inItem: true)
            return end
        }
        var joined = text.joined(separator: " ")
        guard joined.hasSuffix("::") else {
            builder.paragraph(joined, inItem: inItem)
            return index
        }
        // "text::" reads "text:", "text ::" reads "text", a lone "::" is no text at all.
        joined.removeLast(2)
        if joined.hasSuffix(" ") || joined.isEmpty {
            joined = joined.trimmingCharacters(in: .whitespaces)
        } else {
            joined += ":"
        }
        builder.paragraph(joined, inItem: inItem)
        var literalStart = index
        while literalStart < lines.endIndex, lines[literalStart].isBlank { literalStart += 1 }
        guard literalStart < lines.endIndex, lines[literalStart].indent > 0 else { return literalStart }
        let end = indentedEnd(lines, from: literalStart, minimum: 1)
        let code = dedent(lines[literalStart..<end]).map(\.text).joined(separator: "\n")
        builder.listing(code, language: highlight, line: lines[literalStart].number)
        return end
    }

    // MARK: titles

    /// A section title at `index` (underlined, or over- and underlined): reported, and the
    /// index after it returned; nil when there is none.
    private mutating func title(_ lines: ArraySlice<RSTLine>, at index: Int) -> Int? {
        let line = lines[index]
        if RSTLines.isAdornment(line.text), index + 2 < lines.endIndex, !lines[index + 1].isBlank,
           lines[index + 2].text == line.text, !RSTLines.isAdornment(lines[index + 1].text) {
            let title = lines[index + 1].text.trimmingCharacters(in: .whitespaces)
            builder.heading(title, style: "over" + String(line.text.first!), line: lines[index + 1].number)
            return index + 3
        }
        guard index + 1 < lines.endIndex, !RSTLines.isAdornment(line.text) else { return nil }
        let under = lines[index + 1].text
        // An underline at least as long as the title (less a little, as writers are careless).
        guard RSTLines.isAdornment(under), under.count >= max(3, line.text.count - 3) else { return nil }
        builder.heading(line.text, style: "under" + String(under.first!), line: line.number)
        return index + 2
    }

    // MARK: explicit markup: directives, comments, targets

    private mutating func explicitMarkup(_ lines: ArraySlice<RSTLine>, at start: Int, inItem: Bool) -> Int {
        let first = lines[start]
        let end = indentedEnd(lines, from: start + 1, minimum: 1)
        let text = first.text
        guard let found = Self.directive.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let nameRange = Range(found.range(at: 1), in: text) else {
            return end  // a comment, a target, a footnote: nothing to read
        }
        let name = String(text[nameRange]).lowercased()
        let argument = Range(found.range(at: 2), in: text).map { String(text[$0]).trimmingCharacters(in: .whitespaces) } ?? ""
        // The body: option lines (`:linenos:`) first, then the content after a blank line.
        var bodyStart = start + 1
        while bodyStart < end, case let option = lines[bodyStart].text.trimmingCharacters(in: .whitespaces),
              Self.field.firstMatch(in: option, range: NSRange(option.startIndex..., in: option)) != nil {
            bodyStart += 1
        }
        let body = Array(dedent(lines[bodyStart..<end]))
        if Self.listingDirectives.contains(name) {
            let code = body.map(\.text).joined(separator: "\n")
            if name == "parsed-literal" {
                // Inline markup inside is rendered, line by line so the layout stays.
                let inline = builder.inline
                let plain = code.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { Self.renderKeepingIndent(String($0), inline) }
                builder.listing(plain.joined(separator: "\n"), language: nil, line: first.number)
            } else {
                builder.listing(code, language: argument.isEmpty ? highlight : argument, line: first.number)
            }
        } else if name == "highlight" {
            highlight = argument
        } else if Self.admonitions.contains(name) {
            var content = body
            if !argument.isEmpty { content.insert(RSTLine(text: argument, number: first.number), at: 0) }
            parse(content[...], topLevel: false, inItem: inItem)
        } else if Self.containers.contains(name) {
            parse(body[...], topLevel: false, inItem: inItem)
        }
        return end
    }

    private static func renderKeepingIndent(_ line: String, _ inline: RSTInline) -> String {
        String(repeating: " ", count: line.prefix { $0 == " " }.count) + inline.text(line)
    }

    /// `.. name:: argument`; names may hold a domain (`cpp:function`).
    private static let directive = try! NSRegularExpression(pattern: #"^\.\. ([A-Za-z][\w+.-]*(?::[A-Za-z][\w+.-]*)*)::(?:\s+(.*))?$"#)
    private static let field = try! NSRegularExpression(pattern: #"^:[^:\s][^:]*:(\s|$)"#)

    // MARK: lists and tables

    /// The column list item text starts at, for `* `, `- `, `+ `, `1. `, `#. `, `(a) `, `2) `.
    private func listMarker(_ text: String) -> (Int, String)? {
        guard let found = Self.marker.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(found.range, in: text) else { return nil }
        return (text.distance(from: text.startIndex, to: range.upperBound), String(text[range]))
    }

    private static let marker = try! NSRegularExpression(pattern: #"^([-*+•]|\d+[.)]|#[.)]|\((?:\d+|#|[a-z])\))( +|$)"#)

    /// A grid table (`+---+`) or a simple table (`===  ===`) at `index`: the index after it.
    private func table(_ lines: ArraySlice<RSTLine>, at index: Int) -> Int? {
        let text = lines[index].text
        if text.hasPrefix("+-") || text.hasPrefix("+=") {
            var end = index
            while end < lines.endIndex, !lines[end].isBlank { end += 1 }
            return end
        }
        guard Self.simpleBorder.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else { return nil }
        var end = index + 1
        while end < lines.endIndex {
            let row = lines[end].text
            let isBorder = Self.simpleBorder.firstMatch(in: row, range: NSRange(row.startIndex..., in: row)) != nil
            end += 1
            if isBorder, end >= lines.endIndex || lines[end].isBlank { break }
        }
        return end
    }

    private static let simpleBorder = try! NSRegularExpression(pattern: #"^=+( +=+)+$"#)

    // MARK: indentation

    /// The end of the block from `start` whose non-blank lines are indented at least
    /// `minimum` columns (blank lines inside it belong to it; trailing ones do not).
    private func indentedEnd(_ lines: ArraySlice<RSTLine>, from start: Int, minimum: Int) -> Int {
        var end = start
        var lastContent = start
        while end < lines.endIndex, lines[end].isBlank || lines[end].indent >= minimum {
            if !lines[end].isBlank { lastContent = end + 1 }
            end += 1
        }
        return max(start, lastContent)
    }

    /// The lines with their common indentation removed.
    private func dedent(_ lines: ArraySlice<RSTLine>) -> ArraySlice<RSTLine> {
        let indent = lines.filter { !$0.isBlank }.map(\.indent).min() ?? 0
        return ArraySlice(lines.map { $0.dedented(indent) })
    }
}
