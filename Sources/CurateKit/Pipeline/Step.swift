import Foundation

/// One step of a stage: numbered tasks, each of which reads its inputs and writes files.
///
/// A task's files depend only on its key — the stage's name, version and settings, the step,
/// the task's number among the step's tasks and the ids and digests of its inputs — so a task
/// can run on any thread, process or machine and give the same bytes. Tasks of one step are
/// independent; a step's tasks may read what every task of the earlier steps wrote.
public protocol Step: Sendable {
    /// Names the step in completion records and in the folder of its intermediate files.
    var name: String { get }

    /// The tasks of this run, numbered from 0; called once the earlier steps are complete.
    func tasks(_ context: StageContext) throws -> [StepTask]

    /// Runs one task: writes its files through `output` (the runner commits them when the task
    /// returns) and reports what it found. Throwing fails the task and leaves its earlier
    /// files in place.
    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport
}

/// One task of a step: its number and the inputs its key is made of.
public struct StepTask: Sendable {
    public var index: Int
    public var inputs: [StageInput]

    public init(index: Int, inputs: [StageInput]) {
        self.index = index
        self.inputs = inputs
    }
}

/// What one task found, for the catalog: the outcome of each of its inputs, the samples it
/// wrote and notes on them. Steps that write intermediate files report no inputs or samples.
public struct TaskReport: Sendable {
    public var inputs: [InputRecord]
    public var samples: [SampleRow]
    public var notes: [SampleNote]

    public init(inputs: [InputRecord] = [], samples: [SampleRow] = [], notes: [SampleNote] = []) {
        self.inputs = inputs
        self.samples = samples
        self.notes = notes
    }

    var rejected: Int { inputs.reduce(0) { $0 + $1.rejections.count + ($1.failure == nil ? 0 : 1) } }
    var skipped: Int { inputs.reduce(0) { $0 + $1.skipped.count } }
    var pending: Int { inputs.reduce(0) { $0 + $1.pending.count } }
}

/// One input of a task and its outcome.
public struct InputRecord: Sendable, Codable, Hashable {
    public var uri: String
    public var digest: String?
    /// Why the whole input was rejected, if it was.
    public var failure: String?
    public var samples: Int
    public var rejections: [Finding]
    public var skipped: [Finding]
    /// Places left for a later run (see `StageOutput.pending`).
    public var pending: [Finding]

    public init(uri: String, digest: String? = nil, failure: String? = nil, samples: Int = 0,
                rejections: [Finding] = [], skipped: [Finding] = [], pending: [Finding] = []) {
        self.uri = uri
        self.digest = digest
        self.failure = failure
        self.samples = samples
        self.rejections = rejections
        self.skipped = skipped
        self.pending = pending
    }
}

/// What the catalog keeps of one sample: where it came from and how it scored, not its text.
public struct SampleRow: Sendable, Codable, Hashable {
    public var id: String
    public var kind: String
    public var uri: String
    public var locator: String
    public var title: String?
    public var licence: String?
    public var band: String?
    /// The scores as one JSON object, or nil when the sample has none.
    public var scores: String?
    public var promptBytes: Int
    public var completionBytes: Int

    public init(_ sample: Sample) {
        id = sample.id
        kind = sample.kind.rawValue
        uri = sample.source.uri
        locator = sample.source.locator
        title = sample.source.title
        licence = sample.source.licence
        band = sample.band?.rawValue
        scores = sample.scores.isEmpty ? nil : String(decoding: (try? JSONCoding.line.encode(sample.scores)) ?? Data(), as: UTF8.self)
        promptBytes = sample.prompt.utf8.count
        completionBytes = sample.completion.utf8.count
    }
}
