import Foundation

/// A versioned prompt file (`pipelines/prompts/<kind>-rewrite.<version>.txt`) that users read
/// and edit: a `[system]` section and a `[user]` section, with `{{placeholders}}` filled from
/// the sample.
///
/// Placeholders: `{{language}}` (C++, CMake, shell), `{{comment}}` (the line-comment marker),
/// `{{answer_open}}` / `{{answer_close}}` (the ANSWER block delimiters of the language),
/// `{{finding_open}}` / `{{finding_close}}` (the FINDING block delimiters of a review),
/// `{{reasons}}` (one `- reason` line per failed check), `{{prompt}}` and `{{completion}}`.
/// The version is in the file name and in every kept rewrite's lineage; the text itself is
/// part of each request, so editing a file without renaming it still asks anew.
struct PromptTemplate: Sendable, Hashable {
    /// `qa-rewrite.v1`: the file name without `.txt`, recorded in lineage.
    var name: String
    var system: String
    var user: String

    static func fileName(kind: Sample.Kind, version: String) -> String {
        "\(kind.rawValue)-rewrite.\(version).txt"
    }

    /// Loads the template of `kind`; a missing or malformed file is an error naming it.
    static func load(kind: Sample.Kind, version: String, folder: URL) throws -> PromptTemplate {
        let file = folder.appendingPathComponent(fileName(kind: kind, version: version))
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw InputRejected("\(file.path): cannot read the \(kind.rawValue) rewrite prompt; write it or set [rewrite] prompts / prompt_version")
        }
        return try parse(text, name: String(file.deletingPathExtension().lastPathComponent), file: file.path)
    }

    static func parse(_ text: String, name: String, file: String) throws -> PromptTemplate {
        var sections = [String: [Substring]]()
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "[system]" || line == "[user]" {
                current = String(line.dropFirst().dropLast())
                guard sections[current!] == nil else { throw InputRejected("\(file): section \(line) appears twice") }
                sections[current!] = []
            } else if let current {
                sections[current]!.append(line)
            } else if !line.allSatisfy(\.isWhitespace) {
                throw InputRejected("\(file): text before the first [system] or [user] line")
            }
        }
        guard let user = sections["user"] else { throw InputRejected("\(file): no [user] section") }
        func body(_ lines: [Substring]) -> String { lines.joined(separator: "\n").trimmed }
        return PromptTemplate(name: name, system: body(sections["system"] ?? []), user: body(user))
    }

    /// The chat messages for one sample and the reasons it fell short.
    func messages(for sample: Sample, reasons: [String], language: CodeLanguage) -> [ChatRequest.Message] {
        let values: [String: String] = [
            "language": language.displayName,
            "comment": language.lineComment,
            "answer_open": language.answerDelimiters.open,
            "answer_close": language.answerDelimiters.close,
            "finding_open": ReviewMarkers(language: language).findingOpen,
            "finding_close": ReviewMarkers(language: language).findingClose,
            "reasons": reasons.isEmpty ? "- (none recorded)" : reasons.map { "- " + $0 }.joined(separator: "\n"),
            "prompt": sample.prompt,
            "completion": sample.completion,
        ]
        var result = [ChatRequest.Message]()
        if !system.isEmpty { result.append(.init(role: "system", content: Self.fill(system, values))) }
        result.append(.init(role: "user", content: Self.fill(user, values)))
        return result
    }

    /// Replaces each `{{name}}` in one left-to-right pass, so text inside a value is never
    /// taken for a placeholder.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.range(of: "}}"), let value = values[String(after[..<close.lowerBound])] {
                output += value
                rest = after[close.upperBound...]
            } else {
                output += "{{"
                rest = after
            }
        }
        return output + rest
    }
}

extension CodeLanguage {
    /// The language's name as a prompt says it.
    var displayName: String {
        switch self {
        case .cpp: return "C++"
        case .cmake: return "CMake"
        case .shell: return "shell"
        }
    }

    /// How a QUESTION/ANSWER completion opens and closes its ANSWER block (`FORMATS.md` §1).
    var answerDelimiters: (open: String, close: String) {
        switch self {
        case .cpp: return ("/* ANSWER:", "*/")
        case .cmake: return ("#[[ ANSWER:", "]]")
        case .shell: return (": <<'ANSWER'", "ANSWER")
        }
    }
}
