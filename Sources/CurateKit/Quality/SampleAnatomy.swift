/// The parts of a sample that the scorers look at, found by following its kind's layout in
/// `FORMATS.md`, together with the structural checks made on the way.
///
/// Parsing and checking structure is one pass: whatever could not be found is both a failed
/// check and a part the other scorers do not see, so the scorers never disagree about what the
/// explanation or the code of a sample is.
struct SampleAnatomy: Sendable {
    /// Explanatory text: wrapped sentences (`explanation`) or numbered reasoning (`steps`),
    /// which are judged without the line-punctuation rule.
    struct Prose: Sendable, Hashable {
        enum Role: Sendable { case explanation, steps }
        var role: Role
        var text: String
    }

    /// A piece of code and the tool that can judge it.
    struct Code: Sendable, Hashable {
        var language: CodeLanguage
        /// Which part of the sample it is (`answer`, `source`, `fix`, `task`), for reasons.
        var role: String
        var text: String
    }

    var checks: [ScoreResult.Check] = []
    var prose: [Prose] = []
    var code: [Code] = []

    init(_ sample: Sample, language: CodeLanguage) {
        switch sample.kind {
        case .qa: parseQA(sample, language: language)
        case .snapshot: parseSnapshot(sample)
        case .agentQuery: parseAgentQuery(sample, language: language)
        case .review: parseReview(sample, language: language)
        case .route: parseRoute(sample)
        case .relay: parseRelay(sample)
        case .text:
            let text = sample.trainingText.trimmed
            if !text.isEmpty { prose.append(Prose(role: .explanation, text: text)) }
            check(!text.isEmpty, "text", "the sample is empty")
        }
    }

    mutating func check(_ passed: Bool, _ name: String, _ detail: @autoclosure () -> String) {
        checks.append(ScoreResult.Check(passed, "structure.\(name): \(detail())"))
    }

    // MARK: - Kinds

    private mutating func parseQA(_ sample: Sample, language: CodeLanguage) {
        let comment = language.lineComment
        let marker = "\(comment) QUESTION:"
        let lines = sample.prompt.nonEmptyEdgeLines
        check(lines.first?.hasPrefix(marker) == true, "question_marker", "the prompt does not start with '\(marker)'")
        check(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix(comment) }, "question_comments",
              "every prompt line must be a '\(comment)' comment")
        let question = lines.map { line -> String in
            let body = line.hasPrefix(marker) ? line.dropFirst(marker.count)
                : line.hasPrefix(comment) ? line.dropFirst(comment.count) : Substring(line)
            return body.trimmed
        }.joined(separator: "\n").trimmed
        check(!question.isEmpty, "question_text", "the question is empty")
        if !question.isEmpty { prose.append(Prose(role: .explanation, text: question)) }

        let block = AnswerBlock.find(in: sample.completion, language: language)
        check(block != nil, "answer_marker", "the completion does not start with \(AnswerBlock.openers(language))")
        guard let block else { return }
        check(block.closed, "answer_closed", "the ANSWER block is not closed")
        check(!block.body.isEmpty, "answer_text", "the ANSWER block is empty")
        check(!block.rest.isEmpty, "answer_code", "no code follows the ANSWER block")
        check(!block.rest.contains("QUESTION:") && !block.rest.contains("ANSWER:"), "stray_marker",
              "a QUESTION or ANSWER marker appears inside the code")
        if !block.body.isEmpty { prose.append(Prose(role: .explanation, text: block.body)) }
        if !block.rest.isEmpty { code.append(Code(language: language, role: "answer", text: block.rest)) }
    }

    private mutating func parseSnapshot(_ sample: Sample) {
        let lines = sample.prompt.nonEmptyEdgeLines
        let header = lines.firstIndex { $0.trimmed == Marker.snapshot }
        check(header == 0, "snapshot_marker", "the prompt does not start with '\(Marker.snapshot)'")
        let start = header ?? 0
        let state = lines.indices.first { $0 >= start && lines[$0].hasPrefix("struct ThreadState") }
        let task = lines.firstIndex { $0.trimmed == Marker.task }
        let source = lines.firstIndex { $0.trimmed == Marker.source }
        check(state != nil && (task == nil || state! < task!), "thread_state",
              "no 'struct ThreadState' before the TASK marker")
        if let state {
            let end = lines.indices.first { $0 > state && lines[$0].trimmed == "};" }
            check(end != nil && (task == nil || end! < task!), "thread_state_closed",
                  "'struct ThreadState' is not closed by '};' before the TASK marker")
            let fields = lines[(state + 1)..<(end ?? state + 1)].filter { field in
                let code = field.split(separator: "//", maxSplits: 1).first.map(String.init)?.trimmed ?? ""
                return code.contains("=") && code.hasSuffix(";")
            }
            check(!fields.isEmpty, "thread_state_fields", "'struct ThreadState' holds no 'name = value;' field")
        }
        check(task != nil && (state == nil || state! < task!), "task_marker", "no '\(Marker.task)' after ThreadState")
        check(source != nil && (task == nil || task! < source!), "source_marker", "no '\(Marker.source)' after the TASK")
        if let task {
            let end = source.map { $0 > task ? $0 : lines.count } ?? lines.count
            let text = lines[(task + 1)..<end].filter { $0.hasPrefix("//") }
                .map { $0.dropFirst(2).trimmed }.joined(separator: "\n").trimmed
            check(!text.isEmpty, "task_text", "the TASK section says nothing")
            if !text.isEmpty { prose.append(Prose(role: .explanation, text: text)) }
        }
        if let source {
            let body = lines[(source + 1)...]
            let booms = body.filter { $0.contains(Marker.boom) }.count
            check(booms == 1, "boom_marker", "SOURCE must mark exactly one line with '\(Marker.boom)', found \(booms)")
            let text = body.joined(separator: "\n").trimmed
            check(!text.isEmpty, "source_code", "the SOURCE section is empty")
            if !text.isEmpty { code.append(Code(language: .cpp, role: "source", text: text)) }
        }
        // A snapshot without a known fix is prompt-only; with one, reasoning and fixed code follow.
        guard !sample.completion.trimmed.isEmpty else { return }
        parseReasoning(sample.completion, codeRole: "fix", proseRole: .steps)
    }

    private mutating func parseAgentQuery(_ sample: Sample, language: CodeLanguage) {
        let comment = language.lineComment
        let marker = "\(comment) TASK:"
        let lines = sample.prompt.nonEmptyEdgeLines
        check(lines.first?.hasPrefix(marker) == true, "task_marker", "the prompt does not start with '\(marker)'")
        var index = 0
        var task = [String]()
        while index < lines.count, lines[index].hasPrefix(comment) {
            let line = lines[index]
            task.append((line.hasPrefix(marker) ? line.dropFirst(marker.count) : line.dropFirst(comment.count)).trimmed)
            index += 1
        }
        let taskText = task.joined(separator: "\n").trimmed
        check(!taskText.isEmpty, "task_text", "the TASK is empty")
        if !taskText.isEmpty { prose.append(Prose(role: .explanation, text: taskText)) }
        // The code in view ends where the exchange goes on (a follow-up repeats the query).
        let exchange = lines[index...].firstIndex { $0.hasPrefix(Marker.reasoning) } ?? lines.count
        let context = lines[index..<exchange].joined(separator: "\n").trimmed
        if !context.isEmpty { code.append(Code(language: language, role: "task", text: context)) }

        // A follow-up holds the fetched result and is answered, not asked again.
        if sample.prompt.contains(Marker.agentResult) {
            check(sample.prompt.contains(Marker.agentResultEnd), "agent_result_closed",
                  "the prompt's \(Marker.agentResult) block is not closed by \(Marker.agentResultEnd)")
            let block = AnswerBlock.find(in: sample.completion, language: language)
            check(block != nil, "answer_marker", "the completion of a follow-up does not start with \(AnswerBlock.openers(language))")
            guard let block else { return }
            check(block.closed, "answer_closed", "the ANSWER block is not closed")
            check(!block.body.isEmpty, "answer_text", "the ANSWER block is empty")
            if !block.body.isEmpty { prose.append(Prose(role: .explanation, text: block.body)) }
            if !block.rest.isEmpty { code.append(Code(language: language, role: "answer", text: block.rest)) }
            return
        }
        guard let rest = parseReasoning(sample.completion, codeRole: nil, proseRole: .explanation) else { return }
        let call = AgentQueryCall(rest)
        check(call != nil, "agent_query", "the completion does not end with __AGENT_QUERY__(\"kind\", \"name\")")
        if let call {
            check(AgentQueryCall.kinds.contains(call.kind), "agent_query_kind",
                  "query kind '\(call.kind)' is not one of \(AgentQueryCall.kinds.sorted().joined(separator: ", "))")
        }
    }

    private mutating func parseRoute(_ sample: Sample) {
        parseRequest(sample)
        let lines = sample.completion.nonEmptyEdgeLines
        let routes = lines.compactMap(RouteCall.init)
        check(!lines.isEmpty && routes.count == lines.count, "route_calls", "every completion line must be ROUTE(\"domain\")")
        check(routes.count <= 3, "route_count", "\(routes.count) routes; a request goes to at most three specialists")
    }

    private mutating func parseRelay(_ sample: Sample) {
        parseRequest(sample)
        let lines = sample.completion.nonEmptyEdgeLines
        check(lines.first.flatMap(RouteCall.init) != nil, "route_first", "the completion does not start with ROUTE(\"domain\")")
        let text = sample.completion
        for (name, marker) in [("relay_query", "__AGENT_QUERY__("), ("relay_result", Marker.agentResult),
                               ("relay_result_closed", Marker.agentResultEnd), ("relay_answer", "/* ANSWER:")] {
            check(text.contains(marker), name, "the exchange has no \(marker)")
        }
        if let query = text.range(of: "__AGENT_QUERY__("), let result = text.range(of: Marker.agentResult),
           let end = text.range(of: Marker.agentResultEnd), let answer = text.range(of: "/* ANSWER:") {
            check(query.lowerBound < result.lowerBound && result.lowerBound < end.lowerBound && end.lowerBound < answer.lowerBound,
                  "relay_order", "the exchange is not query, result, answer in that order")
        }
    }

    /// The request block both orchestration kinds start with.
    private mutating func parseRequest(_ sample: Sample) {
        let lines = sample.prompt.nonEmptyEdgeLines
        check(lines.first == Marker.request, "request_marker", "the prompt does not start with '\(Marker.request)'")
        check(lines.count > 1, "request_text", "the request is empty")
    }

    /// Checks a `/* REASONING:` … `*/` block and returns what follows it.
    @discardableResult
    private mutating func parseReasoning(_ completion: String, codeRole: String?, proseRole: Prose.Role) -> String? {
        let text = completion.trimmed
        check(text.hasPrefix(Marker.reasoning), "reasoning_marker", "the completion does not start with '\(Marker.reasoning)'")
        guard text.hasPrefix(Marker.reasoning) else { return nil }
        let afterMarker = text.dropFirst(Marker.reasoning.count)
        let close = afterMarker.range(of: "*/")
        check(close != nil, "reasoning_closed", "the REASONING block is not closed")
        let body = (close.map { afterMarker[..<$0.lowerBound] } ?? afterMarker).trimmed
        let rest = close.map { afterMarker[$0.upperBound...].trimmed } ?? ""
        if proseRole == .steps {
            let steps = body.split(separator: "\n").filter { line in
                let digits = line.trimmed.prefix { $0.isASCII && $0.isNumber }
                return !digits.isEmpty && line.trimmed.dropFirst(digits.count).hasPrefix(".")
            }
            check(!steps.isEmpty, "reasoning_steps", "the REASONING block has no numbered steps")
        }
        check(!body.isEmpty, "reasoning_text", "the REASONING block is empty")
        if !body.isEmpty { prose.append(Prose(role: proseRole, text: body)) }
        if let codeRole {
            check(!rest.isEmpty, "\(codeRole)_code", "no code follows the REASONING block")
            if !rest.isEmpty { code.append(Code(language: .cpp, role: codeRole, text: rest)) }
        }
        return rest
    }

    enum Marker {
        static let snapshot = "// ====== DEBUGGER SNAPSHOT ======"
        static let task = "// ====== TASK ======"
        static let source = "// ====== SOURCE ======"
        static let boom = "// <-- BOOM"
        static let reasoning = "/* REASONING:"
        static let request = "// ====== REQUEST ======"
        static let agentResult = "__AGENT_RESULT__("
        static let agentResultEnd = "__AGENT_RESULT_END__"
    }
}

/// The answer block of a QUESTION/ANSWER completion in any of its accepted comment syntaxes.
struct AnswerBlock: Sendable {
    var closed: Bool
    /// The explanation inside the block, trimmed.
    var body: String
    /// What follows the block (the code), trimmed.
    var rest: String

    static func openers(_ language: CodeLanguage) -> String {
        switch language {
        case .cpp: return "'/* ANSWER:'"
        case .cmake, .shell: return "'#[[ ANSWER:' or \": <<'ANSWER'\""
        }
    }

    static func find(in completion: String, language: CodeLanguage) -> AnswerBlock? {
        let text = completion.trimmed
        switch language {
        case .cpp:
            return delimited(text, open: "/* ANSWER:", close: "*/")
        case .cmake, .shell:
            if let block = delimited(text, open: "#[[ ANSWER:", close: "]]") { return block }
            return heredoc(text)
        }
    }

    private static func delimited(_ text: String, open: String, close: String) -> AnswerBlock? {
        guard text.hasPrefix(open) else { return nil }
        let inner = text.dropFirst(open.count)
        guard let end = inner.range(of: close) else {
            return AnswerBlock(closed: false, body: inner.trimmed, rest: "")
        }
        return AnswerBlock(closed: true, body: inner[..<end.lowerBound].trimmed, rest: inner[end.upperBound...].trimmed)
    }

    /// `: <<'ANSWER'` … a line `ANSWER`: a here-document fed to the no-op command, the shell's
    /// block comment.
    private static func heredoc(_ text: String) -> AnswerBlock? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmed == ": <<'ANSWER'" else { return nil }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmed == "ANSWER" }) else {
            return AnswerBlock(closed: false, body: lines.joined(separator: "\n").trimmed, rest: "")
        }
        return AnswerBlock(closed: true, body: lines[..<end].joined(separator: "\n").trimmed,
                           rest: lines[(end + 1)...].joined(separator: "\n").trimmed)
    }
}

/// `ROUTE("domain")`: one line of a route completion.
struct RouteCall: Sendable, Hashable {
    var domain: String

    init?(_ line: String) {
        let text = line.trimmed
        guard text.hasPrefix("ROUTE(\""), text.hasSuffix("\")") else { return nil }
        let inner = text.dropFirst("ROUTE(\"".count).dropLast(2)
        guard !inner.isEmpty, inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        domain = String(inner)
    }
}

/// `__AGENT_QUERY__("kind", "name")` as the last line of an agent-query completion.
struct AgentQueryCall: Sendable {
    static let kinds: Set<String> = ["definition", "file", "build"]
    var kind: String
    var argument: String

    init?(_ text: String) {
        guard let line = text.split(separator: "\n").last?.trimmed,
              line.hasPrefix("__AGENT_QUERY__(\""), line.hasSuffix("\")") else { return nil }
        let inner = line.dropFirst("__AGENT_QUERY__(\"".count).dropLast(2)
        guard let comma = inner.range(of: "\", \"") else { return nil }
        kind = String(inner[..<comma.lowerBound])
        argument = String(inner[comma.upperBound...])
        guard !kind.isEmpty, !argument.isEmpty, !kind.contains("\""), !argument.contains("\"") else { return nil }
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace and newlines.
    var trimmed: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }

    /// The lines with trailing whitespace removed, without blank lines at either end.
    var nonEmptyEdgeLines: [String] {
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var view = Substring(line)
            while let last = view.last, last.isWhitespace { view.removeLast() }
            return String(view)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
