import Foundation

/// Judges a C++ snippet with `g++ -std=<standard> -fsyntax-only`.
///
/// A snippet from a book or a fix is rarely a whole translation unit, so it is tried as is,
/// then after a fixed set of standard headers (`headers`), then with its statements wrapped in
/// a function (`wrapped`); the first that compiles wins and is named in the verdict. A snippet
/// whose only complaints are names it does not declare (and what follows from them on the
/// same lines) is judged sound in form but incomplete: score 0.75 rather than 0.
struct CxxSnippetChecker: SnippetChecker {
    let compiler: String
    let standard: String

    static let headers = [
        "algorithm", "array", "atomic", "cassert", "cstddef", "cstdint", "cstdio", "cstdlib", "cstring",
        "functional", "iostream", "map", "memory", "mutex", "optional", "set", "string", "string_view",
        "thread", "unordered_map", "utility", "vector",
    ]

    var namespace: String { "validity.\(URL(fileURLWithPath: compiler).lastPathComponent)" }
    var identity: String { "cxx-2 \(compiler) -std=\(standard) \(Self.headers.joined(separator: ","))" }

    /// Messages that mean "this name is declared elsewhere", in g++'s and clang's wording.
    static let unresolvedMarkers = [
        "was not declared in this scope", "does not name a type", "has not been declared",
        "is not a member of", "incomplete type", "use of undeclared identifier", "unknown type name",
        "no member named", "does not name a template type", "not a class, namespace, or enumeration",
        "there are no arguments to",
        // A member function shown without its class (a window of a long function).
        "cannot have cv-qualifier", "invalid use of 'this' in non-member function",
    ]

    /// The three ways a snippet is tried, in order: as is, after the standard headers, and
    /// wrapped in a function after them.
    enum Attempt: Int, CaseIterable, Sendable {
        case bare, headers, wrapped

        var adjustment: String? {
            switch self {
            case .bare: nil
            case .headers: "headers"
            case .wrapped: "wrapped"
            }
        }
        var usesPrelude: Bool { self != .bare }

        /// The translation unit a single check compiles.
        func source(_ snippet: String) -> String {
            self == .wrapped ? "void curate_snippet_body() {\n\(snippet)\n}\n" : snippet
        }
    }

    func judge(_ snippet: String, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict {
        let tool = try ProcessRunner(compiler)
        let header = try PrecompiledPrelude.shared(compiler: tool, standard: standard, headers: Self.headers, timeout: timeout * 6)
        return try finish(snippet, after: [], tool: tool, prelude: header, in: folder, timeout: timeout).verdict
    }

    /// What one attempt on one snippet alone gave.
    enum AttemptOutcome {
        case passed, timedOut
        case failed(Diagnosis)
    }

    /// `base`, for the bare attempt, is a precompiled header of some of the snippet's leading
    /// headers (`CxxBatchChecker`): it spares reading them and changes nothing the snippet sees.
    func attempt(_ attempt: Attempt, _ snippet: String, tool: ProcessRunner, prelude: URL?,
                 base: URL? = nil, in folder: URL, timeout: Double) throws -> AttemptOutcome {
        let source = attempt.source(snippet)
        let file = folder.appendingPathComponent("snippet.cpp")
        try Data(source.utf8).write(to: file)
        var arguments = ["-std=\(standard)", "-fsyntax-only", "-fmax-errors=50", "-x", "c++"]
        if attempt.usesPrelude { arguments += preludeArguments(prelude) }
        if !attempt.usesPrelude, let base { arguments += ["-include", base.path, "-Winvalid-pch"] }
        arguments.append(file.lastPathComponent)
        let outcome = try tool.run(arguments, in: folder, timeLimit: timeout)
        if outcome.timedOut { return .timedOut }
        if outcome.status == 0 { return .passed }
        let errors = CompilerError.parse(outcome.text)
        let first = errors.first?.message ?? outcome.text.split(separator: "\n").first.map(String.init) ?? "no output"
        return .failed(Diagnosis(errors, first: first, source: source, adjustment: attempt.adjustment))
    }

    /// The flags that put the standard headers before a source: the precompiled header when
    /// there is one, else the headers themselves.
    func preludeArguments(_ header: URL?) -> [String] {
        if let header { return ["-include", header.path, "-Winvalid-pch"] }
        return Self.headers.flatMap { ["-include", $0] }
    }

    static func timeoutVerdict(_ timeout: Double) -> CodeValidityScorer.Verdict {
        .init(score: 0, reasons: ["validity.cxx_timeout: {role} took longer than \(formatted(timeout)) s to check"])
    }

    /// The verdict on a snippet that failed all three attempts (`diagnoses` in attempt order).
    static func failureVerdict(_ diagnoses: [Diagnosis]) -> CodeValidityScorer.Verdict {
        if let incomplete = diagnoses.first(where: \.onlyUnresolved) {
            return .init(score: 0.75,
                         reasons: ["validity.cxx_unresolved: {role} uses names it does not declare (\(incomplete.first))"],
                         adjustment: incomplete.adjustment)
        }
        // The headers attempt tells most: the bare snippet's errors are mostly missing headers.
        return .init(score: 0, reasons: ["validity.cxx_error: {role}: \(diagnoses[1].first)"])
    }

    /// One `error:` (or `fatal error:`) line of the compiler's output: where, and what.
    struct CompilerError: Sendable, Hashable {
        /// The file as the compiler names it (`snippet.cpp`, a header's path, `cc1plus`).
        var file: String
        /// The line in that file, 0 when the message has none.
        var line: Int
        var message: String

        static func parse(_ output: String) -> [CompilerError] {
            output.split(separator: "\n").compactMap { line in
                guard let range = line.range(of: ": error: ") ?? line.range(of: ": fatal error: ") else { return nil }
                // "snippet.cpp:7:30: error: ..." -> the line number is the second field.
                let fields = line[..<range.lowerBound].split(separator: ":")
                let number = fields.count >= 2 ? Int(fields[1]) ?? 0 : 0
                return CompilerError(file: fields.first.map(String.init) ?? "", line: number,
                                     message: String(line[range.upperBound...]))
            }
        }
    }

    /// The errors of one attempt, and whether all of them follow from names declared elsewhere:
    /// an error counts as such when its message says so, or when its line uses a name that
    /// another error said is undeclared (g++ reports an unknown type once, then trips over
    /// every later line that uses it).
    struct Diagnosis {
        var adjustment: String?
        var first: String
        var onlyUnresolved: Bool

        /// `first` is what to quote: the first error's message, or the first line of output
        /// when there is no error line.
        init(_ errors: [CompilerError], first: String, source: String, adjustment: String?) {
            self.adjustment = adjustment
            self.first = first
            var names = Set<Substring>()
            var marked = [(line: Int, unresolved: Bool)]()
            for error in errors {
                let unresolved = CxxSnippetChecker.unresolvedMarkers.contains { error.message.contains($0) }
                if unresolved, let name = error.message.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first {
                    names.insert(name)
                }
                marked.append((error.line, unresolved))
            }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            func usesUnresolvedName(_ number: Int) -> Bool {
                guard number >= 1, number <= lines.count else { return false }
                let words = lines[number - 1].split { !($0.isLetter || $0.isNumber || $0 == "_") }
                return words.contains { names.contains($0) }
            }
            onlyUnresolved = !marked.isEmpty && !names.isEmpty
                && marked.allSatisfy { $0.unresolved || usesUnresolvedName($0.line) }
        }
    }
}

/// The standard headers compiled once into a precompiled header, shared by every check on
/// this machine with the same compiler, standard and header list; without it each check would
/// parse the headers again (over a second each).
enum PrecompiledPrelude {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built = [String: URL?]()

    /// The prelude header whose `.gch` sits beside it, or nil when it cannot be built (the
    /// checks then include the headers directly, slower but the same verdicts).
    static func shared(compiler: ProcessRunner, standard: String, headers: [String], timeout: Double) throws -> URL? {
        let key = Digest.combine([compiler.executable.path, standard] + headers)
        lock.lock()
        defer { lock.unlock() }
        if let known = built[key] { return known }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curate-pch-\(key.prefix(16))")
        let header = folder.appendingPathComponent("prelude.hpp")
        let compiled = folder.appendingPathComponent("prelude.hpp.gch")
        if FileManager.default.fileExists(atPath: compiled.path) {
            built[key] = header
            return header
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = headers.map { "#include <\($0)>\n" }.joined()
        try Data(text.utf8).write(to: header, options: .atomic)
        // Built under a temporary name and renamed, so another process never sees half a file.
        let temporary = "prelude-\(UUID().uuidString).gch"
        let outcome = try compiler.run(["-std=\(standard)", "-x", "c++-header", "prelude.hpp", "-o", temporary],
                                       in: folder, timeLimit: timeout)
        guard outcome.status == 0, !outcome.timedOut else {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(temporary))
            built[key] = .some(nil)
            return nil
        }
        _ = rename(folder.appendingPathComponent(temporary).path, compiled.path)
        built[key] = header
        return header
    }
}
