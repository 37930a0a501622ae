import Foundation

/// Turns one patch into the prompt and completion of a REVIEW sample (`FORMATS.md`, section 4),
/// or says why it cannot: the patch touches no file of the domain's language, its description
/// is not a finding, its diff is too large, or no hunk shows enough code to review.
struct ReviewBuilder: Sendable {
    struct Settings: Sendable, Hashable {
        /// A description with fewer words says too little to be a finding.
        var minWords = 6
        /// Larger changes are refactorings or feature backports, not one finding.
        var maxChangedLines = 60
        var maxHunks = 6
        /// A hunk must show at least this many non-blank lines of the old code.
        var minOldLines = 3
        /// A change that removes nothing and adds more lines than this is new code (a feature,
        /// a revert of a removal), not a fix of what the hunk shows.
        var maxPureAddition = 15
        /// A hunk whose function is not named (a patch made without `diff -p`) is still shown
        /// when it holds at least this many lines of a function body.
        var minWindowLines = 10
    }

    struct Review: Sendable {
        var prompt: String
        var completion: String
        /// What a reader of the catalog wants to know about the sample: files, hunks shown
        /// and left out.
        var notes: [(key: String, value: String)]
    }

    enum Outcome: Sendable {
        case review(Review)
        case skipped(String)
    }

    var settings = Settings()
    var markers: ReviewMarkers

    init(language: CodeLanguage, settings: Settings = Settings()) {
        self.settings = settings
        self.markers = ReviewMarkers(language: language)
    }

    func build(_ patch: PatchFile, package: String) -> Outcome {
        guard !patch.files.isEmpty else { return .skipped("the patch holds no diff") }
        let covered = patch.files.filter { markers.covers($0.path) }
        guard !covered.isEmpty else {
            let names = patch.files.prefix(3).map(\.path).joined(separator: ", ") + (patch.files.count > 3 ? ", …" : "")
            return .skipped("the patch touches no \(markers.languageName) file (\(names))")
        }
        let textual = covered.filter { !$0.binary }
        guard !textual.isEmpty else { return .skipped("the \(markers.languageName) changes are binary diffs; nothing to show") }
        // Tests that come with a fix show how it was found, not what was wrong: the finding is
        // about the code. A patch that changes tests only has no finding about code.
        let code = textual.filter { !Self.isTest($0.path) }
        guard !code.isEmpty else {
            return .skipped("the patch changes only tests (\(textual.prefix(2).map(\.path).joined(separator: ", ")))")
        }

        let finding = FindingText(header: patch.header)
        if let noise = finding.noiseReason(minWords: settings.minWords) { return .skipped(noise) }

        var shown = [(file: PatchFileDiff, hunks: [PatchHunk])]()
        var leftOut = [String]()
        var changedShown = 0, changedLeftOut = 0
        for file in code {
            guard let oldPath = file.oldPath else {
                leftOut.append("\(file.path): a new file, no code before the change")
                changedLeftOut += file.hunks.reduce(0) { $0 + $1.changedLines.count }
                continue
            }
            guard file.newPath != nil else {
                leftOut.append("\(oldPath): the file is deleted")
                changedLeftOut += file.hunks.reduce(0) { $0 + $1.changedLines.count }
                continue
            }
            var hunks = [PatchHunk]()
            for hunk in file.hunks {
                if let reason = unreviewable(hunk) {
                    leftOut.append("\(file.path):\(hunk.oldStart): \(reason)")
                    changedLeftOut += hunk.changedLines.count
                } else {
                    hunks.append(hunk)
                    changedShown += hunk.changedLines.count
                }
            }
            if !hunks.isEmpty { shown.append((file, hunks)) }
        }
        guard !shown.isEmpty else {
            return .skipped("no hunk shows reviewable code: " + leftOut.prefix(3).joined(separator: "; "))
        }
        // The finding describes the whole change: it must be mostly on show.
        if changedLeftOut > changedShown {
            return .skipped("most changed lines (\(changedLeftOut) of \(changedLeftOut + changedShown)) are in hunks that cannot be shown: "
                            + leftOut.prefix(2).joined(separator: "; "))
        }
        let hunkCount = shown.reduce(0) { $0 + $1.hunks.count }
        if changedShown > settings.maxChangedLines {
            return .skipped("the change is too large for one finding: \(changedShown) changed lines, more than \(settings.maxChangedLines)")
        }
        if hunkCount > settings.maxHunks {
            return .skipped("the change is too spread for one finding: \(hunkCount) hunks, more than \(settings.maxHunks)")
        }
        let added = shown.flatMap(\.hunks).reduce(0) { $0 + $1.addedCount }
        let removed = shown.flatMap(\.hunks).reduce(0) { $0 + $1.removedCount }
        if removed == 0, added > settings.maxPureAddition {
            return .skipped("the change only adds \(added) lines: new code rather than a fix of the code shown")
        }
        var notes = [(key: String, value: String)]()
        notes.append(("files", shown.map(\.file.path).joined(separator: ", ")))
        notes.append(("header", patch.header.style.rawValue))
        notes += leftOut.map { ("left_out", $0) }
        return .review(Review(prompt: prompt(shown, package: package), completion: completion(finding, shown), notes: notes))
    }

    /// Test sources by the usual layouts: a `test`/`tests`/`testsuite` folder, or a
    /// `*_test.cc`, `*_unittest.cc`, `test_*.c` file.
    static func isTest(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        if parts.dropLast().contains(where: { ["test", "tests", "testsuite", "unittests", "unittest", "autotests", "gtest"].contains($0) }) {
            return true
        }
        let name = parts.last.map { $0.split(separator: ".").first.map(String.init) ?? "" } ?? ""
        return name.hasSuffix("_test") || name.hasSuffix("_unittest") || name.hasSuffix("_tests") || name.hasPrefix("test_")
    }

    /// Why a hunk cannot be reviewed from what it shows, or nil.
    func unreviewable(_ hunk: PatchHunk) -> String? {
        let oldLines = hunk.oldSide.filter { !$0.trimmed.isEmpty }.count
        if oldLines < settings.minOldLines {
            return "the hunk shows \(oldLines) lines of the old code, fewer than \(settings.minOldLines)"
        }
        if markers.language == .cpp {
            if HunkScope.onlyIncludes(hunk) { return "only #include lines change; the code that needs them is not shown" }
            if HunkScope.enclosing(hunk) == nil, !HunkScope.isBodyWindow(hunk, minLines: settings.minWindowLines) {
                return "no enclosing function: the hunk header names none, the hunk shows none, and it shows fewer than "
                    + "\(settings.minWindowLines) lines of a function body"
            }
        }
        return nil
    }

    func prompt(_ shown: [(file: PatchFileDiff, hunks: [PatchHunk])], package: String) -> String {
        let comment = markers.language.lineComment
        var lines = [markers.review]
        let files = shown.count == 1 ? "this code" : "this code from \(shown.count) files"
        lines.append("\(comment) Review \(files) of \(package): say what is wrong and give the fix")
        lines.append("\(comment) as a unified diff.")
        lines.append(markers.code)
        for (file, hunks) in shown {
            lines.append(markers.file + file.path)
            for hunk in hunks {
                let end = hunk.oldStart + max(hunk.oldCount, 1) - 1
                var place = "\(markers.lines)\(hunk.oldStart)-\(end)"
                if let scope = HunkScope.enclosing(hunk) { place += ", in \(scope)" }
                lines.append(place)
                lines += hunk.oldSide
            }
        }
        return lines.joined(separator: "\n")
    }

    func completion(_ finding: FindingText, _ shown: [(file: PatchFileDiff, hunks: [PatchHunk])]) -> String {
        // A finding that quoted the closing marker would end the block early.
        let text = markers.language == .cpp ? finding.text : finding.text.replacingOccurrences(of: "]]", with: "] ]")
        var lines = [markers.findingOpen, text, markers.findingClose]
        for (file, hunks) in shown {
            lines.append("--- a/\(file.oldPath ?? file.path)")
            lines.append("+++ b/\(file.path)")
            lines += hunks.map(\.text)
        }
        return lines.joined(separator: "\n")
    }
}
