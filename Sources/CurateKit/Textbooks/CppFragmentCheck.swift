import Foundation

/// Recognises an undeclared C++ fragment (a class outline, a few statements) that the
/// language detector, which wants two strong markers, leaves unnamed. Used for design
/// writing, where code is mostly fragments: `class Proxy { … };`, `void f(Widget const &w);`.
///
/// It wants C++ words (`class`, `const &`, `::`, `template`, `return` …) from at least two kinds,
/// a line ending as C++ lines end (`;`, `{`, `}`), and nothing that marks another language:
/// shell prompts, LLVM IR (`%x =`, `define`, `; comment`), Python (`def`, `>>>`).
enum CppFragmentCheck {
    static func looksLikeCpp(_ code: String) -> Bool {
        let lines = code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.contains(where: { $0.hasSuffix(";") || $0.hasSuffix("{") || $0.hasSuffix("}") }) else { return false }
        for line in lines {
            for prefix in foreignStarts where line.hasPrefix(prefix) { return false }
            if line.range(of: #"^%[\w.]+ = "#, options: .regularExpression) != nil { return false }
        }
        let kinds = words.filter { group in group.contains { code.contains($0) } }.count
        return kinds >= 2
    }

    private static let foreignStarts = ["$ ", "% ", "> ", ">>>", "define ", "declare ", "; ", "def ", "import ", "#!/", "--"]

    /// Groups of telling C++ words; a fragment shows words from two groups.
    private static let words: [[String]] = [
        ["class ", "struct ", "union ", "enum "],
        ["template", "typename "],
        ["::"],
        ["const &", "const&", "&&", "->"],
        ["return ", "if (", "for (", "while ("],
        ["int ", "void ", "bool ", "char ", "size_t", "unsigned ", "double ", "auto "],
        ["public:", "private:", "protected:", "virtual ", "override", "operator"],
        ["#include", "#define", "nullptr", "std::", "namespace "],
    ]
}
