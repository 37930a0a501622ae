import Foundation

/// What the compiler's output on one batch (`BatchRun.unit`) says about each member: either an
/// outcome for every member, or, when some of it cannot be pinned on a member, which members
/// it points at.
///
/// An error located in a member's own lines (`curate-snippet-N`) is that member's. Any other
/// error (inside a standard header, in a member's fence, naming the batch's own namespaces),
/// a missing end marker or an exit status that disagrees with the errors makes the run
/// unattributed. Most such errors still point at a member: an error inside a header comes
/// after the lines that say how the compiler got there (`In instantiation of ...`, `required
/// from here` at the member's line), and a fence fails right after the member that left a
/// scope open. Those members are the suspects: `BatchRun` sets them aside to be checked alone
/// and compiles the rest again once, instead of splitting the batch in halves until each
/// suspect stands alone (which compiles the whole batch again about twice per halving).
enum BatchOutput: Equatable {
    case outcomes([BatchRun.Outcome])
    /// Not every diagnostic could be pinned; `suspects` (member indexes, maybe none) are the
    /// members the unpinned ones point at.
    case unattributed(suspects: Set<Int>)

    static let snippetFile = "curate-snippet-"
    static let fenceFile = "curate-fence-"

    /// Reads the output `text` of a run on `count` members that exited with `status`.
    static func read(_ text: String, status: Int32, count: Int, endMarker: String) -> BatchOutput {
        var errors = [[CxxSnippetChecker.CompilerError]](repeating: [], count: count)
        var attributed = true
        var suspects = Set<Int>()
        // Members named by the lines since the last diagnostic: the way to the next one.
        var context = Set<Int>()
        // The way to the last error: a later error of the same instantiation repeats none.
        var lastContext = Set<Int>()
        // The last member any line names: an unclosed comment swallows the rest after it.
        var lastNamed: Int?

        for line in text.split(separator: "\n") {
            let named = members(namedIn: line, count: count)
            if let last = named.max() { lastNamed = max(lastNamed ?? last, last) }
            let isError = line.contains(": error: ") || line.contains(": fatal error: ")
            guard isError || line.contains("internal compiler error") else {
                if line.contains(": warning: ") || line.contains(": note: ") {
                    context = []
                } else {
                    context.formUnion(named)
                }
                continue
            }
            if context.isEmpty { context = lastContext }
            lastContext = context
            defer { context = [] }
            guard isError, var error = CxxSnippetChecker.CompilerError.parse(String(line)).first else {
                attributed = false
                suspects.formUnion(context.union(named))
                continue
            }
            if let index = member(error.file, prefix: snippetFile, count: count) {
                // Names inside the member's namespace are printed with it; alone they have none.
                error.message = error.message.replacingOccurrences(of: "\(BatchRun.namespace(index))::", with: "")
                if error.message.contains("curate_batch_") {
                    attributed = false
                    suspects.insert(index)
                } else {
                    error.file = "snippet.cpp"
                    errors[index].append(error)
                }
                continue
            }
            attributed = false
            if let index = member(error.file, prefix: fenceFile, count: count) { suspects.insert(index) }
            suspects.formUnion(context)
        }
        if !text.contains(endMarker) {
            attributed = false
            if let lastNamed { suspects.insert(lastNamed) }
        }
        let failures = errors.contains { !$0.isEmpty }
        if failures != (status != 0) { attributed = false }
        guard attributed else { return .unattributed(suspects: suspects) }
        return .outcomes(errors.map { $0.isEmpty ? .passed : .failed(Array($0.prefix(BatchRun.errorLimit))) })
    }

    /// The member a file name `prefix` + number stands for, if it is one of `count`.
    static func member(_ file: String, prefix: String, count: Int) -> Int? {
        guard file.hasPrefix(prefix), let index = Int(file.dropFirst(prefix.count)), (0..<count).contains(index) else { return nil }
        return index
    }

    /// The members whose lines or fence a line of output names (`curate-snippet-3:4:41: ...`).
    static func members(namedIn line: Substring, count: Int) -> Set<Int> {
        var found = Set<Int>()
        for prefix in [snippetFile, fenceFile] {
            var rest = line[...]
            while let range = rest.range(of: prefix) {
                let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
                if let index = Int(digits), index < count { found.insert(index) }
                rest = rest[range.upperBound...]
            }
        }
        return found
    }
}
