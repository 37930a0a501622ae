import Foundation

/// Judges many shell snippets with `ShellSnippetChecker`'s verdicts, with one `shellcheck` run
/// per batch of snippets: shellcheck takes many files and names each in its findings, and
/// judges each file on its own. `bash -n` reads one script per run, so it still runs once
/// per snippet (a few milliseconds), spread over the threads.
struct ShellBatchChecker: Sendable {
    let checker: ShellSnippetChecker
    /// Files per shellcheck run.
    var batchSize = 64

    func judge(_ snippets: [String], threads: Int, timeout: Double) throws -> [CodeValidityScorer.Verdict] {
        let bash = try ProcessRunner(checker.bash)
        let syntax = try WorkerPool.map(snippets.count, threads: threads) { index in
            try ScratchFolder.with { try checker.syntaxVerdict(snippets[index], bash: bash, in: $0, timeout: timeout) }
        }
        guard let shellcheck = checker.shellcheck else { return syntax.map { $0 ?? .init(score: 1, reasons: []) } }
        let tool = try ProcessRunner(shellcheck)
        let sound = snippets.indices.filter { syntax[$0] == nil }
        let batches = stride(from: 0, to: sound.count, by: batchSize).map { Array(sound[$0..<min($0 + batchSize, sound.count)]) }
        let linted = try WorkerPool.map(batches.count, threads: threads) { number in
            try lint(batches[number].map { snippets[$0] }, tool: tool, timeout: timeout)
        }
        var verdicts = syntax.map { $0 ?? .init(score: 1, reasons: []) }
        for (batch, results) in zip(batches, linted) {
            for (index, verdict) in zip(batch, results) { verdicts[index] = verdict }
        }
        return verdicts
    }

    /// The lint verdict of each snippet, from one shellcheck run over all of them; when that
    /// run times out, each is linted alone (and its own timeout is its verdict).
    private func lint(_ snippets: [String], tool: ProcessRunner, timeout: Double) throws -> [CodeValidityScorer.Verdict] {
        let output: String? = try ScratchFolder.with { folder in
            let names = snippets.indices.map { "snippet-\($0).sh" }
            for (name, snippet) in zip(names, snippets) { try Data(snippet.utf8).write(to: folder.appendingPathComponent(name)) }
            let outcome = try tool.run(ShellSnippetChecker.lintArguments + names, in: folder,
                                       timeLimit: timeout * Double(snippets.count), outputLimit: 32 << 20)
            return outcome.timedOut || outcome.truncated ? nil : outcome.text
        }
        guard let output else {
            return try snippets.map { snippet in
                try ScratchFolder.with { try checker.lintVerdict(snippet, tool: tool, in: $0, timeout: timeout) }
            }
        }
        var lines = [[Substring]](repeating: [], count: snippets.count)
        for line in output.split(separator: "\n") {
            // "snippet-3.sh:2:5: warning: ..." -> findings of snippet 3.
            guard line.hasPrefix("snippet-"), let dot = line.firstIndex(of: "."),
                  let index = Int(line[line.index(line.startIndex, offsetBy: "snippet-".count)..<dot]),
                  lines.indices.contains(index) else { continue }
            lines[index].append(line)
        }
        return lines.map { ShellSnippetChecker.lintVerdict(findings: $0.joined(separator: "\n")) }
    }
}
