import Foundation
import Testing
@testable import CurateKit

/// The snapshot builder and the traces stage on fixture cases: FORMATS.md section 2 shape,
/// normalised text, fixes, and bad input turned into rejections.
@Suite struct TracesStageTests {
    static let fixtures = TracesParserTests.fixtures
    static let root = fixtures.deletingLastPathComponent()

    func context() -> StageContext {
        StageContext(domain: DomainSettings(name: "debug", language: .cpp, root: Self.root),
                     outputRoot: FileManager.default.temporaryDirectory.appendingPathComponent("curate-traces-tests"))
    }

    func run(_ folder: String) throws -> StageOutput {
        let stage = try TracesStage(section: .empty(path: "traces"), domain: context().domain)
        let url = Self.fixtures.appendingPathComponent(folder)
        return try stage.process(StageInput(id: "traces/\(folder)", url: url), context())
    }

    /// Checks the prompt has the snapshot's sections in order and no machine details.
    func checkShape(_ sample: Sample) {
        let prompt = sample.prompt
        let markers = ["// ====== DEBUGGER SNAPSHOT ======\nstruct ThreadState {\n", "};\n// ====== TASK ======\n// ", "// ====== SOURCE ======\n", "// <-- BOOM"]
        var cursor = prompt.startIndex
        for marker in markers {
            guard let range = prompt.range(of: marker, range: cursor..<prompt.endIndex) else {
                Issue.record("\(sample.source.locator): missing or misplaced \(marker.debugDescription)")
                return
            }
            cursor = range.upperBound
        }
        #expect(prompt.components(separatedBy: "// <-- BOOM").count == 2, "exactly one BOOM")
        for text in [prompt, sample.completion] {
            #expect(!text.contains("/home/"), "absolute path in \(sample.source.locator)")
            #expect(!text.contains("pid=") && !text.contains("tid=") && text.range(of: "==[0-9]+==", options: .regularExpression) == nil,
                    "PID in \(sample.source.locator)")
            #expect(text.range(of: "0x[0-9a-fA-F]{5,}", options: .regularExpression) == nil, "raw address in \(sample.source.locator)")
        }
        #expect(sample.kind == .snapshot)
        #expect(sample.domain == "debug")
    }

    @Test func everyFixtureTraceGivesAWellFormedSnapshot() throws {
        let grid = try run("grid")
        let pool = try run("pool")
        #expect(grid.rejections.isEmpty, "\(grid.rejections)")
        #expect(pool.rejections.isEmpty, "\(pool.rejections)")
        #expect(grid.samples.count == 7, "eight traces, one of them a clean run")
        #expect(grid.skipped.map(\.locator) == ["gdb-clean.txt"])
        #expect(pool.samples.count == 3)
        for sample in grid.samples + pool.samples { checkShape(sample) }
        #expect(grid.samples.allSatisfy { !$0.completion.isEmpty }, "grid has a fix")
        #expect(pool.samples.allSatisfy { $0.completion.isEmpty }, "pool has no fix: prompt-only")
    }

    @Test func gdbSnapshotNamesTheNullCulprit() throws {
        let output = try run("grid")
        let sample = try #require(output.samples.first { $0.source.locator == "gdb-gcc.txt" })
        #expect(sample.prompt.contains("    func = \"Grid::cell\";\n"))
        #expect(sample.prompt.contains("    error = SIGSEGV; // signal 11 (Segmentation fault), fault address 0x0\n"))
        #expect(sample.prompt.contains("    this = nullptr; // null: the member function runs on a null object\n"))
        #expect(sample.prompt.contains("// Fix the null pointer dereference in Grid::cell:\n// 'this' is null on the marked line.\n"))
        let source = sample.prompt.components(separatedBy: "// ====== SOURCE ======\n")[1]
        // The faulting method, then sumRow: the function the fix changes, before the fix.
        #expect(source.hasPrefix("int cell(int x) const {\n    return cells[x]; // <-- BOOM\n}\n\nint sumRow(const Grid* grid, int n) {\n"))
        #expect(source.contains("    for (int x = 0; x <= n; ++x) {\n"))
    }

    @Test func fixGivesReasoningAndTheFixedFunction() throws {
        let output = try run("grid")
        let sample = try #require(output.samples.first { $0.source.locator == "asan-clang.txt" })
        #expect(sample.prompt.contains("error = \"heap-buffer-overflow\"; // AddressSanitizer: read of size 4 at <addr1>"))
        #expect(sample.prompt.contains("allocated in main (grid.cpp:32)"))
        let completion = sample.completion
        #expect(completion.hasPrefix("/* REASONING:\n1. AddressSanitizer reports heap-buffer-overflow in Grid::cell at grid.cpp:9, on `return cells[x];`.\n"))
        #expect(completion.contains("lands outside the memory it indexes (0 bytes after 12-byte region), so AddressSanitizer stops the program"))
        #expect(completion.contains("Grid::cell is called from sumRow at grid.cpp:16 (`total += grid->cell(x);`)."))
        #expect(completion.contains("The fix changes sumRow in grid.cpp: it replaces `for (int x = 0; x <= n; ++x) {` with `for (int x = 0; x < n; ++x) {`."))
        #expect(completion.contains("Fix: Stop at the last cell: valid indices are 0 to n-1."))
        #expect(completion.hasSuffix("*/\nint sumRow(const Grid* grid, int n) {\n    int total = 0;\n    for (int x = 0; x < n; ++x) {\n        total += grid->cell(x);\n    }\n    return total;\n}\n"))
    }

    @Test func divisorCulpritFromUBSanAndGdb() throws {
        let output = try run("grid")
        for name in ["ubsan-gcc.txt", "ubsan-clang.txt", "gdb-clang.txt"] {
            let sample = try #require(output.samples.first { $0.source.locator == name })
            #expect(sample.prompt.contains("    b = 0; // the divisor on the marked line"), "\(name)")
            #expect(sample.prompt.contains("// Fix the division by zero in ratio: 'b' is 0.\n"), "\(name)")
            #expect(sample.prompt.contains("    return a / b; // <-- BOOM\n"), "\(name)")
        }
    }

    @Test func raceSnapshotNamesTheGlobal() throws {
        let output = try run("pool")
        let tsan = try #require(output.samples.first { $0.source.locator == "tsan-gcc.txt" })
        #expect(tsan.prompt.contains("    done = \"global 'done' of size 4\"; // read of size 4 by thread T2 here; previous write by thread T1 in finish (pool.cpp:10)\n"))
        #expect(tsan.prompt.contains("// Fix the data race on 'done' in finish:"))
        let helgrind = try #require(output.samples.first { $0.source.locator == "helgrind.txt" })
        #expect(helgrind.prompt.contains("// Fix the data race on 'done' in finish:"))
    }

    @Test func badInputsAreRejectedWithReasonsAndTheRestGoesOn() throws {
        let output = try run("bad")
        let reasons = Dictionary(uniqueKeysWithValues: output.rejections.map { ($0.locator, $0.reason) })
        #expect(output.samples.isEmpty)
        #expect(reasons["asan-truncated.txt"]?.contains("truncated") == true)
        #expect(reasons["asan-interleaved.txt"]?.contains("interleaved") == true)
        #expect(reasons["gdb-library.txt"]?.contains("all 3 frames are in libraries") == true)
        #expect(reasons["gdb-missing-source.txt"]?.contains("renderer.cpp, which is missing") == true)
        #expect(reasons["unknown.txt"]?.contains("unknown tool") == true)
        #expect(reasons.count == 5)
    }

    @Test func deterministicOutput() throws {
        let first = try run("grid").samples
        let second = try run("grid").samples
        #expect(first == second)
        // Both compilers' AddressSanitizer traces show the same facts, so they give the same sample.
        let gcc = try #require(first.first { $0.source.locator == "asan-gcc.txt" })
        let clang = try #require(first.first { $0.source.locator == "asan-clang.txt" })
        #expect(gcc.id == clang.id)
    }

    @Test func longFunctionsFallBackToAWindow() throws {
        let traceCase = try TraceCase(folder: Self.fixtures.appendingPathComponent("grid"))
        guard case let .crash(report) = try TraceParser.parse(name: "gdb-gcc.txt", text: try traceCase.text("gdb-gcc.txt")) else {
            Issue.record("expected a crash")
            return
        }
        let builder = SnapshotBuilder(maxFunctionLines: 2, windowRadius: 2)
        let snapshot = try builder.build(case: traceCase, traceName: "gdb-gcc.txt", report: report, fix: nil)
        #expect(snapshot.prompt.hasSuffix("// ====== SOURCE ======\n\n    int cell(int x) const {\n        return cells[x]; // <-- BOOM\n    }\n};\n"))
        #expect(snapshot.completion.isEmpty, "no fix given: prompt-only")
    }

    @Test func inputsPreferTheCaseFolderAndFallBackToRecordedTraces() throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("curate-traces-inputs-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: root) }
        let grid = Self.fixtures.appendingPathComponent("grid")
        let withTraces = root.appendingPathComponent("corpora/traces/with-traces")
        let sourcesOnly = root.appendingPathComponent("corpora/traces/sources-only")
        let recorded = root.appendingPathComponent("out/traces-raw/sources-only")
        for folder in [withTraces, sourcesOnly, recorded] { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
        for (folder, files) in [(withTraces, ["grid.cpp", "gdb-gcc.txt"]), (sourcesOnly, ["grid.cpp"]), (recorded, ["grid.cpp", "asan-gcc.txt"])] {
            for file in files { try manager.copyItem(at: grid.appendingPathComponent(file), to: folder.appendingPathComponent(file)) }
        }
        let domain = DomainSettings(name: "debug", language: .cpp, root: root)
        let context = StageContext(domain: domain, outputRoot: root.appendingPathComponent("out"))
        let stage = try TracesStage(section: .empty(path: "traces"), domain: domain)
        let inputs = try stage.inputs(context)
        #expect(inputs.map(\.id) == ["corpora/traces/sources-only", "corpora/traces/with-traces"])
        #expect(inputs[0].url.standardizedFileURL.path == recorded.standardizedFileURL.path)
        #expect(inputs[1].url.standardizedFileURL.path == withTraces.standardizedFileURL.path)
        let output = try stage.process(inputs[0], context)
        #expect(output.samples.map(\.source.locator) == ["asan-gcc.txt"])
        #expect(output.samples.first?.source.uri == "corpora/traces/sources-only")
    }

    @Test func placeholdersKeepSmallValues() {
        var placeholders = AddressPlaceholders()
        #expect(placeholders.normalise("p=0x0 q=0x7ffe1234abcd r=0x18 s=0x7ffe1234abcd t=0x602000000010")
                == "p=0x0 q=<addr1> r=0x18 s=<addr1> t=<addr2>")
    }

    @Test func functionLocatorSkipsStringsAndComments() {
        let text = """
            // a { comment
            int f(const char* s) {
                const char* brace = "}{";
                /* } */
                if (s) {
                    return 1;
                }
                return 0;
            }
            """
        let locator = FunctionLocator(text: text)
        #expect(locator.function(containing: 6) == FunctionLocator.Span(first: 2, last: 9))
        #expect(locator.function(containing: 1) == nil)
    }

    @Test func unifiedDiffAppliesAndRejectsStaleContext() throws {
        let diff = try UnifiedDiff(text: "Say why.\n\n--- a/x.cpp\n+++ b/x.cpp\n@@ -1,3 +1,3 @@\n int f() {\n-    return 1;\n+    return 2;\n }\n", file: "fix.diff")
        #expect(diff.summary == "Say why.")
        let (text, changed) = try diff.apply(to: "int f() {\n    return 1;\n}\n", path: "x.cpp", file: "fix.diff")
        #expect(text == "int f() {\n    return 2;\n}\n")
        #expect(changed == [2])
        #expect(throws: TraceParseError.self) { try diff.apply(to: "int f() {\n    return 3;\n}\n", path: "x.cpp", file: "fix.diff") }
    }

    @Test func configRejectsUnknownKeys() {
        #expect(throws: ConfigError.self) {
            try PipelineConfig.parse("domain = \"debug\"\n[traces]\ncases = [\"x/*\"]\nwindow = 3\n", file: "debug.toml", root: Self.root)
        }
    }
}
