import Foundation
import Testing
@testable import CurateKit

/// Design pairs (`style = "design"`): why/when questions from rule, choice and topic headings,
/// answers that carry the reasoning, worse→better listings shown together.
@Suite struct DesignPairTests {
    static func pairs(_ text: String) -> StageOutput {
        let document = RSTReader.parse(text, fallbackTitle: "guide")
        var settings = PairSettings()
        settings.style = .design
        settings.maxAnswerLines = 12
        settings.answerWidth = 72
        let builder = PairBuilder(settings: settings, domain: "design", language: .cpp, uri: "guide.rst")
        return DesignPairBuilder(pairs: builder).build(Book(metadata: document.metadata, documents: [document]))
    }

    @Test func worseThenBetterListingsBecomeOnePairShowingBoth() throws {
        let output = Self.pairs("""
            Avoid ``else`` After ``return``
            ===============================

            An ``else`` after a ``return`` adds a level of indentation that buys nothing, because
            the ``return`` already ends that path.

            .. code-block:: c++

               int sign(int x) {
                 if (x < 0) {
                   return -1;
                 } else {
                   return 1;
                 }
               }

            It is better to write it like this:

            .. code-block:: c++

               int sign(int x) {
                 if (x < 0)
                   return -1;
                 return 1;
               }
            """)
        #expect(output.samples.count == 1)
        let sample = try #require(output.samples.first)
        #expect(sample.prompt == "// QUESTION: Why should I avoid else after return?")
        #expect(TextbooksSupport.hasPairShape(sample, .cpp))
        let answer = TextbooksSupport.answerLines(sample, .cpp).joined(separator: " ")
        #expect(answer.contains("because the return already ends that path"))
        #expect(!answer.contains("``") && !answer.contains("like this"))
        let code = TextbooksSupport.code(sample, .cpp)
        #expect(code.hasPrefix("// Avoid:\n//   int sign(int x) {\n//     if (x < 0) {"))
        #expect(code.contains("// Prefer:\nint sign(int x) {\n  if (x < 0)\n    return -1;\n  return 1;\n}"))
        // The better form is code, the worse only comments: the snippet still compiles.
        #expect(code.components(separatedBy: "\nint sign(").count == 2)
    }

    @Test func headingKindsGiveWhyAndWhenQuestions() {
        func first(_ heading: String, alternative: String? = nil) -> String? {
            DesignQuestion.forms(heading: heading, alternative: alternative, showsBoth: false).first
        }
        #expect(first("Don't Use Exceptions for Control Flow") == "Why shouldn't I use exceptions for control flow?")
        #expect(first("Prefer Preincrement") == "Why should I prefer preincrement?")
        #expect(first("``#include <iostream>`` is Forbidden".replacingOccurrences(of: "``", with: "")) == "Why is #include <iostream> forbidden?")
        #expect(first("Locks vs. Atomics") == "When should I choose locks over atomics, and why?")
        #expect(first("Why not use exceptions?") == "Why not use exceptions?")
        #expect(first("3.2.1: The SmallVector class", alternative: "std::vector") == "Why use the SmallVector class instead of std::vector?")
        #expect(first("Using ExitOnError to Simplify Tool Code") == "Why should I use ExitOnError to simplify tool code?")
        #expect(first("How to implement cmpValues?") == "What is the recommended way to implement cmpValues, and why?")
        #expect(first("How to Use ThreadSafeModule") == "What is the recommended way to use ThreadSafeModule, and why?")
        #expect(first("No RTTI") == "Why is there no RTTI?")
        #expect(first("Rationale") == nil)
        #expect(first("Design Philosophy") == nil)
        #expect(first("C++ Annotations Version 12.2.0") == nil)
        // A topic that is an idea, not a construct, is not asked about as something to use.
        #expect(DesignQuestion.forms(heading: "Error Propagation Strategy", alternative: nil, showsBoth: false)
            .allSatisfy { !$0.hasPrefix("When should I use") })
    }

    @Test func aListingWithoutReasoningGivesNoPair() throws {
        let output = Self.pairs("""
            The Widget Class
            ================

            The widget class holds a size and a name.

            .. code-block:: c++

               struct Widget { int size; const char *name; };
            """)
        #expect(output.samples.isEmpty)
        #expect(output.skipped.contains { $0.reason.contains("too little reasoning") })
    }

    @Test func aGenericHeadingAsksAboutTheSectionAbove() throws {
        let output = Self.pairs("""
            Small Buffers Before Heap Allocation
            ====================================

            A buffer inside the object avoids a heap allocation for the common small case,
            which is faster because allocation costs more than the copy.

            Example
            -------

            Otherwise the container falls back to the heap, so large inputs still work:

            .. code-block:: c++

               SmallBuffer<char, 64> name;
               name.append(input);
            """)
        let sample = try #require(output.samples.first)
        let question = sample.prompt.replacingOccurrences(of: "\n// ", with: " ")
        #expect(question.contains("small buffers before heap allocation"))
        #expect(!sample.prompt.contains("Example"))
        let answer = TextbooksSupport.answerLines(sample, .cpp).joined(separator: " ")
        #expect(answer.hasPrefix("A buffer inside the object avoids a heap allocation"))
    }

    @Test func crossReferencesAndPointersElsewhereStayOutOfAnswers() {
        #expect(DesignProse.withoutCrossReference("Use shared ownership sparingly, see :ref:`costs`.") == "Use shared ownership sparingly.")
        #expect(DesignProse.withoutCrossReference("Prefer moves (see Moving Values).") == "Prefer moves.")
        #expect(DesignProse.pointsAway("The example above shows why."))
        #expect(DesignProse.pointsAway("... because the temporary is gone."))
        #expect(DesignProse.isCutLeadIn("It can simply be implemented as:"))
        #expect(DesignProse.isCutLeadIn("Example of use:"))
        #expect(DesignProse.isCutLeadIn("An expression like"))
        #expect(!DesignProse.isCutLeadIn("Prefer references to copies"))
        #expect(DesignProse.pointsAway("In this section a variant is discussed."))
        #expect(DesignProse.pointsAway("As mentioned before (see section 2.3), C++ hides data."))
        #expect(!DesignProse.pointsAway("Data hiding keeps each section's data private."))
        #expect(DesignProse.pointsAway("See the standard for the list of values."))
        #expect(!DesignProse.isCutLeadIn("Prefer a predicate function that uses early exits:"))
        #expect(DesignProse.introducesBetter("It is better to write it like this:"))
        #expect(DesignProse.introducesBetter("Preferred:"))
        #expect(!DesignProse.introducesBetter("Now that we have our parser class, we can use it like this:"))
        #expect(!DesignProse.introducesBetter("A better way exists. The next listing shows the old one."))
        #expect(DesignProse.alternative(in: "DenseMap should be used instead of std::map here.") == "std::map")
        #expect(DesignProse.alternative(in: "Do this instead of writing it out.") == nil)
        #expect(DesignProse.plainQuotes("Use the `queue' container, not ``deque''.") == "Use the queue container, not deque.")
        #expect(DesignProse.plainQuotes("Don't mix it's and isn't.") == "Don't mix it's and isn't.")
    }

    @Test func undeclaredFragmentsAreRecognisedAsCppOnlyWhenTheyAre() {
        #expect(CppFragmentCheck.looksLikeCpp("class Proxy\n{\n    Lines &d_lines;\n  public:\n    operator std::string() const;\n};"))
        #expect(CppFragmentCheck.looksLikeCpp("void render(const std::shared_ptr<const Texture> &texture);"))
        #expect(!CppFragmentCheck.looksLikeCpp("%x = add i32 %a, %b\nret i32 %x"))
        #expect(!CppFragmentCheck.looksLikeCpp("$ cmake -S . -B build\n$ make install;"))
        #expect(!CppFragmentCheck.looksLikeCpp("The output is printed here."))
    }

    @Test func designStyleIsChosenInThePipelineFile() throws {
        let domain = DomainSettings(name: "design", language: .cpp, root: TextbooksSupport.repositoryRoot)
        let stage = try TextbooksStage(section: PipelineConfigFixture.table("[textbooks]\nstyle = \"design\"\n"), domain: domain)
        #expect(stage.settings.style == .design)
        #expect(throws: ConfigError.self) {
            try TextbooksStage(section: PipelineConfigFixture.table("[textbooks]\nstyle = \"essay\"\n"), domain: domain)
        }
    }

    /// The bundled design guide end to end through the stage: every pair asks why or when,
    /// carries no reST markup, and has the pair shape.
    @Test func bundledDesignGuide() throws {
        let root = TextbooksSupport.repositoryRoot
        let domain = DomainSettings(name: "design", language: .cpp, root: root)
        let section = try PipelineConfigFixture.table("""
            [textbooks]
            sources = ["corpora/books-design"]
            style = "design"
            max_answer_lines = 12
            answer_width = 72
            """)
        let stage = try TextbooksStage(section: section, domain: domain)
        let context = StageContext(domain: domain, explicitPaths: nil, outputRoot: root.appendingPathComponent("out"))
        let inputs = try stage.inputs(context)
        #expect(inputs.map(\.id) == ["corpora/books-design/resource-handling.rst"])
        var samples = [Sample]()
        for input in inputs { samples += try stage.process(input, context).samples }
        #expect(samples.count >= 5)
        for sample in samples {
            let question = sample.prompt.lowercased()
            #expect(question.contains("why") || question.contains("when"), "\(sample.prompt)")
            #expect(TextbooksSupport.hasPairShape(sample, .cpp, width: 60), "\(sample.completion)")
            let answer = TextbooksSupport.answerLines(sample, .cpp).joined(separator: " ")
            for markup in ["``", ":ref:", ":cpp:", ".. ", "`_", "**"] {
                #expect(!answer.contains(markup) && !sample.prompt.contains(markup), "\(markup) in \(sample.completion)")
            }
        }
        #expect(samples.contains { TextbooksSupport.code($0, .cpp).contains("// Avoid:") })
    }
}
