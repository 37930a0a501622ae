import Foundation

/// Checks a listing's content against the domain's language, whatever its markup declares:
/// reference pages mark assembly and synopses as code, and plain-text blocks sometimes hold
/// real code. Each check is a plain scan of the text, no parser.
enum ListingCheck {
    // MARK: assembly

    /// Compiler output shown next to C++ (`foo(int):`, `movl $1, %eax`, `ret`): labels and
    /// instruction mnemonics on most lines, and no statement ends with `;`.
    static func isAssembly(_ code: String) -> Bool {
        let lines = nonBlankLines(code)
        guard !lines.isEmpty else { return false }
        var instructions = 0
        var labels = 0
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let first = trimmed.prefix { !$0.isWhitespace }.lowercased()
            if mnemonics.contains(first) || (first.count > 1 && mnemonics.contains(String(first.dropLast()))) {
                instructions += 1
            } else if trimmed.hasSuffix(":"), !trimmed.contains(" ") || trimmed.contains("(") {
                labels += 1
            }
        }
        return instructions >= 1 && instructions + labels >= (lines.count * 3 + 3) / 4
    }

    /// x86 and ARM mnemonics as compilers print them (suffixed forms such as `movl` are
    /// matched by dropping the size letter).
    private static let mnemonics: Set<String> = [
        "mov", "movzx", "movsx", "movabs", "lea", "push", "pop", "ret", "call", "jmp", "je", "jne", "jz", "jnz", "jg",
        "jge", "jl", "jle", "ja", "jb", "cmp", "test", "add", "sub", "imul", "idiv", "div", "mul", "xor", "and", "or",
        "not", "neg", "shl", "shr", "sar", "sete", "setne", "inc", "dec", "nop", "leave", "cdq", "cqo", "ud2",
        "ldr", "str", "bl", "bx", "cbz", "cbnz", "stp", "ldp", "adrp",
    ]

    /// C++ with parts left out: a line that is only `...` (not a pack expansion or a
    /// catch-all handler, which always stand inside an expression or declaration).
    static func isElidedCpp(_ code: String) -> Bool {
        code.split(separator: "\n").contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed == "..." || trimmed == "...;"
        }
    }

    // MARK: synopsis

    /// A CMake signature rather than code: once strings, bracket arguments, comments and
    /// generator expressions are set aside, it still has `<placeholders>`, `...`, or bare
    /// `[optional | alternative]` brackets, none of which a CMake script can contain.
    static func isCMakeSynopsis(_ code: String) -> Bool {
        let bare = withoutCMakeLiterals(code)
        if bare.contains("...") || bare.contains("…") || bare.contains("[") || bare.contains("|") { return true }
        return containsPlaceholder(bare)
    }

    /// `<name>` with a word inside: a placeholder (`<var>`, `<target-name>`).
    static func containsPlaceholder(_ text: String) -> Bool {
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            let rest = text[text.index(after: open)...]
            if let close = rest.firstIndex(of: ">") {
                let inner = rest[..<close]
                if let first = inner.first, first.isLetter,
                   inner.allSatisfy({ $0.isLetter || $0.isNumber || "_-.:|+ ".contains($0) }), inner.count <= 40 {
                    return true
                }
            }
            index = text.index(after: open)
        }
        return false
    }

    /// CMake text with quoted arguments, bracket arguments/comments, line comments and
    /// generator expressions blanked out.
    static func withoutCMakeLiterals(_ code: String) -> String {
        var out = ""
        let chars = Array(code)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"" { i += chars[i] == "\\" ? 2 : 1 }
                i += 1
                out += "\"\""
            } else if let end = bracketEnd(chars, from: c == "#" ? i + 1 : i), c == "[" || c == "#" {
                i = end
                out += " "
            } else if c == "#" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if c == "$", i + 1 < chars.count, chars[i + 1] == "<" {
                var depth = 0
                while i < chars.count {
                    if chars[i] == "<" { depth += 1 } else if chars[i] == ">" { depth -= 1; if depth == 0 { i += 1; break } }
                    i += 1
                }
                out += "$"
            } else if c == "$", i + 1 < chars.count, chars[i + 1] == "{" {
                while i < chars.count, chars[i] != "}" { i += 1 }
                i += 1
                out += "$"
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// End (exclusive) of a bracket argument `[==[ … ]==]` opening at `start`, or nil.
    private static func bracketEnd(_ chars: [Character], from start: Int) -> Int? {
        guard start < chars.count, chars[start] == "[" else { return nil }
        var j = start + 1
        var level = 0
        while j < chars.count, chars[j] == "=" { level += 1; j += 1 }
        guard j < chars.count, chars[j] == "[" else { return nil }
        let closing = Array("]" + String(repeating: "=", count: level) + "]")
        var k = j + 1
        while k + closing.count <= chars.count {
            if Array(chars[k..<k + closing.count]) == closing { return k + closing.count }
            k += 1
        }
        return chars.count
    }

    /// A shell usage line rather than a command (`cd [-L|-P] [dir]`, `[n]<word`,
    /// `for name [in words …]; do commands; done`, `(( expression ))`): option brackets,
    /// ellipses, or, in a short listing, the placeholder words manuals use.
    static func isShellSynopsis(_ code: String) -> Bool {
        // Comments are prose ("use the default completion for other arguments").
        let uncommented = code.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { return "" }
            if let comment = line.range(of: " #") { return line[..<comment.lowerBound] }
            return line
        }.joined(separator: "\n")
        let bare = withoutShellQuotes(uncommented)
        if bare.contains("…") || bare.contains(" ...") || bare.contains("...]") { return true }
        let words = bare.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == ";" })
        for word in words {
            // `[-abc]`, `[n]`, `[name]`, `[n]<word`, `[arguments]`: optional parts. Test
            // brackets (`[ -f x ]`, `[[ … ]]`) have spaces inside and array subscripts a name before.
            if word.hasPrefix("["), !word.hasPrefix("[["), word.count > 2,
               let close = word.firstIndex(of: "]"), word.index(after: word.startIndex) < close {
                let inner = word[word.index(after: word.startIndex)..<close]
                if inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "|" || $0 == "=" || $0 == "@" }) {
                    return true
                }
            }
            if let open = word.firstIndex(of: "["), let close = word.lastIndex(of: "]"), open < close,
               shellPlaceholderWords.contains(String(word[word.index(after: open)..<close])) { return true }
            if shellPlaceholderWords.contains(word.lowercased()), nonBlankLines(code).count <= 3,
               !bare.contains("$"), !bare.contains("/") { return true }
            if word.hasSuffix("-commands") || word.hasSuffix("-consequents") || word.hasSuffix("-command") { return true }
        }
        return false
    }

    /// Words a shell manual writes where the reader puts their own.
    private static let shellPlaceholderWords: Set<String> = [
        "expression", "expression))", "list", "list)", "(list)", "<(list)", ">(list)", "command", "command)", "$(command)",
        "`command`", "commands", "word", "words", "filename", "arguments", "argument", "value", "pattern", "digit",
        "digit-", "delimiter", "here-document", "string", "optname", "jobspec", "compound-command", "simple-command",
        "name", "fname", "aname", "expr", "&>word", ">&word", ">word", ">>word", "&>>word", "<word", "subscript",
    ]

    private static func withoutShellQuotes(_ code: String) -> String {
        var out = ""
        var quote: Character?
        for c in code {
            if let open = quote {
                if c == open { quote = nil; out += "''" }
            } else if c == "'" || c == "\"" {
                quote = c
            } else {
                out.append(c)
            }
        }
        return out
    }

    // MARK: recognising undeclared code

    /// Whether an undeclared listing reads as shell commands: most lines start with a shell
    /// keyword, a builtin or a common program, an assignment, or a function definition.
    /// Here-document bodies are data and are not counted; calls of functions the listing
    /// defines count as commands.
    static func looksLikeShell(_ code: String) -> Bool {
        var lines = [String]()
        var terminator: String?
        for raw in nonBlankLines(code) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let end = terminator {
                if line == end { terminator = nil }
                continue
            }
            if line.hasPrefix("#") { continue }
            lines.append(line)
            terminator = hereDocumentTerminator(line)
        }
        guard !lines.isEmpty else { return false }
        let defined = Set(lines.compactMap { line -> String? in
            let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            let rest = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            return !name.isEmpty && rest.hasPrefix("()") ? String(name) : nil
        })
        var commands = 0
        for line in lines where isShellCommandLine(line, defined: defined) { commands += 1 }
        return commands * 10 >= lines.count * 7
    }

    /// The word that ends a here-document opened on `line` (`<<EOF`, `<<-'END'`), or nil.
    static func hereDocumentTerminator(_ line: String) -> String? {
        guard let range = line.range(of: "<<"), !line[range.upperBound...].hasPrefix("<") else { return nil }
        var rest = line[range.upperBound...].drop { $0 == "-" || $0 == " " }
        rest = rest.drop { $0 == "'" || $0 == "\"" || $0 == "\\" }
        let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return word.isEmpty ? nil : String(word)
    }

    private static func isShellCommandLine(_ line: String, defined: Set<String> = []) -> Bool {
        // A run of bare command names ("break : . continue eval exec") lists them; it runs nothing.
        let names = line.split(separator: " ")
        if names.count >= 4, names.allSatisfy({ shellCommands.contains(String($0)) }) { return false }
        if ["{", "}", "};", ";;", "(", ")", "done", "fi", "esac", "do", "then", "else"].contains(line) { return true }
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        // Leading assignments (`CC=c89 ./configure`) and `!`/`time` prefixes.
        while let first = words.first, first == "!" || first == "time" || isAssignment(first) {
            if words.count == 1 { return isAssignment(first) }
            words.removeFirst()
        }
        guard var first = words.first else { return false }
        if first.hasSuffix("()") || (words.count > 1 && words[1].hasPrefix("()")) {
            return first.dropLast(first.hasSuffix("()") ? 2 : 0).allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
        if first.hasSuffix(";") { first.removeLast() }
        if first.hasSuffix(")"), !first.hasPrefix("$") { return true } // a case pattern: `*i*)` or `horse | dog)`
        if first.hasPrefix("./") || first.hasPrefix("/") || first.hasPrefix("~/") { return true }
        if first.hasPrefix("[[") || first == "[" || first.hasPrefix("((") { return true }
        return shellCommands.contains(first) || defined.contains(first)
    }

    private static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        let name = word[..<equals]
        let base = name.split(separator: "[").first ?? name[...]
        return base.first.map { $0.isLetter || $0 == "_" } == true && base.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Shell keywords, builtins and programs common in manuals.
    static let shellCommands: Set<String> = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "select", "function",
        "coproc", "in", "echo", "printf", "read", "cd", "pwd", "pushd", "popd", "dirs", "export", "unset", "set", "shift",
        "local", "declare", "typeset", "readonly", "source", ".", ":", "true", "false", "exit", "return", "trap", "wait",
        "kill", "jobs", "fg", "bg", "disown", "complete", "compgen", "compopt", "alias", "unalias", "type", "command",
        "builtin", "enable", "eval", "exec", "let", "mapfile", "readarray", "getopts", "hash", "help", "history", "fc",
        "ulimit", "umask", "shopt", "test", "break", "continue", "caller", "bind", "logout", "suspend", "times",
        "ls", "cp", "mv", "rm", "mkdir", "rmdir", "cat", "grep", "sed", "awk", "sort", "uniq", "head", "tail", "cut",
        "tr", "wc", "find", "xargs", "chmod", "chown", "ln", "touch", "make", "env", "bash", "sh", "tar", "gzip",
        "msgfmt", "msgmerge", "xgettext", "cmake", "gcc", "cc", "g++", "install", "sudo", "git", "tee", "date", "sleep",
        "basename", "dirname", "mktemp", "diff", "patch", "curl", "wget", "ps", "nohup", "stty", "tput", "seq",
    ]

    /// Whether a plain-text listing is nothing but CMake command calls (`name(…)` with
    /// balanced parentheses, comments between them) and no synopsis marks.
    static func looksLikeCMake(_ code: String) -> Bool {
        let bare = Array(withoutCMakeLiterals(code))
        var i = 0
        var calls = 0
        func skipSpace() { while i < bare.count, bare[i].isWhitespace { i += 1 } }
        while true {
            skipSpace()
            guard i < bare.count else { break }
            guard bare[i].isLetter || bare[i] == "_" else { return false }
            while i < bare.count, bare[i].isLetter || bare[i].isNumber || bare[i] == "_" { i += 1 }
            while i < bare.count, bare[i] == " " || bare[i] == "\t" { i += 1 }
            guard i < bare.count, bare[i] == "(" else { return false }
            var depth = 0
            repeat {
                if bare[i] == "(" { depth += 1 } else if bare[i] == ")" { depth -= 1 }
                i += 1
            } while i < bare.count && depth > 0
            guard depth == 0 else { return false }
            calls += 1
        }
        return calls > 0 && !isCMakeSynopsis(code)
    }

    // MARK: console transcripts

    /// A transcript (`$ echo ${v-unset}` then `123`) as a script: the commands without their
    /// prompt, each followed by the output it printed as `# ` comments. Nil when the listing is
    /// not a transcript (fewer than half its commands behind a prompt, or no command at all).
    static func scriptFromTranscript(_ code: String) -> String? {
        var out = [String]()
        var commands = 0
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            if let command = withoutPrompt(String(line)) {
                commands += 1
                out.append(command)
            } else if commands == 0 {
                return nil
            } else {
                out.append(line.isEmpty ? "#" : "# \(line)")
            }
        }
        guard commands > 0 else { return nil }
        while out.last == "#" { out.removeLast() }
        return out.joined(separator: "\n")
    }

    /// The command after a prompt (`$ `, `bash$ `, `bash-4.2$ `), or nil.
    static func withoutPrompt(_ line: String) -> String? {
        guard let dollar = line.firstIndex(of: "$") else { return nil }
        let before = line[..<dollar]
        guard before.isEmpty || before.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }),
              before.isEmpty || before.hasPrefix("bash") || before.hasPrefix("sh") else { return nil }
        let after = line[line.index(after: dollar)...]
        guard after.hasPrefix(" "), after.count > 1 else { return nil }
        return String(after.dropFirst())
    }

    static func nonBlankLines(_ code: String) -> [Substring] {
        code.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
    }
}
