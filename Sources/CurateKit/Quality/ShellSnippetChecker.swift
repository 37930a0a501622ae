import Foundation

/// Judges a shell snippet: `bash -n` for syntax, then `shellcheck` for likely bugs.
///
/// A syntax error scores 0; shellcheck errors 0.5 and warnings 0.8, each quoted. Findings that
/// only mean "this comes from elsewhere" (a variable assigned outside the snippet, SC2154,
/// or used outside it, SC2034) are not held against a snippet.
struct ShellSnippetChecker: SnippetChecker {
    let bash: String
    let shellcheck: String?

    var namespace: String { "validity.shell" }
    var identity: String { "shell-1 \(bash) \(shellcheck ?? "-")" }

    static let lintArguments = ["--shell=bash", "--format=gcc", "--severity=warning", "--exclude=SC2154,SC2034"]

    func judge(_ snippet: String, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict {
        if let failed = try syntaxVerdict(snippet, bash: try ProcessRunner(bash), in: folder, timeout: timeout) { return failed }
        guard let shellcheck else { return .init(score: 1, reasons: []) }
        return try lintVerdict(snippet, tool: try ProcessRunner(shellcheck), in: folder, timeout: timeout)
    }

    /// The verdict of `bash -n` when it fails (or times out), nil when the syntax is sound.
    func syntaxVerdict(_ snippet: String, bash: ProcessRunner, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict? {
        let file = folder.appendingPathComponent("snippet.sh")
        try Data(snippet.utf8).write(to: file)
        let syntax = try bash.run(["-n", file.lastPathComponent], in: folder, timeLimit: timeout)
        if syntax.timedOut {
            return .init(score: 0, reasons: ["validity.bash_timeout: {role} took longer than \(formatted(timeout)) s to check"])
        }
        if syntax.status != 0 {
            let message = syntax.text.split(separator: "\n").first.map { String($0).trimmed } ?? "exit status \(syntax.status)"
            return .init(score: 0, reasons: ["validity.bash_syntax: {role}: \(message.replacingOccurrences(of: "snippet.sh: ", with: ""))"])
        }
        return nil
    }

    /// The verdict of shellcheck on a snippet whose syntax is sound.
    func lintVerdict(_ snippet: String, tool: ProcessRunner, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict {
        let file = folder.appendingPathComponent("snippet.sh")
        try Data(snippet.utf8).write(to: file)
        let lint = try tool.run(Self.lintArguments + [file.lastPathComponent], in: folder, timeLimit: timeout)
        if lint.timedOut {
            return .init(score: 0.5, reasons: ["validity.shellcheck_timeout: {role} took longer than \(formatted(timeout)) s to check"])
        }
        return Self.lintVerdict(findings: lint.text)
    }

    /// The verdict from shellcheck's findings on one file (`--format=gcc` lines).
    static func lintVerdict(findings: String) -> CodeValidityScorer.Verdict {
        let errors = findings.lines(containing: ": error: ", limit: 3)
        let warnings = findings.lines(containing: ": warning: ", limit: 3)
        func quote(_ line: String) -> String {
            line.split(separator: ":", maxSplits: 3).last.map { String($0).trimmed } ?? line
        }
        if !errors.isEmpty {
            return .init(score: 0.5, reasons: errors.map { "validity.shellcheck_error: {role}: \(quote($0))" })
        }
        if !warnings.isEmpty {
            return .init(score: 0.8, reasons: warnings.map { "validity.shellcheck_warning: {role}: \(quote($0))" })
        }
        return .init(score: 1, reasons: [])
    }
}
