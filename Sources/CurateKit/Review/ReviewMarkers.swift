/// The exact marker lines of a REVIEW sample (`FORMATS.md`, section 4) in a domain's language:
/// C++ comments for C++, `#` comments and a bracket comment for CMake.
struct ReviewMarkers: Sendable {
    var language: CodeLanguage

    var review: String { "\(language.lineComment) ====== REVIEW ======" }
    var code: String { "\(language.lineComment) ====== CODE ======" }
    var findingOpen: String { language == .cpp ? "/* FINDING:" : "#[[ FINDING:" }
    var findingClose: String { language == .cpp ? "*/" : "]]" }
    /// Starts a line that names the file the next code comes from.
    var file: String { "\(language.lineComment) file: " }
    /// Starts a line that says which lines of the file follow, and in which function.
    var lines: String { "\(language.lineComment) lines " }

    /// Which files a review in this language is about.
    func covers(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        // The text after the last dot; none for a name without one, or made only of dots ("..").
        let suffix = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last.map(String.init) ?? ""
        switch language {
        case .cpp:
            return ["c", "cc", "cpp", "cxx", "c++", "h", "hh", "hpp", "hxx", "h++", "ipp", "tcc", "inl", "C", "H"].contains(suffix)
        case .cmake:
            return name == "CMakeLists.txt" || suffix.lowercased() == "cmake"
        case .shell:
            return ["sh", "bash"].contains(suffix)
        }
    }

    var languageName: String {
        switch language {
        case .cpp: "C/C++"
        case .cmake: "CMake"
        case .shell: "shell"
        }
    }
}
