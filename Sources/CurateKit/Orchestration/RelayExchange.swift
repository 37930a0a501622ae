/// A whole orchestrated exchange made from an agent-query pair: the request, the route to the
/// specialist, the specialist's query, the orchestrator's fetch (the definition, as the
/// follow-up prompt holds it) and the specialist's answer.
enum RelayExchange {
    /// The `// ====== <domain> ======` line that starts each turn of a specialist.
    static func turn(_ domain: String) -> String { "// ====== \(domain) ======" }

    /// Pairs each query sample with the follow-up that continues it (its prompt begins with the
    /// query's prompt and completion), and writes the relay's prompt and completion.
    static func relays(from samples: [Sample], domain: String, language: CodeLanguage)
        -> [(query: Sample, answer: Sample, prompt: String, completion: String)] {
        let followUps = samples.filter { $0.kind == .agentQuery && $0.prompt.contains(QueryExchange.resultOpen) }
        var byPrefix = [String: Sample]()
        for followUp in followUps {
            guard let open = followUp.prompt.range(of: "\n" + QueryExchange.resultOpen) else { continue }
            byPrefix[String(followUp.prompt[..<open.lowerBound])] = followUp
        }
        var relays = [(Sample, Sample, String, String)]()
        for query in samples where query.kind == .agentQuery && !query.prompt.contains(QueryExchange.resultOpen) {
            guard let answer = byPrefix[query.prompt + "\n" + query.completion],
                  let request = RouteRequest.text(of: query, language: language),
                  let open = answer.prompt.range(of: "\n" + QueryExchange.resultOpen) else { continue }
            let fetched = String(answer.prompt[answer.prompt.index(after: open.lowerBound)...])
            let completion = [
                "ROUTE(\"\(domain)\")", turn(domain), query.completion, fetched, turn(domain), answer.completion,
            ].joined(separator: "\n")
            relays.append((query, answer, RouteRequest.prompt([request]), completion))
        }
        return relays
    }
}
