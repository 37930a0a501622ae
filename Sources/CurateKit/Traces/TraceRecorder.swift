import Foundation

/// Compiles each case with g++ and clang (`-g -O0`, sanitizer flags per tool), runs it under
/// gdb in batch mode, the sanitizers and valgrind, and saves the raw traces.
///
/// Each case is copied to `<output>/<case>/` (sources, fix, expected facts) and its traces are
/// written beside the copy, so a recorded folder is a complete case the traces stage can read.
/// Binaries go to `<output>/.build/`, outside the case folders, so they never enter a digest.
/// Only the tools named in the case's `expected.json` run: those are the tools that can see the bug.
public struct TraceRecorder: Sendable {
    /// Where and how to record.
    public struct Options: Sendable {
        public var output: URL
        /// Seconds a compile or a run may take before it is stopped.
        public var timeLimit: TimeInterval
        /// Bytes of output kept per run; a run that writes more is stopped and marked truncated.
        public var outputLimit: Int
        /// Cases recorded at once.
        public var jobs: Int

        public init(output: URL, timeLimit: TimeInterval = 60, outputLimit: Int = 1 << 20,
                    jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.output = output
            self.timeLimit = timeLimit
            self.outputLimit = outputLimit
            self.jobs = max(1, jobs)
        }
    }

    /// What recording one case gave.
    public struct Recorded: Sendable {
        public var caseName: String
        public var folder: URL
        /// Trace files written, by file name.
        public var traces: [String]
        /// Builds or runs that failed, with the reason; the other tools still ran.
        public var problems: [String]
    }

    /// The line a trace ends with when the recorder stopped the program early.
    public static let truncationMarker = "[curate: output truncated by the recorder]"
    public static let timeoutMarker = "[curate: program stopped by the recorder after its time limit]"

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Records every case, `jobs` at a time; results come back in the order of `cases`.
    public func record(cases: [URL]) -> [Recorded] {
        // Recording one case never throws: its problems are part of what it gives.
        (try? WorkerPool.map(cases.count, threads: options.jobs) { record(caseFolder: cases[$0]) }) ?? []
    }

    /// Records one case.
    public func record(caseFolder: URL) -> Recorded {
        let name = caseFolder.standardizedFileURL.lastPathComponent
        let folder = options.output.appendingPathComponent(name)
        var recorded = Recorded(caseName: name, folder: folder, traces: [], problems: [])
        let expectations: CaseExpectations
        do {
            expectations = try CaseExpectations.load(caseFolder: caseFolder)
            try copyCase(from: caseFolder, to: folder)
        } catch {
            recorded.problems.append("\(error)")
            return recorded
        }
        let sources = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".cpp") || $0.hasSuffix(".cc") }.sorted()
        let bin = options.output.appendingPathComponent(".build").appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)

        var builds = [String: URL]()
        func build(_ compiler: Compiler, _ sanitizer: String?) -> URL? {
            let key = "\(compiler.rawValue)-\(sanitizer ?? "plain")"
            if let done = builds[key] { return done }
            let binary = bin.appendingPathComponent(key)
            let arguments = compiler.flags(sanitizer: sanitizer) + sources + ["-o", binary.path]
            do {
                let result = try ProcessRunner(compiler.driver).run(
                    arguments, in: folder, environment: ProcessInfo.processInfo.environment,
                    timeLimit: options.timeLimit, outputLimit: 1 << 16)
                guard result.succeeded else {
                    recorded.problems.append("\(key): build failed: \(result.text.suffix(600))")
                    return nil
                }
            } catch {
                recorded.problems.append("\(key): \(error)")
                return nil
            }
            builds[key] = binary
            return binary
        }

        for tool in expectations.toolList {
            for compiler in compilers(for: tool) {
                guard let binary = build(compiler, sanitizerFlag(for: tool)) else { continue }
                let fileName = TraceFileName.name(tool: tool, compiler: compiler.rawValue)
                do {
                    let bytes = try run(tool: tool, binary: binary, in: folder)
                    try Data(bytes).write(to: folder.appendingPathComponent(fileName))
                    recorded.traces.append(fileName)
                    if tool == .asan || tool == .ubsan { recordFrameValues(binary: binary, trace: fileName, in: folder) }
                } catch {
                    recorded.problems.append("\(fileName): \(error)")
                }
            }
        }
        return recorded
    }

    enum Compiler: String, CaseIterable {
        case gcc, clang

        var driver: String { self == .gcc ? "g++" : "clang++" }

        func flags(sanitizer: String?) -> [String] {
            var flags = ["-std=c++17", "-g", "-O0", "-fno-omit-frame-pointer", "-pthread"]
            if let sanitizer { flags.append("-fsanitize=\(sanitizer)") }
            // Origins name the variable that was never set, not only where its value was used.
            if sanitizer == "memory" { flags.append("-fsanitize-memory-track-origins") }
            // Swift's clang links its ThreadSanitizer runtime with libdispatch interceptors,
            // which need libdispatch and the blocks runtime from the same toolchain.
            if self == .clang, sanitizer == "thread", let toolchain = Compiler.swiftRuntimeFolder() {
                flags += ["-L" + toolchain.path, "-ldispatch", "-lBlocksRuntime", "-Wl,-rpath," + toolchain.path]
            }
            return flags
        }

        /// `<toolchain>/lib/swift/linux` beside the clang on PATH, when it holds libdispatch.
        static func swiftRuntimeFolder() -> URL? {
            guard let clang = ProcessRunner.locate("clang++") else { return nil }
            let real = clang.resolvingSymlinksInPath()
            let folder = real.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("lib/swift/linux")
            let dispatch = folder.appendingPathComponent("libdispatch.so")
            return FileManager.default.fileExists(atPath: dispatch.path) ? folder : nil
        }
    }

    func compilers(for tool: TraceTool) -> [Compiler] {
        switch tool {
        case .memcheck, .helgrind: return [.gcc]
        // gcc has no MemorySanitizer.
        case .msan: return [.clang]
        default: return Compiler.allCases
        }
    }

    func sanitizerFlag(for tool: TraceTool) -> String? {
        switch tool {
        case .asan: return "address"
        case .lsan: return "leak"
        // clang 16 and later leave vptr out of `undefined`; naming it keeps both compilers alike.
        case .ubsan: return "undefined,vptr"
        case .tsan: return "thread"
        case .msan: return "memory"
        case .gdb, .memcheck, .helgrind: return nil
        }
    }

    /// Runs the binary under the tool and returns the combined output, marked when cut short.
    func run(tool: TraceTool, binary: URL, in folder: URL) throws -> [UInt8] {
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=0:color=never:alloc_dealloc_mismatch=1"
        environment["LSAN_OPTIONS"] = "color=never"
        environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1:color=never"
        environment["TSAN_OPTIONS"] = "halt_on_error=1:color=never"
        environment["MSAN_OPTIONS"] = "color=never"
        let executable: URL?
        var arguments: [String]
        switch tool {
        case .gdb:
            executable = ProcessRunner.locate("gdb")
            arguments = ["-batch", "-nx", "-ex", "run", "-ex", "bt full 30", "-ex", "info frame", "-ex", "info locals",
                         "-ex", "info registers", "-ex", "p $_siginfo._sifields._sigfault.si_addr",
                         "--args", binary.path]
        case .memcheck:
            executable = ProcessRunner.locate("valgrind")
            arguments = ["--tool=memcheck", "--leak-check=full", "--track-origins=yes", "--num-callers=20", binary.path]
        case .helgrind:
            executable = ProcessRunner.locate("valgrind")
            arguments = ["--tool=helgrind", "--num-callers=20", binary.path]
        case .asan, .lsan, .ubsan, .tsan, .msan:
            executable = binary
            arguments = []
        }
        guard let executable else {
            throw TraceParseError(file: binary.lastPathComponent, line: nil, reason: "the tool for \(tool.rawValue) is not installed")
        }
        func launch(_ program: URL, _ arguments: [String]) throws -> ProcessRunner.Result {
            try ProcessRunner(executable: program).run(arguments, in: folder, environment: environment,
                                                       timeLimit: options.timeLimit, outputLimit: options.outputLimit,
                                                       onOverflow: .stop)
        }
        var result = try launch(executable, arguments)
        // ThreadSanitizer's fixed shadow layout can clash with a kernel's high-entropy address
        // randomisation; the run is then repeated with randomisation off (`setarch -R`).
        if tool == .tsan, result.text.contains("unexpected memory mapping"), let setarch = ProcessRunner.locate("setarch") {
            result = try launch(setarch, ["x86_64", "-R", executable.path] + arguments)
        }
        var bytes = result.output
        if result.truncated { bytes += Array(("\n" + TraceRecorder.truncationMarker + "\n").utf8) }
        if result.timedOut { bytes += Array(("\n" + TraceRecorder.timeoutMarker + "\n").utf8) }
        return bytes
    }

    /// Runs a sanitizer build under gdb to keep its frames' values beside the trace (see
    /// `FrameValues`). Best effort: without gdb, or when the run fails, the trace stands alone.
    func recordFrameValues(binary: URL, trace: String, in folder: URL) {
        guard let gdb = ProcessRunner.locate("gdb") else { return }
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=0:color=never:alloc_dealloc_mismatch=1"
        environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1:color=never"
        guard let result = try? ProcessRunner(executable: gdb).run(
            FrameValues.gdbArguments(binary: binary.path), in: folder, environment: environment,
            timeLimit: options.timeLimit, outputLimit: options.outputLimit, onOverflow: .stop),
            !result.truncated, !result.timedOut else { return }
        try? Data(result.output).write(to: folder.appendingPathComponent(FrameValues.fileName(forTrace: trace)))
    }

    /// Copies sources, fix and facts (not traces) into a fresh recorded case folder.
    func copyCase(from source: URL, to destination: URL) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: source.path).sorted()
        where !TraceFileName.isTrace(name) && !name.hasPrefix(".") {
            try manager.copyItem(at: source.appendingPathComponent(name), to: destination.appendingPathComponent(name))
        }
    }
}
