import Foundation

/// Reads a reStructuredText file (`.rst`, or Sphinx's copied source `name.rst.txt`) into the
/// section model the markup readers produce, so that pairs are built from it the same way.
///
/// - Section titles (underlined, or over- and underlined) nest by the order their adornment
///   styles first appear, as reST defines it.
/// - `code-block::`, `code::`, `sourcecode::` and `parsed-literal::` directives, and the
///   literal block after a paragraph ending in `::`, are listings; the language is the
///   directive's argument, else the one `.. highlight::` set, else left to the detector.
/// - Admonitions (`note`, `warning`, …), `container`, `topic`, `only` and block quotes are
///   read for their text; list items (bulleted, enumerated, definitions) are list items.
/// - Every other directive (tables, images, `toctree`, `option`, unknown ones) and comments,
///   targets, substitution definitions, field lists and tables are left out: they are not
///   prose a pair can quote, and a directive this reader does not know is not an error.
/// - Inline markup becomes plain text (`RSTInline`).
/// Locators are `line N`, the line of the heading or listing in the file.
enum RSTReader {
    /// Whether a file name is a reST source: `guide.rst`, `guide.rst.txt`.
    static func isSource(_ url: URL) -> Bool {
        let name = url.lastPathComponent.lowercased()
        return name.hasSuffix(".rst") || name.hasSuffix(".rst.txt")
    }

    static func read(_ url: URL, file: String) throws -> Book {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BookError.unreadable(file: file, reason: BookReader.reason(error))
        }
        try data.withUnsafeBytes { raw in try BookBytes.check(raw.bindMemory(to: UInt8.self), file: file) }
        let text = String(decoding: data, as: UTF8.self)
        var fallback = url.deletingPathExtension().lastPathComponent
        if fallback.lowercased().hasSuffix(".rst") { fallback = String(fallback.dropLast(4)) }
        let document = parse(text, fallbackTitle: fallback)
        return Book(metadata: document.metadata, documents: [document])
    }

    /// Parses reST text into one document; never fails (what it does not know it leaves out).
    static func parse(_ text: String, fallbackTitle: String) -> BookDocument {
        let lines = RSTLines.split(text)
        var builder = RSTSectionBuilder(inline: RSTLines.inlineTables(lines))
        var blocks = RSTBlocks(builder: builder)
        blocks.parse(lines[...], topLevel: true, inItem: false)
        builder = blocks.builder
        let sections = builder.finish()
        let title = sections.first { $0.level == 1 }?.heading ?? fallbackTitle
        return BookDocument(locatorPrefix: "", metadata: BookMetadata(title: title, licence: nil), sections: sections)
    }
}

/// One source line: its text (tabs expanded to eight columns, trailing space removed) and
/// its number in the file.
struct RSTLine: Sendable {
    var text: String
    var number: Int

    var isBlank: Bool { text.isEmpty }
    var indent: Int { text.prefix { $0 == " " }.count }

    func dedented(_ count: Int) -> RSTLine {
        RSTLine(text: String(text.dropFirst(min(count, indent))), number: number)
    }
}

enum RSTLines {
    static func split(_ text: String) -> [RSTLine] {
        var result = [RSTLine]()
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = ""
            for character in raw where character != "\r" {
                if character == "\t" {
                    line += String(repeating: " ", count: 8 - line.count % 8)
                } else {
                    line.append(character)
                }
            }
            while line.last == " " { line.removeLast() }
            result.append(RSTLine(text: line, number: number))
        }
        return result
    }

    /// A line of one punctuation character repeated: a section adornment or a transition.
    static func isAdornment(_ text: String) -> Bool {
        guard text.count >= 3, let first = text.first, adornmentCharacters.contains(first) else { return false }
        return text.allSatisfy { $0 == first }
    }

    static let adornmentCharacters = Set("=-~^\"'`#*+:.<>_!$%&,/;?@[]{}|")

    /// The `:ref:` labels and `|substitutions|` a file defines, for its inline text.
    static func inlineTables(_ lines: [RSTLine]) -> RSTInline {
        var inline = RSTInline()
        var pending = [String]()
        var index = 0
        while index < lines.count {
            let text = lines[index].text
            if let label = match(target, text) {
                pending.append(label.lowercased())
            } else if !text.isEmpty {
                if !pending.isEmpty {
                    // The target names the section whose title comes next (under- or overlined).
                    var titleLine = index
                    if isAdornment(text), index + 1 < lines.count { titleLine = index + 1 }
                    if titleLine + 1 < lines.count, isAdornment(lines[titleLine + 1].text), !lines[titleLine].text.isEmpty {
                        let title = RSTInline().text(lines[titleLine].text.trimmingCharacters(in: .whitespaces))
                        for label in pending { inline.labels[label] = title }
                    }
                    pending.removeAll()
                }
                if let definition = substitution.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                   let name = Range(definition.range(at: 1), in: text), let value = Range(definition.range(at: 2), in: text) {
                    inline.substitutions[String(text[name])] = RSTInline().text(String(text[value]))
                }
            }
            index += 1
        }
        return inline
    }

    private static let target = try! NSRegularExpression(pattern: #"^\.\. _([^:`]+|`[^`]+`):\s*$"#)
    private static let substitution = try! NSRegularExpression(pattern: #"^\.\. \|([^|]+)\| replace:: (.+)$"#)

    private static func match(_ pattern: NSRegularExpression, _ text: String) -> String? {
        guard let found = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(found.range(at: 1), in: text) else { return nil }
        return String(text[range]).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
    }
}
