import Foundation

/// Judges the code parts of a sample by running the real tool for its language: `g++
/// -fsyntax-only` for C++, `bash -n` and `shellcheck` for shell, `cmake -P` for CMake.
///
/// Each verdict is cached by the digest of the tool, its settings and the snippet in the
/// catalog's cache (namespace `validity.<tool>`), so a rerun or a duplicate snippet costs no
/// process. Snippets are not whole programs, so each checker judges them fairly (standard
/// headers, a wrapping function, unresolved names forgiven in part) and says when it had to.
struct CodeValidityScorer: Sendable {
    struct Settings: Sendable, Hashable {
        var enabled = true
        var timeoutSeconds = 20.0
        var cxx = "g++"
        var cxxStandard = "c++20"
        var bash = "bash"
        var shellcheck: String? = "shellcheck"
        var cmake = "cmake"

        init() {}

        init(section: ConfigTable) throws {
            enabled = try section.bool("enabled", default: enabled)
            timeoutSeconds = try section.double("timeout_seconds", default: timeoutSeconds)
            cxx = try section.string("cxx", default: cxx)
            cxxStandard = try section.string("cxx_standard", default: cxxStandard)
            bash = try section.string("bash", default: bash)
            let shellcheck = try section.string("shellcheck", default: "shellcheck")
            self.shellcheck = shellcheck.isEmpty ? nil : shellcheck
            cmake = try section.string("cmake", default: cmake)
            try section.rejectUnknownKeys()
            guard timeoutSeconds > 0 else {
                throw ConfigError.invalid(file: section.file, key: section.qualified("timeout_seconds"),
                                          line: section.line(of: "timeout_seconds"), reason: "must be positive")
            }
        }
    }

    /// What the checkers concluded about one snippet; this is what the cache stores.
    struct Verdict: Sendable, Hashable, Codable {
        var score: Double
        var reasons: [String]
        /// How the snippet had to be completed to be judged (`headers`, `wrapped`), if at all.
        var adjustment: String?
    }

    var settings = Settings()

    /// The combined verdict on all code parts (nil when the sample has none), and the
    /// adjustments that were needed, one per code part that needed one.
    func score(_ anatomy: SampleAnatomy, cache: (any StageCache)?) throws -> (result: ScoreResult, adjustments: [String])? {
        guard settings.enabled, !anatomy.code.isEmpty else { return nil }
        var total = 0.0
        var reasons = [String]()
        var adjustments = [String]()
        for part in anatomy.code {
            let verdict = try check(part, cache: cache)
            total += verdict.score
            reasons += verdict.reasons.map { $0.replacingOccurrences(of: "{role}", with: part.role) }
            if let adjustment = verdict.adjustment { adjustments.append("\(part.language.rawValue):\(part.role):\(adjustment)") }
        }
        return (ScoreResult(score: total / Double(anatomy.code.count), reasons: reasons), adjustments)
    }

    func check(_ part: SampleAnatomy.Code, cache: (any StageCache)?) throws -> Verdict {
        let checker: any SnippetChecker
        switch part.language {
        case .cpp: checker = CxxSnippetChecker(compiler: settings.cxx, standard: settings.cxxStandard)
        case .shell: checker = ShellSnippetChecker(bash: settings.bash, shellcheck: settings.shellcheck)
        case .cmake: checker = CMakeSnippetChecker(cmake: settings.cmake)
        }
        let key = Digest.combine([checker.identity, part.text])
        if let cache, let stored = try cache.value(namespace: checker.namespace, key: key),
           let verdict = try? JSONDecoder().decode(Verdict.self, from: Data(stored.utf8)) {
            return verdict
        }
        let verdict = try ScratchFolder.with { folder in
            try checker.judge(part.text, in: folder, timeout: settings.timeoutSeconds)
        }
        if let cache {
            try cache.store(namespace: checker.namespace, key: key,
                            value: String(decoding: try JSONCoding.line.encode(verdict), as: UTF8.self))
        }
        return verdict
    }
}

/// A tool-backed judge of one language's snippets. Reasons may contain `{role}`, replaced by
/// the part of the sample the snippet came from.
protocol SnippetChecker: Sendable {
    /// Cache namespace, `validity.<tool>`.
    var namespace: String { get }
    /// Everything besides the snippet that decides the verdict (tool, flags, checker version).
    var identity: String { get }
    func judge(_ snippet: String, in folder: URL, timeout: Double) throws -> CodeValidityScorer.Verdict
}

/// A private folder for one check, removed afterwards whatever happens.
enum ScratchFolder {
    static func with<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("curate-validity-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }
}

extension String {
    /// The first `limit` lines that contain `needle`, for quoting a tool's complaint.
    func lines(containing needle: String, limit: Int = 1) -> [String] {
        Array(split(separator: "\n").filter { $0.contains(needle) }.prefix(limit).map { String($0).trimmed })
    }
}
