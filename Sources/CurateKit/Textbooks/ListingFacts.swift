import Foundation

/// What a listing itself shows, read off its text: the names it calls or uses, in order of
/// first use, and whether it is a one-liner worth quoting in a question. Questions and answers
/// are built from these so that two listings of one page are asked about differently.
struct ListingFacts {
    var code: String
    /// Library names, commands or programs the listing uses, most telling first.
    var names: [String]
    /// The listing's only line, when it is short enough to quote.
    var oneLiner: String?
    /// The listing ends with the output it prints (as comments).
    var showsOutput = false
    /// The listing's comments point out a mistake (an error, undefined behaviour, a leak …).
    var warns = false

    init(code: String, language: CodeLanguage) {
        self.code = code
        switch language {
        case .cpp: names = Self.cppNames(code)
        case .cmake: names = Self.cmakeCommands(code)
        case .shell: names = Self.shellCommands(code)
        }
        warns = Self.commentsWarn(code, language: language)
        let lines = ListingCheck.nonBlankLines(code)
        if lines.count == 1, let line = lines.first, line.count <= 64, !line.contains("`") {
            oneLiner = line.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Whether a comment in the code names a mistake.
    static func commentsWarn(_ code: String, language: CodeLanguage) -> Bool {
        let marker = language == .cpp ? "//" : "#"
        for line in code.split(separator: "\n") {
            guard let range = line.range(of: marker) else { continue }
            let comment = line[range.upperBound...].lowercased()
            if warningWords.contains(where: { comment.contains($0) }) { return true }
        }
        return false
    }

    static let warningWords = ["error", "undefined", " ub", "ub ", "dangling", "leak", "race", "deadlock", "overflow",
                               "wrong", "bug", "ill-formed", "not allowed", "fails", "crash"]

    /// Qualified names (`std::partial_sum`, `std::chrono::seconds`) in order of first use;
    /// the everyday ones (`std::cout`, `std::string`) last, since they say little.
    static func cppNames(_ code: String) -> [String] {
        var found = [String]()
        var seen = Set<String>()
        let chars = Array(code)
        var i = 0
        while i + 5 < chars.count {
            if chars[i] == "s", chars[i + 1] == "t", chars[i + 2] == "d", chars[i + 3] == ":", chars[i + 4] == ":",
               i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" || chars[i - 1] == ":") {
                var j = i + 5
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_"
                        || (chars[j] == ":" && j + 2 < chars.count && chars[j + 1] == ":" && chars[j + 2].isLetter) {
                    j += chars[j] == ":" ? 2 : 1
                }
                let name = String(chars[i..<j])
                if name.count > 5, seen.insert(name).inserted { found.append(name) }
                i = j
            } else {
                i += 1
            }
        }
        return found.filter { !everyday.contains($0) } + found.filter { everyday.contains($0) }
    }

    static let everyday: Set<String> = [
        "std::cout", "std::cin", "std::cerr", "std::clog", "std::endl", "std::string", "std::size_t", "std::printf",
        "std::puts", "std::string_view", "std::flush", "std::boolalpha", "std::setw", "std::vector", "std::move",
        "std::uint8_t", "std::int32_t", "std::uint32_t", "std::int64_t", "std::uint64_t", "std::ptrdiff_t",
        "std::ostream", "std::exception", "std::runtime_error", "std::format", "std::println", "std::print",
    ]

    /// The commands called, in order of first call, without the structural ones
    /// (`if`, `endif`, `set`, …) unless nothing else is called.
    static func cmakeCommands(_ code: String) -> [String] {
        var found = [String]()
        var seen = Set<String>()
        for line in code.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let name = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !name.isEmpty, trimmed.dropFirst(name.count).drop(while: { $0 == " " }).first == "(" else { continue }
            // Commands are case-insensitive: one entry per command, spelled as first written.
            if seen.insert(name.lowercased()).inserted { found.append(String(name)) }
        }
        let structural: Set<String> = ["if", "else", "elseif", "endif", "foreach", "endforeach", "while", "endwhile",
                                       "endfunction", "endmacro", "set", "message", "return", "block", "endblock"]
        let telling = found.filter { !structural.contains($0.lowercased()) }
        return telling.isEmpty ? found.filter { !$0.lowercased().hasPrefix("end") && !$0.lowercased().hasPrefix("else") } : telling
    }

    /// The commands and builtins run, first word of each command, in order of first use.
    static func shellCommands(_ code: String) -> [String] {
        var found = [String]()
        var seen = Set<String>()
        let quiet: Set<String> = ["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
                                  "select", "function", "coproc", "in", "{", "}", "true", "false", ":"]
        for line in code.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }
            for piece in trimmed.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "&" }) {
                var words = piece.split(separator: " ").map(String.init)
                while let first = words.first, first.contains("=") || first == "!" || first == "time" { words.removeFirst() }
                guard let first = words.first, ListingCheck.shellCommands.contains(first), !quiet.contains(first) else { continue }
                if seen.insert(first).inserted { found.append(first) }
            }
        }
        return found
    }
}
