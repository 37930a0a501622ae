import Foundation
import Testing
@testable import CurateKit

@Suite struct PipelineConfigTests {
    let root = URL(fileURLWithPath: "/project")

    func parse(_ text: String) throws -> PipelineConfig {
        try PipelineConfig.parse(text, file: "pipelines/cpp.toml", root: root, url: URL(fileURLWithPath: "/project/pipelines/cpp.toml"))
    }

    @Test func readsTopLevelAndRunner() throws {
        let config = try parse("""
            domain = "cpp"
            language = "cpp"
            description = "C++ engineering"
            [runner]
            parts = 3
            """)
        #expect(config.domain.name == "cpp")
        #expect(config.domain.language == .cpp)
        #expect(config.parts == 3)
    }

    @Test func unknownKeyNamesFileKeyAndLine() {
        let error = #expect(throws: ConfigError.self) {
            _ = try parse("""
                domain = "cpp"
                [runner]
                parts = 3
                partz = 4
                """)
        }
        #expect(error == .unknownKey(file: "pipelines/cpp.toml", key: "runner.partz", line: 4))
        #expect("\(error!)".hasPrefix("pipelines/cpp.toml:4: unknown key 'runner.partz'"))
    }

    @Test func unknownSectionIsAnUnknownKey() {
        let error = #expect(throws: ConfigError.self) {
            _ = try parse("domain = \"cpp\"\n\n[no_such_stage]\nx = 1\n")
        }
        #expect(error == .unknownKey(file: "pipelines/cpp.toml", key: "no_such_stage", line: nil))
    }

    @Test func wrongTypeNamesExpectedType() {
        let error = #expect(throws: ConfigError.self) {
            _ = try parse("domain = \"cpp\"\n[runner]\nparts = \"many\"\n")
        }
        #expect(error == .wrongType(file: "pipelines/cpp.toml", key: "runner.parts", line: 3, expected: "an integer", found: "string"))
    }

    @Test func outOfRangeAndBadLanguage() {
        #expect(throws: ConfigError.outOfRange(file: "pipelines/cpp.toml", key: "runner.parts", line: 3, expected: "1...100000")) {
            _ = try parse("domain = \"cpp\"\n[runner]\nparts = 0\n")
        }
        let error = #expect(throws: ConfigError.self) { _ = try parse("domain = \"cpp\"\nlanguage = \"cobol\"\n") }
        #expect("\(error!)".contains("pipelines/cpp.toml:2"))
    }

    /// TOML's `nan` and `inf` are numbers; before this check `timeout = inf` passed as a
    /// positive timeout.
    @Test(arguments: ["nan", "inf", "-inf", "+nan"])
    func nonFiniteNumbersAreRefusedWithTheKey(_ literal: String) throws {
        let table = try ConfigTable.parse("domain = \"cpp\"\n[rewrite]\ntimeout = \(literal)\n", file: "pipelines/cpp.toml")
        let error = #expect(throws: ConfigError.self) { _ = try table.table("rewrite").double("timeout", default: 120) }
        guard case let .wrongType(file, key, line, expected, _) = error else {
            Issue.record("expected a wrong-type error, got \(String(describing: error))")
            return
        }
        #expect(file == "pipelines/cpp.toml" && key == "rewrite.timeout" && line == 3 && expected == "a finite number")
        #expect(try table.table("rewrite").double("other", default: 2.5) == 2.5)
    }

    @Test func syntaxErrorHasLineAndColumn() {
        let error = #expect(throws: ConfigError.self) { _ = try parse("domain = \"cpp\"\n[runner\nparts = 1\n") }
        guard case let .syntax(file, line, _, _) = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(file == "pipelines/cpp.toml")
        #expect(line == 2)
    }

    /// TOMLKit's parser aborts the process on such a header; it must be a syntax error instead.
    @Test func aHeaderKeyNoKeyCanStartWithIsASyntaxError() {
        for (text, line, column) in [("[?]\n", 1, 2), ("domain = \"cpp\"\n\n  [[ `x]]\n", 3, 6), ("\u{FEFF}[\u{e9}t\u{e9}]\n", 1, 2)] {
            let error = #expect(throws: ConfigError.self) { _ = try parse(text) }
            #expect(error == .syntax(file: "pipelines/cpp.toml", line: line, column: column,
                                     reason: "a table header's key must start with a letter, digit, '_', '-' or a quote"))
        }
        // A '[' inside a value, a string or a comment is no header.
        let values = "domain = \"cpp\"\nx = [\n  [+1, -2],\n  [{a = 1}],\n]\ns = \"\"\"\n[?]\\\"\"\"\"\nt = '''\n[?]'''\n# [?]\n[runner]\n"
        #expect(TOMLAbortCheck.abortingSpot(in: values) == nil)
        #expect(TOMLAbortCheck.abortingSpot(in: values + "[ 'quoted key' ]\n[\"a\".b]\n[[c]]\n") == nil)
        #expect(TOMLAbortCheck.abortingSpot(in: values + "[ ?]").map { ($0.line, $0.column) } ?? (0, 0) == (12, 3))
    }

    /// toml++ also aborts on a '}' where an array expects a value (found by fuzzing); each
    /// spelling is a syntax error at the brace, and the same text with ']' parses or fails as usual.
    @Test func aBraceWhereAnArrayWantsAValueIsASyntaxError() throws {
        for (text, line, column) in [("x = [}", 1, 6), ("x = [1,}", 1, 8), ("x = [ # c\n  }", 2, 3), ("x = [[}]]", 1, 7),
                                     ("x = {a = [}]}", 1, 11), ("x = [{}, }", 1, 10), ("x = [1\n,}", 2, 2), ("[t]\nx = [\t}", 2, 7)] {
            let error = #expect(throws: ConfigError.self, "\(text.debugDescription)") { _ = try parse("domain = \"cpp\"\n" + text + "\n") }
            #expect(error == .syntax(file: "pipelines/cpp.toml", line: line + 1, column: column,
                                     reason: "'}' where the array expects a value or ']'"), "\(text.debugDescription)")
        }
        for fine in ["x = [1 }", "x = {a = 1}", "x = [{a = 1}, {b = 2}]", "x = [\n  1,\n]", "x = [\"}\", '}']"] {
            #expect(TOMLAbortCheck.abortingSpot(in: fine) == nil, "\(fine.debugDescription)")
        }
        let kept = try ConfigTable.parse("x = [{a = 1}, {b = 2}]\n", file: "f.toml")
        #expect(kept.contains("x"))
    }

    @Test func domainMustMatchFileName() {
        let error = #expect(throws: ConfigError.self) { _ = try parse("domain = \"cmake\"\n") }
        #expect("\(error!)".contains("cpp.toml"))
    }

    @Test func everyBundledPipelineLoads() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configs = try PipelineConfig.loadAll(in: repo.appendingPathComponent("pipelines"), root: repo)
        let names = Set(configs.map(\.domain.name))
        #expect(names.isSuperset(of: ["cpp", "cmake", "shell", "debug"]))
    }
}
