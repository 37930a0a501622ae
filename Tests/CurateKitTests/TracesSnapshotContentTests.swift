import Foundation
import Testing
@testable import CurateKit

/// What a snapshot must say, checked from its text alone: the SOURCE shows every function the
/// fixed code changes, and the REASONING gives at least one causal step of its own rather than
/// repeating the prompt. The recording test runs these checks on every snapshot of the corpus.
enum SnapshotContent {
    /// Names of the functions whose definitions `code` holds (`// file` lines and blank lines allowed).
    static func functionNames(_ code: String) -> Set<String> {
        let lines = code.components(separatedBy: "\n")
        let locator = FunctionLocator(text: code)
        var names = Set<String>()
        for number in 1...max(1, lines.count) where locator.function(containing: number)?.first == number {
            if let name = SnapshotBuilder.functionName(lines[number - 1]) { names.insert(name) }
        }
        return names
    }

    /// Functions the completion's code defines that the prompt's SOURCE does not show; with
    /// `existing`, only those among them (a function the fix adds cannot be shown before it).
    static func fixedFunctionsMissingFromSource(prompt: String, completion: String, existing: Set<String>? = nil) -> Set<String> {
        guard let source = prompt.components(separatedBy: "// ====== SOURCE ======\n").last,
              let code = completion.components(separatedBy: "*/\n").dropFirst().first else { return [] }
        let missing = functionNames(code).subtracting(functionNames(source))
        return existing.map { missing.intersection($0) } ?? missing
    }

    /// The numbered REASONING steps, without their numbers.
    static func steps(_ completion: String) -> [String] {
        let reasoning = completion.components(separatedBy: "*/\n")[0]
        return reasoning.components(separatedBy: "\n").compactMap { line in
            guard let dot = line.range(of: ". "), line[..<dot.lowerBound].allSatisfy(\.isNumber), !line[..<dot.lowerBound].isEmpty else { return nil }
            return String(line[dot.upperBound...])
        }
    }

    static let causalWords = try! NSRegularExpression(pattern: "\\b(so|because|since|therefore)\\b", options: .caseInsensitive)

    /// Why a REASONING only restates the prompt, or nil when it has a causal step of its own:
    /// a step (not the fix's own summary) that gives a cause or consequence and whose words are
    /// not all in the prompt; when the ThreadState names variables, such a step names one.
    static func restatement(prompt: String, completion: String, culprits: [String]) -> String? {
        let own = steps(completion).filter { !$0.hasPrefix("Fix: ") }
        let causal = own.filter { causalWords.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil && !prompt.contains($0) }
        guard !causal.isEmpty else { return "no causal step of its own in \(own)" }
        if !culprits.isEmpty, !causal.contains(where: { step in culprits.contains { step.contains("`\($0)`") } }) {
            return "no causal step names a culprit (\(culprits.joined(separator: ", ")))"
        }
        return nil
    }
}

@Suite struct TracesSnapshotContentTests {
    func grid() throws -> StageOutput {
        let root = TracesParserTests.fixtures.deletingLastPathComponent()
        let domain = DomainSettings(name: "debug", language: .cpp, root: root)
        let context = StageContext(domain: domain, outputRoot: FileManager.default.temporaryDirectory.appendingPathComponent("curate-traces-content"))
        let stage = try TracesStage(section: .empty(path: "traces"), domain: domain)
        return try stage.process(StageInput(id: "traces/grid", url: TracesParserTests.fixtures.appendingPathComponent("grid")), context)
    }

    @Test func fixtureSnapshotsShowTheFixedFunctionAndReasonCausally() throws {
        let output = try grid()
        #expect(!output.samples.isEmpty)
        for sample in output.samples {
            #expect(SnapshotContent.fixedFunctionsMissingFromSource(prompt: sample.prompt, completion: sample.completion).isEmpty, "\(sample.source.locator)")
            #expect(SnapshotContent.restatement(prompt: sample.prompt, completion: sample.completion, culprits: []) == nil, "\(sample.source.locator)")
        }
    }

    @Test func theChecksCatchAMissingFunctionAndARestatement() throws {
        let sample = try #require(try grid().samples.first { $0.source.locator == "asan-clang.txt" })
        // Only the faulting method in SOURCE: the fixed sumRow is missing.
        let parts = sample.prompt.components(separatedBy: "// ====== SOURCE ======\n")
        let cut = parts[0] + "// ====== SOURCE ======\nint cell(int x) const {\n    return cells[x]; // <-- BOOM\n}\n"
        #expect(SnapshotContent.fixedFunctionsMissingFromSource(prompt: cut, completion: sample.completion) == ["sumRow"])
        // A REASONING that repeats the report and the fix's summary says nothing of its own.
        let restated = "/* REASONING:\n1. AddressSanitizer reports heap-buffer-overflow in Grid::cell at grid.cpp:9.\n2. Fix: Stop at the last cell, so the loop ends.\n*/\nint f() {\n}\n"
        #expect(SnapshotContent.restatement(prompt: sample.prompt, completion: restated, culprits: []) != nil)
        let unnamed = "/* REASONING:\n1. The read goes past the end, so it fails.\n*/\n"
        #expect(SnapshotContent.restatement(prompt: sample.prompt, completion: unnamed, culprits: ["x"]) != nil)
    }

    @Test func sourceShowsFixedFunctionsOnceAcrossHunksAndFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curate-traces-hunks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = "#include <cstdio>\n\nlong hits = 0;\n\nvoid work() {\n    hits = hits + 1;\n}\n\nint main() {\n    work();\n    std::printf(\"%ld\\n\", hits);\n    return 0;\n}\n"
        try source.write(to: folder.appendingPathComponent("main.cpp"), atomically: true, encoding: .utf8)
        let diff = try UnifiedDiff(text: """
            Make it atomic.

            --- a/main.cpp
            +++ b/main.cpp
            @@ -1,7 +1,8 @@
            +#include <atomic>
             #include <cstdio>
             
            -long hits = 0;
            +std::atomic<long> hits{0};
             
             void work() {
            -    hits = hits + 1;
            +    hits.fetch_add(1);
             }
            @@ -8,5 +9,5 @@
             
             int main() {
                 work();
            -    std::printf("%ld\\n", hits);
            +    std::printf("%ld\\n", hits.load());
                 return 0;
            """, file: "fix.diff")
        let traceCase = try TraceCase(folder: folder)
        let builder = SnapshotBuilder()
        let shown = try builder.sourceSection(case: traceCase, crashFile: "main.cpp", crashLines: source.components(separatedBy: "\n"), boom: 6, fix: diff)
        #expect(shown == "long hits = 0;\n\nvoid work() {\n    hits = hits + 1; // <-- BOOM\n}\n\nint main() {\n    work();\n    std::printf(\"%ld\\n\", hits);\n    return 0;\n}\n")
        let fixed = try builder.fixedCode(case: traceCase, crashFile: "main.cpp", fix: diff)
        #expect(fixed.functions == ["work in main.cpp", "main in main.cpp"])
        #expect(fixed.code.components(separatedBy: "int main() {").count == 2, "main appears once")
        #expect(fixed.code.hasPrefix("#include <atomic>\n\nstd::atomic<long> hits{0};\n\nvoid work() {\n    hits.fetch_add(1);\n}\n"))
    }

    @Test func codeLineReadsNamesFromOneLine() {
        #expect(CodeLine.variables("    size_t length = std::strlen(value); // value may be null") == ["length", "value"])
        #expect(CodeLine.variables("Square* square = static_cast<Square*>(shape);") == ["Square", "square", "shape"])
        #expect(CodeLine.subscriptVariables("counts_[slot] += grid[row][col + 1];") == ["slot", "row", "col"])
        #expect(CodeLine.subscriptVariables("seen[scores[i]] += 1;") == [])
        #expect(CodeLine.dereferenced("return first->cost + last->cost;") == ["first", "last"])
        #expect(CodeLine.dereferenced("    std::free(m.body);") == ["m.body"])
        #expect(CodeLine.assignedTarget("    stats.processed += 1;") == "stats.processed")
        #expect(CodeLine.assignedTarget("char* line = new char[32];") == "line")
        #expect(CodeLine.assignedTarget("if (a == b) {") == nil)
        #expect(CodeLine.divisors("return total / count; // a/b") == ["count"])
        let lines = ["int f(int key) {", "    const char* v = lookup(key);", "    v = fallback(v);", "    return strlen(v);", "}"]
        #expect(CodeLine.origin(of: "v", in: lines, before: 4, from: 1)?.line == 3)
        #expect(CodeLine.origin(of: "key", in: lines, before: 4, from: 1) == nil, "a parameter has no assignment")
        #expect(CodeLine.declaredWithoutValue("    bool found;") == "found")
        #expect(CodeLine.declaredWithoutValue("  int weights[8]; // filled below") == "weights")
        #expect(CodeLine.declaredWithoutValue("unsigned long long *last;") == "last")
        #expect(CodeLine.declaredWithoutValue("    bool found = false;") == nil)
        #expect(CodeLine.declaredWithoutValue("    std::string name;") == nil, "a class constructs itself")
        #expect(CodeLine.declaredWithoutValue("    return found;") == nil)
    }

    /// valgrind says only which function's stack frame an uninitialised value came from: the
    /// one local that function declares without a value is named, when the marked line calls it.
    @Test func valgrindOriginNamesTheLocalDeclaredWithoutAValue() throws {
        let source = """
            bool contains(const int* values, int count, int wanted) {
                bool found;
                for (int i = 0; i < count; ++i) {
                    if (values[i] == wanted) found = true;
                }
                return found;
            }
            int main() {
                int values[] = {5, 8, 13};
                if (contains(values, 3, 4)) return 1;
                return 0;
            }

            """
        let traceCase = try Self.culpritCase(source: source, diff: "")
        defer { try? FileManager.default.removeItem(at: traceCase.folder) }
        func culprits(origin line: Int, boom: String) -> [SnapshotBuilder.Culprit] {
            let report = CrashReport(tool: .memcheck, kind: "Conditional jump or move depends on uninitialised value(s)",
                                     frames: [StackFrame(function: "main", file: "main.cpp", line: 10)],
                                     relatedStacks: [RelatedStack(title: "Uninitialised value was created by a stack allocation",
                                                                  frames: [StackFrame(function: "contains(int const*, int, int)", file: "main.cpp", line: line)])])
            var finder = VariableCulprits(builder: SnapshotBuilder(), report: report, frame: report.frames[0], family: .uninitialised,
                                          boomLine: boom, traceCase: traceCase, values: SnapshotBuilder.KnownValues())
            return finder.find()
        }
        let named = culprits(origin: 1, boom: "    if (contains(values, 3, 4)) return 1;")
        #expect(named.map(\.name) == ["found"])
        #expect(named.first?.localOf == "contains")
        #expect(named.first?.value == "<uninitialised>")
        // A marked line that does not call the origin function names nobody.
        #expect(culprits(origin: 1, boom: "    if (values[0] > 4) return 1;").isEmpty)
    }

    @Test func overflowArithmeticAndEditSummary() throws {
        let detail = try #require(SnapshotBuilder.overflowDetail("signed integer overflow: 295248414 * 31 cannot be represented in type 'int'"))
        #expect(detail.result == "9152700834" && detail.max == "2147483647")
        let diff = try UnifiedDiff(text: "Move it.\n\n--- a/m.cpp\n+++ b/m.cpp\n@@ -1,3 +1,3 @@\n-close(s);\n use(s);\n+close(s);\n", file: "fix.diff")
        #expect(SnapshotBuilder.editSummary(diff) == "moves `close(s);`")
    }

    @Test func frameValuesReadGdbAtTheSanitizerStop() {
        let text = """
            ==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x604000000030 at pc 0x1 bp 0x2 sp 0x3
            Breakpoint 1, __sanitizer::Die () at sanitizer_termination.cpp:50
            #0  __sanitizer::Die () at sanitizer_termination.cpp:50
            No locals.
            #4  0x000055555555529d in recordRequest (s=0x604000000010) at main.cpp:20
            No locals.
            #5  0x00005555555552f6 in main () at main.cpp:28
                    s = 0x604000000010
                    count = 0
            """
        let values = FrameValues(file: "asan-gcc.frames", text: text)
        #expect(values.reportedAddress == "0x604000000030")
        let frame = values.frame(matching: StackFrame(function: "recordRequest(Session*)", file: "main.cpp", line: 20), recursion: false)
        #expect(frame?.arguments == [TraceVariable(name: "s", value: "0x604000000010")])
        #expect(values.frames.last?.locals.map(\.name) == ["s", "count"])
    }

    @Test func memorySanitizerReportNamesTheUnsetVariable() throws {
        let text = """
            ==31032==WARNING: MemorySanitizer: use-of-uninitialized-value
                #0 0x55bd68e947f6 in countAbove(int const*, int, int) /src/cases/uninit/main.cpp:10:12
                #1 0x55bd68e9487b in main /src/cases/uninit/main.cpp:15:17

              Uninitialized value was created by an allocation of 'count' in the stack frame
                #0 0x55bd68e94540 in countAbove(int const*, int, int) /src/cases/uninit/main.cpp:4:5

            SUMMARY: MemorySanitizer: use-of-uninitialized-value /src/cases/uninit/main.cpp:10:12 in countAbove(int const*, int, int)
            Exiting
            """
        guard case let .crash(report) = try TraceParser.parse(name: "msan-clang.txt", text: text) else {
            Issue.record("expected a report")
            return
        }
        #expect(report.tool == .msan && report.kind == "use-of-uninitialized-value")
        #expect(report.object == "count")
        #expect(report.frames.map(\.baseName) == ["countAbove", "main"])
        #expect(BugFamily(report) == .uninitialised)
        #expect(report.relatedStacks.first?.frames.first?.line == 4)
        #expect(throws: TraceParseError.self) { try TraceParser.parse(name: "msan-clang.txt", text: text.replacingOccurrences(of: "SUMMARY", with: "SUMMRY")) }
    }

    /// In a deep recursion gdb cannot read the innermost call's arguments (they lie past the
    /// end of the stack); the values come from the innermost call it can read.
    @Test func recursionValuesComeFromTheInnermostReadableCall() {
        let text = """
            ==1==ERROR: AddressSanitizer: stack-overflow on address 0x7fffff7feff8 (pc 0x1 bp 0x2 sp 0x3 T0)
            Breakpoint 1, __sanitizer::Die () at sanitizer_termination.cpp:50
            #0  0x0000555555555181 in countDown (n=<error reading variable: Cannot access memory at address 0x7fffff7feff8>) at main.cpp:3
            No locals.
            #1  0x00005555555551a3 in countDown (n=-524103) at main.cpp:7
            No locals.
            #2  0x00005555555551a3 in countDown (n=-524101) at main.cpp:7
            No locals.
            """
        let values = FrameValues(file: "asan-gcc.frames", text: text)
        let crash = StackFrame(function: "countDown(long)", file: "main.cpp", line: 3)
        #expect(values.frame(matching: crash, recursion: true)?.arguments == [TraceVariable(name: "n", value: "-524103")])
        // Outside a recursion the crash frame's own line decides.
        #expect(values.frame(matching: crash, recursion: false)?.line == 3)
    }

    /// A case folder with `main.cpp` and `fix.diff`, for culprit tests.
    static func culpritCase(source: String, diff: String) throws -> TraceCase {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curate-culprits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try source.write(to: folder.appendingPathComponent("main.cpp"), atomically: true, encoding: .utf8)
        try diff.write(to: folder.appendingPathComponent("fix.diff"), atomically: true, encoding: .utf8)
        return try TraceCase(folder: folder)
    }

    /// valgrind's run has no values; the sanitizer build's run under gdb has them, with its own
    /// addresses: the pointer holding that run's fault address is the culprit, shown without one.
    @Test func aPointerIsNamedFromAnotherBuildsRun() throws {
        let traceCase = try Self.culpritCase(source: "int f(Session* s) {\n    return s->requests;\n}\n",
                                             diff: "--- a/main.cpp\n+++ b/main.cpp\n@@ -1,3 +1,3 @@\n int f(Session* s) {\n-    return s->requests;\n+    return 0;\n }\n")
        defer { try? FileManager.default.removeItem(at: traceCase.folder) }
        let report = CrashReport(tool: .memcheck, kind: "Invalid read", faultAddress: "0x4a8f0a0", access: MemoryAccess(kind: "read", size: 4),
                                 frames: [StackFrame(function: "f(Session*)", file: "main.cpp", line: 2)],
                                 location: "Address 0x4a8f0a0 is 32 bytes inside a block of size 40 free'd")
        let other = SnapshotBuilder.KnownValues(variables: [TraceVariable(name: "s", value: "0x604000000010"), TraceVariable(name: "n", value: "3")],
                                                sameRun: false, faultAddress: "0x604000000030")
        var finder = VariableCulprits(builder: SnapshotBuilder(), report: report, frame: report.frames[0], family: .useAfterFree,
                                      boomLine: "    return s->requests;", traceCase: traceCase, values: other)
        let culprits = finder.find()
        #expect(culprits.map(\.name) == ["s"])
        #expect(culprits.first?.value == "<dangling>")
        #expect(culprits.first?.comment.contains("32 bytes past it") == true, "\(culprits)")
        #expect(!culprits.contains { $0.value.contains("0x6040") }, "another run's address would not match the report's")
    }

    /// `++it` after `erase(it)`: no pointer on the line holds the freed address; the iterator
    /// the fix changes is the culprit, with the value gdb prints for it.
    @Test func aStaleIteratorTheFixChangesIsNamed() throws {
        let source = "void drop(std::list<int>& ages, int limit) {\n    for (auto it = ages.begin(); it != ages.end(); ++it) {\n        if (*it > limit) {\n            ages.erase(it);\n        }\n    }\n}\n"
        let diff = """
            --- a/main.cpp
            +++ b/main.cpp
            @@ -1,7 +1,9 @@
             void drop(std::list<int>& ages, int limit) {
            -    for (auto it = ages.begin(); it != ages.end(); ++it) {
            +    for (auto it = ages.begin(); it != ages.end();) {
                     if (*it > limit) {
            -            ages.erase(it);
            +            it = ages.erase(it);
            +        } else {
            +            ++it;
                     }
                 }
             }
            """
        let traceCase = try Self.culpritCase(source: source, diff: diff)
        defer { try? FileManager.default.removeItem(at: traceCase.folder) }
        let report = CrashReport(tool: .asan, kind: "heap-use-after-free", faultAddress: "0x7c2ff6be0070", access: MemoryAccess(kind: "read", size: 8),
                                 frames: [StackFrame(function: "drop(std::list<int>&, int)", file: "main.cpp", line: 2)],
                                 location: "0 bytes inside of 24-byte region")
        let values = SnapshotBuilder.KnownValues(variables: [TraceVariable(name: "it", value: "12"), TraceVariable(name: "ages", value: "std::list = {...}"),
                                                             TraceVariable(name: "limit", value: "10")],
                                                 sameRun: true, faultAddress: "0x7c2ff6be0070")
        var finder = VariableCulprits(builder: SnapshotBuilder(), report: report, frame: report.frames[0], family: .useAfterFree,
                                      boomLine: "    for (auto it = ages.begin(); it != ages.end(); ++it) {", traceCase: traceCase, values: values)
        let culprits = finder.find()
        #expect(culprits.map(\.name) == ["it"], "\(culprits)")
        #expect(culprits.first?.value == "12")
    }

    /// UBSan reports a member call on a null pointer at the member's column: the object
    /// expression before it (`n->next`, not `n`) is the culprit.
    @Test func aNullMemberCallNamesTheObjectAtTheColumn() throws {
        let traceCase = try Self.culpritCase(source: "int f(const Node* n) {\n    return n->payload() + n->next->payload();\n}\n",
                                             diff: "--- a/main.cpp\n+++ b/main.cpp\n@@ -1,3 +1,3 @@\n int f(const Node* n) {\n-    return n->payload() + n->next->payload();\n+    return 0;\n }\n")
        defer { try? FileManager.default.removeItem(at: traceCase.folder) }
        let line = "    return n->payload() + n->next->payload();"
        let column = line.distance(from: line.startIndex, to: line.range(of: "payload();")!.lowerBound) + 1
        let report = CrashReport(tool: .ubsan, kind: "null-pointer-use", message: "member call on null pointer of type 'Node'",
                                 frames: [StackFrame(function: "f(Node const*)", file: "main.cpp", line: 2, column: column)])
        let values = SnapshotBuilder.KnownValues(variables: [TraceVariable(name: "n", value: "0x7fffffffe4e8")], sameRun: true)
        var finder = VariableCulprits(builder: SnapshotBuilder(), report: report, frame: report.frames[0], family: .nullDereference,
                                      boomLine: line, traceCase: traceCase, values: values)
        let culprits = finder.find()
        #expect(culprits.map(\.name) == ["n->next"], "\(culprits)")
        #expect(culprits.first?.value == "nullptr")
    }

    @Test func stackOverflowMarksTheRecursiveCall() throws {
        let lines = ["long down(long n) {", "    if (n == 0) {", "        return 0;", "    }", "    return 1 + down(n - 2);", "}"]
        let frames = [StackFrame(function: "down", file: "main.cpp", line: 1), StackFrame(function: "down", file: "main.cpp", line: 5)]
        let report = CrashReport(tool: .asan, kind: "stack-overflow", frames: frames)
        let builder = SnapshotBuilder()
        #expect(builder.boomLine(report, frameIndex: 0, family: .stackOverflow, reported: 1, sourceLines: lines) == 5)
        // valgrind lists only the faulting frame: the one call of itself in the body is the line.
        let single = CrashReport(tool: .memcheck, kind: "SIGSEGV", frames: [frames[0]])
        #expect(builder.boomLine(single, frameIndex: 0, family: .stackOverflow, reported: 1, sourceLines: lines) == 5)
    }
}
