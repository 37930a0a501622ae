import Foundation

/// One definition Universal Ctags found: a type, a function, a member, a parameter or a local.
struct CtagsTag: Sendable, Hashable, Decodable {
    var name: String
    /// Relative to the tree's root.
    var path: String
    var line: Int
    /// Last line of the definition, when ctags knows it (types, functions, members).
    var end: Int?
    /// `class`, `struct`, `function`, `member`, `parameter`, `local`, `prototype`, …
    var kind: String
    /// The enclosing scope, `ns::Class` or `ns::Class::Function`.
    var scope: String?
    /// What the scope is: `namespace`, `class`, `struct`, `function`.
    var scopeKind: String?
    /// `typename:const Foo &` for variables, members and functions.
    var typeref: String?
    var signature: String?

    /// A "function" with an upper-case name and no return type that is no constructor:
    /// a macro called with a body (`TEST(…) {`, `TEST_F(…) {`, `BENCHMARK_DEFINE_F(…) {`),
    /// which has no name a question could ask about.
    var isMacroInvocation: Bool {
        guard typeref == nil, scopeLast != name, let first = name.first, first.isUppercase else { return false }
        return name.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber || $0 == "_" }
    }

    /// The last component of the scope: the class a member belongs to.
    var scopeLast: String? { scope.map { String($0.split(separator: ":").last ?? "") } }

    /// The scope and name, `ns::Class::Member`.
    var qualifiedName: String { scope.map { "\($0)::\(name)" } ?? name }

    /// The declared type without the `typename:` prefix.
    var typeText: String? {
        guard let typeref else { return nil }
        return typeref.hasPrefix("typename:") ? String(typeref.dropFirst("typename:".count)) : typeref
    }
}

/// The definitions of one source tree, as Universal Ctags reports them (JSON output with end
/// lines), indexed for the questions the cutter asks: where is a type defined, which members
/// does it have, which parameters and locals does a function declare.
struct CtagsIndex: Sendable {
    static let typeKinds: Set<String> = ["class", "struct", "union"]
    static let sourceExtensions: Set<String> = ["cc", "cpp", "cxx", "c++", "h", "hh", "hpp", "hxx"]

    var tags: [CtagsTag]
    /// Types by their plain name.
    private(set) var types: [String: [CtagsTag]] = [:]
    /// Members (data, functions declared or defined inside the class) by the class's plain name.
    private(set) var members: [String: [CtagsTag]] = [:]
    /// Parameters and locals by the qualified name of the function that declares them.
    private(set) var variables: [String: [CtagsTag]] = [:]

    init(tags: [CtagsTag]) {
        self.tags = tags
        for tag in tags {
            if Self.typeKinds.contains(tag.kind), tag.end != nil { types[tag.name, default: []].append(tag) }
            if ["member", "prototype", "function"].contains(tag.kind), let owner = tag.scopeLast, !owner.isEmpty {
                members[owner, default: []].append(tag)
            }
            if ["parameter", "local"].contains(tag.kind), let scope = tag.scope {
                variables[scope, default: []].append(tag)
            }
        }
    }

    /// Runs `ctags` over every C++ file under `root` (headers included, as C++).
    static func build(root: URL, ctags: String = "ctags", timeLimit: Double = 300) throws -> CtagsIndex {
        let tool = try ProcessRunner(ctags)
        return try ScratchFolder.with { folder in
            let tagsFile = folder.appendingPathComponent("tags.json")
            let result = try tool.run([
                "--output-format=json", "--fields=+neKSZt", "--kinds-C++=+zlp",
                "--langmap=C++:+.h.hh.hpp.hxx.cc.cxx", "--languages=C++", "--sort=no",
                "-R", "-f", tagsFile.path, ".",
            ], in: root, timeLimit: timeLimit)
            guard result.succeeded else {
                throw InputRejected("ctags failed (status \(result.status)): \(result.text.prefix(300))")
            }
            let text = try String(contentsOf: tagsFile, encoding: .utf8)
            return CtagsIndex(tags: try parse(text))
        }
    }

    /// Parses ctags' JSON lines; lines that are not tags (pseudo-tags, messages) are left out.
    static func parse(_ text: String) throws -> [CtagsTag] {
        let decoder = JSONDecoder()
        var tags = [CtagsTag]()
        for line in text.split(separator: "\n") where line.hasPrefix("{\"_type\": \"tag\"") {
            var tag = try decoder.decode(CtagsTag.self, from: Data(line.utf8))
            if tag.path.hasPrefix("./") { tag.path.removeFirst(2) }
            tags.append(tag)
        }
        return tags
    }

    /// Functions with a body of `lines` lines (first to last line, inclusive); macro
    /// invocations ctags reads as functions (`TEST(Suite, Name) { … }`) are left out.
    func functions(lines: ClosedRange<Int>) -> [CtagsTag] {
        tags.filter { tag in
            guard tag.kind == "function", let end = tag.end, !tag.name.hasPrefix("__anon"), !tag.isMacroInvocation else { return false }
            return lines.contains(end - tag.line + 1)
        }
    }

    /// The parameters and locals declared inside `function` (lambdas' own are left out).
    func variables(of function: CtagsTag) -> [CtagsTag] {
        variables[function.qualifiedName, default: []].filter { variable in
            variable.path == function.path && variable.line >= function.line && variable.line <= (function.end ?? function.line)
        }
    }

    /// The members of the type `name` declared in its definition (`definition`'s file and lines).
    func members(of name: String, in definition: CtagsTag) -> [CtagsTag] {
        members[name, default: []].filter { member in
            member.path == definition.path && member.line >= definition.line && member.line <= (definition.end ?? definition.line)
        }
    }
}
