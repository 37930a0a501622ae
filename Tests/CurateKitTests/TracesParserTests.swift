import Foundation
import Testing
@testable import CurateKit

/// The trace parsers on fixture traces recorded from the project's own fixture programs
/// (paths rewritten to `/home/dev/...`), in both compilers' wordings.
@Suite struct TracesParserTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("traces")

    func parse(_ folder: String, _ name: String) throws -> TraceOutcome {
        let url = Self.fixtures.appendingPathComponent(folder).appendingPathComponent(name)
        return try TraceParser.parse(name: name, text: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    func crash(_ folder: String, _ name: String) throws -> CrashReport {
        guard case let .crash(report) = try parse(folder, name) else {
            Issue.record("\(name) parsed as a clean run")
            throw TraceParseError(file: name, line: nil, reason: "clean")
        }
        return report
    }

    @Test func gdbNullMemberCall() throws {
        let report = try crash("grid", "gdb-gcc.txt")
        #expect(report.tool == .gdb)
        #expect(report.signal == SignalInfo(name: "SIGSEGV"))
        #expect(report.signal?.number == 11)
        #expect(report.faultAddress == "0x0")
        #expect(report.frames.map(\.function) == ["Grid::cell", "sumRow", "main"])
        #expect(report.frames[0].arguments == [TraceVariable(name: "this", value: "0x0"), TraceVariable(name: "x", value: "0")])
        #expect(report.frames[0].file == "grid.cpp" && report.frames[0].line == 9)
        #expect(report.frames[1].locals.map(\.name) == ["x", "total"])
        #expect(report.frames[2].locals.contains(TraceVariable(name: "missing", value: "0x0")))
    }

    @Test func gdbDivisionByZeroWithClang() throws {
        let report = try crash("grid", "gdb-clang.txt")
        #expect(report.kind == "SIGFPE")
        #expect(report.faultAddress == nil, "si_addr of SIGFPE is the instruction, not a data address")
        #expect(report.frames[0].baseName == "ratio")
        #expect(report.frames[0].line == 22)
        #expect(report.frames[0].arguments.contains(TraceVariable(name: "b", value: "0")))
    }

    @Test func gdbCleanExit() throws {
        guard case let .clean(tool, detail) = try parse("grid", "gdb-clean.txt") else {
            Issue.record("expected a clean run")
            return
        }
        #expect(tool == .gdb)
        #expect(detail.hasPrefix("exited"))
    }

    @Test func gdbLibraryFramesAndOptimisedOut() throws {
        let text = """
            free(): double free detected in tcache 2

            Program received signal SIGABRT, Aborted.
            __pthread_kill_implementation (threadid=<optimized out>, signo=signo@entry=6, no_tid=no_tid@entry=0) at ./nptl/pthread_kill.c:44
            44\t./nptl/pthread_kill.c: No such file or directory.
            #0  __pthread_kill_implementation (threadid=<optimized out>, signo=signo@entry=6, no_tid=no_tid@entry=0) at ./nptl/pthread_kill.c:44
                    tid = <optimized out>
            #1  0x00007ffff7e3e1c0 in ?? () from /lib/x86_64-linux-gnu/libc.so.6
            No symbol table info available.
            #2  0x0000555555555174 in release (m=...) at /home/dev/msg/main.cpp:10
            No locals.
            (More stack frames follow...)
            Stack level 0, frame at 0x7fffffffe3f0:
             rip = 0x7ffff7e5feec in __pthread_kill_implementation (./nptl/pthread_kill.c:44); saved rip = 0x7ffff7e5ff4f
            tid = <optimized out>
            rax            0x0                 0
            $1 = (void *) 0x5372
            """
        guard case let .crash(report) = try TraceParser.parse(name: "gdb-gcc.txt", text: text) else {
            Issue.record("expected a crash")
            return
        }
        #expect(report.kind == "SIGABRT")
        #expect(report.message == "free(): double free detected in tcache 2")
        #expect(report.faultAddress == nil)
        #expect(report.frames[0].arguments.first == TraceVariable(name: "threadid", value: "<optimized out>"))
        #expect(report.frames[0].arguments[1] == TraceVariable(name: "signo", value: "signo@entry=6"))
        #expect(report.frames[1].function == "??" && report.frames[1].module == "libc.so.6" && report.frames[1].file == nil)
        #expect(report.frames[2].file == "/home/dev/msg/main.cpp")
        #expect(report.locals == [TraceVariable(name: "tid", value: "<optimized out>")])
    }

    @Test func asanBothWordingsAgree() throws {
        let gcc = try crash("grid", "asan-gcc.txt")
        let clang = try crash("grid", "asan-clang.txt")
        for report in [gcc, clang] {
            #expect(report.tool == .asan)
            #expect(report.kind == "heap-buffer-overflow")
            #expect(report.access == MemoryAccess(kind: "read", size: 4))
            #expect(report.thread == "T0")
            #expect(report.location == "0 bytes after 12-byte region", "gcc's 'to the right of' reads as clang's 'after'")
            #expect(report.frames.prefix(3).map(\.baseName) == ["Grid::cell", "sumRow", "main"])
            #expect(report.frames[0].line == 9)
            #expect(report.relatedStacks.first?.title == "allocated by thread T0 here")
            #expect(report.relatedStacks.first?.frames.dropFirst().first?.baseName == "main")
        }
        #expect(gcc.frames[0].column == nil)
        #expect(clang.frames[0].column == 16)
        #expect(gcc.frames[0].function == "Grid::cell(int) const")
    }

    @Test func asanStackObjectAndDoubleFree() throws {
        let stack = try crash("parsers", "asan-stack-clang.txt")
        #expect(stack.kind == "stack-buffer-overflow")
        #expect(stack.object == "buffer")
        #expect(stack.access == MemoryAccess(kind: "write", size: 1))
        #expect(stack.location == "stack of thread T0: 'buffer' (line 4) — memory access at offset 40 overflows this variable")
        #expect(stack.frames.map(\.baseName).prefix(2) == ["checksum", "main"])

        let twice = try crash("parsers", "asan-double-free-gcc.txt")
        #expect(twice.kind == "double-free")
        #expect(twice.faultAddress == "0x603000000040")
        #expect(twice.thread == "T0")
        #expect(twice.frames.map(\.baseName).prefix(2) == ["__interceptor_free", "release"])
        #expect(twice.relatedStacks.map(\.title) == ["freed by thread T0 here", "previously allocated by thread T0 here"])
    }

    @Test func ubsanBothCompilers() throws {
        for name in ["ubsan-gcc.txt", "ubsan-clang.txt"] {
            let report = try crash("grid", name)
            #expect(report.tool == .ubsan)
            #expect(report.kind == "integer-divide-by-zero")
            #expect(report.message == "division by zero")
            #expect(report.frames[0].baseName == "ratio")
            #expect(report.frames[0].line == 22)
        }
    }

    @Test func ubsanWithoutStackUsesTheReportedLine() throws {
        let text = "hash.cpp:6:19: runtime error: signed integer overflow: 2147483647 * 31 cannot be represented in type 'int'\n"
        guard case let .crash(report) = try TraceParser.parse(name: "ubsan-gcc.txt", text: text) else {
            Issue.record("a UBSan report without a stack is still a crash report")
            return
        }
        #expect(report.kind == "signed-integer-overflow")
        #expect(report.frames == [StackFrame(function: "??", file: "hash.cpp", line: 6, column: 19)])
    }

    @Test func ubsanUnknownCheckIsAnError() {
        let text = "a.cpp:1:1: runtime error: something new happened\n"
        #expect(throws: TraceParseError.self) { try TraceParser.parse(name: "ubsan-gcc.txt", text: text) }
    }

    @Test func tsanDataRace() throws {
        let report = try crash("pool", "tsan-gcc.txt")
        #expect(report.kind == "data race")
        #expect(report.object == "done")
        #expect(report.location == "global 'done' of size 4")
        #expect(report.thread == "T2")
        #expect(report.access == MemoryAccess(kind: "read", size: 4))
        #expect(report.frames[0].baseName == "finish" && report.frames[0].line == 10)
        #expect(report.relatedStacks[0].title.hasPrefix("Previous write of size 4"))
        #expect(report.relatedStacks.allSatisfy { !$0.title.contains("tid=") })
    }

    @Test func leakSanitizer() throws {
        let report = try crash("pool", "lsan-clang.txt")
        #expect(report.tool == .lsan)
        #expect(report.kind == "detected memory leaks")
        #expect(report.message == "Direct leak of 4 byte(s) in 1 object(s)")
        #expect(report.frames.map(\.baseName).prefix(2) == ["operator new", "main"])
    }

    @Test func valgrindMemcheck() throws {
        let report = try crash("grid", "valgrind.txt")
        #expect(report.tool == .memcheck)
        #expect(report.kind == "Invalid read")
        #expect(report.access == MemoryAccess(kind: "read", size: 4))
        #expect(report.location == "0 bytes after a block of size 12 alloc'd")
        #expect(report.frames.map(\.baseName).prefix(3) == ["Grid::cell", "sumRow", "main"])
        #expect(report.relatedStacks.first?.title == "block allocated at")
    }

    @Test func valgrindHelgrind() throws {
        let report = try crash("pool", "helgrind.txt")
        #expect(report.tool == .helgrind)
        #expect(report.kind == "Possible data race")
        #expect(report.object == "done")
        #expect(report.frames[0].baseName == "finish")
        #expect(report.relatedStacks.contains { $0.title.hasPrefix("This conflicts with a previous") })
    }

    @Test func badTracesAreErrorsNamingFileAndReason() throws {
        func reason(_ name: String) -> String {
            do {
                _ = try parse("bad", name)
                return "parsed"
            } catch {
                return "\(error)"
            }
        }
        #expect(reason("asan-truncated.txt").contains("truncated"))
        #expect(reason("asan-truncated.txt").hasPrefix("asan-truncated.txt"))
        #expect(reason("asan-interleaved.txt").contains("interleaved"))
        #expect(reason("asan-interleaved.txt").hasPrefix("asan-interleaved.txt:"), "names the line")
        #expect(reason("unknown.txt").contains("unknown tool"))
    }

    @Test func fileNameMustMatchTheTool() throws {
        let url = Self.fixtures.appendingPathComponent("grid/ubsan-gcc.txt")
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(throws: TraceParseError.self) { try TraceParser.parse(name: "tsan-gcc.txt", text: text) }
    }

    @Test func functionBaseNames() {
        #expect(FunctionName.base("Grid::cell(int) const") == "Grid::cell")
        #expect(FunctionName.base("sumRow(Grid const*, int)") == "sumRow")
        #expect(FunctionName.base("operator new[](unsigned long)") == "operator new[]")
        #expect(FunctionName.base("main") == "main")
    }
}
