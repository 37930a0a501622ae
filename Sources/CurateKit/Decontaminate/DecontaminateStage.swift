import Foundation

/// Drops samples that contain an evaluation item, so that a model trained on the domain is
/// not tested on what it saw.
///
/// Every upstream part is one input; the evaluation sets are dependencies of each, so editing
/// a set redoes every part. A dropped sample is a rejection of its part naming the item, the
/// method and the overlap (`contaminated: cpp-problems/CPP/7 (code 0.94)`), with a
/// `contamination` note holding the same; kept samples pass unchanged.
public struct DecontaminateStage: SampleStage {
    public static let name = "decontaminate"
    public static let version = "1"

    let settings: DecontaminateSettings
    let domain: DomainSettings

    public init(section: ConfigTable, domain: DomainSettings) throws {
        settings = try DecontaminateSettings(section: section)
        self.domain = domain
    }

    init(settings: DecontaminateSettings, domain: DomainSettings) {
        self.settings = settings
        self.domain = domain
    }

    var setURLs: [URL] {
        settings.sets.map { path in
            (path.hasPrefix("/") ? URL(fileURLWithPath: path) : domain.root.appendingPathComponent(path)).standardizedFileURL
        }
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let parts = context.partInputs(upstream: [settings.upstream])
        guard !parts.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to decontaminate; run the '\(settings.upstream)' stage first")
        }
        for (url, shown) in zip(setURLs, settings.sets) where !FileManager.default.fileExists(atPath: url.path) {
            throw InputRejected("\(context.domain.name): evaluation set \(shown) does not exist")
        }
        return parts.map { StageInput(id: $0.id, url: $0.url, dependencies: setURLs) }
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let index = try ContaminationIndexCache.index(for: self)
        var output = StageOutput()
        var scratch = ContaminationIndex.Scratch()
        try SampleParts.forEach(in: [input.url]) { sample in
            guard let match = index.check(sample.trainingText, scratch: &scratch) else {
                output.samples.append(sample)
                return
            }
            let said = "\(match.item) (\(match.method) \(String(format: "%.2f", match.overlap)))"
            output.rejections.append(Finding(locator: sample.id, reason: "contaminated: \(said)"))
            output.notes.append(SampleNote(sampleID: sample.id, key: "contamination", value: said))
        }
        return output
    }

    /// Reads every set the settings name.
    func loadItems() throws -> [EvaluationItem] {
        try zip(setURLs, settings.sets).flatMap { try EvaluationSet.load($0, textFields: settings.textFields, shownAs: $1) }
    }
}

/// One index per settings and set contents, built by the first task that needs it and shared
/// by the others of the process.
enum ContaminationIndexCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built = [String: ContaminationIndex]()

    static func index(for stage: DecontaminateStage) throws -> ContaminationIndex {
        let items = try stage.loadItems()
        let key = Digest.combine(["\(stage.settings.hashValue)", "\(stage.domain.language)"] + items.map { $0.name + "\u{0}" + $0.text })
        lock.lock()
        defer { lock.unlock() }
        if let index = built[key] { return index }
        let index = ContaminationIndex(items: items, settings: stage.settings, hashComments: stage.domain.language != .cpp)
        built[key] = index
        return index
    }
}
