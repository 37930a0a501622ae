import Foundation

/// A function that depends on a type defined only in another file of its tree: the function's
/// text, the object through which it uses the type, the members it uses, and the type's
/// definition as it stands in the other file.
struct QueryCandidate: Sendable, Hashable {
    var function: CtagsTag
    /// The function's lines, byte for byte.
    var functionText: String
    /// The name the function writes the type with (`storage::Ring`, `Counter`).
    var typeName: String
    var definition: CtagsTag
    /// The definition's lines, byte for byte as in its file.
    var definitionText: String
    /// The parameter or local holding the object, or nil for the members of the function's own
    /// class (a member function defined outside the class's file).
    var object: String?
    /// Whether the object is declared `const` (a `const T&` parameter, a const member function).
    var objectIsConst: Bool
    var uses: [MemberUse]
    /// The members of the type the uses name, with the declaration line(s) from the definition.
    var memberTags: [String: CtagsTag]
    /// Members declared more than once in the definition (overloads): which one a call picks is
    /// not read from the text, so nothing is claimed about their constness.
    var overloaded: Set<String>

    /// The type's last name component, as ctags names the definition.
    var plainTypeName: String { definition.name }
}

/// Finds `QueryCandidate`s in a source tree from its ctags index.
struct QueryCutter: Sendable {
    var functionLines: ClosedRange<Int> = 6...40
    var maxDefinitionLines = 90

    /// Why a function was not cut, for the stage's skipped findings (counted, not listed).
    enum Skip: String, Sendable, CaseIterable {
        case noForeignType = "uses no type defined only in another file"
        case noMemberUse = "uses the type without touching its members"
        case definitionTooLong = "the type's definition is too long to show"
        case definitionInPrompt = "the type's definition is in the function's own text"
    }

    func candidates(index: CtagsIndex, files: (String) -> String?) -> (found: [QueryCandidate], skipped: [Skip: Int]) {
        var found = [QueryCandidate]()
        var skipped = [Skip: Int]()
        for function in index.functions(lines: functionLines) {
            guard let source = files(function.path), let end = function.end else { continue }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            guard end <= lines.count else { continue }
            let text = lines[(function.line - 1)..<end].joined(separator: "\n")
            switch candidate(function, text: text, index: index, files: files) {
            case let .success(candidate): found.append(candidate)
            case let .failure(skip): skipped[skip.reason, default: 0] += 1
            }
        }
        return (found, skipped)
    }

    struct SkipError: Error { var reason: Skip }

    func candidate(_ function: CtagsTag, text: String, index: CtagsIndex, files: (String) -> String?)
        -> Result<QueryCandidate, SkipError> {
        let code = CxxText.code(text)
        var objects = [(name: String?, type: String, written: String, isConst: Bool)]()
        for variable in index.variables(of: function) {
            guard let declared = variable.typeText, let type = Self.plainType(declared) else { continue }
            objects.append((variable.name, type.plain, type.written, type.isConst))
        }
        // A member function defined out of line uses its class's members by their bare names.
        if let owner = function.scopeLast, index.types[owner] != nil {
            let isConst = function.signature?.trimmed.hasSuffix("const") == true
            let written = function.scope.map { String($0.split(separator: ":").suffix(2).joined(separator: "::")) } ?? owner
            objects.append((nil, owner, written.hasSuffix(owner) ? owner : written, isConst))
        }
        // An object the function may change through is the more telling question: tried first.
        objects.sort { !$0.isConst && $1.isConst }
        var firstSkip: Skip?
        func note(_ skip: Skip) { if firstSkip == nil || skip != .noForeignType { firstSkip = skip } }
        for object in objects {
            guard let definitions = index.types[object.type], definitions.count == 1, let definition = definitions.first,
                  definition.path != function.path, let definitionEnd = definition.end else {
                note(.noForeignType); continue
            }
            guard definitionEnd - definition.line + 1 <= maxDefinitionLines else { note(.definitionTooLong); continue }
            guard let definitionSource = files(definition.path) else { note(.noForeignType); continue }
            let definitionLines = definitionSource.split(separator: "\n", omittingEmptySubsequences: false)
            guard definitionEnd <= definitionLines.count else { note(.noForeignType); continue }
            let definitionText = definitionLines[(definition.line - 1)..<definitionEnd].joined(separator: "\n")
            let members = index.members(of: object.type, in: definition)
            var memberTags = [String: CtagsTag]()
            var declarations = [String: Int]()
            for member in members where member.name != object.type {
                declarations[member.name, default: 0] += 1
                if memberTags[member.name] == nil { memberTags[member.name] = member }
            }
            // The function's own name is not a use of a member of its class.
            let uses = MemberUse.find(object: object.name, members: Set(memberTags.keys), in: object.name == nil ? body(of: code) : code)
                .filter { memberTags[$0.member] != nil }
            guard !uses.isEmpty else { note(.noMemberUse); continue }
            guard !Self.defines(object.type, in: text) else { note(.definitionInPrompt); continue }
            return .success(QueryCandidate(
                function: function, functionText: text, typeName: object.written, definition: definition,
                definitionText: definitionText, object: object.name, objectIsConst: object.isConst, uses: uses,
                memberTags: memberTags.filter { name, _ in uses.contains { $0.member == name } },
                overloaded: Set(declarations.filter { $0.value > 1 }.keys)))
        }
        return .failure(SkipError(reason: firstSkip ?? .noForeignType))
    }

    /// The code after the function's opening brace (its signature names the class it belongs to).
    private func body(of code: String) -> String {
        guard let brace = code.firstIndex(of: "{") else { return "" }
        return String(repeating: "\n", count: code[..<brace].filter { $0 == "\n" }.count) + code[code.index(after: brace)...]
    }

    /// The type a declaration names when it is one class used directly: `const ns::Foo &` gives
    /// `Foo`, written `ns::Foo`. Templates' arguments are dropped (`Histogram<double>` gives
    /// `Histogram`); containers, `auto` and builtin types give nil.
    static func plainType(_ declared: String) -> (plain: String, written: String, isConst: Bool)? {
        var text = declared.trimmed
        var isConst = false
        for qualifier in ["const ", "volatile ", "struct ", "class ", "typename "] where text.hasPrefix(qualifier) {
            if qualifier == "const " { isConst = true }
            text = String(text.dropFirst(qualifier.count)).trimmed
        }
        while let last = text.last, "&* ".contains(last) { text.removeLast() }
        if text.hasSuffix(" const") { isConst = true; text = String(text.dropLast(6)).trimmed }
        while let last = text.last, "&* ".contains(last) { text.removeLast() }
        if let angle = text.firstIndex(of: "<") {
            guard text.hasSuffix(">") else { return nil }
            text = String(text[..<angle])
        }
        guard !text.isEmpty, text.allSatisfy({ $0 == ":" || ($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }),
              !text.hasPrefix("std::") else { return nil }
        let plain = String(text.split(separator: ":").last ?? "")
        guard !plain.isEmpty, plain != "auto", plain.first?.isNumber == false else { return nil }
        return (plain, text.hasPrefix("::") ? String(text.dropFirst(2)) : text, isConst)
    }

    /// Whether `text` holds a definition of the class, struct or union `name` (`class name {`,
    /// `struct name : Base {`), comments and literals aside.
    static func defines(_ name: String, in text: String) -> Bool {
        let code = CxxText.code(text)
        let pattern = "\\b(class|struct|union)\\s+(\\w+\\s+)?\(NSRegularExpression.escapedPattern(for: name))\\b(\\s+final)?\\s*(:[^;{]*)?\\{"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil
    }
}
