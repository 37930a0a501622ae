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
        /// Judge the snippets of a part many per tool run (`prepare`); false checks each
        /// alone, as the benchmark's baseline does. The verdicts are the same either way.
        var batch = true

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
            batch = try section.bool("batch", default: batch)
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
        let checker = self.checker(part.language)
        let key = Digest.combine([checker.identity, part.text])
        if let verdict = try cached(key, checker, cache) { return verdict }
        let verdict = try ScratchFolder.with { folder in
            try checker.judge(part.text, in: folder, timeout: settings.timeoutSeconds)
        }
        try store(verdict, key, checker, cache)
        return verdict
    }

    /// Judges every code part of `samples` that `cache` does not know yet, many per tool run
    /// (`CxxBatchChecker`, `ShellBatchChecker`), on `threads` threads, and stores the verdicts
    /// in `cache`, where `check` then finds them: the same verdicts `check` would reach alone.
    ///
    /// Verdicts `prejudged` holds (`StageVerdicts`) are stored in `cache` without judging again.
    func prepare(_ parts: [SampleAnatomy.Code], cache: any StageCache, threads: Int, prejudged: StageVerdicts? = nil) throws {
        guard settings.enabled, settings.batch else { return }
        var pending = [CodeLanguage: [(key: String, text: String)]]()
        var seen = Set<String>()
        for part in parts {
            let checker = self.checker(part.language)
            let key = Digest.combine([checker.identity, part.text])
            guard seen.insert(checker.namespace + key).inserted, try cached(key, checker, cache) == nil else { continue }
            if let known = prejudged?.known(namespace: checker.namespace, key: key) {
                try cache.store(namespace: checker.namespace, key: key, value: known)
                continue
            }
            pending[part.language, default: []].append((key, part.text))
        }
        for language in pending.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let snippets = pending[language]!
            let texts = snippets.map(\.text)
            let verdicts: [Verdict]
            switch language {
            case .cpp:
                verdicts = try CxxBatchChecker(checker: CxxSnippetChecker(compiler: settings.cxx, standard: settings.cxxStandard))
                    .judge(texts, threads: threads, timeout: settings.timeoutSeconds).verdicts
            case .shell:
                verdicts = try ShellBatchChecker(checker: ShellSnippetChecker(bash: settings.bash, shellcheck: settings.shellcheck))
                    .judge(texts, threads: threads, timeout: settings.timeoutSeconds)
            case .cmake:
                // CMake reads one script per run and stops at its first error: nothing to
                // share, so the checks only spread over the threads.
                let checker = self.checker(.cmake)
                verdicts = try WorkerPool.map(texts.count, threads: threads) { index in
                    try ScratchFolder.with { try checker.judge(texts[index], in: $0, timeout: settings.timeoutSeconds) }
                }
            }
            let checker = self.checker(language)
            for (snippet, verdict) in zip(snippets, verdicts) { try store(verdict, snippet.key, checker, cache) }
        }
    }

    func checker(_ language: CodeLanguage) -> any SnippetChecker {
        switch language {
        case .cpp: CxxSnippetChecker(compiler: settings.cxx, standard: settings.cxxStandard)
        case .shell: ShellSnippetChecker(bash: settings.bash, shellcheck: settings.shellcheck)
        case .cmake: CMakeSnippetChecker(cmake: settings.cmake)
        }
    }

    private func cached(_ key: String, _ checker: any SnippetChecker, _ cache: (any StageCache)?) throws -> Verdict? {
        guard let cache, let stored = try cache.value(namespace: checker.namespace, key: key) else { return nil }
        return try? JSONDecoder().decode(Verdict.self, from: Data(stored.utf8))
    }

    private func store(_ verdict: Verdict, _ key: String, _ checker: any SnippetChecker, _ cache: (any StageCache)?) throws {
        try cache?.store(namespace: checker.namespace, key: key,
                         value: String(decoding: try JSONCoding.line.encode(verdict), as: UTF8.self))
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
