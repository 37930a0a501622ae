import Foundation

/// A stage of the pipeline: a deterministic function of its inputs, its settings and its version.
///
/// A stage is a list of steps (`Step`), each made of numbered tasks that read files and write
/// files. Most stages have one step that turns inputs into parts of samples (`SampleStage`);
/// stages that need a whole domain at once (dedup, tokenizer, shards) split that work into
/// steps whose tasks partition it, so no task holds a domain in memory and every task can run
/// on another machine. The `StageRunner` owns everything around the tasks: keys and reuse,
/// staging and committing their files, completion records, the catalog, progress.
public protocol Stage: Sendable {
    /// Name used in output paths (`out/<domain>/<name>/`), the catalog and the CLI.
    static var name: String { get }
    /// Bumped whenever the same input and settings would give different output.
    static var version: String { get }

    /// Reads this stage's section of a pipeline file (an empty table when the section is
    /// absent) and rejects keys it does not know (`ConfigTable.rejectUnknownKeys`).
    init(section: ConfigTable, domain: DomainSettings) throws

    /// The steps, in the order they run; a step's tasks may read what earlier steps wrote.
    var steps: [any Step] { get }
}

/// A stage that turns each input into samples: the runner groups the inputs into parts, and
/// each part's samples become one file, `part-NNNNN.jsonl.zst`.
public protocol SampleStage: Stage {
    /// The inputs of this run, in any order. `context.explicitPaths`, when set, replaces the
    /// sources named in the pipeline file (an ad-hoc run on files given on the command line).
    func inputs(_ context: StageContext) throws -> [StageInput]

    /// Turns one input into samples. Throwing rejects the whole input, with the error's
    /// description as the reason; a problem with one part of an input goes in `rejections`.
    func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput

    /// `process`, handing its output over in pieces as they are made (in order; together they
    /// are `process`'s output), so a stage reading a large upstream part need not hold all of
    /// it. By default one piece: the whole output.
    func process(_ input: StageInput, _ context: StageContext, emit: (StageOutput) throws -> Void) throws
}

extension SampleStage {
    public var steps: [any Step] { [PartsStep(stage: self)] }

    public func process(_ input: StageInput, _ context: StageContext, emit: (StageOutput) throws -> Void) throws {
        try emit(try process(input, context))
    }
}
