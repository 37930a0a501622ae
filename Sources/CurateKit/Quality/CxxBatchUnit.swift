import Foundation

/// One round's compiler runs on one batch of snippets (`CxxBatchChecker` tells the whole
/// story): writes the translation unit, reads back which snippet each error belongs to
/// (`BatchOutput`), and when it cannot tell, sets aside the snippets the output points at or
/// splits the batch.
struct BatchRun: Sendable {
    let checker: CxxSnippetChecker
    let tool: ProcessRunner
    let prelude: URL?
    let timeout: Double

    struct Member: Sendable {
        var snippet: String
        var shape: CxxSnippetShape
    }

    enum Outcome: Sendable, Equatable {
        case passed
        /// Its errors with its own line numbers, as the attempt alone would report them.
        case failed([CxxSnippetChecker.CompilerError])
        /// Could not be judged in a batch, even alone in one.
        case unknown
    }

    struct Result: Sendable {
        var outcomes: [Outcome]
        var runs = 0
        var splits = 0
        /// Members set aside to go on alone because an unpinned diagnostic pointed at them.
        var setAside = 0
    }

    /// The single check passes `-fmax-errors=50`: its diagnosis sees at most that many.
    static let errorLimit = 50
    static let endMarker = "curate-batch-complete"

    /// `base` is a precompiled header to put first (a bare attempt's most common header).
    /// A run whose output cannot all be pinned on its members sets aside the members it
    /// points at (`BatchOutput`), which go on alone, and compiles the rest again; when it
    /// points at none, or at all, the batch is split in halves instead.
    func judge(_ members: [Member], attempt: CxxSnippetChecker.Attempt, base: URL? = nil) throws -> Result {
        let output = try ScratchFolder.with { try compile(members, attempt: attempt, base: base, in: $0) }
        guard case let .unattributed(suspects) = output else {
            guard case let .outcomes(outcomes) = output else { preconditionFailure() }
            return Result(outcomes: outcomes, runs: 1)
        }
        guard members.count > 1 else { return Result(outcomes: [.unknown], runs: 1) }
        if !suspects.isEmpty {
            var outcomes = [Outcome](repeating: .unknown, count: members.count)
            let rest = members.indices.filter { !suspects.contains($0) }
            guard !rest.isEmpty else { return Result(outcomes: outcomes, runs: 1, setAside: members.count) }
            let again = try judge(rest.map { members[$0] }, attempt: attempt, base: base)
            for (index, outcome) in zip(rest, again.outcomes) { outcomes[index] = outcome }
            return Result(outcomes: outcomes, runs: 1 + again.runs, splits: again.splits, setAside: suspects.count + again.setAside)
        }
        let half = members.count / 2
        let first = try judge(Array(members[..<half]), attempt: attempt, base: base)
        let second = try judge(Array(members[half...]), attempt: attempt, base: base)
        return Result(outcomes: first.outcomes + second.outcomes, runs: 1 + first.runs + second.runs,
                      splits: 1 + first.splits + second.splits, setAside: first.setAside + second.setAside)
    }

    /// What one run says of each member (`BatchOutput`); a run that timed out, was killed or
    /// wrote past the output limit points at no member.
    func compile(_ members: [Member], attempt: CxxSnippetChecker.Attempt, base: URL? = nil, in folder: URL) throws -> BatchOutput {
        let file = folder.appendingPathComponent("batch.cpp")
        try Data(Self.unit(members, attempt: attempt).utf8).write(to: file)
        var arguments = ["-std=\(checker.standard)", "-fsyntax-only", "-fmax-errors=0", "-x", "c++"]
        if attempt.usesPrelude { arguments += checker.preludeArguments(prelude) }
        if !attempt.usesPrelude, let base { arguments += ["-include", base.path, "-Winvalid-pch"] }
        arguments.append(file.lastPathComponent)
        let outcome = try tool.run(arguments, in: folder, timeLimit: timeout, outputLimit: 32 << 20)
        guard !outcome.timedOut, !outcome.truncated, !outcome.signalled else { return .unattributed(suspects: []) }
        return BatchOutput.read(outcome.text, status: outcome.status, count: members.count, endMarker: Self.endMarker)
    }

    static func namespace(_ index: Int) -> String { "curate_batch_\(index)" }

    /// The translation unit: the members' headers, then each member in its namespace under a
    /// `#line` marker, each followed by a fence that compiles only at global scope, then the
    /// end marker. Include lines are blanked (their headers are already in), keeping every
    /// other line where it was.
    static func unit(_ members: [Member], attempt: CxxSnippetChecker.Attempt) -> String {
        var text = ""
        if attempt != .wrapped {
            for header in Set(members.flatMap(\.shape.includes)).sorted() { text += "#include <\(header)>\n" }
        }
        for (index, member) in members.enumerated() {
            let lines = member.snippet.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { member.shape.includeLines.contains($0.offset) ? "" : $0.element }
            text += "namespace \(namespace(index)) {\n"
            // Alone, the wrapped snippet starts on line 2, after the function's first line.
            if attempt == .wrapped { text += "void curate_snippet_body() {\n" }
            text += "#line \(attempt == .wrapped ? 2 : 1) \"curate-snippet-\(index)\"\n"
            text += lines.joined(separator: "\n")
            text += "\n#line 1 \"curate-fence-\(index)\"\n"
            if attempt == .wrapped { text += "}\n" }
            text += "}\nvoid curate_fence_\(index)();\nstatic_assert(sizeof(&::curate_fence_\(index)) != 0);\n"
        }
        text += "#line 1 \"curate-end\"\n#warning \(endMarker)\n"
        return text
    }
}
