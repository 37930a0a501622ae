import Foundation

/// Reads a commented shell script (the examples shipped with bash's documentation) as a book:
/// each function defined at the left margin is a section whose listing is the function and
/// whose prose is the comment block above it. The file's opening comment is the lead section;
/// licence boilerplate and author lines are left out of the prose and give the licence.
enum ScriptReader {
    /// Suffixes of script files; files without a suffix are scripts when their text shows it.
    static let suffixes: Set<String> = ["sh", "bash"]

    /// Whether a file not named as a book is a shell script: a `.sh`/`.bash` suffix, a
    /// `#!…sh` line, or (no suffix) a function defined at the left margin.
    static func isScript(_ url: URL) -> Bool {
        let suffix = url.pathExtension.lowercased()
        if suffixes.contains(suffix) { return true }
        guard suffix.isEmpty, let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64 << 10), let text = String(data: head, encoding: .utf8) else { return false }
        if text.hasPrefix("#!"), let first = text.split(separator: "\n").first, first.hasSuffix("sh") || first.contains("bash") {
            return true
        }
        return text.split(separator: "\n").contains { functionName(String($0)) != nil }
    }

    static func read(_ url: URL, file: String) throws -> Book {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BookError.unreadable(file: file, reason: BookReader.reason(error))
        }
        try BookBytes.check([UInt8](data), file: file)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let name = url.lastPathComponent
        var sections = [BookSection(heading: name, level: 0, locator: "line 1", parent: nil)]
        var licence: String?
        // The opening comment (after a `#!` line) describes the file.
        var index = lines.first?.hasPrefix("#!") == true ? 1 : 0
        var opening = [String]()
        while index < lines.count, lines[index].hasPrefix("#") || lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
            opening.append(lines[index])
            index += 1
        }
        licence = licenceNote(opening)
        sections[0].paragraphs = paragraphs(opening)
        // The comment of a function is the last group of comment lines above it (blank lines
        // may separate it from the function, not split it).
        var comment = [String]()
        var blankSince = false
        index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("#") {
                if blankSince { comment.removeAll() }
                blankSince = false
                comment.append(line)
                index += 1
                continue
            }
            guard let function = functionName(line), let end = closingBrace(lines, from: index) else {
                if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    blankSince = true
                } else {
                    comment.removeAll()
                }
                index += 1
                continue
            }
            blankSince = false
            var prose = paragraphs(comment)
            // A function with no comment above it may open with one inside its body; the one
            // function a file is named after is what the file's opening comment describes.
            if prose.isEmpty { prose = paragraphs(bodyComment(lines, from: index, to: end)) }
            if prose.isEmpty, function == name || function == url.deletingPathExtension().lastPathComponent {
                prose = sections[0].paragraphs
            }
            var section = BookSection(heading: function, level: 1, locator: "line \(index + 1)", parent: 0)
            section.paragraphs = prose
            section.definesFunction = function
            section.listings = [CodeListing(code: lines[index...end].joined(separator: "\n"), declaredLanguage: "shell",
                                            locator: "line \(index + 1)", paragraphsBefore: prose.count)]
            sections.append(section)
            comment.removeAll()
            index = end + 1
        }
        let metadata = BookMetadata(title: name, licence: licence)
        return Book(metadata: metadata, documents: [BookDocument(locatorPrefix: "", metadata: metadata, sections: sections)])
    }

    /// `name()`, `name ()`, `function name`, `function name()` at the left margin, with the
    /// brace on that line or the next.
    static func functionName(_ line: String) -> String? {
        var text = Substring(line)
        if text.hasPrefix("function ") { text = text.dropFirst("function ".count).drop { $0 == " " } }
        let name = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == ":" }
        guard let first = name.first, first.isLetter || first == "_" else { return nil }
        let rest = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let keyword = line.hasPrefix("function ")
        let isDefinition = rest == "()" || rest == "() {" || rest == "(){" || (keyword && (rest.isEmpty || rest == "{"))
        return isDefinition ? String(name) : nil
    }

    /// The comment lines that open a function's body (after its `{`), before its first command.
    static func bodyComment(_ lines: [String], from start: Int, to end: Int) -> [String] {
        var result = [String]()
        var index = start + 1
        if index < end, lines[index].trimmingCharacters(in: .whitespaces) == "{" { index += 1 }
        while index < end {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                // Code left commented out (`# COMPREPLY=( $( psql … ) )`) is no description.
                let text = trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if text.range(of: #"^[A-Za-z_][A-Za-z0-9_]*=|\$\(|\$\{|\\$|;;|^(if|then|fi|for|do|done|local|return|echo|case|esac)\b"#,
                              options: .regularExpression) == nil { result.append(trimmed) }
            } else if !trimmed.isEmpty { break }
            index += 1
        }
        return result
    }

    /// The line of the `}` at the left margin that closes the function starting at `start`.
    private static func closingBrace(_ lines: [String], from start: Int) -> Int? {
        var index = start + 1
        while index < lines.count, index - start < 400 {
            if lines[index] == "}" || lines[index].hasPrefix("} ") || lines[index] == "};" { return index }
            if functionName(lines[index]) != nil { return nil }
            index += 1
        }
        return nil
    }

    /// Comment lines as prose paragraphs (split at empty comment lines); docstring markers,
    /// indented examples, licence boilerplate, authors and version ids are left out.
    static func paragraphs(_ comment: [String]) -> [String] {
        var result = [String]()
        var current = [String]()
        func flush() {
            if !current.isEmpty { result.append(current.joined(separator: " ")) }
            current.removeAll()
        }
        for line in comment {
            var text = Substring(line).drop { $0 == "#" }
            if text.hasPrefix("!") || text.hasPrefix(":") { continue }
            if text.hasPrefix("\t") || text.hasPrefix("    ") || text.hasPrefix(" \t") { flush(); continue }
            text = text.drop { $0 == " " }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flush(); continue }
            if boilerplate.contains(where: { trimmed.lowercased().contains($0) }) { flush(); continue }
            current.append(trimmed)
        }
        flush()
        return result
    }

    private static let boilerplate = [
        "copyright", "warranty", "license", "licence", "redistribute", "free software", "$id", "author:", "@",
        "public domain", "merchantability", "temple place", "you should have received", "this program is",
        "created:", "modified:", "last change", "later version", "either version", "software foundation", "date:",
        "from:", "subject:", "message-id:", "written by", "rewritten by",
    ]

    /// The licence the opening comment states, in a few words.
    static func licenceNote(_ comment: [String]) -> String? {
        let text = comment.joined(separator: " ").lowercased()
        if text.contains("public domain") { return "Public domain (script header)" }
        if text.contains("gnu general public license") { return "GNU General Public License (script header)" }
        if text.contains("copyright") { return "Copyright notice in the script header" }
        return nil
    }
}
