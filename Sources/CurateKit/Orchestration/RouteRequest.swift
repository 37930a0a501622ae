/// What a user would send the orchestrator, made from a curated sample of a specialist's
/// domain: the sample's prompt without the markers that name its shape (QUESTION, TASK, the
/// snapshot's section headers) and without comment prefixes around plain prose, so the router
/// learns from the content what kind of help is asked for, not from the format.
enum RouteRequest {
    static let marker = "// ====== REQUEST ======"

    /// The request text of `sample`, or nil for kinds that are not requests (plain text, routes,
    /// relays, and agent-query follow-ups that already hold a fetched result).
    static func text(of sample: Sample, language: CodeLanguage) -> String? {
        let comment = language.lineComment
        switch sample.kind {
        case .qa:
            let lines = sample.prompt.nonEmptyEdgeLines.map { line -> String in
                var body = Substring(line)
                if body.hasPrefix(comment) { body = body.dropFirst(comment.count) }
                body = Substring(body.trimmed)
                if body.hasPrefix("QUESTION:") { body = body.dropFirst("QUESTION:".count) }
                return body.trimmed
            }
            return nonEmpty(lines.joined(separator: " "))
        case .snapshot:
            // The section headers and the faulting-line marker are the snapshot format's, not the user's.
            let lines = sample.prompt.nonEmptyEdgeLines.filter { !($0.hasPrefix("// ======") && $0.hasSuffix("======")) }
                .map { line -> String in
                    guard let marker = line.range(of: " // <-- BOOM") else { return line }
                    return String(line[..<marker.lowerBound]) + line[marker.upperBound...]
                }
            return nonEmpty(lines.joined(separator: "\n"))
        case .agentQuery:
            guard !sample.prompt.contains(QueryExchange.resultOpen) else { return nil }
            return nonEmpty(taskRequest(sample.prompt, comment: comment))
        case .review:
            return nonEmpty(reviewRequest(sample.prompt, markers: ReviewMarkers(language: language)))
        case .route, .relay, .text:
            return nil
        }
    }

    /// A REVIEW prompt as a request: the request's words as one sentence, then the code with its
    /// file and line notes, which say what the code is rather than how the format marks it.
    static func reviewRequest(_ prompt: String, markers: ReviewMarkers) -> String {
        let lines = prompt.nonEmptyEdgeLines.filter { $0 != markers.review }
        guard let codeStart = lines.firstIndex(of: markers.code) else {
            return taskRequest(lines.joined(separator: "\n"), comment: markers.language.lineComment)
        }
        let comment = markers.language.lineComment
        let request = lines[..<codeStart].map { line in
            line.hasPrefix(comment) ? line.dropFirst(comment.count).trimmed : line.trimmed
        }
        let code = lines[(codeStart + 1)...].joined(separator: "\n")
        return request.joined(separator: " ") + (code.isEmpty ? "" : "\n" + code)
    }

    /// A TASK prompt as a request: the task's words as one sentence, then the code.
    static func taskRequest(_ prompt: String, comment: String) -> String {
        let lines = prompt.nonEmptyEdgeLines
        var task = [String]()
        var index = 0
        while index < lines.count, lines[index].hasPrefix(comment) {
            var body = lines[index].dropFirst(comment.count).trimmed
            if body.hasPrefix("TASK:") { body = body.dropFirst("TASK:".count).trimmed }
            task.append(body)
            index += 1
        }
        let code = lines[index...].joined(separator: "\n")
        return task.joined(separator: " ") + (code.isEmpty ? "" : "\n" + code)
    }

    /// The prompt of a route or relay sample.
    static func prompt(_ requests: [String]) -> String {
        marker + "\n" + requests.joined(separator: "\n\nThen:\n")
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmed
        return trimmed.isEmpty ? nil : trimmed
    }
}
