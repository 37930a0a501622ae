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

    func judge(_ snippet: String, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict {
        let tool = try ProcessRunner(compiler)
        let header = try PrecompiledPrelude.shared(compiler: tool, standard: standard, headers: Self.headers, timeout: timeout * 6)
        let attempts: [(adjustment: String?, source: String, prelude: Bool)] = [
            (nil, snippet, false),
            ("headers", snippet, true),
            ("wrapped", "void curate_snippet_body() {\n\(snippet)\n}\n", true),
        ]
        var diagnoses = [Diagnosis]()
        for attempt in attempts {
            let file = folder.appendingPathComponent("snippet.cpp")
            try Data(attempt.source.utf8).write(to: file)
            var arguments = ["-std=\(standard)", "-fsyntax-only", "-fmax-errors=50", "-x", "c++"]
            if attempt.prelude, let header { arguments += ["-include", header.path, "-Winvalid-pch"] }
            if attempt.prelude, header == nil { arguments += Self.headers.flatMap { ["-include", $0] } }
            arguments.append(file.lastPathComponent)
            let outcome = try tool.run(arguments, in: folder, timeLimit: timeout)
            if outcome.timedOut {
                return .init(score: 0, reasons: ["validity.cxx_timeout: {role} took longer than \(formatted(timeout)) s to check"])
            }
            if outcome.status == 0 { return .init(score: 1, reasons: [], adjustment: attempt.adjustment) }
            diagnoses.append(Diagnosis(outcome.text, source: attempt.source, adjustment: attempt.adjustment))
        }
        if let incomplete = diagnoses.first(where: \.onlyUnresolved) {
            return .init(score: 0.75,
                         reasons: ["validity.cxx_unresolved: {role} uses names it does not declare (\(incomplete.first))"],
                         adjustment: incomplete.adjustment)
        }
        // The headers attempt tells most: the bare snippet's errors are mostly missing headers.
        return .init(score: 0, reasons: ["validity.cxx_error: {role}: \(diagnoses[1].first)"])
    }

    /// The errors of one attempt, and whether all of them follow from names declared elsewhere:
    /// an error counts as such when its message says so, or when its line uses a name that
    /// another error said is undeclared (g++ reports an unknown type once, then trips over
    /// every later line that uses it).
    struct Diagnosis {
        var adjustment: String?
        var first: String
        var onlyUnresolved: Bool

        init(_ output: String, source: String, adjustment: String?) {
            self.adjustment = adjustment
            var names = Set<Substring>()
            var errors = [(line: Int, message: Substring, unresolved: Bool)]()
            for line in output.split(separator: "\n") {
                guard let range = line.range(of: ": error: ") ?? line.range(of: ": fatal error: ") else { continue }
                // "snippet.cpp:7:30: error: ..." -> the line number is the second field.
                let fields = line[..<range.lowerBound].split(separator: ":")
                let number = fields.count >= 2 ? Int(fields[1]) ?? 0 : 0
                let message = line[range.upperBound...]
                let unresolved = CxxSnippetChecker.unresolvedMarkers.contains { message.contains($0) }
                if unresolved, let name = message.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first {
                    names.insert(name)
                }
                errors.append((number, message, unresolved))
            }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            func usesUnresolvedName(_ number: Int) -> Bool {
                guard number >= 1, number <= lines.count else { return false }
                let words = lines[number - 1].split { !($0.isLetter || $0.isNumber || $0 == "_") }
                return words.contains { names.contains($0) }
            }
            first = errors.first.map { String($0.message) } ?? output.split(separator: "\n").first.map(String.init) ?? "no output"
            onlyUnresolved = !errors.isEmpty && !names.isEmpty
                && errors.allSatisfy { $0.unresolved || usesUnresolvedName($0.line) }
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
