import Foundation
import Testing
@testable import CurateKit

/// Patches written for these tests, in the header styles and diff dialects Debian packages use.
enum ReviewFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func build(_ text: String, language: CodeLanguage = .cpp) throws -> ReviewBuilder.Outcome {
        ReviewBuilder(language: language).build(try PatchFile(text: text, name: "test.patch"), package: "demo")
    }

    static func review(_ text: String, language: CodeLanguage = .cpp) throws -> ReviewBuilder.Review? {
        if case let .review(review) = try build(text, language: language) { return review }
        return nil
    }

    static func skipReason(_ text: String, language: CodeLanguage = .cpp) throws -> String? {
        if case let .skipped(reason) = try build(text, language: language) { return reason }
        return nil
    }

    /// A diff of `vec.cc` whose hunk opens inside `Vec::at`, with a function hint.
    static let vecDiff = """
        --- a/src/vec.cc
        +++ b/src/vec.cc
        @@ -20,6 +20,6 @@ int Vec::at(std::size_t index) const
         {
             // Callers pass indices from user input.
        -    if (index > size_)
        +    if (index >= size_)
                 throw std::out_of_range("Vec::at");
             return data_[index];
         }
        """
}

@Suite struct ReviewPatchHeaderTests {
    @Test func dep3FieldsAreMetadataAndTheLongDescriptionIsTheFinding() throws {
        let patch = try PatchFile(text: """
            Description: Vec::at accepts an index equal to the size
             The bounds check used '>' so index == size_ read one element past
             the end of the array.
             .
             Reject it with the same exception as larger indices.
            Origin: upstream, https://example.org/vec/commit/12ab34cd
            Bug: https://example.org/vec/issues/9
            Bug-Debian: https://bugs.debian.org/1000001
            Forwarded: yes
            Author: Ada Example <ada@example.org>
            Last-Update: 2024-05-01

            """ + ReviewFixtures.vecDiff, name: "dep3.patch")
        #expect(patch.header.style == .dep3)
        #expect(patch.header.summary == "Vec::at accepts an index equal to the size")
        #expect(patch.header.field("origin") == "upstream, https://example.org/vec/commit/12ab34cd")
        #expect(patch.header.field("bug-debian") == "https://bugs.debian.org/1000001")
        #expect(patch.header.field("forwarded") == "yes")
        let finding = FindingText(header: patch.header)
        #expect(finding.text == """
            Vec::at accepts an index equal to the size.

            The bounds check used '>' so index == size_ read one element past the end of
            the array.

            Reject it with the same exception as larger indices.
            """)
        #expect(!finding.text.contains("example.org"))
        #expect(!finding.text.contains("2024"))
    }

    @Test func gitFormatPatchKeepsTheMessageWithoutTrailersOrDiffstat() throws {
        let patch = try PatchFile(text: """
            From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001
            From: Ben Sample <ben@example.org>
            Date: Wed, 3 Apr 2024 09:00:00 +0200
            Subject: [PATCH 2/3] vec: reject an index equal to the size in
             Vec::at

            The bounds check let index == size_ through (see
            https://example.org/vec/issues/9), reading past the array.

            Fixes #9
            Signed-off-by: Ben Sample <ben@example.org>
            Reviewed-by: Cy Reviewer <cy@example.org>
            (cherry picked from commit 89abcdef0123456789abcdef0123456789abcdef)
            ---
             src/vec.cc | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/src/vec.cc b/src/vec.cc
            index 1111111..2222222 100644

            """ + ReviewFixtures.vecDiff + "\n-- \n2.43.0\n", name: "git.patch")
        #expect(patch.header.style == .gitFormatPatch)
        #expect(patch.header.summary == "vec: reject an index equal to the size in Vec::at")
        #expect(patch.files.count == 1)
        #expect(patch.files[0].path == "src/vec.cc")
        #expect(patch.files[0].hunks.count == 1)
        let finding = FindingText(header: patch.header)
        #expect(finding.text.hasPrefix("vec: reject an index equal to the size in Vec::at.\n\nThe bounds check let"))
        for dropped in ["Signed-off-by", "Reviewed-by", "cherry picked", "https://", "Fixes", "#9", "1 file changed", "ben@"] {
            #expect(!finding.text.contains(dropped), "\(dropped) should not be in the finding")
        }
    }

    @Test func gccDPLinesAreTheDescription() throws {
        let patch = try PatchFile(text: """
            # DP: Vec::at lets an index equal to the size through.
            # DP:
            # DP: The check must reject index == size_ as well.

            """ + ReviewFixtures.vecDiff, name: "gcc.diff")
        #expect(patch.header.style == .gccDP)
        #expect(patch.header.summary == "Vec::at lets an index equal to the size through.")
        #expect(FindingText(header: patch.header).text
            == "Vec::at lets an index equal to the size through.\n\nThe check must reject index == size_ as well.")
    }

    @Test func bugReportHeadersLinkPointersAndClosingsAreLeftOut() throws {
        let header = PatchHeader(lines: """
            Description: vec_resize leaks the old block when realloc fails
             Package: libvec2
             Version: 2.1-3
             Tags: patch
             .
             When realloc returns NULL the old pointer was overwritten first, so the
             block could no longer be freed. Spotted by a fuzzer at:
             https://example.org/fuzz/issue/77
             .
             [Adapted for vec 2.1: the helper is still
             called vec_grow there.]
             .
             Regards,
             Ann
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        #expect(FindingText(header: header).text == """
            vec_resize leaks the old block when realloc fails.

            When realloc returns NULL the old pointer was overwritten first, so the
            block could no longer be freed. Spotted by a fuzzer.
            """)
    }

    @Test func packagingNotesAndReferencesAreNotFindings() throws {
        func reason(_ summary: String) -> String? {
            FindingText(header: PatchHeader(lines: ["Description: " + summary])).noiseReason(minWords: 6)
        }
        #expect(reason("Fix build with GCC 13")?.contains("fewer than 6") == true)
        #expect(reason("Fix build failure with GCC 14 on armel and armhf")?.contains("packaging note") == true)
        #expect(reason("Backport upstream commit 1a2b3c4d5e6f for CVE-2024-1234")?.contains("packaging note") == true)
        #expect(reason("Fix CVE-2024-1234 upstream commit 1a2b3c4d5e6f issue 77")?.contains("points elsewhere") == true)
        #expect(reason("Vec: factor out the bounds check into a helper. No functional changes.")?.contains("refactoring") == true)
        #expect(reason("Vec::at reads past the end when the index equals the size") == nil)
    }
}

@Suite struct ReviewPatchDiffTests {
    @Test func aReviewShowsTheOldCodeAndGivesTheFindingThenTheDiff() throws {
        let review = try #require(try ReviewFixtures.review("""
            Description: Vec::at reads one element past the end for index == size
            """ + "\n\n" + ReviewFixtures.vecDiff))
        #expect(review.prompt == """
            // ====== REVIEW ======
            // Review this code of demo: say what is wrong and give the fix
            // as a unified diff.
            // ====== CODE ======
            // file: src/vec.cc
            // lines 20-25, in int Vec::at(std::size_t index) const
            {
                // Callers pass indices from user input.
                if (index > size_)
                    throw std::out_of_range("Vec::at");
                return data_[index];
            }
            """)
        #expect(review.completion.hasPrefix("/* FINDING:\nVec::at reads one element past the end for index == size.\n*/\n--- a/src/vec.cc\n+++ b/src/vec.cc\n@@ -20,6 +20,6 @@ int Vec::at"))
        #expect(review.completion.hasSuffix("-    if (index > size_)\n+    if (index >= size_)\n         throw std::out_of_range(\"Vec::at\");\n     return data_[index];\n }"))
    }

    @Test func aPatchThatTouchesNoCppIsSkippedNamingItsFiles() throws {
        let reason = try ReviewFixtures.skipReason("""
            Description: Install the pkg-config file into the multiarch folder

            --- a/Makefile
            +++ b/Makefile
            @@ -10,3 +10,3 @@ install:
             \tinstall -d $(DESTDIR)
            -\tinstall -m 644 vec.pc $(DESTDIR)/usr/lib/pkgconfig
            +\tinstall -m 644 vec.pc $(DESTDIR)/usr/lib/$(DEB_HOST_MULTIARCH)/pkgconfig
             \tinstall -m 644 vec.h $(DESTDIR)/usr/include
            """)
        #expect(reason == "the patch touches no C/C++ file (Makefile)")
    }

    @Test func theCMakeDomainKeepsCMakeFilesInstead() throws {
        let text = """
            Description: find_package for zlib must be REQUIRED or the target is missing at link time

            --- a/CMakeLists.txt
            +++ b/CMakeLists.txt
            @@ -4,5 +4,5 @@ project(vec CXX)
             cmake_minimum_required(VERSION 3.16)
             set(CMAKE_CXX_STANDARD 17)
            -find_package(ZLIB)
            +find_package(ZLIB REQUIRED)
             add_library(vec src/vec.cc)
             target_link_libraries(vec PRIVATE ZLIB::ZLIB)
            """
        #expect(try ReviewFixtures.skipReason(text)?.hasPrefix("the patch touches no C/C++ file") == true)
        let review = try #require(try ReviewFixtures.review(text, language: .cmake))
        #expect(review.prompt.hasPrefix("# ====== REVIEW ======\n"))
        #expect(review.completion.hasPrefix("#[[ FINDING:\n"))
        let sample = Sample(domain: "cmake", kind: .review, prompt: review.prompt, completion: review.completion,
                            source: SampleSource(uri: "t", locator: "t"))
        #expect(SampleAnatomy(sample, language: .cmake).checks.allSatisfy { $0.passed })
    }

    @Test func binaryDiffsAreLeftOutAndABinaryOnlyChangeIsSkipped() throws {
        let binary = """
            diff --git a/data/table.cc b/data/table.cc
            index 3333333..4444444 100644
            GIT binary patch
            literal 12
            TcmZ?wbhEHbR$^dl5CZ@K2ZjF0

            literal 0
            HcmV?d00001

            """
        let onlyBinary = "Subject: [PATCH] Regenerate the precomputed lookup table for big-endian hosts\n---\n" + binary
        #expect(try ReviewFixtures.skipReason(onlyBinary)?.contains("binary diffs") == true)

        let mixed = try PatchFile(text: "Subject: [PATCH] Vec::at must reject an index equal to the size of the vector\n---\n"
                                  + binary + "diff --git a/src/vec.cc b/src/vec.cc\n" + ReviewFixtures.vecDiff, name: "mixed.patch")
        #expect(mixed.files.map(\.binary) == [true, false])
        guard case let .review(review) = ReviewBuilder(language: .cpp).build(mixed, package: "demo") else {
            Issue.record("the text change should give a review")
            return
        }
        #expect(!review.prompt.contains("table.cc"))
        #expect(!review.completion.contains("GIT binary"))
    }

    @Test func aMalformedHunkIsAnErrorNamingTheLine() throws {
        let text = """
            Description: Vec::at must reject an index equal to the size of the vector

            --- a/src/vec.cc
            +++ b/src/vec.cc
            @@ -20,6 +20,6 @@ int Vec::at(std::size_t index) const
             {
            -    if (index > size_)
            +    if (index >= size_)
            this line is neither context nor a change
            """
        #expect {
            try PatchFile(text: text, name: "broken.patch")
        } throws: { error in
            (error as? PatchParseError).map { $0.line == 9 && $0.description.hasPrefix("broken.patch:9:") } == true
        }
        #expect(throws: PatchParseError.self) {
            try PatchFile(text: "--- a/x.c\n+++ b/x.c\n@@ -1,6 +1,6 @@ int f(void)\n int f(void)\n-{\n+{ \n", name: "short.patch")
        }
        #expect(throws: PatchParseError.self) {
            try PatchFile(text: "--- a/x.c\n+++ b/x.c\n@@ one two @@\n x\n", name: "header.patch")
        }
    }

    @Test func aHunkWithoutItsFunctionIsSkippedWithTheReason() throws {
        // No hint after `@@` and no function head in the hunk: the target is not on show.
        let reason = try ReviewFixtures.skipReason("""
            Description: the table of sizes lists the wrong width for 16-bit samples

            --- a/src/sizes.c
            +++ b/src/sizes.c
            @@ -40,5 +40,5 @@
                 { FMT_U8, 1 },
                 { FMT_S8, 1 },
            -    { FMT_S16, 1 },
            +    { FMT_S16, 2 },
                 { FMT_S32, 4 },
                 { FMT_F32, 4 },
            """)
        #expect(reason?.hasPrefix("no hunk shows reviewable code: src/sizes.c:40: no enclosing function") == true)

        // Without `diff -p` no function is named, but ten lines of a body are enough to review.
        let window = try #require(try ReviewFixtures.review("""
            Description: the gossip count from the wire is trusted, so a short packet makes the
             parser read past the end of the message buffer.

            --- a/src/gossip.c
            +++ b/src/gossip.c
            @@ -200,10 +200,12 @@
                     count = ntohs(hdr->count);
                     need = sizeof(*hdr);
                     need += sizeof(struct entry) * count;
            -        if (total < sizeof(*hdr))
            +        if (total < need)
                         return -1;
                     for (i = 0; i < count; i++) {
                         entry = &hdr->entries[i];
                         node = lookup(entry->id);
                         update(node, entry);
            +            seen++;
            +            mark(node);
                     }
            """))
        #expect(window.prompt.contains("// lines 200-209\n        count = ntohs(hdr->count);"))
        #expect(HunkScope.isFunctionStart("CURLcode Curl_getworkingpath(struct Curl_easy *data,"))
        #expect(!HunkScope.isFunctionStart("    result = compute(first,"))
        #expect(!HunkScope.isFunctionStart("// Copyright (C) 2005 Ann Example <ann@example.org>"))
        #expect(!HunkScope.isFunctionStart(" * Copyright (C) 2005 Ann Example"))

        let newFile = try ReviewFixtures.skipReason("""
            Description: add a helper that clamps sample widths to the supported range

            --- /dev/null
            +++ b/src/clamp.c
            @@ -0,0 +1,4 @@
            +int clamp_width(int width)
            +{
            +    return width < 1 ? 1 : width > 8 ? 8 : width;
            +}
            """)
        #expect(newFile?.contains("src/clamp.c: a new file, no code before the change") == true)
    }

    /// A function head inside the hunk whose parameters go on over lines names the function
    /// with `(…)`, not with its first parameter cut at the comma.
    @Test func aHeadOverSeveralLinesIsNamedWithItsParametersElided() throws {
        let review = try #require(try ReviewFixtures.review("""
            Description: offsets into the escaped text are counted in int and overflow on long input

            --- a/src/unescape.c
            +++ b/src/unescape.c
            @@ -120,9 +120,9 @@ free_node (Node *node)
             /* Decodes one escape sequence of src into dest. */
             static int
             decode_escape (const char *src,
            -               int        *src_offset,
            +               size_t     *src_offset,
                            char       *dest,
            -               int        *dest_offset,
            +               size_t     *dest_offset,
                            size_t      length)
            """))
        #expect(review.prompt.contains("// lines 120-128, in decode_escape (…)\n"), "\(review.prompt)")
        #expect(HunkScope.closed("query(const int requestType, const QByteArray &requestName") == "query(…)")
        #expect(HunkScope.closed("int main(int argc, char **argv)") == "int main(int argc, char **argv)")
    }

    @Test func onlyIncludeChangesAndTooLargeChangesAreSkipped() throws {
        let include = try ReviewFixtures.skipReason("""
            Description: vec.h uses std::uint32_t without including the header that declares it

            --- a/src/vec.h
            +++ b/src/vec.h
            @@ -1,4 +1,5 @@ 
             #pragma once
             #include <cstddef>
            +#include <cstdint>
             #include <stdexcept>
             class Vec;
            """)
        #expect(include?.contains("only #include lines change") == true)

        var big = "Description: rewrite Vec::at so that it checks every index against the size\n\n--- a/src/vec.cc\n+++ b/src/vec.cc\n"
        big += "@@ -1,70 +1,70 @@ int Vec::at(std::size_t index) const\n"
        big += (0..<70).map { "-    old_line_\($0)();\n+    new_line_\($0)();" }.joined(separator: "\n")
        #expect(try ReviewFixtures.skipReason(big)?.contains("140 changed lines, more than 60") == true)
    }

    @Test func crlfLinesOfAPatchedFileSplitLikeOtherLines() throws {
        let patch = try PatchFile(text: "--- a/data/reply.txt\n+++ b/data/reply.txt\n@@ -1,2 +1,2 @@\n HTTP/1.1 200 OK\r\n-Content-Length: 4\r\n+Content-Length: 5\r\n",
                                  name: "crlf.patch")
        #expect(patch.files.first?.hunks.first?.lines == [" HTTP/1.1 200 OK", "-Content-Length: 4", "+Content-Length: 5"])
    }

    /// Property: any hunk rendered as text parses back to the same hunk.
    @Test func hunksSurviveRenderingAndParsing() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var lines = [String]()
            var old = 0, new = 0
            for index in 0..<Int.random(in: 1...12, using: &generator) {
                let mark = [" ", "-", "+"].randomElement(using: &generator)!
                lines.append(mark + "line \(round).\(index) \(String(repeating: "x", count: Int.random(in: 0...5, using: &generator)))")
                if mark != "+" { old += 1 }
                if mark != "-" { new += 1 }
            }
            let hunk = PatchHunk(oldStart: Int.random(in: 1...500, using: &generator), oldCount: old,
                                 newStart: Int.random(in: 1...500, using: &generator), newCount: new,
                                 functionHint: Bool.random(using: &generator) ? "void f\(round)(int)" : "", lines: lines)
            let patch = try PatchFile(text: "--- a/f.c\n+++ b/f.c\n" + hunk.text + "\n", name: "round-\(round).patch")
            #expect(patch.files.first?.hunks == [hunk])
        }
    }
}

@Suite struct ReviewStageTests {
    @Test func theBundledCorpusGivesSamplesAndSkipsWithReasons() throws {
        let out = TemporaryFolder()
        let domain = DomainSettings(name: "review", language: .cpp, root: ReviewFixtures.repository)
        let stage = try PatchesStage(section: try ConfigTable.parse("sources = [\"corpora/patches\"]", file: "review.toml"), domain: domain)
        let summary = try runStageForTests(stage, domain: domain, outputRoot: out.url)
        #expect(summary.inputs == 5)
        #expect(summary.samples == 3)
        #expect(summary.skipped == 2)
        #expect(summary.rejected == 0)
        let samples = try samplesForTests(in: out.url.appendingPathComponent("review/patches"))
        #expect(Set(samples.map(\.source.title)) == ["strbuf", "ringq"])
        // The hint `diff -p` cut at 40 characters is shown with its parameters elided.
        #expect(samples.contains { $0.prompt.contains("// lines 41-50, in int strbuf_append(…)\n") })
        for sample in samples {
            #expect(sample.kind == .review)
            let anatomy = SampleAnatomy(sample, language: .cpp)
            #expect(anatomy.checks.allSatisfy { $0.passed }, "\(sample.source.uri): \(anatomy.checks.filter { !$0.passed })")
        }
    }

    @Test func aMalformedPatchIsRejectedWithItsLine() throws {
        let folder = TemporaryFolder()
        try folder.write("Description: Vec::at must reject an index equal to the size of the vector\n\n--- a/v.cc\n+++ b/v.cc\n@@ -1,3 +1,3 @@ int f()\n x\n-y\n", to: "src/demo/broken.patch")
        try folder.write("series\n", to: "src/demo/series")
        let domain = DomainSettings(name: "review", language: .cpp, root: folder.url)
        let stage = try PatchesStage(section: try ConfigTable.parse("sources = [\"src\"]", file: "review.toml"), domain: domain)
        let summary = try runStageForTests(stage, domain: domain, outputRoot: folder.url.appendingPathComponent("out"))
        #expect(summary.inputs == 1)
        #expect(summary.rejected == 1)
        #expect(summary.rejections.first?.contains("line 5: the patch ends inside the hunk") == true)
    }

    @Test func theQualityStageChecksTheDiffAgainstTheCode() throws {
        let review = try #require(try ReviewFixtures.review("""
            Description: Vec::at reads one element past the end for index == size
             The check let an index equal to the size through, so data_[size_] was read.

            """ + ReviewFixtures.vecDiff))
        let good = Sample(domain: "review", kind: .review, prompt: review.prompt, completion: review.completion,
                          source: SampleSource(uri: "t", locator: "t"))
        #expect(SampleAnatomy(good, language: .cpp).checks.allSatisfy { $0.passed })
        var tampered = good
        tampered.prompt = good.prompt.replacingOccurrences(of: "if (index > size_)", with: "if (index > count_)")
        let failed = SampleAnatomy(tampered, language: .cpp).checks.filter { !$0.passed }.map(\.reason)
        #expect(failed.count == 1)
        #expect(failed.first?.hasPrefix("structure.fix_matches_code") == true)

        // Redaction can turn both sides of a change into the same placeholder: the fix then
        // changes nothing, and the sample cannot be high.
        var idle = good
        idle.completion = good.completion.replacingOccurrences(of: "+    if (index >= size_)", with: "+    if (index > size_)")
        let idleFailures = SampleAnatomy(idle, language: .cpp).checks.filter { !$0.passed }.map(\.reason)
        #expect(idleFailures == ["structure.fix_changes: 1 hunk(s) of the fix add back exactly the lines they remove"])

        let rewritten = Sample(domain: "review", kind: .review, prompt: good.prompt,
                               completion: good.completion.replacingOccurrences(of: "reads one element past the end",
                                                                                 with: "lets index == size_ through the check and reads past the array"),
                               source: good.source)
        #expect(RewriteCheck.keepsReviewCode(original: good, rewrite: rewritten, language: .cpp))
        #expect(!RewriteCheck.keepsReviewCode(original: good, rewrite: tampered, language: .cpp))

        // A summary line alone names the fix but not what was wrong: marginal, to be rewritten.
        let summaryOnly = try #require(try ReviewFixtures.review("Description: Vec::at reads one element past the end for index == size\n\n"
                                                                 + ReviewFixtures.vecDiff))
        let short = Sample(domain: "review", kind: .review, prompt: summaryOnly.prompt, completion: summaryOnly.completion,
                           source: SampleSource(uri: "t", locator: "t"))
        #expect(SampleAnatomy(short, language: .cpp).checks.filter { !$0.passed }.map(\.reason)
            == ["structure.finding_explains: the FINDING has 11 words, fewer than 12: a summary line without the explanation"])
        let quality = QualityStage(settings: QualitySettings(), domain: QualityFixtures.domain(.cpp))
        #expect(try quality.assess(good, cache: nil).band == .high)
        #expect(try quality.assess(short, cache: nil).band == .marginal)
    }

    /// A model's rewrite of a one-line finding is kept only when it keeps the code and the
    /// diff and passes the quality checks; one that touches the diff is refused.
    @Test func aRewriteMayOnlyRewordTheFinding() throws {
        let summaryOnly = try #require(try ReviewFixtures.review("Description: Vec::at reads one element past the end for index == size\n\n"
                                                                 + ReviewFixtures.vecDiff))
        let original = Sample(domain: "review", kind: .review, prompt: summaryOnly.prompt, completion: summaryOnly.completion,
                              source: SampleSource(uri: "t", locator: "t"))
        let check = RewriteCheck(language: .cpp, lengthRatio: 0.5...3.0, topicOverlap: 0.5,
                                 validator: QualityRewriteValidator(settings: QualitySettings(), domain: QualityFixtures.domain(.cpp)))
        let reworded = original.completion.replacingOccurrences(
            of: "Vec::at reads one element past the end for index == size.",
            with: "Vec::at accepts an index equal to the size, because the check uses '>' where it needs '>='.\nThe call then reads data_[size_], one element past the end of the array.")
        let kept = try check.judge(ChatAnswer(content: "```\n" + original.prompt + "\n" + reworded + "\n```", finishReason: "stop", completionTokens: nil),
                                   original: original, cache: nil)
        guard case let .kept(rewrite, _) = kept else {
            Issue.record("the reworded finding should be kept: \(kept)")
            return
        }
        #expect(rewrite.completion.contains("because the check uses '>'"))

        let changedFix = reworded.replacingOccurrences(of: "+    if (index >= size_)", with: "+    if (index + 1 > size_)")
        let refused = try check.judge(ChatAnswer(content: original.prompt + "\n" + changedFix, finishReason: "stop", completionTokens: nil),
                                      original: original, cache: nil)
        guard case let .refused(reasons) = refused else {
            Issue.record("a rewrite that changes the fix must be refused")
            return
        }
        #expect(reasons.contains { $0.hasPrefix("rewrite.review_code") })
    }
}
