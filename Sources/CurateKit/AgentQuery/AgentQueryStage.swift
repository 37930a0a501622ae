import Foundation

/// The agentquery stage: functions of real C++ source trees that depend on a type defined
/// only in another file become pairs of AGENT QUERY samples (FORMATS.md section 3): the task
/// and the function, answered by REASONING and `__AGENT_QUERY__("definition", "T")`; then the
/// same exchange with the fetched definition, answered.
///
/// Definitions come from Universal Ctags (JSON output with end lines); clang's AST confirms the
/// object's type where it can compile the file (`clang` note: confirmed, or unavailable), and a
/// candidate whose type clang contradicts is dropped. One input is one source tree.
///
/// Settings (`[agentquery]`): `sources` (globs of tree folders, relative to the project root),
/// `min_function_lines`, `max_function_lines`, `max_definition_lines`, `max_per_type` (pairs
/// per queried type in one tree), `clang` (empty turns the confirmation off), `clang_standard`,
/// `timeout_seconds` (per clang run).
public struct AgentQueryStage: SampleStage {
    public static let name = "agentquery"
    public static let version = "2"

    var sources: [String]
    var cutter: QueryCutter
    var maxPerType: Int
    var confirmation: ClangConfirmation?

    public init(section: ConfigTable, domain: DomainSettings) throws {
        sources = try section.strings("sources", default: ["corpora/sources/*"])
        let minLines = try section.int("min_function_lines", default: 6, range: 1...500)
        let maxLines = try section.int("max_function_lines", default: 40, range: 1...500)
        guard minLines <= maxLines else {
            throw ConfigError.invalid(file: section.file, key: section.qualified("min_function_lines"),
                                      line: section.line(of: "min_function_lines"), reason: "is larger than max_function_lines")
        }
        cutter = QueryCutter(functionLines: minLines...maxLines,
                             maxDefinitionLines: try section.int("max_definition_lines", default: 90, range: 1...2000))
        maxPerType = try section.int("max_per_type", default: 3, range: 1...1000)
        let clang = try section.string("clang", default: "clang++")
        let standard = try section.string("clang_standard", default: "c++17")
        let timeout = try section.double("timeout_seconds", default: 60)
        confirmation = clang.isEmpty ? nil : ClangConfirmation(clang: clang, standard: standard, timeLimit: timeout)
        try section.rejectUnknownKeys()
        try SourceGlob.requireBases(of: "sources", in: section, root: domain.root)
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let folders = context.explicitPaths ?? sources.flatMap { SourceGlob.expand($0, root: context.domain.root) }
        return folders.filter { SourceGlob.isFolder($0) }.map { StageInput(id: context.displayPath($0), url: $0) }
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let index = try CtagsIndex.build(root: input.url)
        let files = FileCache(root: input.url)
        let (found, skipped) = cutter.candidates(index: index, files: files.text)
        var output = StageOutput()
        for (reason, count) in skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            output.skipped.append(Finding(locator: "functions", reason: "\(count) function(s) \(reason.rawValue)"))
        }
        // The same type asked for again and again teaches little: a few functions per type.
        var perType = [String: Int]()
        let chosen = found.sorted { ($0.function.path, $0.function.line) < ($1.function.path, $1.function.line) }.filter { candidate in
            let key = candidate.definition.qualifiedName
            perType[key, default: 0] += 1
            return perType[key]! <= maxPerType
        }
        if found.count > chosen.count {
            output.skipped.append(Finding(locator: "functions", reason: "\(found.count - chosen.count) function(s) over max_per_type for their type"))
        }
        let verdicts: [(verdict: ClangConfirmation.Verdict, detail: String)] = try WorkerPool.map(chosen.count, threads: context.threads) { number in
            confirmation?.check(chosen[number], root: input.url) ?? (.unavailable, "clang confirmation is off")
        }
        for (candidate, verdict) in zip(chosen, verdicts) {
            let locator = "\(candidate.function.path):\(candidate.function.line)-\(candidate.function.end ?? candidate.function.line)"
            if verdict.verdict == .contradicted {
                output.rejections.append(Finding(locator: locator, reason: "ctags and clang disagree on the type: \(verdict.detail)"))
                continue
            }
            guard let definitionSource = files.text(candidate.definition.path) else { continue }
            let exchange = QueryExchange(candidate, definitionSource: definitionSource)
            let detail = ["clang": verdict.verdict.rawValue, "task": exchange.task.rawValue, "type": candidate.typeName,
                          "definition": "\(candidate.definition.path):\(candidate.definition.line)"]
            for (step, prompt, completion) in [("query", exchange.prompt, exchange.completion),
                                               ("answer", exchange.followUpPrompt, exchange.followUpCompletion)] {
                let sample = Sample(domain: context.domain.name, kind: .agentQuery, prompt: prompt, completion: completion,
                                    source: SampleSource(uri: input.id, locator: "\(locator)#\(step)"),
                                    lineage: [LineageStep(stage: Self.name, version: Self.version, detail: detail)])
                output.samples.append(sample)
                output.notes.append(SampleNote(sampleID: sample.id, key: "clang", value: verdict.verdict == .confirmed ? "confirmed: \(verdict.detail)" : "\(verdict.verdict.rawValue): \(verdict.detail)"))
            }
        }
        appendBuildQueries(index: index, files: files, input: input, context: context, to: &output)
        appendFileQueries(index: index, files: files, input: input, context: context, to: &output)
        return output
    }

    /// File queries: calls to a free function declared in the one project header the file includes.
    func appendFileQueries(index: CtagsIndex, files: FileCache, input: StageInput, context: StageContext,
                           to output: inout StageOutput) {
        var perHeader = [String: Int]()
        let cutter = FileCutter(functionLines: cutter.functionLines, maxHeaderLines: 2 * cutter.maxDefinitionLines)
        let found = cutter.candidates(index: index, files: files.text).sorted { ($0.function.path, $0.function.line) < ($1.function.path, $1.function.line) }
        for candidate in found {
            perHeader[candidate.header, default: 0] += 1
            guard perHeader[candidate.header]! <= maxPerType else { continue }
            let exchange = FileExchange(candidate)
            let locator = "\(candidate.function.path):\(candidate.function.line)-\(candidate.function.end ?? candidate.function.line)"
            let detail = ["task": "file", "file": "\(candidate.header):1", "callees": candidate.callees.map(\.name).joined(separator: " ")]
            for (step, prompt, completion) in [("file-query", exchange.prompt, exchange.completion),
                                               ("file-answer", exchange.followUpPrompt, exchange.followUpCompletion)] {
                output.samples.append(Sample(domain: context.domain.name, kind: .agentQuery, prompt: prompt, completion: completion,
                                             source: SampleSource(uri: input.id, locator: "\(locator)#\(step)"),
                                             lineage: [LineageStep(stage: Self.name, version: Self.version, detail: detail)]))
            }
        }
    }

    /// Build queries: functions a change would give a newer language feature, asked against the
    /// C++ standard the tree's top-level CMakeLists.txt sets (trees without one single setting
    /// give none).
    func appendBuildQueries(index: CtagsIndex, files: FileCache, input: StageInput, context: StageContext,
                            to output: inout StageOutput) {
        guard let cmake = files.text("CMakeLists.txt") else { return }
        guard let build = BuildStandard.find(in: cmake) else {
            output.skipped.append(Finding(locator: "CMakeLists.txt", reason: "no single set(CMAKE_CXX_STANDARD N); no build queries"))
            return
        }
        var perFeature = [FeatureChange.Feature: Int]()
        let functions = index.functions(lines: cutter.functionLines).sorted { ($0.path, $0.line) < ($1.path, $1.line) }
        for function in functions {
            guard let source = files.text(function.path), let end = function.end else { continue }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            guard end <= lines.count else { continue }
            let text = lines[(function.line - 1)..<end].joined(separator: "\n")
            guard let change = FeatureChange.find(in: CxxText.code(text)) else { continue }
            perFeature[change.feature, default: 0] += 1
            guard perFeature[change.feature]! <= maxPerType else { continue }
            let exchange = BuildExchange(function: function, functionText: text, change: change, build: build)
            let locator = "\(function.path):\(function.line)-\(end)"
            let detail = ["task": "build", "feature": change.feature.rawValue, "standard": "\(build.standard)",
                          "build": "\(build.path):\(build.firstLine)"]
            for (step, prompt, completion) in [("build-query", exchange.prompt, exchange.completion),
                                               ("build-answer", exchange.followUpPrompt, exchange.followUpCompletion)] {
                output.samples.append(Sample(domain: context.domain.name, kind: .agentQuery, prompt: prompt, completion: completion,
                                             source: SampleSource(uri: input.id, locator: "\(locator)#\(step)"),
                                             lineage: [LineageStep(stage: Self.name, version: Self.version, detail: detail)]))
            }
        }
    }
}

/// The files of one tree, read once each; a file that is not UTF-8 counts as absent.
final class FileCache: @unchecked Sendable {
    private let root: URL
    private var texts = [String: String?]()
    private let lock = NSLock()

    init(root: URL) { self.root = root }

    func text(_ path: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let known = texts[path] { return known }
        let text = (try? Data(contentsOf: root.appendingPathComponent(path))).flatMap { String(data: $0, encoding: .utf8) }
        texts[path] = text
        return text
    }
}
