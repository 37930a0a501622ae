import ArgumentParser
import CurateKit
import Foundation

/// `curate report`: writes the HTML report of an output folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report (inline SVG plots) of what the pipeline made."
    )

    @Option(name: .long, help: "Output folder holding catalog.sqlite.")
    var out: String = "out"

    @Option(name: .long, help: "Where to write the report (default: <out>/report.html).")
    var file: String?

    func run() throws {
        let root = URL(fileURLWithPath: out)
        let catalogURL = root.appendingPathComponent("catalog.sqlite")
        guard FileManager.default.fileExists(atPath: catalogURL.path) else {
            throw ValidationError("no catalog at \(catalogURL.path): run `make` or a stage first")
        }
        let html = try HTMLReport.build(outputRoot: root, catalog: try Catalog(url: catalogURL)) {
            FileHandle.standardError.write(Data("\($0)\n".utf8))
        }
        let target = URL(fileURLWithPath: file ?? root.appendingPathComponent("report.html").path)
        try AtomicFile.write(Data(html.utf8), to: target)
        print("wrote \(target.path)")
    }
}
