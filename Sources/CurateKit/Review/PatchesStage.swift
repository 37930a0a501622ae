import Foundation

/// The patches stage: each patch file of a source package's `debian/patches/` gives at most one
/// REVIEW sample (`FORMATS.md`, section 4): the code before the change, the finding the patch
/// describes and the fix as a unified diff.
///
/// A patch that cannot be parsed (a malformed hunk) is rejected with the file and line; one
/// that parses but gives no sample (no file of the domain's language, a packaging note instead
/// of a finding, a change too large, no hunk with enough code) is skipped with the reason.
/// Which files count follows the domain's language: C/C++ files for a C++ domain, CMake files
/// for a CMake one.
///
/// Settings (`[patches]`): `sources` (globs of patch files or folders of them, relative to the
/// project root; a folder stands for every file under it except `series` and README files),
/// `min_words`, `max_changed_lines`, `max_hunks`, `min_old_lines`, `max_pure_addition`, `min_window_lines`
/// (`ReviewBuilder.Settings`),
/// `max_patch_bytes` (larger files are skipped unread).
public struct PatchesStage: SampleStage {
    public static let name = "patches"
    public static let version = "3"

    public var sources: [String]
    public var maxPatchBytes: Int
    var settings: ReviewBuilder.Settings
    let language: CodeLanguage

    public init(section: ConfigTable, domain: DomainSettings) throws {
        sources = try section.strings("sources", default: ["corpora/patches"])
        maxPatchBytes = try section.int("max_patch_bytes", default: 1 << 20, range: 1024...(1 << 30))
        var settings = ReviewBuilder.Settings()
        settings.minWords = try section.int("min_words", default: settings.minWords, range: 1...1000)
        settings.maxChangedLines = try section.int("max_changed_lines", default: settings.maxChangedLines, range: 1...100_000)
        settings.maxHunks = try section.int("max_hunks", default: settings.maxHunks, range: 1...10_000)
        settings.minOldLines = try section.int("min_old_lines", default: settings.minOldLines, range: 0...1000)
        settings.maxPureAddition = try section.int("max_pure_addition", default: settings.maxPureAddition, range: 0...100_000)
        settings.minWindowLines = try section.int("min_window_lines", default: settings.minWindowLines, range: 1...100_000)
        self.settings = settings
        language = domain.language
        try section.rejectUnknownKeys()
        try SourceGlob.requireBases(of: "sources", in: section, root: domain.root)
    }

    public func inputs(_ context: StageContext) throws -> [StageInput] {
        let roots = context.explicitPaths ?? sources.flatMap { SourceGlob.expand($0, root: context.domain.root) }
        var files = [URL]()
        for root in roots {
            if SourceGlob.isFolder(root) { files += Self.patchFiles(under: root) } else { files.append(root) }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0.standardizedFileURL.path).inserted }
            .map { StageInput(id: context.displayPath($0), url: $0) }
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let size = (try? FileManager.default.attributesOfItem(atPath: input.url.path)[.size] as? Int) ?? 0
        // A bulk update (gcc's monthly branch diff) is fine as a file but no single finding.
        guard size <= maxPatchBytes else {
            return StageOutput(skipped: [Finding(locator: input.url.lastPathComponent,
                                                 reason: "\(size) bytes, more than max_patch_bytes \(maxPatchBytes): a bulk update, not one finding")])
        }
        let data = try Data(contentsOf: input.url)
        // Old patches are often Latin-1; such a file is read as Latin-1 rather than mangled.
        let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
        let patch: PatchFile
        do { patch = try PatchFile(text: text, name: input.id) } catch let error as PatchParseError {
            // The runner names the input; the reason names the place in it.
            throw InputRejected("line \(error.line): \(error.reason)")
        }
        let package = Self.package(of: input.url)
        let locator = input.url.lastPathComponent
        var output = StageOutput()
        switch ReviewBuilder(language: language, settings: settings).build(patch, package: package) {
        case let .skipped(reason):
            output.skipped.append(Finding(locator: locator, reason: reason))
        case let .review(review):
            let sample = Sample(
                domain: context.domain.name, kind: .review, prompt: review.prompt, completion: review.completion,
                source: SampleSource(uri: input.id, locator: locator, title: package),
                lineage: [LineageStep(stage: Self.name, version: Self.version,
                                      detail: ["package": package, "header": patch.header.style.rawValue])])
            output.samples.append(sample)
            output.notes += review.notes.map { SampleNote(sampleID: sample.id, key: $0.key, value: $0.value) }
        }
        return output
    }

    /// Every file under `folder` that may be a patch: not hidden, not the quilt `series` file,
    /// not a README. Sorted, so the input list does not depend on directory order.
    static func patchFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var found = [URL]()
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let name = url.lastPathComponent.lowercased()
            if name == "series" || name.hasSuffix(".series") || name.hasPrefix("readme") || name == "00list" { continue }
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The source package a patch belongs to: the folder above `debian/patches/`, or else the
    /// folder that holds the patch.
    static func package(of url: URL) -> String {
        let components = url.deletingLastPathComponent().pathComponents
        // The first `debian/patches`: patches may sit in a `debian/` folder of their own below it.
        if let debian = components.indices.first(where: { $0 > 0 && $0 + 1 < components.count
                && components[$0] == "debian" && components[$0 + 1] == "patches" }) {
            return components[debian - 1]
        }
        return components.last ?? "unknown"
    }
}
