import Foundation

/// Sends the `marginal` samples of the upstream stage (dedup, by default) to a local model
/// through an OpenAI-compatible server and keeps a rewrite only if it passes validation
/// (`RewriteCheck`): then it replaces the original, in band `high`, with the model, prompt
/// version and parameters in its lineage. Samples in other bands pass through unchanged.
///
/// Every answer is cached in the catalog under its request's key (`ChatRequest.key`), so a
/// rerun asks only what was never answered. A refused rewrite is a rejection with its reasons;
/// the answer stays in the catalog (`rewrite.answer` note, and the cache). A sample whose
/// request got no answer (no server, server down, retries spent) is pending: neither passed on
/// nor dropped, and its part is redone on the next run.
public struct RewriteStage: SampleStage {
    public static let name = "rewrite"
    public static let version = "1"
    /// Cache namespace of the answers.
    static let cacheNamespace = "rewrite.answer"

    let settings: RewriteSettings
    let domain: DomainSettings
    let templates: [Sample.Kind: PromptTemplate]
    let validator: any RewriteValidator
    let server = ServerState()

    public init(section: ConfigTable, domain: DomainSettings) throws {
        let settings = try RewriteSettings(section: section, root: domain.root)
        try self.init(settings: settings, domain: domain,
                      validator: QualityRewriteValidator(settings: settings.quality, domain: domain))
    }

    init(settings: RewriteSettings, domain: DomainSettings, validator: any RewriteValidator) throws {
        self.settings = settings
        self.domain = domain
        self.validator = validator
        var templates = [Sample.Kind: PromptTemplate]()
        for kind in Sample.Kind.allCases {
            templates[kind] = try PromptTemplate.load(kind: kind, version: settings.promptVersion, folder: settings.prompts)
        }
        self.templates = templates
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        context.partInputs(upstream: [settings.upstream])
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        try rewrite(try SampleParts.read(input.url), context: context)
    }

    /// One marginal sample and the request that asks for its rewrite.
    struct Plan: Sendable {
        var sample: Sample
        var template: PromptTemplate
        var request: ChatRequest
        var key: String
    }

    /// The request for a marginal sample: its template filled with the sample and the reasons
    /// the validator gives for its shortfall.
    func plan(_ sample: Sample, cache: (any StageCache)?) throws -> Plan {
        let template = templates[sample.kind]!
        let reasons = try validator.assess(sample, cache: cache).reasons
        let request = ChatRequest(model: settings.model, messages: template.messages(for: sample, reasons: reasons, language: domain.language),
                                  parameters: settings.parameters)
        return Plan(sample: sample, template: template, request: request, key: request.key)
    }

    /// Rewrites the marginal samples among `samples`; the part of `process` that reads no file.
    func rewrite(_ samples: [Sample], context: StageContext) throws -> StageOutput {
        var plans = [Int: Plan]()
        for (index, sample) in samples.enumerated() where sample.band == .marginal {
            plans[index] = try plan(sample, cache: context.cache)
        }
        var answers = [String: ChatAnswer]()
        var missing = [(key: String, request: ChatRequest)]()
        for index in plans.keys.sorted() {
            let plan = plans[index]!
            guard answers[plan.key] == nil, !missing.contains(where: { $0.key == plan.key }) else { continue }
            if let answer = try cachedAnswer(plan.key, cache: context.cache) {
                answers[plan.key] = answer
            } else {
                missing.append((plan.key, plan.request))
            }
        }
        var failures = [String: ChatFailure]()
        if !missing.isEmpty {
            for (key, result) in ask(missing, context: context) {
                switch result {
                case let .success(answer): answers[key] = answer
                case let .failure(failure): failures[key] = failure
                }
            }
        }
        return try assemble(samples, plans: plans, answers: answers, failures: failures, context: context)
    }

    /// Sends the requests that have no stored answer, or explains why none is sent.
    private func ask(_ requests: [(key: String, request: ChatRequest)], context: StageContext) -> [String: Result<ChatAnswer, ChatFailure>] {
        let label = "rewrite \(domain.name)"
        guard let endpoint = settings.endpoint else {
            if server.markUnreachable() {
                RewriteNotice.say("\(label): no model server is configured ([rewrite] endpoint); \(requests.count) marginal samples left pending.",
                                  context: context)
            }
            return [:]
        }
        guard server.available else { return [:] }
        let client = ChatClient(endpoint: endpoint, apiKey: settings.apiKeyVariable.flatMap { ProcessInfo.processInfo.environment[$0] },
                                timeout: settings.timeout, retries: settings.retries, backoff: settings.backoff)
        let pool = RequestPool(client: client, concurrency: settings.concurrency, server: server)
        let progress = RewriteProgress(reporter: context.progress, label: label, total: requests.count)
        let cache = context.cache
        let results = Blocking.run {
            await pool.run(requests, progress: progress, store: { key, answer in
                try? cache?.store(namespace: Self.cacheNamespace, key: key, value: String(decoding: try! JSONCoding.lineBytes(answer), as: UTF8.self))
            }, unreachable: { failure in
                RewriteNotice.say("\(label): the model server at \(endpoint.absoluteString) cannot be reached: \(failure.reason). "
                                  + "Unanswered marginal samples are left pending for the next run.", context: context)
            })
        }
        progress.finish()
        return results
    }

    private func cachedAnswer(_ key: String, cache: (any StageCache)?) throws -> ChatAnswer? {
        guard let text = try cache?.value(namespace: Self.cacheNamespace, key: key) else { return nil }
        return try? JSONDecoder().decode(ChatAnswer.self, from: Data(text.utf8))
    }

    /// The output in input order: pass-through samples, kept rewrites in place of their
    /// originals, refused ones as rejections, unanswered ones as pending.
    private func assemble(_ samples: [Sample], plans: [Int: Plan], answers: [String: ChatAnswer], failures: [String: ChatFailure],
                          context: StageContext) throws -> StageOutput {
        let check = RewriteCheck(language: domain.language, lengthRatio: settings.lengthRatio, topicOverlap: settings.topicOverlap,
                                 validator: validator)
        var output = StageOutput()
        var emitted = Set(samples.indices.filter { plans[$0] == nil }.map { samples[$0].id })
        for (index, sample) in samples.enumerated() {
            guard let plan = plans[index] else {
                output.samples.append(sample)
                continue
            }
            output.notes.append(SampleNote(sampleID: sample.id, key: "rewrite.request", value: plan.key))
            guard let answer = answers[plan.key] else {
                let why = settings.endpoint == nil ? "no model server configured"
                    : failures[plan.key].map { "no answer: \($0.reason)" } ?? "not sent: the model server could not be reached"
                output.pending.append(Finding(locator: sample.id, reason: "rewrite pending (\(why))"))
                continue
            }
            switch try check.judge(answer, original: sample, cache: context.cache) {
            // A rewrite equal to a sample already in the part would be written twice.
            case .kept(var rewrite, let assessment) where emitted.insert(rewrite.id).inserted:
                rewrite.scores.merge(assessment.scores) { _, new in new }
                rewrite.band = .high
                rewrite.lineage.append(LineageStep(stage: Self.name, version: Self.version, detail: lineage(plan)))
                output.samples.append(rewrite)
                output.notes.append(SampleNote(sampleID: sample.id, key: "rewrite.kept", value: rewrite.id))
                output.notes.append(SampleNote(sampleID: rewrite.id, key: "rewrite.original", value: sample.id))
            case let .kept(rewrite, _):
                refuse(sample, answer, ["rewrite.duplicate: the rewrite is sample \(rewrite.id), already in this part"], into: &output)
            case let .refused(reasons):
                refuse(sample, answer, reasons, into: &output)
            }
        }
        return output
    }

    private func refuse(_ sample: Sample, _ answer: ChatAnswer, _ reasons: [String], into output: inout StageOutput) {
        output.rejections.append(Finding(locator: sample.id, reason: "rewrite refused: " + reasons.joined(separator: "; ")))
        output.notes.append(SampleNote(sampleID: sample.id, key: "rewrite.answer", value: answer.content))
        output.notes += reasons.map { SampleNote(sampleID: sample.id, key: "rewrite.reason", value: $0) }
    }

    private func lineage(_ plan: Plan) -> [String: String] {
        settings.parameters.detail.merging(["model": settings.model, "prompt": plan.template.name, "original": plan.sample.id,
                                            "request": plan.key]) { _, new in new }
    }
}
