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

    func judge(_ snippet: String, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict {
        let file = folder.appendingPathComponent("snippet.sh")
        try Data(snippet.utf8).write(to: file)
        let syntax = try ProcessRunner(bash).run(["-n", file.lastPathComponent], in: folder, timeLimit: timeout)
        if syntax.timedOut {
            return .init(score: 0, reasons: ["validity.bash_timeout: {role} took longer than \(formatted(timeout)) s to check"])
        }
        if syntax.status != 0 {
            let message = syntax.text.split(separator: "\n").first.map { String($0).trimmed } ?? "exit status \(syntax.status)"
            return .init(score: 0, reasons: ["validity.bash_syntax: {role}: \(message.replacingOccurrences(of: "snippet.sh: ", with: ""))"])
        }
        guard let shellcheck else { return .init(score: 1, reasons: []) }
        let lint = try ProcessRunner(shellcheck).run(
            ["--shell=bash", "--format=gcc", "--severity=warning", "--exclude=SC2154,SC2034", file.lastPathComponent],
            in: folder, timeLimit: timeout)
        if lint.timedOut {
            return .init(score: 0.5, reasons: ["validity.shellcheck_timeout: {role} took longer than \(formatted(timeout)) s to check"])
        }
        let errors = lint.text.lines(containing: ": error: ", limit: 3)
        let warnings = lint.text.lines(containing: ": warning: ", limit: 3)
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
