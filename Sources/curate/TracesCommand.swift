import ArgumentParser
import CurateKit
import Foundation

/// `curate traces`: record raw traces for trace cases, or run the traces stage on case folders.
struct TracesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traces",
        abstract: "Record debugger and sanitizer traces, and turn them into DEBUGGER SNAPSHOT samples.",
        subcommands: [Run.self, Record.self, Check.self],
        defaultSubcommand: Run.self
    )

    /// `curate traces CASE_DIR… --domain debug --out DIR`: run the traces stage on case folders.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn the traces of case folders into DEBUGGER SNAPSHOT samples (the traces stage).")

        @Argument(help: "Case folders, or folders of case folders.")
        var cases: [String]

        @Option(help: "The domain whose pipeline settings apply.")
        var domain: String = "debug"

        @OptionGroup var options: RunOptionsGroup

        func run() throws {
            try AdHocStageRun.run(stage: TracesStage.name, paths: cases, domain: domain, options: options)
        }
    }

    /// `curate traces record`: compile and run every case under its tools.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile each case with g++ and clang, save gdb, sanitizer and valgrind traces, and check them against expected.json.")

        @Option(help: "A folder of case folders, or one case folder (repeatable).")
        var cases: [String] = ["corpora/traces"]

        @Option(help: "Where recorded cases go (one folder per case).")
        var out: String = "out/traces-raw"

        @Option(help: "Cases recorded at once.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Seconds a build or run may take.")
        var timeLimit: Double = 60

        func run() throws {
            let folders = try TraceCase.caseFolders(in: cases.map { URL(fileURLWithPath: $0) })
            let recorder = TraceRecorder(options: .init(output: URL(fileURLWithPath: out), timeLimit: timeLimit, jobs: jobs))
            var failed = 0
            for recorded in recorder.record(cases: folders) {
                print("\(recorded.caseName): \(recorded.traces.joined(separator: " "))")
                failed += TracesCommand.check(recorded.folder, traces: recorded.traces)
                for problem in recorded.problems {
                    failed += 1
                    print("  problem: \(problem)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    /// `curate traces check`: check recorded cases against their expected facts, without recording.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the traces of recorded case folders against each case's expected.json.")

        @Argument(help: "Recorded case folders, or folders of them.")
        var cases: [String] = ["out/traces-raw"]

        func run() throws {
            var failed = 0
            for folder in try TraceCase.caseFolders(in: cases.map { URL(fileURLWithPath: $0) }) {
                let traceCase = try TraceCase(folder: folder)
                print("\(folder.lastPathComponent): \(traceCase.traces.joined(separator: " "))")
                failed += TracesCommand.check(folder, traces: traceCase.traces)
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    /// Prints each fact that does not hold; returns how many.
    static func check(_ folder: URL, traces: [String]) -> Int {
        var failed = 0
        for trace in traces {
            do {
                for mismatch in try CaseExpectations.mismatches(caseFolder: folder, traceName: trace) {
                    failed += 1
                    print("  fact: \(mismatch)")
                }
            } catch {
                failed += 1
                print("  unreadable: \(error)")
            }
        }
        return failed
    }
}
