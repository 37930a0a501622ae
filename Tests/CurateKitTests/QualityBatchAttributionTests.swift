import Foundation
import Testing
@testable import CurateKit

/// How a batch's compiler output is pinned on its snippets (`BatchOutput`), and the byte
/// reader of headers' global names (`HeaderWords`). The g++ tests run the real compiler.
@Suite(.serialized) struct QualityBatchAttributionTests {
    static let marker = BatchRun.endMarker
    static let end = "curate-end:1:2: warning: #warning \(marker) [-Wcpp]\n"

    @Test func errorsInSnippetLinesAreTheirSnippets() {
        let text = """
        curate-snippet-1: In function 'int curate_batch_1::main()':
        curate-snippet-1:3:5: error: 'curate_batch_1::Widget' has no member named 'size'
        curate-snippet-2:7:1: error: expected ';' before '}' token

        """ + Self.end
        guard case let .outcomes(outcomes) = BatchOutput.read(text, status: 1, count: 3, endMarker: Self.marker) else {
            Issue.record("not attributed")
            return
        }
        #expect(outcomes[0] == .passed)
        #expect(outcomes[1] == .failed([.init(file: "snippet.cpp", line: 3, message: "'Widget' has no member named 'size'")]))
        #expect(outcomes[2] == .failed([.init(file: "snippet.cpp", line: 7, message: "expected ';' before '}' token")]))
    }

    @Test func unpinnedOutputPointsAtItsSnippets() {
        // An error inside a header, required from snippet 2's line; a later error of the same
        // instantiation repeats no context.
        let header = """
        In file included from /usr/include/c++/12/algorithm:61,
                         from batch.cpp:2:
        /usr/include/c++/12/bits/stl_algo.h: In instantiation of 'void std::sort(_RAIter, _RAIter)':
        curate-snippet-2:4:41:   required from here
        /usr/include/c++/12/bits/predefined_ops.h:45:23: error: no match for 'operator<'
        /usr/include/c++/12/bits/predefined_ops.h:45:23: note: candidate: 'operator<(int, int)'
        /usr/include/c++/12/bits/stl_algo.h:1950:3: error: no match for 'operator<'

        """ + Self.end
        #expect(BatchOutput.read(header, status: 1, count: 4, endMarker: Self.marker) == .unattributed(suspects: [2]))
        // A fence that fails names the snippet before it.
        let fence = "curate-fence-0:2:1: error: expected '}' at end of input\n" + Self.end
        #expect(BatchOutput.read(fence, status: 1, count: 2, endMarker: Self.marker) == .unattributed(suspects: [0]))
        // A message naming a batch namespace that is not the snippet's own.
        let foreign = "curate-snippet-1:2:3: error: 'curate_batch_0' has not been declared\n" + Self.end
        #expect(BatchOutput.read(foreign, status: 1, count: 2, endMarker: Self.marker) == .unattributed(suspects: [1]))
        // No end marker: the last snippet named swallowed the rest (an unclosed comment).
        let swallowed = "curate-snippet-3:9:1: error: unterminated comment\n"
        #expect(BatchOutput.read(swallowed, status: 1, count: 5, endMarker: Self.marker) == .unattributed(suspects: [3]))
        // An error with nothing pointing at a snippet, and a status without errors, point at none.
        let bare = "/usr/include/c++/12/bits/stl_algo.h:10:1: error: something\n" + Self.end
        #expect(BatchOutput.read(bare, status: 1, count: 2, endMarker: Self.marker) == .unattributed(suspects: []))
        #expect(BatchOutput.read(Self.end, status: 1, count: 2, endMarker: Self.marker) == .unattributed(suspects: []))
        #expect(BatchOutput.read("curate-snippet-0:1:1: error: x\n" + Self.end, status: 0, count: 1, endMarker: Self.marker)
                == .unattributed(suspects: []))
    }

    /// A batch with a snippet whose error lies inside a standard header, and one that leaves
    /// a brace open: both are set aside by what the output points at, the rest compiled once
    /// more, with no halving, and every verdict is the one each snippet gets alone.
    @Test func suspectsAreSetAsideWithoutSplitting() throws {
        let good = (0..<10).map { "#include <vector>\n#include <algorithm>\nint main() { std::vector<int> v{3, 1, 2}; std::sort(v.begin(), v.end()); return v[\($0 % 3)]; }" }
        let badTemplate = "#include <vector>\n#include <algorithm>\nstruct P {};\nint main() { std::vector<P> v(2); std::sort(v.begin(), v.end()); }"
        let unclosed = "#include <vector>\n#include <algorithm>\nint f() { return 1;\n"
        let snippets = Array(good[..<4]) + [badTemplate] + Array(good[4...]) + [unclosed]
        let checker = CxxSnippetChecker(compiler: "g++", standard: "c++20")
        let batched = try CxxBatchChecker(checker: checker).judge(snippets, threads: 1, timeout: 60)
        let alone = try snippets.map { snippet in try ScratchFolder.with { try checker.judge(snippet, in: $0, timeout: 60) } }
        #expect(batched.verdicts == alone)
        #expect(batched.statistics.splits == 0, "\(batched.statistics)")
        #expect(batched.statistics.setAside == 2, "\(batched.statistics)")
        // The bare round: one run with all twelve, one without the two; later rounds have none.
        #expect(batched.statistics.batchRuns == 2, "\(batched.statistics)")
    }

    /// The byte reader finds exactly what the general tokenizer finds, on every file the
    /// standard headers the checker uses open.
    @Test func headerWordsMatchTheTokenizerOnRealHeaders() throws {
        let tool = try ProcessRunner("g++")
        var files = Set<String>()
        for header in CxxSnippetChecker.headers + ["ranges", "chrono", "regex"] {
            files.formUnion(try HeaderClosure.files(of: header, compiler: tool, standard: "c++20", timeout: 60) ?? [])
        }
        #expect(files.count > 100)
        for file in files.sorted() {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let text = String(decoding: data, as: UTF8.self)
            let code = text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmed.hasPrefix("#") }.joined(separator: "\n")
            let expected = CxxSnippetShape.wordsOutsideBrackets(CxxTokens.words(code))
            #expect(HeaderWords.outsideBrackets([UInt8](data)) == expected, "\(file)")
        }
    }

    @Test func headerWordsOnTrickyText() {
        let text = "#define X \\\n  int hidden;\nint a = 1'000; char c = '{';\n/* struct Skipped */ struct Kept { int member; };\nnamespace n { int inner; }\n  # pragma once\nvoid f(int param);\n"
        let code = text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmed.hasPrefix("#") }.joined(separator: "\n")
        let words = HeaderWords.outsideBrackets([UInt8](text.utf8))
        #expect(words == CxxSnippetShape.wordsOutsideBrackets(CxxTokens.words(code)))
        #expect(words.isSuperset(of: ["a", "c", "Kept", "n", "f"]))
        #expect(words.isDisjoint(with: ["hidden", "Skipped", "member", "inner", "param"]))
    }
}
