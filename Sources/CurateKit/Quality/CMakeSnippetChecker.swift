import Foundation

/// Judges a CMake snippet by letting `cmake -P` parse it inside `if(FALSE)` … `endif()` in a
/// scratch folder: CMake reads and checks the whole file, and runs none of it.
///
/// Block commands are counted first: a snippet with an `endif()` (or any block end) too many
/// could close the guard early and have CMake run the rest, so an unbalanced snippet is judged
/// without running CMake at all.
struct CMakeSnippetChecker: SnippetChecker {
    let cmake: String

    var namespace: String { "validity.cmake" }
    var identity: String { "cmake-1 \(cmake)" }

    static let blocks = ["if", "foreach", "while", "function", "macro", "block"]

    func judge(_ snippet: String, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict {
        if let problem = Self.unbalancedBlock(snippet) {
            return .init(score: 0, reasons: ["validity.cmake_blocks: {role}: \(problem)"])
        }
        let file = folder.appendingPathComponent("snippet.cmake")
        try Data("if(FALSE)\n\(snippet)\nendif()\n".utf8).write(to: file)
        let outcome = try ProcessRunner(cmake).run(["-P", file.lastPathComponent], in: folder, timeLimit: timeout)
        if outcome.timedOut {
            return .init(score: 0, reasons: ["validity.cmake_timeout: {role} took longer than \(formatted(timeout)) s to check"])
        }
        guard outcome.status != 0 else { return .init(score: 1, reasons: []) }
        // "CMake Error at snippet.cmake:4:\n  Parse error.  Function missing ending ")". ..."
        let lines = outcome.text.split(separator: "\n").map { String($0).trimmed }
        let start = lines.firstIndex { $0.hasPrefix("CMake Error at") }.map { $0 + 1 } ?? 0
        let message = lines[start...].prefix { !$0.isEmpty }.joined(separator: " ")
        return .init(score: 0, reasons: ["validity.cmake_error: {role}: \(message.isEmpty ? "exit status \(outcome.status)" : message)"])
    }

    /// The first block command without its partner, counting every `name(` and `endname(` at
    /// the start of a line, case-insensitively; nil when all balance.
    static func unbalancedBlock(_ snippet: String) -> String? {
        var open = [String]()
        for raw in snippet.split(separator: "\n") {
            let line = raw.trimmed.lowercased()
            guard let paren = line.firstIndex(of: "(") else { continue }
            let command = line[..<paren].trimmed
            if blocks.contains(command) {
                open.append(command)
            } else if command.hasPrefix("end"), blocks.contains(String(command.dropFirst(3))) {
                let name = String(command.dropFirst(3))
                guard open.last == name else { return "'\(command)()' without a matching '\(name)()'" }
                open.removeLast()
            }
        }
        return open.last.map { "'\($0)()' is never closed with 'end\($0)()'" }
    }
}
