import Foundation
import Testing
@testable import CurateKit

/// The pair builder: the exact shapes of FORMATS.md section 1, how questions and answers are
/// formed, what is skipped and why, and the bundled books end to end.
@Suite struct TextbooksPairTests {
    typealias Support = TextbooksSupport

    @Test func referencePageGivesOneApiQuestionWithTheExample() throws {
        let output = try Support.run(Support.fixtures.appendingPathComponent("reference-page.html"))
        #expect(output.samples.count == 1)
        let sample = try #require(output.samples.first)
        // The question names the page's subject; its form depends on the listing.
        #expect(sample.prompt.hasPrefix("// QUESTION: ") && sample.prompt.contains("ring::push"))
        #expect(!sample.prompt.contains("do and how is it used"))
        #expect(sample.completion.hasPrefix("""
            /* ANSWER:
            Stores value after the newest element of the
            ring.
            """))
        // "1) The value is copied" loses its overload number.
        #expect(Support.answerLines(sample, .cpp).contains("The value is copied into the slot."))
        #expect(Support.code(sample, .cpp).hasPrefix("#include <array>\n\nint main()"))
        // The Output block follows the code as comments instead of being skipped as text.
        #expect(Support.code(sample, .cpp).hasSuffix("}\n\n// Output:\n// (nothing)"))
        #expect(Support.hasPairShape(sample, .cpp))
        #expect(sample.source == SampleSource(uri: "reference-page.html", locator: "/html/body/div[1]/div[1]/div[3]/h3[3]",
                                              title: "ring::push - reference", licence: "https://example.org/licence"))
        #expect(sample.lineage == [LineageStep(stage: "textbooks", version: TextbooksStage.version)])
        #expect(sample.domain == "cpp" && sample.kind == .qa)
        let reasons = Dictionary(grouping: output.skipped, by: \.reason).mapValues(\.count)
        #expect(reasons["section has no code listing"] == 3) // Parameters, Complexity, See also
        #expect(reasons["listing is text, not cpp"] == nil)  // the Output block went into the pair
    }

    @Test func severalListingsGiveSeveralPairsAndHeadingQuestions() throws {
        let output = try Support.run(Support.fixtures.appendingPathComponent("chapter.xhtml"))
        #expect(output.samples.count == 2)
        #expect(output.samples.allSatisfy { Support.hasPairShape($0, .cpp) })
        let prompt = try #require(output.samples.first?.prompt)
        #expect(prompt.contains("counting loops"))
        #expect(output.samples[0].prompt != output.samples[1].prompt)
        #expect(Support.answerLines(output.samples[0], .cpp).first == "A for loop keeps its counter in one place.")
        // The paragraph between the listings introduces the second, so the first does not take it.
        #expect(!Support.answerLines(output.samples[0], .cpp).contains("The same loop can count down instead."))
        #expect(Support.code(output.samples[1], .cpp).hasPrefix("int count_down(int n) {"))
        // The second listing is answered first by the paragraph that introduces it.
        #expect(Support.answerLines(output.samples[1], .cpp).first == "The same loop can count down instead.")
        #expect(output.skipped.contains(Finding(locator: "/html/body/section[1]/section[2]", reason: "section has no code listing")))
    }

    @Test func docbookQuestionIsKeptAsWrittenInCMakeShape() throws {
        let output = try Support.run(Support.fixtures.appendingPathComponent("guide.xml"), language: .cmake)
        #expect(output.samples.count == 2)
        #expect(output.samples.allSatisfy { Support.hasPairShape($0, .cmake) })
        #expect(output.samples[1].prompt == "# QUESTION: Why list sources explicitly instead of globbing?")
        #expect(output.samples[1].completion == """
            #[[ ANSWER:
            A glob is evaluated only at configure time.
            New files are missed until CMake runs again.
            The snippet calls target_sources().
            ]]
            target_sources(tool PRIVATE extra.cpp)
            """)
        #expect(output.samples[0].source.licence == "Copyright 2026 Test Authors")
    }

    @Test func shellShapeUsesANoOpHereDocument() throws {
        let builder = PairBuilder(settings: PairSettings(), domain: "shell", language: .shell, uri: "x")
        let completion = builder.completion(["Quote every expansion."], code: "echo \"$1\"")
        #expect(completion == ": <<'ANSWER'\nQuote every expansion.\nANSWER\necho \"$1\"")
        #expect(builder.prompt("How do I quote?") == "# QUESTION: How do I quote?")
        #expect(builder.sanitised("ANSWER") != "ANSWER")
    }

    @Test func longQuestionsWrapAndAnswersStayShort() throws {
        var settings = PairSettings()
        settings.maxAnswerLines = 3
        let builder = PairBuilder(settings: settings, domain: "cpp", language: .cpp, uri: "x")
        let prompt = builder.prompt(String(repeating: "word ", count: 40) + "end?")
        let lines = prompt.split(separator: "\n")
        #expect(lines.count > 2)
        #expect(lines[0].hasPrefix("// QUESTION: "))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("// ") && !$0.hasPrefix("// QUESTION") })
        #expect(lines.allSatisfy { $0.count <= 60 })
        let prose = "First statement is here. Second statement is here. Third statement is here. Fourth one is here too."
        let answer = builder.answerLines(ProseText.sentences(prose).map { PairBuilder.Sentence(text: $0) },
                                         facts: ListingFacts(code: "int x = 0;", language: .cpp), subject: nil)
        #expect(answer.count == 3)
        #expect(answer.allSatisfy { $0.count <= settings.answerWidth })
        #expect(builder.sanitised("a */ b") == "a * / b")
    }

    @Test func wholeProgramsKeepsOnlyListingsWithMain() throws {
        let config = try PipelineConfigFixture.table("[textbooks]\nwhole_programs = true\n")
        let stage = try TextbooksStage(section: config, domain: DomainSettings(name: "cpp", language: .cpp, root: Support.repositoryRoot))
        let url = Support.fixtures.appendingPathComponent("chapter.xhtml")
        let output = try stage.process(StageInput(id: "chapter.xhtml", url: url), Support.context(language: .cpp))
        #expect(output.samples.isEmpty)
        #expect(output.skipped.filter { $0.reason == "listing is a fragment without main (whole_programs is set)" }.count == 2)
        let reference = try stage.process(StageInput(id: "r.html", url: Support.fixtures.appendingPathComponent("reference-page.html")),
                                          Support.context(language: .cpp))
        #expect(reference.samples.count == 1)

        var settings = PairSettings()
        settings.wholePrograms = true
        let builder = PairBuilder(settings: settings, domain: "cpp", language: .cpp, uri: "x")
        let illFormed = CodeListing(code: "int main() {\n    int x = 1;\n    int x = 2; // error: redefinition\n}",
                                    declaredLanguage: "cpp", locator: "/pre[1]")
        #expect(builder.refusal(of: illFormed) == "listing shows ill-formed code (// error) (whole_programs is set)")
        #expect(builder.refusal(of: CodeListing(code: "int main() { return 0; }", declaredLanguage: "cpp", locator: "/pre[1]")) == nil)
    }

    @Test func excludeLeavesMatchingInputsOut() throws {
        let config = try PipelineConfigFixture.table("[textbooks]\nexclude = [\"*/malformed.*\"]\n")
        let stage = try TextbooksStage(section: config, domain: DomainSettings(name: "cpp", language: .cpp, root: Support.repositoryRoot))
        let inputs = try stage.inputs(Support.context(language: .cpp, explicit: [Support.fixtures]))
        #expect(inputs.count == 5)
        #expect(!inputs.contains { $0.id.contains("/malformed.") })
        let all = try Support.stage().inputs(Support.context(language: .cpp, explicit: [Support.fixtures]))
        #expect(all.count == 7)
    }

    @Test func questionForms() {
        #expect(PairBuilder.apiNames("std::vector::push_back") == ["std::vector::push_back"])
        #expect(PairBuilder.apiNames("std::begin, std::cbegin") == ["std::begin", "std::cbegin"])
        #expect(PairBuilder.apiNames("Move semantics") == nil)
        #expect(PairBuilder.apiNames("operator new, operator new[]") == ["operator new", "operator new[]"])
        #expect(PairBuilder.apiNames("operator overloading") == nil)
        #expect(PairBuilder.isGeneric("Example"))
        #expect(!PairBuilder.isGeneric("Moving instead of copying"))
        #expect(ProseText.sentences("Use e.g. this one. Then that. done") == ["Use e.g. this one.", "Then that. done"])
        #expect(ProseText.lowercasingFirstWord("Moving things") == "moving things")
        #expect(ProseText.lowercasingFirstWord("CMake presets") == "CMake presets")
    }

    @Test func sameBookGivesIdenticalSamples() throws {
        let url = Support.repositoryRoot.appendingPathComponent("corpora/books/cpp/value-semantics.html")
        let first = try Support.run(url)
        let second = try Support.run(url)
        #expect(first.samples == second.samples)
        #expect(first.skipped == second.skipped)
        #expect(try JSONCoding.lineBytes(first.samples) == JSONCoding.lineBytes(second.samples))
    }

    /// Every bundled book gives pairs, each of the right shape for its domain, with the book's
    /// title and licence; explicit questions and exercises are kept as written.
    @Test(arguments: [CodeLanguage.cpp, .cmake, .shell])
    func bundledBooksGivePairsOfTheRightShape(_ language: CodeLanguage) throws {
        let folder = Support.repositoryRoot.appendingPathComponent("corpora/books/\(language.rawValue)")
        let stage = try Support.stage(language)
        let context = Support.context(language: language)
        let inputs = try stage.inputs(StageContext(domain: context.domain, explicitPaths: [folder], outputRoot: context.outputRoot))
        #expect(inputs.count >= 2)
        var prompts = [String]()
        for input in inputs {
            let output = try stage.process(input, context)
            #expect(output.rejections.isEmpty, "\(input.id): \(output.rejections)")
            #expect(output.samples.count >= 3, "\(input.id) gave \(output.samples.count) pairs")
            #expect(output.skipped.contains { $0.reason == "section has no code listing" }, "\(input.id) has no prose-only section")
            for sample in output.samples {
                #expect(Support.hasPairShape(sample, language), "\(input.id): \(sample.prompt)\n\(sample.completion)")
                #expect(sample.source.title != nil && sample.source.licence != nil)
                #expect(sample.source.uri == input.id)
            }
            prompts += output.samples.map(\.prompt)
        }
        #expect(prompts.contains { $0.contains("?") && !$0.contains("Explain") }, "no explicit question kept")
    }
}
