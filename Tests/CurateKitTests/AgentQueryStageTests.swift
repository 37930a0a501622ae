import Foundation
import Testing
@testable import CurateKit

/// The agentquery stage on the bundled C++ tree (corpora/sources/tally), with ctags and clang.
@Suite struct AgentQueryStageTests {
    static let root = TextbooksSupport.repositoryRoot
    static let tree = root.appendingPathComponent("corpora/sources/tally")

    static func run(_ toml: String = "[agentquery]\nsources = [\"corpora/sources/tally\"]") throws -> (samples: [Sample], folder: TemporaryFolder) {
        let folder = try TemporaryFolder()
        let config = try PipelineConfig.parse("domain = \"cpp\"\nlanguage = \"cpp\"\n" + toml, file: "cpp.toml", root: root)
        let stage = try #require(config.stages.first { $0.name == "agentquery" }).stage
        try runStageForTests(stage, domain: config.domain, outputRoot: folder.url)
        let samples = try samplesForTests(in: folder.url.appendingPathComponent("cpp/agentquery"))
        return (samples, folder)
    }

    @Test func bundledTreeGivesQueryAndAnswerPairs() throws {
        let (samples, _) = try Self.run()
        let queries = samples.filter { $0.source.locator.hasSuffix("#query") }
        let answers = samples.filter { $0.source.locator.hasSuffix("#answer") }
        #expect(queries.count >= 6)
        #expect(queries.count == answers.count)
        for sample in samples {
            #expect(sample.kind == .agentQuery)
            #expect(sample.prompt.hasPrefix("// TASK: "))
        }
        for query in queries {
            #expect(query.completion.hasPrefix("/* REASONING:"))
            let call = try #require(AgentQueryCall(query.completion))
            #expect(call.kind == (query.source.locator.hasSuffix("#build-query") ? "build" : "definition"))
            let answer = try #require(answers.first { $0.prompt.hasPrefix(query.prompt + "\n" + query.completion + "\n") })
            #expect(answer.completion.hasPrefix("/* ANSWER:"))
        }
    }

    @Test func buildQueriesAnswerFromTheCMakeStandard() throws {
        let (samples, _) = try Self.run()
        let answers = samples.filter { $0.source.locator.hasSuffix("#build-answer") }
        let features = Set(answers.compactMap { $0.lineage.first?.detail?["feature"] })
        #expect(features == ["string_view", "structured_bindings", "make_unique"])
        // The bundled tree sets C++17: every feature asked about is available.
        #expect(answers.allSatisfy { $0.completion.hasPrefix("/* ANSWER:\nYes. The build compiles as C++17") })

        let leveldbStyle = """
            cmake_minimum_required(VERSION 3.9)
            project(kv VERSION 1.0 LANGUAGES C CXX)

            # C++ standard can be overridden when this is used as a sub-project.
            if(NOT CMAKE_CXX_STANDARD)
              # This project requires C++11.
              set(CMAKE_CXX_STANDARD 11)
              set(CMAKE_CXX_STANDARD_REQUIRED ON)
              set(CMAKE_CXX_EXTENSIONS OFF)
            endif(NOT CMAKE_CXX_STANDARD)
            """
        let build = try #require(BuildStandard.find(in: leveldbStyle))
        #expect(build.standard == 11 && build.isDefault && build.firstLine == 5 && build.lastLine == 10)
        let function = CtagsTag(name: "Lookup", path: "kv.cc", line: 1, end: 6, kind: "function", scope: "kv", scopeKind: "namespace")
        let text = "int Lookup(const std::string& key) {\n  int sum = 0;\n  for (char c : key) sum += c;\n  sum *= 3;\n  return sum;\n}"
        let change = try #require(FeatureChange.find(in: CxxText.code(text)))
        #expect(change == FeatureChange(feature: .stringView, subject: "key"))
        let exchange = BuildExchange(function: function, functionText: text, change: change, build: build)
        #expect(exchange.followUpCompletion.hasPrefix("/* ANSWER:\nNo. The build compiles as C++11 unless"))
        #expect(exchange.followUpPrompt.contains("// CMakeLists.txt:5-10\n" + build.text + "\n" + QueryExchange.resultClose))
        #expect(BuildStandard.find(in: "set(CMAKE_CXX_STANDARD 14)\nif(WIN32)\nset(CMAKE_CXX_STANDARD 17)\nendif()") == nil)
    }

    @Test func fileQueriesNameTheOneProjectInclude() throws {
        let (samples, _) = try Self.run()
        let queries = samples.filter { $0.source.locator.hasSuffix("#file-query") }
        #expect(queries.map(\.source.locator) == ["src/summary.cc:8-16#file-query"])
        let query = try #require(queries.first)
        #expect(AgentQueryCall(query.completion).map { [$0.kind, $0.argument] } == ["file", "tally/format.h"])
        let answer = try #require(samples.first { $0.source.locator == "src/summary.cc:8-16#file-answer" })
        #expect(answer.completion.contains("declares FormatSeconds at line 13"))
        #expect(answer.completion.contains("declares FormatRate at line 10"))
        // format.cc includes only its own header: nothing to ask there.
        #expect(!samples.contains { $0.source.locator.hasPrefix("src/format.cc") && $0.source.locator.contains("file-") })
    }

    /// Never ask for what is already in view: checked on every query sample.
    @Test func noQueryNamesADefinitionInItsPrompt() throws {
        let (samples, _) = try Self.run()
        for query in samples where query.source.locator.hasSuffix("query") {
            let call = try #require(AgentQueryCall(query.completion))
            let plain = String(call.argument.split(separator: ":").last ?? "")
            #expect(!QueryCutter.defines(plain, in: query.prompt), "\(query.source.locator) asks for \(call.argument)")
        }
    }

    /// The fetched definition in the follow-up prompt is the other file's text, byte for byte.
    @Test func followUpDefinitionIsByteEqualToTheSource() throws {
        let (samples, _) = try Self.run()
        let answers = samples.filter { $0.source.locator.hasSuffix("answer") }
        #expect(answers.contains { $0.source.locator.hasSuffix("#file-answer") })
        #expect(answers.contains { $0.source.locator.hasSuffix("#build-answer") })
        for answer in answers {
            let details = try #require(answer.lineage.first?.detail)
            let detail = try #require(details["definition"] ?? details["build"] ?? details["file"])
            let parts = detail.split(separator: ":")
            let path = String(parts[0])
            let start = try #require(Int(parts[1]))
            let prompt = answer.prompt
            let open = try #require(prompt.range(of: "\n// \(path):\(start)-"))
            let afterLocation = prompt[open.upperBound...]
            let end = try #require(Int(afterLocation.prefix { $0.isNumber }))
            let body = afterLocation.drop { $0 != "\n" }.dropFirst()
            let close = try #require(body.range(of: "\n" + QueryExchange.resultClose, options: .backwards))
            let shown = Data(body[..<close.lowerBound].utf8)
            let file = try String(contentsOf: Self.tree.appendingPathComponent(path), encoding: .utf8)
            let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
            let expected = Data(lines[(start - 1)..<end].joined(separator: "\n").utf8)
            #expect(shown == expected, "\(answer.source.locator)")
            let fileBytes = try Data(contentsOf: Self.tree.appendingPathComponent(path))
            #expect(fileBytes.range(of: shown) != nil)
        }
    }

    @Test func clangConfirmsTheBundledTypes() throws {
        let (samples, _) = try Self.run()
        let verdicts = samples.compactMap { $0.lineage.first?.detail?["clang"] }
        #expect(!verdicts.isEmpty)
        #expect(verdicts.allSatisfy { $0 == "confirmed" }, "\(verdicts)")
    }
}

/// The cutter's decisions on small trees written here: what is and is not a reason to ask.
@Suite struct QueryCutterTests {
    /// A tree of `files` (path → text) indexed by ctags, and the types its candidates query.
    static func queried(_ files: [String: String]) throws -> [String] {
        let folder = try TemporaryFolder()
        for (path, text) in files {
            let url = folder.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let index = try CtagsIndex.build(root: folder.url)
        let cache = FileCache(root: folder.url)
        return QueryCutter(functionLines: 3...40).candidates(index: index, files: cache.text).found.map(\.typeName)
    }

    static let widget = """
        #pragma once
        namespace shop {
        struct Widget {
            int size = 0;
            int Size() const { return size; }
            void Grow(int by) { size += by; }
        };
        }  // namespace shop
        """

    @Test func aTypeDefinedInTheSameFileIsNotQueried() throws {
        let types = try Self.queried(["local.cc": """
            struct Local {
                int count = 0;
                void Bump() { ++count; }
            };

            int Twice(Local& local) {
                local.Bump();
                local.Bump();
                return local.count;
            }
            """])
        #expect(types.isEmpty)
        // The bundled tree's WindowSum lives in window.cc beside the functions that use it.
        let (samples, _) = try AgentQueryStageTests.run()
        #expect(!samples.contains { $0.completion.contains("\"WindowSum\"") })
    }

    /// gtest's `TEST(Suite, Name) { … }` is a macro call ctags reads as a function named TEST;
    /// a question about "the function TEST" makes no sense, while real functions with
    /// upper-case names and constructors of upper-case classes stay.
    @Test func macroInvocationsWithABodyAreNoFunctions() throws {
        let folder = try TemporaryFolder()
        let use = """
            #include "widget.h"
            TEST(WidgetTest, Grows) {
                shop::Widget w;
                w.Grow(2);
                w.Grow(3);
            }
            TEST_F(WidgetFixture, Shrinks) {
                shop::Widget w;
                w.Grow(-1);
                w.Grow(-1);
            }
            int CLAMP(shop::Widget& w) {
                w.Grow(1);
                return w.Size();
            }
            struct RGB {
                int r, g, b;
                RGB(int v) : r(v), g(v), b(v) {
                    r += 1;
                }
            };
            """
        for (path, text) in ["widget.h": Self.widget, "use.cc": use] {
            try text.write(to: folder.url.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        let index = try CtagsIndex.build(root: folder.url)
        #expect(index.tags.contains { $0.name == "TEST" && $0.kind == "function" }, "ctags reads the macro call as a function")
        let names = Set(index.functions(lines: 1...40).map(\.name))
        #expect(!names.contains("TEST") && !names.contains("TEST_F"), "\(names)")
        #expect(names.contains("CLAMP") && names.contains("RGB"), "\(names)")
        let cache = FileCache(root: folder.url)
        let found = QueryCutter(functionLines: 3...40).candidates(index: index, files: cache.text).found
        #expect(found.map(\.function.name) == ["CLAMP"])
    }

    @Test func aTypeNamedOnlyInACommentIsNotAReason() throws {
        let types = try Self.queried(["widget.h": Self.widget, "use.cc": """
            #include "widget.h"
            // Like shop::Widget w; w.Size() would, but on a plain count.
            int Doubled(int count) {
                /* Widget& w = ...; w.Grow(count); */
                const char* text = "w.Size()";
                (void)text;
                return count * 2;
            }
            """])
        #expect(types.isEmpty)
    }

    @Test func aTypeUsedWithoutItsMembersIsNotQueried() throws {
        let types = try Self.queried(["widget.h": Self.widget, "use.cc": """
            #include "widget.h"
            void Keep(shop::Widget& w);
            void KeepTwice(shop::Widget& w) {
                Keep(w);
                Keep(w);
                Keep(w);
            }
            """])
        #expect(types.isEmpty)
    }

    @Test func templatesNestedNamespacesAndMacrosAreFollowed() throws {
        let types = try Self.queried([
            "widget.h": Self.widget,
            "box.h": """
                #pragma once
                #define NO_COPY(T) T(const T&) = delete; T& operator=(const T&) = delete
                namespace shop::inner {
                template <typename Item>
                class Box {
                public:
                    Box() = default;
                    NO_COPY(Box);
                    void Put(Item item) { item_ = item; full_ = true; }
                    bool Full() const { return full_; }
                private:
                    Item item_{};
                    bool full_ = false;
                };
                }  // namespace shop::inner
                """,
            "use.cc": """
                #include "box.h"
                #include "widget.h"
                namespace shop {
                bool Pack(inner::Box<int>& box, Widget& widget) {
                    if (box.Full()) return false;
                    box.Put(widget.Size());
                    widget.Grow(1);
                    return true;
                }
                }  // namespace shop
                """,
        ])
        #expect(types == ["inner::Box"])
    }

    @Test func plainTypeReadsDeclarations() {
        #expect(QueryCutter.plainType("const storage::Ring &")?.plain == "Ring")
        #expect(QueryCutter.plainType("const storage::Ring &")?.isConst == true)
        #expect(QueryCutter.plainType("Histogram<double> *")?.written == "Histogram")
        #expect(QueryCutter.plainType("std::vector<int> &") == nil)
        #expect(QueryCutter.plainType("auto &") == nil)
    }
}
