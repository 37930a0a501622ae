import Foundation
import Testing
@testable import CurateKit

/// Snippets judged many per tool run must get the verdicts they get one at a time. These run
/// the real tools: g++, bash, shellcheck and cmake.
@Suite(.serialized) struct QualityBatchTests {
    static let root = TextbooksSupport.repositoryRoot
    static let cppreference = root.appendingPathComponent("corpora/real/cppreference-doc-en-html/usr/share/cppreference/doc/html/en/cpp")

    /// The code parts of the pairs the textbooks stage makes from `folder` with the settings of
    /// `pipeline` (a pipeline file under pipelines/).
    static func codeParts(of folder: URL, pipeline: String, language: CodeLanguage) throws -> [SampleAnatomy.Code] {
        let config = try PipelineConfig.load(root.appendingPathComponent(pipeline), root: root)
        let stage = config.stages.first { $0.name == TextbooksStage.name }!.stage as! TextbooksStage
        let domain = DomainSettings(name: language.rawValue, language: language, root: root)
        let scratch = try TextbooksSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let context = StageContext(domain: domain, explicitPaths: [folder], outputRoot: scratch)
        var parts = [SampleAnatomy.Code]()
        for input in try stage.inputs(context).sorted(by: { $0.id < $1.id }) {
            for sample in try stage.process(input, context).samples {
                parts += SampleAnatomy(sample, language: language).code
            }
        }
        return parts
    }

    /// Judges `parts` in batches, then each alone, and compares; returns how many differ.
    @discardableResult
    static func expectBatchedEqualsSingle(_ parts: [SampleAnatomy.Code], threads: Int = 2) throws -> Int {
        let scorer = CodeValidityScorer()
        let batched = MemoryStageCache()
        try scorer.prepare(parts, cache: batched, threads: threads)
        var differences = 0
        for part in parts {
            let fromBatch = try scorer.check(part, cache: batched)
            let alone = try scorer.check(part, cache: nil)
            if fromBatch != alone {
                differences += 1
                Issue.record("batched \(fromBatch) alone \(alone) for:\n\(part.text)")
            }
        }
        return differences
    }

    @Test(arguments: [CodeLanguage.cpp, .shell, .cmake])
    func batchedVerdictsEqualSingleOnBundledBooks(_ language: CodeLanguage) throws {
        let folder = Self.root.appendingPathComponent("corpora/books/\(language.rawValue)")
        var parts = try Self.codeParts(of: folder, pipeline: "pipelines/\(language.rawValue).toml", language: language)
        parts += QualityFixtures.entries.values.filter { $0.language == language }
            .flatMap { SampleAnatomy($0.sample, language: $0.language).code }
        #expect(parts.count >= 10)
        try Self.expectBatchedEqualsSingle(parts)
    }

    /// Every `CURATE_BATCH_EVERY`-th (default 15th) C++ pair of cppreference, with the full
    /// pipeline's settings; runs when `make corpora` has fetched it.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: cppreference.path)))
    func batchedVerdictsEqualSingleOnCppreference() throws {
        let every = ProcessInfo.processInfo.environment["CURATE_BATCH_EVERY"].flatMap(Int.init) ?? 15
        let all = try Self.codeParts(of: Self.cppreference, pipeline: "pipelines/full/cpp.toml", language: .cpp)
        let parts = stride(from: 0, to: all.count, by: max(1, every)).map { all[$0] }
        #expect(parts.count >= 50)
        try Self.expectBatchedEqualsSingle(parts)
    }

    func cxx(_ snippets: [String]) throws -> (verdicts: [CodeValidityScorer.Verdict], statistics: CxxBatchChecker.Statistics, alone: [CodeValidityScorer.Verdict]) {
        let checker = CxxSnippetChecker(compiler: "g++", standard: "c++20")
        let batched = try CxxBatchChecker(checker: checker).judge(snippets, threads: 1, timeout: 60)
        let alone = try snippets.map { snippet in try ScratchFolder.with { try checker.judge(snippet, in: $0, timeout: 60) } }
        return (batched.verdicts, batched.statistics, alone)
    }

    /// Two `main`s, three classes named alike (one of them broken): each stays in its own
    /// namespace, so all share one translation unit and keep their own verdicts.
    @Test func collidingDeclarationsKeepTheirOwnVerdicts() throws {
        let snippets = [
            "#include <iostream>\nstruct Widget { int size = 1; };\nint main() { std::cout << Widget{}.size; }",
            "#include <iostream>\nstruct Widget { double size() const { return 2; } };\nint main() { std::cout << Widget{}.size(); }",
            "#include <iostream>\nstruct Widget { int size; };\nint main() { std::cout << Widget{}.size(); }",
        ]
        let result = try cxx(snippets)
        #expect(result.verdicts == result.alone)
        #expect(result.verdicts.map(\.score) == [1, 1, 0])
        // One run per round: all three pass or fail in the first, the broken one goes on alone
        // through the other two, still in a batch.
        #expect(result.statistics.batchRuns == 3, "\(result.statistics)")
        #expect(result.statistics.singleRuns == 0, "\(result.statistics)")
        // Alone, the broken one fails all three attempts; its verdict came from the batch's errors.
        #expect(result.verdicts[2].reasons.first?.hasPrefix("validity.cxx_error:") == true, "\(result.verdicts[2])")
    }

    /// An error reported inside a standard header (a template instantiated from a snippet)
    /// and an unclosed brace (which breaks the fence after it) cannot be pinned on a snippet
    /// by file name; the output still points at them, so they are set aside and checked alone.
    @Test func unattributableErrorsSplitTheBatch() throws {
        let good = (0..<6).map { "#include <vector>\n#include <algorithm>\nint main() { std::vector<int> v{3, 1, 2}; std::sort(v.begin(), v.end()); return v[\($0 % 3)]; }" }
        let inHeader = "#include <vector>\n#include <algorithm>\nstruct P {};\nint main() { std::vector<P> v(2); std::sort(v.begin(), v.end()); }"
        let unclosed = "#include <vector>\n#include <algorithm>\nint main() { std::vector<int> v;\n"
        let snippets = Array(good[..<3]) + [inHeader] + Array(good[3...]) + [unclosed]
        let result = try cxx(snippets)
        #expect(result.verdicts == result.alone)
        #expect(result.statistics.setAside == 2 && result.statistics.splits == 0, "\(result.statistics)")
        #expect(result.verdicts[3].score == 0 && result.verdicts[7].score == 0, "\(result.verdicts)")
        #expect(result.verdicts.enumerated().filter { ![3, 7].contains($0.offset) }.allSatisfy { $0.element.score == 1 })
        // Only the two that cannot be pinned are retried alone, from the attempt they reached.
        #expect(result.statistics.singleRuns >= 2 && result.statistics.singleRuns <= 6, "\(result.statistics)")
    }

    /// A batch that leaves a macro, an unclosed comment or `#if`, or a `void main` behind
    /// would judge other snippets wrongly, and a namespace would hide a clash with a C library
    /// name: such snippets are recognised and checked alone, the rest of their batch unaffected.
    @Test func snippetsThatReachPastTheirNamespaceAreCheckedAlone() throws {
        #expect(CxxSnippetShape("#include <vector>\n// note\n#include <map> // maps\nint main() {}").includes == ["vector", "map"])
        #expect(CxxSnippetShape("#include <vector>\nint main() {}").batchable)
        #expect(CxxSnippetShape("std::vector<int>::iterator it; int x = A::b;").batchable)
        for shape in ["#define N 3\nint a[N];", "int x;\n#include <vector>", "void main() {}", "extern \"C\" int f();",
                      "int x; int f() { return ::x; }", "namespace std { struct X {}; }", "template<> struct S<int> {};",
                      "void* operator new(std::size_t);", "#if 0\nint x;"] {
            #expect(!CxxSnippetShape(shape).batchable, "\(shape)")
        }
        #expect(CxxSnippetShape("struct Point { int x; };\nvoid read() { int local = 0; }\nint main() {}").topLevelNames
                == ["Point", "read", "main"])
        // Alone, `read` overloads the C library's ::read and std::thread cannot pick one; in a
        // namespace it would hide it and compile.
        let snippets = ["#include <thread>\nvoid read() {}\nint main() { std::thread t(read); t.join(); }",
                        "#define int long\nint main() {}", "/* open comment\nint main() {}", "void main() {}",
                        "int main() { return 0; }", "#include <string>\nint main() { std::string s; }"]
        let result = try cxx(snippets)
        #expect(result.verdicts == result.alone)
    }
}
