import Foundation

/// The traces stage: each case folder gives one DEBUGGER SNAPSHOT sample per trace file.
///
/// Where traces come from: a case folder that holds trace files is read as it is (hand-made
/// or imported cases). A case without traces is looked up under the raw-trace folder that
/// `curate traces record` fills (`raw_traces`, default `<out>/traces-raw`): the recorder
/// copies the sources and fix there beside the traces, so that folder is a complete case and
/// becomes the stage input in its place. Either way one folder holds everything a sample is
/// made from, so the runner's digest of that folder decides when a case must be redone.
///
/// Settings (`[traces]`): `cases` (globs of case folders, relative to the project root; the
/// folder before the first wildcard must exist),
/// `raw_traces` (folder), `max_function_lines` (longer functions are shown as a window),
/// `window_lines` (lines on each side of the faulting line in a window).
public struct TracesStage: SampleStage {
    public static let name = "traces"
    /// 4: a valgrind uninitialised value names the one local its origin function declares without a value.
    public static let version = "4"

    public var cases: [String]
    public var rawTraces: String?
    public var maxFunctionLines: Int
    public var windowLines: Int

    public init(section: ConfigTable, domain: DomainSettings) throws {
        cases = try section.strings("cases", default: ["corpora/traces/*"])
        rawTraces = try section.string("raw_traces")
        maxFunctionLines = try section.int("max_function_lines", default: 60, range: 5...2000)
        windowLines = try section.int("window_lines", default: 10, range: 1...200)
        try section.rejectUnknownKeys()
        try SourceGlob.requireBases(of: "cases", in: section, root: domain.root)
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let folders: [URL]
        if let explicit = context.explicitPaths {
            folders = try TraceCase.caseFolders(in: explicit)
        } else {
            folders = cases.flatMap { SourceGlob.expand($0, root: context.domain.root) }.filter { SourceGlob.isFolder($0) }
        }
        let raw = rawTraces.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : context.domain.root.appendingPathComponent($0) }
            ?? context.outputRoot.appendingPathComponent("traces-raw")
        return folders.map { folder in
            let id = context.displayPath(folder)
            let hasTraces = ((try? TraceCase(folder: folder))?.traces.isEmpty == false)
            let recorded = raw.appendingPathComponent(folder.lastPathComponent)
            if !hasTraces, let recordedCase = try? TraceCase(folder: recorded), !recordedCase.traces.isEmpty {
                return StageInput(id: id, url: recorded)
            }
            return StageInput(id: id, url: folder)
        }
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let traceCase = try TraceCase(folder: input.url)
        guard !traceCase.traces.isEmpty else {
            throw InputRejected("no trace files in the case folder, and none recorded for it; run `curate traces record` first")
        }
        guard !traceCase.sources.isEmpty else {
            throw InputRejected("no source files (.cpp, .h, ...) in the case folder")
        }
        var fix: UnifiedDiff?
        var output = StageOutput()
        if FileManager.default.fileExists(atPath: input.url.appendingPathComponent("fix.diff").path) {
            do { fix = try UnifiedDiff(text: try traceCase.text("fix.diff"), file: "fix.diff") } catch {
                output.rejections.append(Finding(locator: "fix.diff", reason: "\(error); samples are prompt-only"))
            }
        }
        let builder = SnapshotBuilder(maxFunctionLines: maxFunctionLines, windowRadius: windowLines)
        for name in traceCase.traces {
            do {
                let outcome = try TraceParser.parse(name: name, text: try traceCase.text(name))
                switch outcome {
                case let .clean(tool, detail):
                    output.skipped.append(Finding(locator: name, reason: "\(tool.displayName) saw no error (\(detail)); nothing to show"))
                case let .crash(report):
                    let snapshot = try builder.build(case: traceCase, traceName: name, report: report, fix: fix)
                    let sample = Sample(
                        domain: context.domain.name, kind: .snapshot, prompt: snapshot.prompt, completion: snapshot.completion,
                        source: SampleSource(uri: input.id, locator: name),
                        lineage: [LineageStep(stage: Self.name, version: Self.version, detail: ["tool": report.tool.rawValue])])
                    output.samples.append(sample)
                    output.notes.append(SampleNote(sampleID: sample.id, key: "crash", value: "\(report.kind) in \(snapshot.frame.baseName) at \(snapshot.frame.file ?? "?"):\(snapshot.frame.line ?? 0)"))
                }
            } catch {
                output.rejections.append(Finding(locator: name, reason: "\(error)"))
            }
        }
        return output
    }
}
