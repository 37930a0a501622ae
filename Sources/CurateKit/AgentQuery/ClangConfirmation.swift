import Foundation

/// Asks clang what a function's object really is: `clang++ -fsyntax-only -Xclang -ast-dump=json`
/// filtered to the function, then the declared type of the parameter or local (or, for a member
/// function's own members, the type of `this`). Ctags reads declarations as text; clang resolves
/// typedefs, namespaces and templates, so a sample it agrees with names the right type.
struct ClangConfirmation: Sendable {
    enum Verdict: String, Sendable { case confirmed, contradicted, unavailable }

    var clang: String = "clang++"
    var standard = "c++17"
    var timeLimit = 60.0

    func check(_ candidate: QueryCandidate, root: URL) -> (verdict: Verdict, detail: String) {
        guard let tool = try? ProcessRunner(clang) else { return (.unavailable, "\(clang) not found") }
        let folder = (candidate.function.path as NSString).deletingLastPathComponent
        var arguments = ["-fsyntax-only", "-std=\(standard)", "-w", "-ferror-limit=0", "-I.", "-Iinclude"]
        if !folder.isEmpty { arguments.append("-I\(folder)") }
        arguments += ["-Xclang", "-ast-dump=json", "-Xclang", "-ast-dump-filter=\(candidate.function.name)", candidate.function.path]
        guard let result = try? tool.run(arguments, in: root, timeLimit: timeLimit, outputLimit: 256 << 20) else {
            return (.unavailable, "clang could not be run")
        }
        guard !result.timedOut, !result.truncated else { return (.unavailable, "clang gave no complete answer") }
        let declarations = Self.objects(in: result.text)
        let function = declarations.first { Self.line(of: $0) == candidate.function.line && ($0["kind"] as? String)?.hasSuffix("Decl") == true }
            ?? declarations.first { ($0["name"] as? String) == candidate.function.name && $0["inner"] != nil }
        guard let function else { return (.unavailable, "clang did not show \(candidate.function.name)") }
        let plain = candidate.plainTypeName
        if let object = candidate.object {
            guard let type = Self.variableType(named: object, in: function) else {
                return (.unavailable, "clang shows no declaration of \(object)")
            }
            return Self.names(type, plain) ? (.confirmed, type) : (.contradicted, "clang says \(object) is \(type)")
        }
        guard let type = Self.thisType(in: function) else { return (.unavailable, "clang shows no use of this") }
        return Self.names(type, plain) ? (.confirmed, type) : (.contradicted, "clang says this is \(type)")
    }

    /// Whether a clang type spelling names the class `plain` (`const tally::storage::Ring &`).
    static func names(_ type: String, _ plain: String) -> Bool {
        let base = type.split(separator: "<").first.map(String.init) ?? type
        return CxxText.mentions(plain, in: base)
    }

    /// The top-level JSON objects of clang's output: each starts with a line `{` and ends with
    /// a line `}`; diagnostics printed between them are left out.
    static func objects(in text: String) -> [[String: Any]] {
        var objects = [[String: Any]]()
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "{" { current = [line]; continue }
            guard current != nil else { continue }
            current!.append(line)
            if line == "}" {
                let chunk = current!.joined(separator: "\n")
                if let object = try? JSONSerialization.jsonObject(with: Data(chunk.utf8)) as? [String: Any] { objects.append(object) }
                current = nil
            }
        }
        return objects
    }

    private static func line(of node: [String: Any]) -> Int? {
        (node["loc"] as? [String: Any])?["line"] as? Int
    }

    private static func variableType(named name: String, in node: [String: Any]) -> String? {
        if let kind = node["kind"] as? String, kind == "ParmVarDecl" || kind == "VarDecl", node["name"] as? String == name {
            return (node["type"] as? [String: Any])?["qualType"] as? String
        }
        for child in node["inner"] as? [[String: Any]] ?? [] {
            if let found = variableType(named: name, in: child) { return found }
        }
        return nil
    }

    private static func thisType(in node: [String: Any]) -> String? {
        if node["kind"] as? String == "CXXThisExpr" {
            return (node["type"] as? [String: Any])?["qualType"] as? String
        }
        for child in node["inner"] as? [[String: Any]] ?? [] {
            if let found = thisType(in: child) { return found }
        }
        return nil
    }
}
