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
            let options = TraceRecorder.Options(output: URL(fileURLWithPath: out), timeLimit: timeLimit, jobs: jobs)
            try TracesCommand.print(TraceCaseCheck.record(cases: cases.map { URL(fileURLWithPath: $0) }, options: options))
        }
    }

    /// `curate traces check`: check recorded cases against their expected facts, without recording.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the traces of recorded case folders against each case's expected.json.")

        @Argument(help: "Recorded case folders, or folders of them.")
        var cases: [String] = ["out/traces-raw"]

        func run() throws {
            try TracesCommand.print(TraceCaseCheck.check(cases: cases.map { URL(fileURLWithPath: $0) }))
        }
    }

    /// Prints each case and its problems; fails when there is any.
    static func print(_ outcomes: [TraceCaseCheck.Outcome]) throws {
        for outcome in outcomes {
            Swift.print("\(outcome.caseName): \(outcome.traces.joined(separator: " "))")
            for problem in outcome.problems { Swift.print("  \(problem)") }
        }
        if outcomes.contains(where: { !$0.problems.isEmpty }) { throw ExitCode(1) }
    }
}
