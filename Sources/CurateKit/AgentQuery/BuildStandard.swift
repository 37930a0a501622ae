import Foundation

/// The C++ standard a tree's top-level CMakeLists.txt sets (`set(CMAKE_CXX_STANDARD N)`), with
/// the lines that set it: the `set` line, or the whole `if(NOT CMAKE_CXX_STANDARD)` … `endif`
/// block around it, which makes N the default a user may override.
struct BuildStandard: Sendable, Hashable {
    var standard: Int
    var path: String
    var firstLine: Int
    var lastLine: Int
    /// The lines `firstLine...lastLine`, byte for byte.
    var text: String
    /// Whether N is only the default (set inside `if(NOT CMAKE_CXX_STANDARD)`).
    var isDefault: Bool

    static func find(in source: String, path: String = "CMakeLists.txt") -> BuildStandard? {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let set = try? NSRegularExpression(pattern: #"^\s*set\s*\(\s*CMAKE_CXX_STANDARD\s+(\d+)\s*\)"#, options: [.caseInsensitive]),
              let guardOpen = try? NSRegularExpression(pattern: #"^\s*if\s*\(\s*NOT\s+CMAKE_CXX_STANDARD\s*\)"#, options: [.caseInsensitive]),
              let guardClose = try? NSRegularExpression(pattern: #"^\s*endif\s*\("#, options: [.caseInsensitive]) else { return nil }
        func match(_ regex: NSRegularExpression, _ line: String) -> NSTextCheckingResult? {
            regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
        }
        let found = lines.indices.compactMap { index -> (Int, Int)? in
            guard let result = match(set, lines[index]), let range = Range(result.range(at: 1), in: lines[index]),
                  let value = Int(lines[index][range]) else { return nil }
            return (index, value)
        }
        // Two different settings (per option, per platform) have no single answer.
        guard let (index, standard) = found.first, Set(found.map(\.1)).count == 1, found.count == 1 else { return nil }
        var first = index
        var last = index
        var isDefault = false
        let opener = (max(0, index - 4)..<index).last { match(guardOpen, lines[$0]) != nil }
        let closer = (index + 1..<min(lines.count, index + 6)).first { match(guardClose, lines[$0]) != nil }
        if let opener, let closer {
            first = opener
            last = closer
            isDefault = true
        }
        return BuildStandard(standard: standard, path: path, firstLine: first + 1, lastLine: last + 1,
                             text: lines[first...last].joined(separator: "\n"), isDefault: isDefault)
    }
}

/// A language feature a change to a function would bring in, found in the function's text, and
/// the standard it needs: the question "may I use it here?" is the build's to answer.
struct FeatureChange: Sendable, Hashable {
    enum Feature: String, Sendable, CaseIterable {
        case stringView = "string_view"
        case structuredBindings = "structured_bindings"
        case makeUnique = "make_unique"

        var standard: Int {
            switch self {
            case .stringView, .structuredBindings: return 17
            case .makeUnique: return 14
            }
        }

        var displayName: String {
            switch self {
            case .stringView: return "std::string_view"
            case .structuredBindings: return "structured bindings"
            case .makeUnique: return "std::make_unique"
            }
        }
    }

    var feature: Feature
    /// The name in the function the change is about (a parameter, a loop variable, a pointer).
    var subject: String

    /// The first feature change `code` (comments and literals blanked) lends itself to.
    static func find(in code: String) -> FeatureChange? {
        let signature = code.firstIndex(of: "{").map { String(code[..<$0]) } ?? code
        if let name = firstCapture(#"const\s+std::string\s*&\s*(\w+)"#, in: signature) {
            return FeatureChange(feature: .stringView, subject: name)
        }
        if let name = firstCapture(#"for\s*\(\s*(?:const\s+)?auto\s*&{0,2}\s*(\w+)\s*:"#, in: code),
           firstCapture(#"\b\#(name)\s*\.\s*(first|second)\b"#, in: code) != nil {
            return FeatureChange(feature: .structuredBindings, subject: name)
        }
        if let type = firstCapture(#"std::unique_ptr\s*<\s*([\w:]+)\s*>\s*(?:\w+\s*)?\(\s*new\b"#, in: code) {
            return FeatureChange(feature: .makeUnique, subject: type)
        }
        return nil
    }

    private static func firstCapture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}

/// The two samples of a build query: may the function be changed to use a feature, given the
/// standard the build compiles with? Asked with `__AGENT_QUERY__("build", "CMAKE_CXX_STANDARD")`,
/// answered from the CMakeLists.txt lines that set it.
struct BuildExchange: Sendable, Hashable {
    static let queryName = "CMAKE_CXX_STANDARD"

    var prompt: String
    var completion: String
    var followUpPrompt: String
    var followUpCompletion: String

    init(function: CtagsTag, functionText: String, change: FeatureChange, build: BuildStandard) {
        let name = QueryExchange.displayName(function)
        let feature = change.feature
        let task: String
        let uses: String
        switch feature {
        case .stringView:
            task = "Can '\(name)' take '\(change.subject)' as std::string_view instead of const std::string& in this project's build?"
            uses = "\(name) takes \(change.subject) as const std::string&."
        case .structuredBindings:
            task = "Can the loop in '\(name)' use structured bindings instead of \(change.subject).first and \(change.subject).second in this project's build?"
            uses = "The loop in \(name) reads the pair \(change.subject) through .first and .second."
        case .makeUnique:
            task = "Can '\(name)' create its \(change.subject) with std::make_unique instead of new in this project's build?"
            uses = "\(name) wraps new \(change.subject) in std::unique_ptr by hand."
        }
        prompt = Wrap.comment("// TASK: " + task) + "\n" + functionText
        let needs = feature == .structuredBindings ? "need" : "needs"
        let reasoning = "\(uses) \(feature.displayName) \(needs) C++\(feature.standard). The function does not show which standard the project compiles with; the build configuration does. Need the build's C++ standard."
        let query = "__AGENT_QUERY__(\"build\", \"\(Self.queryName)\")"
        completion = "/* REASONING:\n" + Wrap.lines(reasoning) + "\n*/\n" + query
        followUpPrompt = prompt + "\n" + completion + "\n"
            + "\(QueryExchange.resultOpen)\"build\", \"\(Self.queryName)\")\n// \(build.path):\(build.firstLine)-\(build.lastLine)\n"
            + build.text + "\n" + QueryExchange.resultClose
        let setting = build.isDefault
            ? "The build compiles as C++\(build.standard) unless CMAKE_CXX_STANDARD is given when configuring (\(build.path):\(build.firstLine)-\(build.lastLine))."
            : "The build compiles as C++\(build.standard) (\(build.path):\(build.firstLine))."
        // The setting's sentence goes on after a semicolon: a feature name never opens a sentence.
        let clause = "\(setting.dropLast()); \(feature.displayName) \(needs) C++\(feature.standard)"
        let verdict = build.standard >= feature.standard
            ? "Yes. \(clause), so \(feature == .structuredBindings ? "they are" : "it is") available."
            : "No. \(clause), so the change does not compile with the project's \(build.isDefault ? "default " : "")settings."
        followUpCompletion = "/* ANSWER:\n" + Wrap.lines(verdict) + "\n*/"
    }
}
