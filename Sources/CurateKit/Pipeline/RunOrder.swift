/// The order in which the stages of several domains run, shared by a local run (`Pipeline.run`)
/// and a cluster run (`SlurmPlan`): each stage for every domain before the next stage, so a
/// stage may read what an earlier one made for other domains (the converters read every
/// domain's tokenizer).
///
/// A domain with a stage that reads other domains' outputs (orchestration) runs its stages up
/// to the one it reads after every other domain has run that far, so what it reads exists and
/// is current; the stages after that run for every domain as before.
public struct RunOrder: Sendable {
    /// One stage for some domains. `afterOthers` marks the stages a reading domain runs once the
    /// other domains have run up to what it reads.
    public struct Wave: Sendable {
        public var stage: String
        public var configs: [PipelineConfig]
        public var afterOthers: Bool
    }

    public let waves: [Wave]

    /// The waves of `configs`, limited to the stages in `only` when given.
    public init(configs: [PipelineConfig], only: Set<String>? = nil) throws {
        let order = StageRegistry.standard.names
        let unknown = (only ?? []).subtracting(order)
        guard unknown.isEmpty else {
            throw ConfigError.invalid(file: "<command line>", key: "stage", line: nil,
                                      reason: "no stage named \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")); stages: \(order.joined(separator: ", "))")
        }
        var boundary: Int?
        var late = Set<String>()
        for config in configs {
            for configured in config.stages {
                guard let reader = configured.stage as? any ReadsOtherDomains,
                      let index = order.firstIndex(of: reader.readsThrough) else { continue }
                late.insert(config.domain.name)
                boundary = max(boundary ?? index, index)
            }
        }
        func configuring(_ stage: String, _ among: [PipelineConfig]) -> [PipelineConfig] {
            among.filter { config in config.stages.contains { $0.name == stage } }
        }
        let selected = order.filter { only?.contains($0) ?? true }
        var waves = [Wave]()
        func add(_ stage: String, _ among: [PipelineConfig], afterOthers: Bool) {
            let configs = configuring(stage, among)
            if !configs.isEmpty { waves.append(Wave(stage: stage, configs: configs, afterOthers: afterOthers)) }
        }
        let early = boundary.map { boundary in selected.filter { order.firstIndex(of: $0)! <= boundary } } ?? []
        for stage in early { add(stage, configs.filter { !late.contains($0.domain.name) }, afterOthers: false) }
        for stage in early { add(stage, configs.filter { late.contains($0.domain.name) }, afterOthers: true) }
        for stage in selected where !early.contains(stage) { add(stage, configs, afterOthers: false) }
        self.waves = waves
    }
}

/// A stage that reads what other domains' pipelines made, up to and including the stage
/// `readsThrough` (see `RunOrder` for the order this gives).
public protocol ReadsOtherDomains {
    var readsThrough: String { get }
}
