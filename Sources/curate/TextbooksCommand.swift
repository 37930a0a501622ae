import ArgumentParser
import CurateKit
import Foundation

/// `curate textbooks FILE|DIR… --domain D`: the textbooks stage on books given on the command
/// line, without editing a pipeline file; writes the same parts and catalog under `--out`.
struct TextbooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textbooks",
        abstract: "Turn books (HTML, XHTML, DocBook, EPUB) into QUESTION/ANSWER code pairs."
    )

    @Argument(help: "Book files, or folders searched for .html, .htm, .xhtml, .xml, .dbk and .epub files.")
    var paths: [String]

    @Option(name: .long, help: "Domain whose pipeline settings and code language apply (cpp, cmake, shell, ...).")
    var domain: String

    @OptionGroup var options: RunOptionsGroup

    func run() throws {
        try AdHocStageRun.run(stage: TextbooksStage.name, paths: paths, domain: domain, options: options)
    }
}
