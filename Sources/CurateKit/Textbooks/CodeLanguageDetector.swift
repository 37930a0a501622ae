import Foundation

/// Names the language of a code listing: from markup hints (`class="language-cpp"`,
/// `highlight-cmake`, `sourceCode bash`, DocBook `language=`, `data-lang`) or, when the markup
/// says nothing, from tell-tale content.
enum CodeLanguageDetector {
    /// Canonical name of a language word, or nil when the word is not a language we know.
    static func canonical(_ word: String) -> String? {
        switch word.lowercased() {
        case "cpp", "c++", "cxx", "cc", "hpp", "cplusplus", "c++11", "c++14", "c++17", "c++20", "c++23": return "cpp"
        case "c": return "c"
        case "cmake": return "cmake"
        case "bash", "sh", "shell", "zsh", "ksh", "posix-shell", "shell-script": return "shell"
        case "console", "shell-session", "shellsession", "terminal", "prompt": return "console"
        case "text", "txt", "none", "plain", "plaintext", "output", "default": return "text"
        case "python", "py": return "python"
        case "make", "makefile": return "make"
        case "json", "yaml", "toml", "xml", "html", "javascript", "js", "rust", "go", "java", "diff", "ini", "swift":
            return word.lowercased()
        default: return nil
        }
    }

    /// The language a `class` attribute names, if any. Prefixed tokens (`language-x`,
    /// `lang-x`, `highlight-x`, `source-x`, `brush:x`) name a language even when it is unknown.
    static func fromClass(_ classes: String) -> String? {
        var bare: String?
        for token in classes.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let lowered = token.lowercased()
            for prefix in ["language-", "lang-", "highlight-", "source-", "brush:"] where lowered.hasPrefix(prefix) {
                let rest = String(lowered.dropFirst(prefix.count))
                if !rest.isEmpty { return canonical(rest) ?? rest }
            }
            if bare == nil, lowered != "c", let known = canonical(lowered) { bare = known }
        }
        return bare
    }

    /// A guess from content, or nil when nothing is telling. Scores a few markers of each
    /// language and wants two of them, so that one stray `#include` in prose does not decide.
    static func detect(_ code: String) -> String? {
        var scores: [(String, Int)] = [("cpp", 0), ("cmake", 0), ("shell", 0)]
        let cppMarkers = ["#include", "std::", "int main(", "template <", "template<", "nullptr", "constexpr",
                          "namespace ", "public:", "private:", "};", "->", "auto "]
        let cmakeMarkers = ["cmake_minimum_required(", "project(", "add_executable(", "add_library(",
                            "target_link_libraries(", "target_include_directories(", "find_package(",
                            "target_compile_features(", "add_subdirectory(", "install(", "endif()", "endforeach()",
                            "${CMAKE_", "option(", "add_test("]
        let shellMarkers = ["#!/bin/sh", "#!/bin/bash", "#!/usr/bin/env bash", "echo ", "then\n", "fi\n", "done\n",
                            "esac", "printf ", "local ", "export ", "$(", "\"$", "[[ ", "; do", "; then", "read -r"]
        for marker in cppMarkers where code.contains(marker) { scores[0].1 += 1 }
        for marker in cmakeMarkers where code.contains(marker) { scores[1].1 += 2 }
        for marker in shellMarkers where code.contains(marker) { scores[2].1 += 1 }
        if code.hasPrefix("#!") { scores[2].1 += 3 }
        let best = scores.max { $0.1 < $1.1 }!
        let ties = scores.filter { $0.1 == best.1 }.count
        return best.1 >= 2 && ties == 1 ? best.0 : nil
    }
}
