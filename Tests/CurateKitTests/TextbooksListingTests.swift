import Foundation
import Testing
@testable import CurateKit

/// What makes a pair worth training on: questions specific to their listing and never
/// repeated in a book, answers that stand on their own without overload numbering or
/// references to absent material, and listings checked against the domain's language
/// (assembly, synopses refused; undeclared shell commands and transcripts recognised).
@Suite struct TextbooksListingTests {
    typealias Support = TextbooksSupport

    /// The three forms every question used to take.
    static let oldTemplates = [#"What does .* do and how is it used\?"#, #"What do .* do and how are they used\?"#,
                               #"Explain .* and show it in code\."#]

    static func question(_ sample: Sample) -> String {
        sample.prompt.split(separator: "\n").map { line in
            line.replacingOccurrences(of: "// QUESTION: ", with: "").replacingOccurrences(of: "# QUESTION: ", with: "")
                .replacingOccurrences(of: "// ", with: "").replacingOccurrences(of: "# ", with: "")
        }.joined(separator: " ")
    }

    static func write(_ text: String, named name: String) throws -> URL {
        let url = try Support.scratchFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Checks every answer stands on its own and carries no numbering or dangling reference.
    static func expectCleanAnswers(_ samples: [Sample], _ language: CodeLanguage) {
        for sample in samples {
            let answer = Support.answerLines(sample, language)
            let text = answer.joined(separator: " ")
            #expect(!answer.isEmpty)
            if let first = answer.first {
                #expect(!AnswerProse.needsContext(first), "answer leans on the question: \(first)")
            }
            #expect(text.firstMatch(of: #/(^|\s)\(?\d+(,\d+)*\)\s/#) == nil, "overload numbering: \(text)")
            #expect(!text.contains("Same as ("), "\(text)")
            #expect(!text.lowercased().contains("the following"), "\(text)")
            #expect(!text.contains("New in version"), "\(text)")
        }
    }

    // MARK: reference pages

    static let referencePage = """
        <!DOCTYPE html>
        <html><head><title>std::widen, std::narrow - reference</title><link rel="license" href="https://example.org/l"></head>
        <body><div id="content"><h1>std::widen, std::narrow</h1>
        <p>1) Widens the character c to the wide character type of the stream. 3) Narrows the character c to char.</p>
        <p>2,4) Same as (1,3), but uses the locale loc.</p>
        <p>The following syntax is accepted in a call.</p>
        <h3>Example</h3>
        <div class="cpp source-cpp"><pre>#include &lt;iostream&gt;
        int main()
        {
            std::cout &lt;&lt; std::widen('a') &lt;&lt; '\\n';
        }</pre></div>
        <p>Output:</p>
        <div class="text source-text"><pre>a</pre></div>
        <div class="cpp source-cpp"><pre>#include &lt;iostream&gt;
        int main()
        {
            std::cout &lt;&lt; std::narrow(L'b', '?') &lt;&lt; '\\n';
        }</pre></div>
        <p>Possible output:</p>
        <div class="text source-text"><pre>b</pre></div>
        <p>A compiler turns a comparison that is always true into the following code:</p>
        <div class="cpp source-cpp"><pre>always_true(int):
                movl    $1, %eax
                ret</pre></div>
        </div></body></html>
        """

    @Test func referencePageGivesSpecificQuestionsAndCleanAnswers() throws {
        let url = try Self.write(Self.referencePage, named: "widen.html")
        let output = try Support.run(url)
        #expect(output.samples.count == 2)
        let questions = output.samples.map(Self.question)
        #expect(Set(questions).count == 2, "\(questions)")
        for question in questions {
            for template in Self.oldTemplates {
                #expect(question.firstMatch(of: try Regex(template)) == nil, "\(question)")
            }
            #expect(question.contains("std::widen") || question.contains("std::narrow") || question.contains("widen"), "\(question)")
        }
        Self.expectCleanAnswers(output.samples, .cpp)
        let answer = Support.answerLines(output.samples[0], .cpp).joined(separator: " ")
        #expect(answer.hasPrefix("Widens the character c"))
        #expect(Support.code(output.samples[0], .cpp).hasSuffix("}\n\n// Output:\n// a"))
        #expect(Support.code(output.samples[1], .cpp).hasSuffix("}\n\n// Possible output:\n// b"))
        #expect(output.skipped.contains { $0.reason == "listing is assembly (compiler output), not cpp" })
        #expect(!output.skipped.contains { $0.reason.contains("is text") }, "output blocks belong to their listing")
    }

    /// A member function's page: its listing uses the class too, but the class is where the
    /// subject lives, not a companion to name beside it.
    @Test func aMemberPageDoesNotNameItsOwnClassAsACompanion() throws {
        let page = """
            <!DOCTYPE html>
            <html><head><title>std::list::reverse - reference</title><link rel="license" href="https://example.org/l"></head>
            <body><div id="content"><h1>std::list::reverse</h1>
            <p>Reverses the order of the elements in the container. No references or iterators become invalidated.</p>
            <h3>Example</h3>
            <div class="cpp source-cpp"><pre>#include &lt;iostream&gt;
            #include &lt;list&gt;
            #include &lt;string&gt;
            int main()
            {
                std::list&lt;int&gt; values{1, 2, 3};
                values.reverse();
                std::string label = "reversed:";
                std::cout &lt;&lt; label;
                for (int v : values) std::cout &lt;&lt; ' ' &lt;&lt; v;
                std::cout &lt;&lt; '\\n';
            }</pre></div>
            </div></body></html>
            """
        #expect(PairBuilder.enclosingScopes("std::chrono::time_point<C>::max") == ["std", "std::chrono", "std::chrono::time_point"])
        #expect(PairBuilder.enclosingScopes("printf").isEmpty)
        var seen = [String]()
        for seed in 0..<12 {
            // Several listings give several question forms; none names std::list beside its member.
            let variant = page.replacingOccurrences(of: "values{1, 2, 3}", with: "values{1, 2, \(seed + 3)}")
            let output = try Support.run(try Self.write(variant, named: "reverse\(seed).html"))
            let question = try #require(output.samples.first.map(Self.question))
            seen.append(question)
            #expect(question.contains("std::list::reverse") || question.contains("reverse"), "\(question)")
            #expect(question.replacingOccurrences(of: "std::list::reverse", with: "").contains("std::list") == false, "\(question)")
        }
        #expect(seen.contains { $0.contains("std::string") || $0.contains("std::cout") }, "companions are still named: \(seen)")
    }

    // MARK: CMake

    static let cmakePage = """
        <!DOCTYPE html>
        <html><head><title>string</title><meta name="license" content="test text"></head>
        <body><section><h1>string</h1>
        <p>String operations.</p>
        <section><h2>3.2 Appending</h2>
        <div class="highlight-cmake notranslate"><div class="highlight"><pre>string(APPEND &lt;string-var&gt; [&lt;input&gt;...])</pre></div></div>
        <p>New in version 3.4.</p>
        <p>Appends all the input arguments to the string.</p>
        <p>For example, the following code appends a suffix to a name:</p>
        <div class="highlight-cmake notranslate"><div class="highlight"><pre>set(name "lib")
        string(APPEND name "_static")</pre></div></div>
        <p>Several inputs are appended in order:</p>
        <div class="highlight-cmake notranslate"><div class="highlight"><pre>string(APPEND flags " -Wall" " -Wextra")
        message(STATUS "${flags}")</pre></div></div>
        <p>A plain block may hold real calls too:</p>
        <div class="highlight-none notranslate"><div class="highlight"><pre>string(TOUPPER "${name}" upper_name)</pre></div></div>
        <p>The results are:</p>
        <div class="highlight-none notranslate"><div class="highlight"><pre>name  - the library name
        flags - the compiler flags</pre></div></div>
        <div class="highlight-cmake notranslate"><div class="highlight"><pre>mark_as_advanced([CLEAR|FORCE] VAR1 VAR2)</pre></div></div>
        </section></section></body></html>
        """

    @Test func cmakeSynopsisIsRefusedAndExamplesKept() throws {
        let url = try Self.write(Self.cmakePage, named: "string.html")
        let output = try Support.run(url, language: .cmake)
        let codes = output.samples.map { Support.code($0, .cmake) }
        #expect(codes == ["set(name \"lib\")\nstring(APPEND name \"_static\")",
                          "string(APPEND flags \" -Wall\" \" -Wextra\")\nmessage(STATUS \"${flags}\")",
                          "string(TOUPPER \"${name}\" upper_name)"])
        let synopsis = output.skipped.filter { $0.reason == "listing is a command synopsis or elided example (<placeholder>, ..., [A|B]), not runnable cmake code" }
        #expect(synopsis.count == 2)
        #expect(output.skipped.contains { $0.reason == "listing is text, not cmake" })
        let questions = output.samples.map(Self.question)
        #expect(Set(questions).count == questions.count)
        #expect(questions.allSatisfy { !$0.contains("3.2") && !$0.contains("New in version") }, "\(questions)")
        // The subsection "Appending" is on the `string` page: its listings are about string().
        #expect(questions.filter { $0.contains("string()") || $0.contains("`string(") }.count == 3, "\(questions)")
        Self.expectCleanAnswers(output.samples, .cmake)
        // The lead-in "the following code appends …" refers to the listing and stays, reworded.
        #expect(Support.answerLines(output.samples[0], .cmake).joined(separator: " ").contains("the code appends a suffix"))
    }

    // MARK: shell

    static let shellManual = """
        <!DOCTYPE html>
        <html><head><title>Shell manual</title><meta name="license" content="test text"></head>
        <body><h1>Shell manual</h1>
        <h3>3.2.5.2 Conditional Constructs</h3>
        <pre class="example">cd [-L|-P] [directory]</pre>
        <p>Change the current directory to directory.</p>
        <pre class="example">(( expression ))</pre>
        <p>The arithmetic expression is evaluated.</p>
        <h3>6.3.2 Is this Shell Interactive?</h3>
        <pre class="example">case "$-" in
        *i*) echo interactive ;;
        *) echo not interactive ;;
        esac</pre>
        <p>The special parameter - holds the flag i in an interactive shell.</p>
        <h3>3.3 Shell Functions</h3>
        <p>Shell functions group commands under a name. A function runs in the current shell.</p>
        <pre class="example">greet()
        {
            local who=$1
            echo "hello, $who"
        }

        greet world</pre>
        <p>A here-document feeds lines to a command's input:</p>
        <pre class="example">cat &lt;&lt;EOF
        Dear reader,
        this text is data.
        EOF</pre>
        <p>Expansions show their result at the prompt:</p>
        <pre class="example">$ v=123
        $ echo ${v-unset}
        123</pre>
        <pre class="example">In greet, who = world</pre>
        </body></html>
        """

    @Test func shellManualListingsAreRecognisedOrRefusedWithReasons() throws {
        let url = try Self.write(Self.shellManual, named: "manual.html")
        let output = try Support.run(url, language: .shell)
        let codes = output.samples.map { Support.code($0, .shell) }
        #expect(codes.count == 4, "\(codes)")
        #expect(output.samples.first?.prompt == "# QUESTION: Is this shell interactive?") // as asked, numbering gone
        #expect(codes.dropFirst().first?.hasPrefix("greet()\n{") == true)
        #expect(codes.contains("cat <<EOF\nDear reader,\nthis text is data.\nEOF"))
        #expect(codes.contains("v=123\necho ${v-unset}\n# 123"))
        let reasons = output.skipped.map(\.reason)
        #expect(reasons.filter { $0.hasPrefix("listing is a usage synopsis") }.count == 2)
        #expect(reasons.contains("listing's language not recognised")) // the sentence printed by the function
        let questions = output.samples.map(Self.question)
        #expect(Set(questions).count == questions.count)
        #expect(questions.allSatisfy { !$0.contains("3.3") && !$0.contains("3.2") && !$0.contains("6.3") }, "\(questions)")
        Self.expectCleanAnswers(output.samples, .shell)
        #expect(output.samples.allSatisfy { Support.hasPairShape($0, .shell) })
    }

    /// Between two listings, the first paragraph comments on the listing before and the
    /// last leads in to the next: each answer takes its own.
    @Test func proseBetweenListingsIsSharedOutByPlace() throws {
        let page = """
            <html><head><title>Patterns</title></head><body><h1>Patterns</h1>
            <p>Quoting a pattern makes it literal:</p>
            <pre class="example">[[ $name =~ "a.b" ]]</pre>
            <p>The quoted dot matches only a dot in the value.</p>
            <p>Unquoted, a bracket expression matches one of its characters:</p>
            <pre class="example">[[ $name =~ a[.]b ]]</pre>
            </body></html>
            """
        let output = try Support.run(try Self.write(page, named: "patterns.html"), language: .shell)
        #expect(output.samples.count == 2)
        let first = Support.answerLines(output.samples[0], .shell).joined(separator: " ")
        let second = Support.answerLines(output.samples[1], .shell).joined(separator: " ")
        #expect(first.contains("The quoted dot matches only a dot"))
        #expect(!second.contains("The quoted dot"))
        #expect(second.hasPrefix("Unquoted, a bracket expression matches one of its characters."))
    }

    // MARK: scripts

    static let script = #"""
        #! /bin/bash
        # arrays.bash --- small helpers for indexed arrays
        # Copyright 2026 Test Authors; public domain.

        #:docstring apush:
        # Usage: apush arrayname val1 {val2 {...}}
        #
        # Appends the values to the end of the array as new elements.
        #:end docstring:
        apush()
        {
            eval "$1=(\"\${$1[@]}\" \"\${@:2}\")"
        }

        helper()
        {
            echo "no comment above"
        }

        # Prints how many elements the named array holds.
        function alen
        {
            eval "echo \${#$1[@]}"
        }
        """#

    /// A commented script in a shell source folder gives one pair per commented function;
    /// a function without a comment is skipped with a reason.
    @Test func scriptFunctionsBecomePairs() throws {
        let folder = try Support.scratchFolder()
        try Data(Self.script.utf8).write(to: folder.appendingPathComponent("arrays"))
        try Data("plain notes, not a script\n".utf8).write(to: folder.appendingPathComponent("README"))
        let stage = try Support.stage(.shell)
        let context = Support.context(language: .shell, root: folder, explicit: [folder])
        let inputs = try stage.inputs(context)
        #expect(inputs.map { $0.url.lastPathComponent } == ["arrays"])
        #expect(try Support.stage(.cpp).inputs(Support.context(language: .cpp, root: folder, explicit: [folder])).isEmpty)
        let output = try stage.process(try #require(inputs.first), context)
        #expect(output.samples.count == 2)
        #expect(output.samples.allSatisfy { Support.hasPairShape($0, .shell) })
        let first = try #require(output.samples.first)
        // The question asks for the function its comment describes (the header is not that comment).
        #expect(Self.question(first).contains("`apush`"), "\(first.prompt)")
        #expect(Self.question(first).contains("that appends the values to the end of the array as new elements"), "\(first.prompt)")
        #expect(Support.code(first, .shell).hasPrefix("apush()\n{"))
        #expect(Support.answerLines(first, .shell).joined(separator: " ").contains("Appends the values"))
        #expect(!Support.answerLines(first, .shell).joined(separator: " ").contains("Copyright"))
        #expect(first.source.licence == "Public domain (script header)" && first.source.locator == "line 10")
        #expect(Support.code(output.samples[1], .shell).hasPrefix("function alen\n{"))
        #expect(output.skipped.contains { $0.reason == "section has no prose to answer from" && $0.locator == "line 15" })
    }

    /// Functions with no comment above them: one that opens its body with a comment is
    /// described by it, the one the file is named after by the file's opening comment; a usage
    /// message inside a function (`echo "usage: seq [low] high"`) does not make it a synopsis.
    @Test func uncommentedScriptFunctionsTakeTheirBodyOrFileComment() throws {
        let folder = try Support.scratchFolder()
        let script = #"""
            #! /bin/bash
            # Generate a sequence from m to n, m defaults to 1.

            counter=0

            seq ()
            {
            	declare -i lo hi i
            	case $# in
            	1) seq 1 "$1" ; return $? ;;
            	*) echo seq: usage: seq [low] high 1>&2 ; return 2 ;;
            	esac
            }

            step()
            {
            	# Adds one to the shared counter and prints it.
            	counter=$((counter + 1))
            	echo "$counter"
            }

            bare()
            {
            	# COMPREPLY=( $( compgen -u -- "$cur" ) )
            	echo "nothing says what this does"
            }
            """#
        try Data(script.utf8).write(to: folder.appendingPathComponent("seq"))
        let stage = try Support.stage(.shell)
        let context = Support.context(language: .shell, root: folder, explicit: [folder])
        let output = try stage.process(try #require(try stage.inputs(context).first), context)
        #expect(output.samples.count == 2, "\(output.skipped)")
        let answers = output.samples.map { Support.answerLines($0, .shell).joined(separator: " ") }
        #expect(answers.first?.contains("Generate a sequence from m to n") == true, "\(answers)")
        #expect(Support.code(output.samples[0], .shell).hasPrefix("seq ()\n{"))
        #expect(answers.last?.contains("Adds one to the shared counter") == true, "\(answers)")
        #expect(Self.question(output.samples[1]).contains("`step`"))
        #expect(output.skipped.contains { $0.reason == "section has no prose to answer from" })
        #expect(!output.skipped.contains { $0.reason.contains("synopsis") })
    }

    /// A variable page opens with its definition; the sentence that explains the listing (the
    /// last `project()` call wins) comes later in the lead-in. With room for only part of the
    /// prose, the answer keeps the sentence about the listing over the rest of the definition,
    /// and never opens on "This variable …" without the sentence it leans on.
    @Test func answersKeepTheSentencesAboutTheListing() throws {
        let page = """
            <!DOCTYPE html>
            <html><head><title>CMAKE_PROJECT_NAME</title></head>
            <body><section><h1>CMAKE_PROJECT_NAME</h1>
            <p>The name of the top level project, as the build knows it for the rest of the configure step.</p>
            <p>This variable holds the name of the project as specified in the top level CMakeLists.txt file by the command that names
            projects, which is the first command of almost every project. It is set once per directory scope and read by many modules.
            When the top level file calls project() several times, the most recent call decides the name it holds. For example,
            consider the following file:</p>
            <div class="highlight-cmake notranslate"><div class="highlight"><pre>cmake_minimum_required(VERSION 3.0)
            project(First)
            project(Second)
            add_subdirectory(sub)</pre></div></div>
            </section></body></html>
            """
        let url = try Self.write(page, named: "CMAKE_PROJECT_NAME.html")
        let output = try Support.run(url, language: .cmake)
        let sample = try #require(output.samples.first, "\(output.skipped)")
        let answer = Support.answerLines(sample, .cmake).joined(separator: " ")
        #expect(answer.contains("the most recent call decides the name"), "\(answer)")
        #expect(answer.hasPrefix("The name of the top level project"), "\(answer)")
        #expect(!answer.contains("This variable holds"), "\(answer)")
        Self.expectCleanAnswers(output.samples, .cmake)
    }

    /// A manual runs a sentence through one-line listings ("the command [ls > f 2>&1] directs
    /// both …, while the command [ls 2>&1 > f] directs only …"): each answer is its own
    /// sentence rejoined around its line, not the section's definition.
    @Test func aSentenceRunThroughOneLinersAnswersEach() throws {
        let page = """
            <html><head><title>Redirections</title></head><body><h2>3.6 Redirections</h2>
            <p>Before a command is executed, its input and output may be redirected using a special notation interpreted by the shell.</p>
            <p>Note that the order of redirections is significant.  For example, the command</p>
            <pre class="example">ls &gt; dirlist 2&gt;&amp;1</pre>
            <p>directs both standard output and standard error to the file dirlist, while the command</p>
            <pre class="example">ls 2&gt;&amp;1 &gt; dirlist</pre>
            <p>directs only the standard output to file dirlist, because the standard error was made a copy of the standard output
            before the standard output was redirected to dirlist.</p>
            </body></html>
            """
        let output = try Support.run(try Self.write(page, named: "redirections.html"), language: .shell)
        #expect(output.samples.count == 2, "\(output.skipped)")
        let answers = output.samples.map { Support.answerLines($0, .shell).joined(separator: " ") }
        #expect(answers.first?.hasPrefix("For example, the command `ls > dirlist 2>&1` directs both standard output and standard error to the file dirlist.") == true, "\(answers)")
        #expect(answers.last?.hasPrefix("While the command `ls 2>&1 > dirlist` directs only the standard output to file dirlist, because") == true, "\(answers)")
        #expect(!answers.joined().contains("For example, the command."), "\(answers)")
        Self.expectCleanAnswers(output.samples, .shell)
    }

    // MARK: no repeats

    /// Many listings of the same subject in one section: each gets its own question, or is
    /// skipped with a reason once every form was used; none is asked twice.
    @Test(arguments: [1, 4, 12, 30])
    func noQuestionIsAskedTwiceInABook(_ listings: Int) throws {
        let blocks = (0..<listings).map { index in
            "<p>Variant \(index) shows one more call.</p><pre class=\"language-cpp\">#include &lt;algorithm&gt;\nint main() { int v[] = {\(index), 2}; std::sort(v, v + 2); }</pre>"
        }
        let page = """
            <html><head><title>std::sort</title></head><body><h1>std::sort</h1>
            <p>Sorts the elements in the range [first, last) in non-descending order.</p>
            <h3>Example</h3>\(blocks.joined(separator: "\n"))</body></html>
            """
        let output = try Support.run(try Self.write(page, named: "sort.html"))
        let prompts = output.samples.map(\.prompt)
        #expect(Set(prompts).count == prompts.count)
        let repeats = output.skipped.filter { $0.reason == "every question for this listing was already asked in the book" }
        #expect(output.samples.count + repeats.count == listings)
        #expect(output.samples.count >= min(listings, 8))
    }

    /// Pages that share a description (cppreference's `erase` of every container) still ask
    /// different questions: every form names the page's subject.
    @Test func pagesSharingADescriptionAskDifferentQuestions() {
        let writer = QuestionWriter(language: .cpp)
        func forms(_ subject: String) -> Set<String> {
            Set(writer.forms(QuestionMaterial(subject: subject, topic: "erase", task: "remove specified elements from the container",
                                              others: "std::cout", otherNames: ["std::cout"], showsOutput: true)))
        }
        let list = forms("std::list::erase"), map = forms("std::unordered_multimap::erase")
        #expect(list.count >= 10)
        #expect(list.isDisjoint(with: map), "\(list.intersection(map))")
    }

    @Test func topicVerbAgreesInNumber() {
        let writer = QuestionWriter(language: .cpp)
        func how(_ topic: String) -> String? { writer.forms(QuestionMaterial(topic: topic)).first { $0.hasPrefix("How ") } }
        #expect(how("global replacements") == "How are global replacements written in C++? Show an example.")
        #expect(how("bit field") == "How is bit field written in C++? Show an example.")
        let several = writer.forms(QuestionMaterial(subject: "std::begin and std::cbegin", topic: "", others: "std::cout",
                                                    otherNames: ["std::cout"], warns: true))
        for wrong in [" does std::begin and std::cbegin", " is std::begin and std::cbegin", "cbegin combines "] {
            #expect(!several.contains { $0.contains(wrong) }, "\(wrong)")
        }
        #expect(several.contains("When are std::begin and std::cbegin the right tools? Show them in use."))
        for singular in ["class", "alias", "status", "move semantics", "analysis"] {
            #expect(!QuestionWriter.isPlural(singular), "\(singular)")
        }
        for plural in ["classes", "class-specific overloads", "lambdas"] {
            #expect(QuestionWriter.isPlural(plural), "\(plural)")
        }
    }

    /// The bundled books: no question repeats within a book, no question carries a section
    /// number, every answer stands on its own.
    @Test(arguments: [CodeLanguage.cpp, .cmake, .shell])
    func bundledBooksAskEachQuestionOnce(_ language: CodeLanguage) throws {
        let folder = Support.repositoryRoot.appendingPathComponent("corpora/books/\(language.rawValue)")
        let stage = try Support.stage(language)
        let context = Support.context(language: language)
        let inputs = try stage.inputs(StageContext(domain: context.domain, explicitPaths: [folder], outputRoot: context.outputRoot))
        for input in inputs {
            let output = try stage.process(input, context)
            let prompts = output.samples.map(\.prompt)
            #expect(Set(prompts).count == prompts.count, "\(input.id) repeats a question")
            #expect(prompts.allSatisfy { $0.firstMatch(of: #/\b\d+\.\d+(\.\d+)*\s/#) == nil })
            Self.expectCleanAnswers(output.samples, language)
        }
    }

    // MARK: pieces

    /// A folder linked in from elsewhere is searched; a link back up does not loop.
    @Test func bookFoldersFollowLinksOnce() throws {
        let root = try Support.scratchFolder()
        let real = root.appendingPathComponent("base/manual")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try Data("<html><body><p>x</p></body></html>".utf8).write(to: real.appendingPathComponent("a.html"))
        let docs = root.appendingPathComponent("doc")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: docs.appendingPathComponent("manual"), withDestinationURL: real)
        try FileManager.default.createSymbolicLink(at: real.appendingPathComponent("up"), withDestinationURL: root)
        let found = SourceGlob.books(under: docs).map { $0.path.replacingOccurrences(of: root.path, with: "") }
        #expect(found == ["/doc/manual/a.html"]) // the cycle back to the root finds nothing new
    }

    @Test func headingsLoseNumberingVersionNotesAndMarks() {
        #expect(HeadingText.clean("3.2.5.2 Conditional Constructs") == "Conditional Constructs")
        #expect(HeadingText.clean("New in version 3.19. Deferring Calls") == "Deferring Calls")
        #expect(HeadingText.clean("alignof operator (since C++11)") == "alignof operator")
        #expect(HeadingText.clean("Bit field (explanation)") == "Bit field")
        #expect(HeadingText.clean("Appendix B. Major Differences") == "Major Differences")
        #expect(HeadingText.clean("std::vector") == "std::vector")
        #expect(HeadingText.clean("std::duration::operator++, std::duration::operator--") == "std::duration::operator++, std::duration::operator--")
        #expect(HeadingText.clean("Getting started —") == "Getting started")
        #expect(HeadingText.topic("Try Compiling Source Files") == "try compiling source files")
        #expect(HeadingText.topic("Using CMake Presets") == "using CMake presets")
        #expect(HeadingText.topic("Moving things") == "moving things")
        #expect(HeadingText.clean("Step 10: Selecting Static or Shared Libraries") == "Selecting Static or Shared Libraries")
        #expect(HeadingText.topic("A sample find module") == "a sample find module")
        #expect(HeadingText.topic("Cross Compiling for iOS, tvOS, or watchOS") == "cross compiling for iOS, tvOS, or watchOS")
        #expect(HeadingText.topic("A") == "A")
        #expect(HeadingText.isFurniture("Inherited from std::ctype_base"))
    }

    /// A sentence too long for the answer is cut where a clause ends, never mid-clause.
    @Test func aLongSentenceIsCutAtAClause() {
        let builder = PairBuilder(settings: PairSettings(), domain: "cpp", language: .cpp, uri: "x")
        let clauses = (1...12).map { "the clause number \($0) says something of its own" }
        let sentence = "First " + clauses.joined(separator: ", ") + "."
        let cut = builder.leadingClause(sentence, lines: 4)
        #expect(cut?.hasSuffix("something of its own.") == true, "\(cut ?? "nil")")
        #expect(cut.map { sentence.hasPrefix(String($0.dropLast())) } == true)
        #expect(cut.map { ProseText.wrap($0, width: PairSettings().answerWidth).count <= 4 } == true)
        #expect(builder.leadingClause("One clause without any boundary that runs on and on and on and on and on and on.", lines: 1) == nil)
    }

    @Test func answerSentencesAreCleaned() {
        #expect(AnswerProse.clean("1) Checks if p holds for all elements.") == "Checks if p holds for all elements.")
        #expect(AnswerProse.clean("2,4) Same as (1,3), but uses comp.") == nil)
        #expect(AnswerProse.clean("Mandatory : NO") == nil)
        #expect(AnswerProse.clean("Default : FALSE.") == nil)
        #expect(AnswerProse.clean("Usage: apush arrayname val1 {val2 {...}}") == "Usage: apush arrayname val1 {val2 {...}}.")
        #expect(AnswerProse.clean("Computes the arc tangent of arg 4) A set of overloads.") == "Computes the arc tangent of arg.")
        #expect(AnswerProse.clean("A set of overloads for integers. Equivalent to 2) (the argument is cast).") == nil)
        #expect(AnswerProse.clean("The alignment is always a power of 2) here.") != nil)
        #expect(AnswerProse.clean("New in version 3.19.") == nil)
        #expect(AnswerProse.clean("A second example shows the error case.") == nil)
        #expect(AnswerProse.clean("The following syntax is accepted.") == nil)
        #expect(AnswerProse.clean("The following example installs foo:", introducesListing: true) == "The example installs foo.")
        #expect(AnswerProse.clean("For example:", introducesListing: true) == nil)
        #expect(AnswerProse.clean("The directory might be read like so:", introducesListing: true) == nil)
        #expect(AnswerProse.clean("Example 3, change the default package types.") == "Change the default package types.")
        #expect(AnswerProse.clean("std::weak_ptr holds a non-owning reference.") == "std::weak_ptr holds a non-owning reference.")
        #expect(AnswerProse.clean("If rep_ is a member holding the ticks,") == nil)
        #expect(AnswerProse.needsContext("It returns the value."))
        #expect(!AnswerProse.needsContext("Iterators return the value."))
        #expect(AnswerProse.needsContext("Next, we execute the command."))
        #expect(AnswerProse.clean("A separate project consuming the package would contain:", introducesListing: true) == nil)
        #expect(AnswerProse.clean("Passing a non-const reference to any library function, or") == nil)
        #expect(AnswerProse.clean("Shows what the exit status of processes are.") != nil)
        #expect(AnswerProse.clean("b) if way is cur, newoff is the current position.") == "if way is cur, newoff is the current position.")
        #expect(!AnswerProse.needsContext("Next steps are listed in the guide."))
        #expect(!AnswerProse.startsLikeASentence("is also accepted; the subscript is ignored."))
        #expect(AnswerProse.startsLikeASentence("std::move casts to an xvalue."))
    }

    @Test func listingChecks() {
        #expect(ListingCheck.isAssembly("f(int):\n        mov     eax, 42\n        ret"))
        #expect(!ListingCheck.isAssembly("int f(int x) {\n    return x + 1;\n}"))
        #expect(ListingCheck.isElidedCpp("int main()\n{\n  setup();\n  ...\n}"))
        #expect(!ListingCheck.isElidedCpp("template<class... Ts> void f(Ts... ts) { g(ts...); }\ntry { f(); } catch (...) {}"))
        #expect(ListingCheck.isCMakeSynopsis("add_compile_options(<option> ...)"))
        #expect(ListingCheck.isCMakeSynopsis("mark_as_advanced([CLEAR|FORCE] VAR)"))
        #expect(!ListingCheck.isCMakeSynopsis("set(x \"<a>...</a>\") # <comment> ...\nif(a STREQUAL \"b|c\")\nendif()"))
        #expect(!ListingCheck.isCMakeSynopsis("target_include_directories(t PUBLIC $<BUILD_INTERFACE:${dir}/include>)"))
        #expect(!ListingCheck.isCMakeSynopsis("install(CODE [[message(\"[x]\")]])"))
        #expect(ListingCheck.looksLikeCMake("find_package (Python3 COMPONENTS Interpreter)\nadd_executable(t main.c)"))
        #expect(!ListingCheck.looksLikeCMake("VAR - the name of the variable"))
        #expect(ListingCheck.isShellSynopsis("cd [-L|[-P [-e]] [-@] [directory]"))
        #expect(ListingCheck.isShellSynopsis("for name [ [in [words …] ] ; ] do commands; done"))
        #expect(ListingCheck.isShellSynopsis("[n]<<< word"))
        #expect(ListingCheck.isShellSynopsis("declare -a name[subscript]"))
        #expect(!ListingCheck.isShellSynopsis("if [ -f ~/.bashrc ]; then . ~/.bashrc; fi"))
        #expect(!ListingCheck.isShellSynopsis("[[ $line =~ [[:space:]]*(a)?b ]]"))
        #expect(!ListingCheck.isShellSynopsis("echo ${array[i]} \"[n]\""))
        #expect(!ListingCheck.isShellSynopsis("# use the default completion for other arguments\ncomplete -o default -F _f cd"))
        #expect(ListingCheck.isShellSynopsis("test expr"))
        #expect(!ListingCheck.looksLikeShell("break : . continue eval exec exit export readonly return set"))
        #expect(ListingCheck.looksLikeShell("mkdir /usr/local/build\ncd /usr/local/build\nmake"))
        #expect(ListingCheck.looksLikeShell("CC=c89 CFLAGS=-O2 ./configure"))
        #expect(!ListingCheck.looksLikeShell("Copyright 2000 Free Software Foundation, Inc.\nEveryone is permitted to copy"))
        #expect(!ListingCheck.looksLikeShell("alnum   alpha   ascii   blank"))
        #expect(ListingCheck.scriptFromTranscript("bash$ echo a{d,c,b}e\nade ace abe") == "echo a{d,c,b}e\n# ade ace abe")
        #expect(ListingCheck.scriptFromTranscript("echo plain") == nil)
    }

    @Test func tasksComeFromDescriptiveSentences() {
        #expect(QuestionWriter.task(from: "Checks if the predicate holds for all elements.") == "check if the predicate holds for all elements")
        #expect(QuestionWriter.task(from: "Mark cmake cached variables as advanced.") == "mark cmake cached variables as advanced")
        #expect(QuestionWriter.task(from: "Copies the elements.") == "copy the elements")
        #expect(QuestionWriter.task(from: "Functions to help with lists.") == nil)
        let long = "Searches the environment list provided by the host environment, for a string that matches the C string pointed to by env_var."
        #expect(QuestionWriter.task(from: long) == "search the environment list provided by the host environment")
    }
}
