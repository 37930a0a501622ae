/// The two samples made from one `QueryCandidate`: the question that cannot be answered
/// without the other file (ending in `__AGENT_QUERY__`), and the same exchange continued with
/// the fetched definition, answered.
///
/// Every claim the answer makes is read from the two texts: which members the function uses
/// and how (a call, a read, an assignment), and what the definition declares about them (the
/// declaration line, its comment, whether a member function is `const`).
struct QueryExchange: Sendable, Hashable {
    enum Task: String, Sendable { case explain, modifies }

    var task: Task
    var prompt: String
    var completion: String
    var followUpPrompt: String
    var followUpCompletion: String

    static let resultOpen = "__AGENT_RESULT__("
    static let resultClose = "__AGENT_RESULT_END__"

    /// `definitionSource` is the whole file the definition is in (for the comments above members).
    init(_ candidate: QueryCandidate, definitionSource: String) {
        let facts = MemberFacts(candidate, definitionSource: definitionSource)
        let function = Self.displayName(candidate.function)
        let object = candidate.object
        // Whether a call changes the object hangs on constness the definition alone shows; when
        // some use cannot be judged from the text, the task asks for an explanation instead.
        let judgeable = object != nil && !candidate.objectIsConst && facts.allSatisfy { $0.change != nil }
        task = judgeable ? .modifies : .explain
        let subject = object.map { "'\($0)'" } ?? "the members of \(candidate.typeName)"
        let taskText = switch task {
        case .modifies: "Does '\(function)' modify \(subject)? Name every use that can."
        case .explain: object == nil
            ? "Explain what '\(function)' does with the members of its class, one by one."
            : "Explain what '\(function)' does with \(subject), member by member."
        }
        prompt = Wrap.comment("// TASK: " + taskText) + "\n" + candidate.functionText

        var reasoning = [String]()
        reasoning.append("\(function) " + facts.usesSentence + ".")
        reasoning.append("\(candidate.typeName) is not defined here; its definition is in another file.")
        switch task {
        case .modifies:
            let calls = facts.filter(\.isCall).map(\.displayName)
            if calls.isEmpty {
                reasoning.append("Which of these are plain data and how they are declared decides the answer.")
            } else {
                reasoning.append("Whether \(Wrap.list(calls)) \(calls.count == 1 ? "is" : "are") const decides whether \(object!) changes.")
            }
        case .explain:
            reasoning.append(facts.count == 1 ? "What that member is, and any comment on it, is in the definition." : "What these members are, and any comments on them, are in the definition.")
        }
        reasoning.append("Need the definition of \(candidate.typeName).")
        let query = "__AGENT_QUERY__(\"definition\", \"\(candidate.typeName)\")"
        completion = "/* REASONING:\n" + Wrap.lines(reasoning.joined(separator: " ")) + "\n*/\n" + query

        let location = "\(candidate.definition.path):\(candidate.definition.line)-\(candidate.definition.end ?? candidate.definition.line)"
        followUpPrompt = prompt + "\n" + completion + "\n"
            + "\(Self.resultOpen)\"definition\", \"\(candidate.typeName)\")\n// \(location)\n"
            + candidate.definitionText + "\n" + Self.resultClose

        var answer = [String]()
        switch task {
        case .modifies:
            let changing = facts.filter { $0.change == true }
            if changing.isEmpty {
                answer.append("No. \(function) only reads \(object!):")
            } else {
                answer.append("Yes. These uses can change \(object!):")
            }
            for fact in changing.isEmpty ? facts.facts : changing { answer.append(contentsOf: fact.describe(in: candidate)) }
            let rest = facts.filter { $0.change == false }
            if !changing.isEmpty, !rest.isEmpty {
                answer.append("The other uses only read it: " + Wrap.list(rest.map(\.displayName)) + ".")
            }
            if changing.isEmpty, facts.contains(where: \.isCall), facts.definitionHasMutable {
                answer.append("\(candidate.typeName) declares mutable members, which even const member functions may change.")
            }
        case .explain:
            let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
            let number = facts.count <= words.count ? words[facts.count - 1] : "\(facts.count)"
            let count = facts.count == 1 ? "one member" : "\(number) members"
            answer.append("\(function) uses \(count) of \(candidate.typeName) (\(candidate.definition.path)):")
            for fact in facts { answer.append(contentsOf: fact.describe(in: candidate)) }
        }
        followUpCompletion = "/* ANSWER:\n" + answer.map { Wrap.lines($0, continuation: $0.hasPrefix("- ") ? "  " : "") }
            .joined(separator: "\n") + "\n*/"
    }

    /// `Class::Function` for members, the plain name otherwise.
    static func displayName(_ function: CtagsTag) -> String {
        guard function.scopeKindIsClass, let owner = function.scopeLast, !owner.isEmpty else { return function.name }
        return "\(owner)::\(function.name)"
    }
}

extension CtagsTag {
    /// Whether the tag's scope is a class or struct (a member function), not a namespace.
    var scopeKindIsClass: Bool { scopeKind == "class" || scopeKind == "struct" || scopeKind == "union" }
}
