import Foundation

/// The orchestration stage: samples for the model that routes each request to the right
/// specialist and relays its queries (FORMATS.md sections 4 and 5).
///
/// Route samples: a request drawn from another domain's curated samples (`RouteRequest`), with
/// `ROUTE("<domain>")` as the answer; some requests join a second domain's request ("Then: …")
/// and are answered by both routes in turn. Relay samples: whole exchanges built from the
/// agent-query pairs of `relay_domains`.
///
/// One input per domain read: its `stage` folder (curated samples) with the partner domain's
/// folder as a dependency, so a change in either redoes it. The stage reads other domains, so
/// `Pipeline.run` runs it after every other domain's `stage` (`ReadsOtherDomains`).
///
/// Settings (`[orchestration]`): `domains` (the specialists whose samples are read), `stage`
/// (which of their stages, default `dedup`), `max_routes_per_domain`, `pair_per_mille` (share of
/// route requests joined with a second domain's), `relay_domains`.
public struct OrchestrationStage: SampleStage, ReadsOtherDomains {
    public static let name = "orchestration"
    /// 2: a request a relay replays is no longer also a route sample alone.
    public static let version = "2"

    var domains: [String]
    var stage: String
    var maxRoutes: Int
    var pairPerMille: Int
    var relayDomains: Set<String>
    /// Comment syntax of each specialist's samples, for reading their markers.
    var languages: [String: CodeLanguage]

    public var readsThrough: String { stage }

    public init(section: ConfigTable, domain: DomainSettings) throws {
        domains = try section.strings("domains", default: ["cpp", "cmake", "debug", "shell"])
        stage = try section.string("stage", default: "dedup")
        maxRoutes = try section.int("max_routes_per_domain", default: 400, range: 1...1_000_000)
        pairPerMille = try section.int("pair_per_mille", default: 250, range: 0...1000)
        relayDomains = Set(try section.strings("relay_domains", default: ["cpp"]))
        let languageTable = try section.table("languages")
        var languages = [String: CodeLanguage]()
        for name in domains {
            let value = try languageTable.string(name, default: ["cmake": "cmake", "shell": "shell"][name] ?? "cpp")
            guard let language = CodeLanguage(rawValue: value) else {
                throw ConfigError.invalid(file: section.file, key: section.qualified("languages.\(name)"),
                                          line: nil, reason: "'\(value)' is not one of \(CodeLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            languages[name] = language
        }
        self.languages = languages
        try languageTable.rejectUnknownKeys()
        try section.rejectUnknownKeys()
        guard !domains.contains(domain.name) else {
            throw ConfigError.invalid(file: section.file, key: section.qualified("domains"), line: section.line(of: "domains"),
                                      reason: "names the orchestration domain itself ('\(domain.name)')")
        }
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let present = domains.filter { !context.layout.parts(of: stage, domain: $0).isEmpty }
        return present.enumerated().map { offset, name in
            let partner = present[(offset + 1) % present.count]
            let folder = context.layout.stage(stage, domain: name)
            return StageInput(id: context.displayPath(folder), url: folder,
                              dependencies: partner == name ? [] : [context.layout.stage(stage, domain: partner)])
        }
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        guard let domain = context.layout.relativePath(input.url)?.split(separator: "/").first.map(String.init),
              let language = languages[domain] else {
            throw InputRejected("not the \(stage) folder of one of the domains \(domains.joined(separator: ", "))")
        }
        let samples = try SampleParts.forEachCollect(PartFiles.list(in: input.url))
        var partner: (name: String, samples: [Sample], language: CodeLanguage)?
        if let folder = input.dependencies.first,
           let name = context.layout.relativePath(folder)?.split(separator: "/").first.map(String.init),
           let partnerLanguage = languages[name] {
            partner = (name, try SampleParts.forEachCollect(PartFiles.list(in: folder)), partnerLanguage)
        }
        var output = StageOutput()
        let lineage = [LineageStep(stage: Self.name, version: Self.version, detail: ["from": domain])]
        // The same order on every run: by sample id, which digests the content.
        let requests = samples.sorted { $0.id < $1.id }.compactMap { sample in
            RouteRequest.text(of: sample, language: language).map { (sample, $0) }
        }
        let partnerRequests = (partner?.samples ?? []).sorted { $0.id < $1.id }.compactMap { sample in
            RouteRequest.text(of: sample, language: partner!.language)
        }
        if requests.count > maxRoutes {
            output.skipped.append(Finding(locator: domain, reason: "\(requests.count - maxRoutes) request(s) over max_routes_per_domain"))
        }
        let relays = relayDomains.contains(domain) ? RelayExchange.relays(from: samples, domain: domain, language: language) : []
        // A request a relay replays is not also a route alone: the same prompt would end after
        // the route in one sample and go on to the specialist in the other.
        let relayed = Set(relays.map(\.prompt))
        for (sample, request) in requests.prefix(maxRoutes) {
            let pick = Self.number(sample.id)
            var texts = [request]
            var routes = [domain]
            if let partner, !partnerRequests.isEmpty, pick % 1000 < pairPerMille {
                texts.append(partnerRequests[(pick / 1000) % partnerRequests.count])
                routes.append(partner.name)
            }
            let prompt = RouteRequest.prompt(texts)
            if relayed.contains(prompt) { continue }
            let route = Sample(domain: context.domain.name, kind: .route, prompt: prompt,
                               completion: routes.map { "ROUTE(\"\($0)\")" }.joined(separator: "\n"),
                               source: SampleSource(uri: input.id, locator: sample.id), lineage: lineage)
            output.samples.append(route)
            output.notes.append(SampleNote(sampleID: route.id, key: "routes", value: routes.joined(separator: " → ")))
        }
        for relay in relays {
            let sample = Sample(domain: context.domain.name, kind: .relay, prompt: relay.prompt, completion: relay.completion,
                                source: SampleSource(uri: input.id, locator: "\(relay.query.id)+\(relay.answer.id)"),
                                lineage: lineage)
            output.samples.append(sample)
        }
        return output
    }

    /// A stable number from a sample id (hex digits), for choices that must not change between runs.
    static func number(_ id: String) -> Int {
        Int(id.prefix(12), radix: 16) ?? 0
    }
}

extension SampleParts {
    /// Every sample of `parts`, in order.
    static func forEachCollect(_ parts: [URL]) throws -> [Sample] {
        var samples = [Sample]()
        try forEach(in: parts) { samples.append($0) }
        return samples
    }
}
