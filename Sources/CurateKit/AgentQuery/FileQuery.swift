import Foundation

/// A function that calls a free function declared in the one project header its file includes:
/// the question about the call is answered by that header, asked for with
/// `__AGENT_QUERY__("file", "<include as written>")`.
struct FileCandidate: Sendable, Hashable {
    var function: CtagsTag
    var functionText: String
    /// The file's `#include "…"` and `#include <…>` lines, byte for byte, in order.
    var includeLines: [String]
    /// The include as written between the quotes.
    var include: String
    var header: String
    var headerText: String
    /// The functions the header declares that the function calls, in order of first call.
    var callees: [CtagsTag]
}

/// Finds `FileCandidate`s: the file includes exactly one project header besides its own, the
/// function calls a free function that header declares (and nothing else in the tree declares),
/// and the header is short enough to show whole.
struct FileCutter: Sendable {
    var functionLines: ClosedRange<Int>
    var maxHeaderLines = 150

    static let headerExtensions: Set<String> = ["h", "hh", "hpp", "hxx"]

    func candidates(index: CtagsIndex, files: (String) -> String?) -> [FileCandidate] {
        // Free functions declared in headers, by name, with every header that declares one.
        var declared = [String: [CtagsTag]]()
        for tag in index.tags where (tag.kind == "prototype" || tag.kind == "function") && !tag.scopeKindIsClass
            && Self.headerExtensions.contains((tag.path as NSString).pathExtension) {
            declared[tag.name, default: []].append(tag)
        }
        var found = [FileCandidate]()
        for function in index.functions(lines: functionLines) {
            guard let source = files(function.path), let end = function.end else { continue }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard end <= lines.count else { continue }
            let includeLines = lines.filter { $0.trimmed.hasPrefix("#include") }
            let stem = ((function.path as NSString).lastPathComponent as NSString).deletingPathExtension
            let project = includeLines.compactMap(Self.quotedInclude).filter {
                (($0 as NSString).lastPathComponent as NSString).deletingPathExtension != stem
            }
            guard project.count == 1, let include = project.first else { continue }
            let text = lines[(function.line - 1)..<end].joined(separator: "\n")
            let body = CxxText.code(text)
            let callees = Self.calledNames(in: body).filter { $0 != function.name }.compactMap { name -> CtagsTag? in
                guard let declarations = declared[name], Set(declarations.map(\.path)).count == 1,
                      let callee = declarations.first,
                      callee.path == include || callee.path.hasSuffix("/" + include) else { return nil }
                return callee
            }
            guard let header = callees.first?.path, let headerText = files(header),
                  headerText.split(separator: "\n", omittingEmptySubsequences: false).count <= maxHeaderLines else { continue }
            found.append(FileCandidate(function: function, functionText: text, includeLines: includeLines, include: include,
                                       header: header, headerText: headerText, callees: callees))
        }
        return found
    }

    /// `foo/bar.h` from `#include "foo/bar.h"`.
    static func quotedInclude(_ line: String) -> String? {
        let text = line.trimmed
        guard text.hasPrefix("#include"), let open = text.firstIndex(of: "\"") else { return nil }
        let rest = text[text.index(after: open)...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }

    /// Names called as free functions (`Name(` not after `.`, `->`), in order, once each.
    static func calledNames(in code: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: #"(?<![\w.>])(?:\w+::)*(\w+)\s*\("#) else { return [] }
        var names = [String]()
        let keywords: Set<String> = ["if", "for", "while", "switch", "return", "sizeof", "catch", "static_cast",
                                     "reinterpret_cast", "const_cast", "dynamic_cast", "decltype", "alignof", "noexcept"]
        for match in regex.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
            guard let range = Range(match.range(at: 1), in: code) else { continue }
            let name = String(code[range])
            if !keywords.contains(name), !names.contains(name) { names.append(name) }
        }
        return names
    }
}

/// The two samples of a file query: what does the function get from its call, answered from
/// the callee's declaration and comment in the header.
struct FileExchange: Sendable, Hashable {
    var prompt: String
    var completion: String
    var followUpPrompt: String
    var followUpCompletion: String

    init(_ candidate: FileCandidate) {
        let function = QueryExchange.displayName(candidate.function)
        let names = candidate.callees.map(\.name)
        let quoted = Wrap.list(names.map { "'\($0)'" })
        let calls = Wrap.list(names.map { "\($0)()" })
        prompt = Wrap.comment("// TASK: Explain what '\(function)' gets from its call\(names.count == 1 ? "" : "s") to \(quoted).")
            + "\n" + candidate.includeLines.joined(separator: "\n") + "\n\n" + candidate.functionText
        let one = names.count == 1
        let reasoning = "\(function) calls \(calls), \(one ? "which is" : "which are") neither defined in this file nor \(one ? "a member" : "members") of a class. The only project header the file includes besides its own is \"\(candidate.include)\", so \(one ? "it comes" : "they come") from there; \(one ? "its declaration and comment say" : "their declarations and comments say") what \(one ? "it takes and returns" : "they take and return"). Need \(candidate.include)."
        completion = "/* REASONING:\n" + Wrap.lines(reasoning) + "\n*/\n__AGENT_QUERY__(\"file\", \"\(candidate.include)\")"
        // The file's lines 1…n as the other results show theirs: without the final newline.
        let shown = candidate.headerText.hasSuffix("\n") ? String(candidate.headerText.dropLast()) : candidate.headerText
        let lineCount = shown.split(separator: "\n", omittingEmptySubsequences: false).count
        followUpPrompt = prompt + "\n" + completion + "\n"
            + "\(QueryExchange.resultOpen)\"file\", \"\(candidate.include)\")\n// \(candidate.header):1-\(lineCount)\n"
            + shown + "\n" + QueryExchange.resultClose
        let lines = candidate.headerText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var paragraphs = [String]()
        for callee in candidate.callees {
            let (declaration, trailing) = MemberFacts.declaration(lines[callee.line - 1])
            let comment = trailing ?? MemberFacts.commentAbove(lines, line: callee.line)
            var answer = "\(candidate.include) declares \(callee.name) at line \(callee.line): `\(declaration)`."
            if let returned = callee.typeText, let signature = callee.signature {
                answer += " It takes \(Self.describe(signature)) and "
                    + (returned == "void" ? "returns nothing." : "returns \(returned).")
            }
            if let comment { answer += " The header says: " + comment + (comment.hasSuffix(".") ? "" : ".") }
            paragraphs.append(Wrap.lines(answer))
        }
        followUpCompletion = "/* ANSWER:\n" + paragraphs.joined(separator: "\n") + "\n*/"
    }

    /// `(double per_second,int digits)` as "per_second (double) and digits (int)".
    static func describe(_ signature: String) -> String {
        let inner = signature.trimmed.dropFirst().prefix { $0 != ")" }
        let parameters = inner.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty && $0 != "void" }
        guard !parameters.isEmpty else { return "no arguments" }
        return Wrap.list(parameters.map { parameter in
            let words = parameter.split(separator: "=").first.map { String($0).trimmed } ?? parameter
            guard let last = words.split(separator: " ").last, words.count > last.count,
                  last.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return words }
            return "\(last) (\(words.dropLast(last.count).trimmed))"
        })
    }
}
