import Foundation

/// Judges many C++ snippets with few compiler runs, each snippet getting exactly the verdict
/// `CxxSnippetChecker.judge` gives it alone.
///
/// Most of a single check is the compiler reading the standard headers; here one run reads
/// them once for a whole batch. The three attempts of the single check (as is, after the
/// standard headers, wrapped in a function) become three rounds: each round compiles the
/// snippets still undecided, a batch at a time, and a snippet that compiles is decided. A
/// batch is one translation unit: the headers its snippets include, then each snippet in its
/// own namespace under a `#line` marker naming it, so every error names its snippet, then a
/// fence that fails to compile unless the snippet closed every scope it opened, and a last
/// `#warning` that shows the compiler read to the end (an unclosed comment or `#if` would
/// swallow the rest).
///
/// Snippets share a batch only when their headers open the same files (`HeaderClosure`), so
/// each sees the declarations it would see alone; namespaces keep their names apart, so two
/// `main`s or two classes of one name never collide. A batch whose output cannot be pinned on
/// its snippets (an error inside a header, in a fence, a missing end marker, a timeout) sets
/// aside the snippets that output points at (`BatchOutput`: the snippet line a header's error
/// was required from, the snippet before a failed fence) and is compiled again without them,
/// or, when it points at none, is split in two and each half tried again; a snippet set
/// aside, one that still cannot be judged in a batch of one, or one whose shape would behave
/// differently inside a namespace (`CxxSnippetShape`),
/// takes the remaining attempts alone; so does one that declares a name the headers also
/// declare in the global namespace (alone the two would clash, a namespace hides the clash).
/// A snippet that fails all three rounds gets its verdict from its own errors, which the batch
/// reports with the snippet's own line numbers and without the batch's namespace in names.
///
/// The batches of a round run on `threads` threads. A batch gets the per-snippet time limit:
/// a snippet that would time out alone also makes its batch time out, and ends up alone.
///
/// In the bare round a batch may start with a precompiled header of headers whose files its
/// own headers open anyway (`PrecompiledBasePlan`); a snippet that goes on alone starts its
/// bare attempt with the largest of those that its leading `#include` lines cover. Either way
/// the compiler sees the same declarations and only reads less. The more snippets a call
/// judges, the more batches share header sets and bases: `QualityStage` judges all of a
/// run's inputs in one call (`StageVerdicts`).
struct CxxBatchChecker: Sendable {
    let checker: CxxSnippetChecker
    /// Snippets per translation unit. Each unit reads its headers once; a unit whose output
    /// cannot all be pinned costs about one more run (its suspects set aside), so large units
    /// pay off.
    var batchSize = 48

    /// What it took, for tests and benchmarks.
    struct Statistics: Sendable, Hashable {
        /// Compiler runs on batches (each split half counts).
        var batchRuns = 0
        /// Batches split because their errors could not all be pinned on a snippet.
        var splits = 0
        /// Snippets set aside from a batch (to go on alone) because an error that could not be
        /// pinned on a snippet by its file pointed at them.
        var setAside = 0
        /// Attempts made on one snippet alone.
        var singleRuns = 0
        /// Snippets decided in each round, and finished alone.
        var decided = [Int](repeating: 0, count: 4)
        /// Wall-clock seconds spent before the rounds, in each round, and alone.
        var seconds = [Double](repeating: 0, count: 5)
        /// Translation units per round.
        var units = [Int](repeating: 0, count: 3)
    }

    typealias Attempt = CxxSnippetChecker.Attempt

    /// The verdict on each of `snippets`, in order.
    func judge(_ snippets: [String], threads: Int, timeout: Double) throws -> (verdicts: [CodeValidityScorer.Verdict], statistics: Statistics) {
        var clock = Date()
        func lap(_ phase: Int, into statistics: inout Statistics) {
            statistics.seconds[phase] += Date().timeIntervalSince(clock)
            clock = Date()
        }
        let tool = try ProcessRunner(checker.compiler)
        let prelude = try PrecompiledPrelude.shared(compiler: tool, standard: checker.standard,
                                                    headers: CxxSnippetChecker.headers, timeout: timeout * 6)
        let shapes = snippets.map(CxxSnippetShape.init)
        let closures = try headerClosures(shapes, tool: tool, threads: threads, timeout: timeout)
        let preludeFiles = try HeaderClosure.files(of: CxxSnippetChecker.headers, compiler: tool,
                                                   standard: checker.standard, timeout: timeout)
        let globalNames = HeaderClosure.globalNames(in: closures.reduce(into: preludeFiles ?? []) { $0.formUnion($1 ?? []) })
        var states = snippets.indices.map { index in
            SnippetState(alone: !shapes[index].batchable || closures[index] == nil || preludeFiles == nil
                || !shapes[index].topLevelNames.isDisjoint(with: globalNames))
        }
        var statistics = Statistics()
        // The precompiled bases of the bare round, for the snippets that go on alone.
        var built = [(files: Set<String>, header: URL)]()
        lap(0, into: &statistics)
        let run = BatchRun(checker: checker, tool: tool, prelude: prelude, timeout: timeout)

        for attempt in Attempt.allCases {
            // Only headers the prelude already opened can sit inside the wrapping function,
            // as they do alone, where their include guards make them empty.
            if attempt == .wrapped, let preludeFiles {
                for index in states.indices where states[index].open && !states[index].alone
                    && !(closures[index] ?? []).isSubset(of: preludeFiles) {
                    states[index].alone = true
                }
            }
            var groups = [String: [Int]]()
            for index in states.indices where states[index].open && !states[index].alone {
                let files = (closures[index] ?? []).union(attempt.usesPrelude ? preludeFiles ?? [] : [])
                groups[Digest.combine(files.sorted()), default: []].append(index)
            }
            let batches = groups.keys.sorted().flatMap { key in
                stride(from: 0, to: groups[key]!.count, by: batchSize).map { Array(groups[key]![$0..<min($0 + batchSize, groups[key]!.count)]) }
            }
            let members = batches.map { batch in batch.map { BatchRun.Member(snippet: snippets[$0], shape: shapes[$0]) } }
            let bases = attempt.usesPrelude ? batches.map { _ in nil } : try precompiledBases(members, tool: tool, threads: threads, timeout: timeout, built: &built)
            let results = try WorkerPool.map(batches.count, threads: threads) { number in
                try run.judge(members[number], attempt: attempt, base: bases[number])
            }
            statistics.units[attempt.rawValue] = batches.count
            for (batch, result) in zip(batches, results) {
                statistics.batchRuns += result.runs
                statistics.splits += result.splits
                statistics.setAside += result.setAside
                for (index, outcome) in zip(batch, result.outcomes) {
                    switch outcome {
                    case .passed:
                        states[index].verdict = .init(score: 1, reasons: [], adjustment: attempt.adjustment)
                        statistics.decided[attempt.rawValue] += 1
                    case let .failed(errors):
                        states[index].diagnoses.append(CxxSnippetChecker.Diagnosis(
                            errors, first: errors[0].message, source: attempt.source(snippets[index]), adjustment: attempt.adjustment))
                    case .unknown: states[index].alone = true
                    }
                }
            }
            lap(1 + attempt.rawValue, into: &statistics)
        }
        // Whatever a batch could not decide is finished alone, from the attempt it reached.
        let alone = states.indices.filter { states[$0].open && states[$0].alone }
        let aloneBases = try alone.map { index -> URL? in
            guard states[index].diagnoses.isEmpty, !shapes[index].leadingIncludes.isEmpty,
                  let files = try HeaderClosure.files(of: shapes[index].leadingIncludes, compiler: tool,
                                                      standard: checker.standard, timeout: timeout) else { return nil }
            return built.filter { $0.files.isSubset(of: files) }.max { $0.files.count < $1.files.count }?.header
        }
        let finished = try WorkerPool.map(alone.count, threads: threads) { number in
            let index = alone[number]
            return try ScratchFolder.with { folder in
                try checker.finish(snippets[index], after: states[index].diagnoses, tool: tool, prelude: prelude,
                                   base: aloneBases[number], in: folder, timeout: timeout)
            }
        }
        for (index, result) in zip(alone, finished) {
            states[index].verdict = result.verdict
            statistics.singleRuns += result.runs
            statistics.decided[3] += 1
        }
        lap(4, into: &statistics)
        let verdicts = states.map { state in
            state.verdict ?? CxxSnippetChecker.failureVerdict(state.diagnoses)
        }
        return (verdicts, statistics)
    }

    /// Where one snippet stands between rounds.
    struct SnippetState {
        /// Must take its remaining attempts alone.
        var alone: Bool
        var verdict: CodeValidityScorer.Verdict?
        /// One per attempt that failed so far.
        var diagnoses = [CxxSnippetChecker.Diagnosis]()
        /// Still to be decided by another attempt.
        var open: Bool { verdict == nil && diagnoses.count < Attempt.allCases.count }
    }

    /// For the bare round: the precompiled header each batch starts with (`PrecompiledBasePlan`).
    /// Its headers open only files the batch's own headers open, so putting it first changes
    /// what the snippets see no more than the batch's own `#include` lines do; it only spares
    /// the compiler reading them again.
    private func precompiledBases(_ batches: [[BatchRun.Member]], tool: ProcessRunner, threads: Int, timeout: Double,
                                  built list: inout [(files: Set<String>, header: URL)]) throws -> [URL?] {
        let headers = batches.map { members in Set(members.flatMap(\.shape.includes)).sorted() }
        let plan = try PrecompiledBasePlan(batches: headers, closure: { list in
            try HeaderClosure.files(of: list, compiler: tool, standard: checker.standard, timeout: timeout)
        }, size: HeaderClosure.size(of:))
        let shared = Array(Set(plan.bases.compactMap { $0 })).sorted { $0.lexicographicallyPrecedes($1) }
        let built = try WorkerPool.map(shared.count, threads: threads) { index in
            try PrecompiledPrelude.shared(compiler: tool, standard: checker.standard, headers: shared[index], timeout: timeout * 6)
        }
        for (headers, header) in zip(shared, built) {
            if let header, let files = try HeaderClosure.files(of: headers, compiler: tool, standard: checker.standard, timeout: timeout) {
                list.append((files, header))
            }
        }
        let byHeaders = Dictionary(uniqueKeysWithValues: zip(shared, built))
        return plan.bases.map { $0.flatMap { byHeaders[$0] ?? nil } }
    }

    /// The files each snippet's headers open (nil for one checked alone, or whose headers the
    /// compiler cannot find), found once per distinct header.
    private func headerClosures(_ shapes: [CxxSnippetShape], tool: ProcessRunner, threads: Int, timeout: Double) throws -> [Set<String>?] {
        let headers = Array(Set(shapes.filter(\.batchable).flatMap(\.includes))).sorted()
        try WorkerPool.forEach(headers.count, threads: threads) { index in
            _ = try HeaderClosure.files(of: headers[index], compiler: tool, standard: checker.standard, timeout: timeout)
        }
        return try shapes.map { shape in
            guard shape.batchable else { return nil }
            return try HeaderClosure.files(of: shape.includes, compiler: tool, standard: checker.standard, timeout: timeout)
        }
    }
}

extension CxxSnippetChecker {
    /// The verdict on `snippet` whose first attempts failed with `diagnoses`, trying the rest
    /// alone; also how many compiler runs that took.
    func finish(_ snippet: String, after diagnoses: [Diagnosis], tool: ProcessRunner, prelude: URL?,
                base: URL? = nil, in folder: URL, timeout: Double) throws -> (verdict: CodeValidityScorer.Verdict, runs: Int) {
        var diagnoses = diagnoses
        var runs = 0
        for attempt in Attempt.allCases.dropFirst(diagnoses.count) {
            runs += 1
            switch try self.attempt(attempt, snippet, tool: tool, prelude: prelude, base: base, in: folder, timeout: timeout) {
            case .timedOut: return (Self.timeoutVerdict(timeout), runs)
            case .passed: return (.init(score: 1, reasons: [], adjustment: attempt.adjustment), runs)
            case let .failed(diagnosis): diagnoses.append(diagnosis)
            }
        }
        return (Self.failureVerdict(diagnoses), runs)
    }
}
