import Foundation
import Testing
@testable import CurateKit

/// A pipeline whose source folder does not exist is refused with the key and the path, by
/// loading (so `curate run`) and by `curate validate`, instead of giving an empty run.
@Suite struct SourcesHardeningTests {
    let project = TemporaryFolder()

    func parse(_ text: String) throws -> PipelineConfig {
        try PipelineConfig.parse(text, file: "pipelines/cpp.toml", root: project.url)
    }

    @Test func missingTextbooksFolderNamesKeyLineAndPath() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try parse("domain = \"cpp\"\n\n[textbooks]\nsources = [\"corpora/books/cpp\"]\n")
        }
        let text = "\(error!)"
        #expect(text.hasPrefix("pipelines/cpp.toml:4: key 'textbooks.sources': 'corpora/books/cpp': no such file or folder"), "\(text)")
        #expect(text.hasSuffix(project.url.appendingPathComponent("corpora/books/cpp").path), "\(text)")
    }

    @Test func onlyTheFolderBeforeTheFirstWildcardMustExist() throws {
        try FileManager.default.createDirectory(at: project.url.appendingPathComponent("books/empty"), withIntermediateDirectories: true)
        // The folder exists but holds no books yet: accepted, the run has nothing to do.
        _ = try parse("domain = \"cpp\"\n[textbooks]\nsources = [\"books/**/*.html\", \"books/empty\"]\n")
        let error = #expect(throws: ConfigError.self) {
            _ = try parse("domain = \"cpp\"\n[textbooks]\nsources = [\"books/empty\", \"bokos/*/x.html\"]\n")
        }
        #expect("\(error!)".contains("'bokos/*/x.html': no such file or folder \(project.url.appendingPathComponent("bokos").path)"))
    }

    @Test func missingTraceCasesFolderIsRefused() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try PipelineConfig.parse("domain = \"debug\"\n[traces]\ncases = [\"corpora/tracez/*\"]\n", file: "pipelines/debug.toml", root: project.url)
        }
        #expect("\(error!)".hasPrefix("pipelines/debug.toml:3: key 'traces.cases': 'corpora/tracez/*': no such file or folder"))
    }

    @Test func validateAndRunSayWhichFolderIsMissing() throws {
        try project.write("domain = \"cpp\"\nlanguage = \"cpp\"\n\n[textbooks]\nsources = [\"corpora/books/gone\"]\n", to: "pipelines/cpp.toml")
        let validated = try CurateBinary.run(["validate"], in: project.url)
        #expect(validated.status == 1)
        #expect(validated.stdout.contains("pipelines/cpp.toml:5: key 'textbooks.sources': 'corpora/books/gone': no such file or folder"),
                "\(validated.stdout)")
        let run = try CurateBinary.run(["run", "--domain", "cpp", "--stage", "textbooks", "--out", project.url.appendingPathComponent("out").path],
                                       in: project.url)
        #expect(run.status != 0)
        #expect(run.stderr.contains("key 'textbooks.sources'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("out/cpp/textbooks").path))
    }
}
